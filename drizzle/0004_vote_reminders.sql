CREATE TABLE `vote_reminders` (
	`vote_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`last_sent_at` integer NOT NULL,
	`last_sent_by` text,
	`recipients` integer NOT NULL,
	`times` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`vote_id`, `organisation_id`),
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`last_sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
