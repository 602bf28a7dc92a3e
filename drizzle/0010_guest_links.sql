CREATE TABLE `meeting_reminder_opt_outs` (
	`user_id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `meeting_invitations` ADD `link_hash` text;--> statement-breakpoint
ALTER TABLE `meeting_invitations` ADD `link_used_at` integer;--> statement-breakpoint
ALTER TABLE `meeting_invitations` ADD `reminded_for` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_invitations_link_hash_unique` ON `meeting_invitations` (`link_hash`);