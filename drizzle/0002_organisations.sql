ALTER TABLE `organisation_members` ADD `added_by` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `organisations` ADD `origin_workspace_id` text REFERENCES workspaces(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `organisations` ADD `merged_into_id` text;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `sector` text DEFAULT 'vcse' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `size_band` text DEFAULT 'small' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `confirmed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `recorded_by` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `recorded_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `dismissed_sector` text;--> statement-breakpoint
ALTER TABLE `workspace_partners` ADD `dismissed_size_band` text;--> statement-breakpoint
CREATE INDEX `ws_partners_org_idx` ON `workspace_partners` (`organisation_id`);--> statement-breakpoint
-- data
-- Each workspace's record of its partners starts as a copy of the organisation's own details, marked as
-- copied on upgrade (not confirmed) until a facilitator confirms it. Votes already open keep the electorate
-- frozen at their opening.
UPDATE `workspace_partners` SET
	`sector` = (SELECT o.`sector` FROM `organisations` o WHERE o.`id` = `workspace_partners`.`organisation_id`),
	`size_band` = (SELECT o.`size_band` FROM `organisations` o WHERE o.`id` = `workspace_partners`.`organisation_id`),
	`confirmed` = 0,
	`recorded_by` = NULL,
	`recorded_at` = `created_at`;--> statement-breakpoint
UPDATE `workspace_partners` SET `grassroots` = 0, `by_and_for` = 0 WHERE `sector` = 'statutory';--> statement-breakpoint
-- A consultation respondent's organisation came from that consultation's workspace.
UPDATE `organisations` SET `origin_workspace_id` = (
	SELECT c.`workspace_id` FROM `consultation_guests` g
	JOIN `consultations` c ON c.`id` = g.`consultation_id`
	WHERE g.`organisation_id` = `organisations`.`id`
	ORDER BY g.`created_at` LIMIT 1
) WHERE `verified` = 0;
