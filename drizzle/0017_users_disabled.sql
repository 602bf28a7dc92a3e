ALTER TABLE `users` ADD `disabled_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `former_author_organisation` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `former_author_organisation` text;