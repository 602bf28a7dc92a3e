CREATE TABLE `governance_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`actor_name` text,
	`subject_id` text NOT NULL,
	`summary` text NOT NULL,
	`concerns_votes` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `governance_ws_idx` ON `governance_changes` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TRIGGER `governance_changes_no_update` BEFORE UPDATE ON `governance_changes`
BEGIN
	SELECT RAISE(ABORT, 'the governance history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `governance_changes_no_delete` BEFORE DELETE ON `governance_changes`
WHEN EXISTS (SELECT 1 FROM `workspaces` WHERE `id` = OLD.`workspace_id`)
BEGIN
	SELECT RAISE(ABORT, 'the governance history is append-only');
END;
