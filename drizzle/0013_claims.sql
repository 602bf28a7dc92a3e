CREATE TABLE `claim_approvers` (
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`granted_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `user_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `claim_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`number` integer NOT NULL,
	`claim_count` integer NOT NULL,
	`total_pence` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_batches_number_unique` ON `claim_batches` (`workspace_id`,`number`);--> statement-breakpoint
CREATE TABLE `claim_events` (
	`id` text PRIMARY KEY NOT NULL,
	`claim_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`text` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `claim_events_claim_idx` ON `claim_events` (`claim_id`,`at`);--> statement-breakpoint
CREATE TABLE `claim_expenses` (
	`id` text PRIMARY KEY NOT NULL,
	`claim_id` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`amount_pence` integer NOT NULL,
	`tenths_of_mile` integer,
	`receipt_name` text,
	`receipt_type` text,
	`receipt` blob,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `claim_expenses_claim_idx` ON `claim_expenses` (`claim_id`);--> statement-breakpoint
CREATE TABLE `claim_overdue_notices` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `claims` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`kind` text NOT NULL,
	`invitation_id` text,
	`claimant_id` text,
	`organisation_id` text,
	`name` text NOT NULL,
	`policy_id` text NOT NULL,
	`level_key` text,
	`level_name` text DEFAULT '' NOT NULL,
	`minutes` integer NOT NULL,
	`staff` integer DEFAULT 1 NOT NULL,
	`lines` text NOT NULL,
	`due_pence` integer NOT NULL,
	`claimed_pence` integer NOT NULL,
	`declined` integer DEFAULT false NOT NULL,
	`expenses_pence` integer DEFAULT 0 NOT NULL,
	`expenses_by_category` text DEFAULT '{}' NOT NULL,
	`total_pence` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`question` text,
	`rejected_reason` text,
	`notice_seen_at` integer,
	`first_submitted_at` integer,
	`submitted_at` integer,
	`approved_by` text,
	`approved_by_name` text,
	`approved_at` integer,
	`paid_on` text,
	`payment_reference` text,
	`paid_by` text,
	`batch_id` text,
	`erased_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `meeting_invitations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`claimant_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`policy_id`) REFERENCES `payment_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`paid_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`batch_id`) REFERENCES `claim_batches`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `claims_ws_idx` ON `claims` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `claims_claimant_idx` ON `claims` (`claimant_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `claims_individual_unique` ON `claims` (`meeting_id`,`invitation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `claims_organisation_unique` ON `claims` (`meeting_id`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `payment_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`terms` text NOT NULL,
	`retention_years` integer DEFAULT 6 NOT NULL,
	`decision_id` text,
	`document_version_id` text,
	`note` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`document_version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `payment_policies_ws_idx` ON `payment_policies` (`workspace_id`,`effective_from`);--> statement-breakpoint
ALTER TABLE `meeting_attendance` ADD `level` text;