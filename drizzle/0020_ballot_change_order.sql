ALTER TABLE `ballot_changes` ADD `seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The changes recorded before keep the order they were written in.
UPDATE `ballot_changes` SET `seq` = `rowid`;
