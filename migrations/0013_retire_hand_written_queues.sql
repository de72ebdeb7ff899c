DROP TABLE `search_outbox`;--> statement-breakpoint
DROP INDEX `notifications_email`;--> statement-breakpoint
ALTER TABLE `notifications` DROP COLUMN `email_next_at`;--> statement-breakpoint
ALTER TABLE `attachments` DROP COLUMN `work_attempts`;