CREATE TABLE `platform_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform_id` integer NOT NULL,
	`kind` text NOT NULL,
	`year` integer,
	`name` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`mime` text NOT NULL,
	`ext` text NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `platform_files_platform` ON `platform_files` (`platform_id`,`kind`,`year`);--> statement-breakpoint
CREATE INDEX `platform_files_sha` ON `platform_files` (`sha256`);--> statement-breakpoint
CREATE TABLE `platform_practices` (
	`platform_id` integer NOT NULL,
	`practice_id` integer NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`platform_id`, `practice_id`),
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `platform_practices_practice` ON `platform_practices` (`practice_id`);--> statement-breakpoint
CREATE TABLE `platforms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`theme` text NOT NULL,
	`theme_key` text NOT NULL,
	`level` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`year_from` integer NOT NULL,
	`year_to` integer,
	`order_number` text NOT NULL,
	`order_date` text NOT NULL,
	`order_issuer` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platforms_identity` ON `platforms` (`organization_id`,`theme_key`,`year_from`);--> statement-breakpoint
CREATE INDEX `platforms_level_status` ON `platforms` (`level`,`status`);