CREATE TABLE `attachment_downloads_daily` (
	`attachment_id` integer NOT NULL,
	`day` text NOT NULL,
	`downloads` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`attachment_id`, `day`),
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attachment_downloads_daily_day` ON `attachment_downloads_daily` (`day`,`downloads`);--> statement-breakpoint
CREATE TABLE `practice_views_daily` (
	`practice_id` integer NOT NULL,
	`day` text NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`practice_id`, `day`),
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `practice_views_daily_day` ON `practice_views_daily` (`day`,`views`);--> statement-breakpoint
CREATE INDEX `practice_versions_public` ON `practice_versions` (`practice_id`,`organization_id`,`published_at`) WHERE state = 'published';