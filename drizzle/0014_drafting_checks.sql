CREATE TABLE `check_dismissals` (
	`document_id` text NOT NULL,
	`key` text NOT NULL,
	`check_id` text NOT NULL,
	`reason` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`document_id`, `key`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `check_dismissals_doc_idx` ON `check_dismissals` (`document_id`);--> statement-breakpoint
CREATE TABLE `check_settings` (
	`workspace_id` text NOT NULL,
	`check_id` text NOT NULL,
	`off` integer DEFAULT false NOT NULL,
	`reason` text,
	`value` real,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `check_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `document_versions` ADD `checks` text;