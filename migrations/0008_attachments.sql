CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`sha256` text,
	`size` integer DEFAULT 0 NOT NULL,
	`mime` text,
	`ext` text,
	`url` text,
	`provider` text,
	`text_status` text DEFAULT 'none' NOT NULL,
	`text` text,
	`text_error` text,
	`preview_sha` text,
	`preview_status` text DEFAULT 'none' NOT NULL,
	`downloads` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `practice_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_version` ON `attachments` (`version_id`);--> statement-breakpoint
CREATE INDEX `attachments_sha` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE INDEX `attachments_pending` ON `attachments` (`text_status`,`preview_status`);