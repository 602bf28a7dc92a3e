CREATE TABLE `consultation_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_closes_at` integer NOT NULL,
	`to_closes_at` integer NOT NULL,
	`reason` text NOT NULL,
	`by_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `consultation_changes_c_idx` ON `consultation_changes` (`consultation_id`,`at`);--> statement-breakpoint
ALTER TABLE `consultation_guests` ADD `confirm_hash` text;--> statement-breakpoint
ALTER TABLE `consultation_guests` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `consultation_guests` ADD `details_deleted_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `consultation_guests_confirm` ON `consultation_guests` (`confirm_hash`);