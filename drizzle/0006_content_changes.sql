ALTER TABLE `documents` ADD `content_changed_at` integer;--> statement-breakpoint
ALTER TABLE `documents` ADD `content_changed_by` text;--> statement-breakpoint
ALTER TABLE `collab_updates` ADD `changes_content` integer DEFAULT true NOT NULL;