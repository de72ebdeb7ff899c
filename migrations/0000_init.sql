CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`short_name` text,
	`search_text` text NOT NULL,
	`type` text NOT NULL,
	`municipality` text NOT NULL,
	`inn` text,
	`merged_into_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_name_key_municipality` ON `organizations` (`name_key`,`municipality`);--> statement-breakpoint
CREATE INDEX `organizations_municipality` ON `organizations` (`municipality`);--> statement-breakpoint
CREATE TABLE `practice_authors` (
	`version_id` integer NOT NULL,
	`position` integer NOT NULL,
	`full_name` text NOT NULL,
	`job_title` text NOT NULL,
	`user_id` integer,
	PRIMARY KEY(`version_id`, `position`),
	FOREIGN KEY (`version_id`) REFERENCES `practice_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `practice_authors_user` ON `practice_authors` (`user_id`);--> statement-breakpoint
CREATE TABLE `practice_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`version_no` integer,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`comment` text,
	`details` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `practice_history_practice` ON `practice_history` (`practice_id`,`id`);--> statement-breakpoint
CREATE TABLE `practice_terms` (
	`version_id` integer NOT NULL,
	`vocabulary` text NOT NULL,
	`code` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`version_id`, `vocabulary`, `code`),
	FOREIGN KEY (`version_id`) REFERENCES `practice_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `practice_terms_code` ON `practice_terms` (`vocabulary`,`code`);--> statement-breakpoint
CREATE TABLE `practice_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`version_no` integer NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`relevance` text DEFAULT '' NOT NULL,
	`goals` text DEFAULT '' NOT NULL,
	`content` text DEFAULT '' NOT NULL,
	`results` text DEFAULT '' NOT NULL,
	`replication` text DEFAULT '' NOT NULL,
	`keywords` text DEFAULT '[]' NOT NULL,
	`organization_id` integer,
	`started_year` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`submitted_at` text,
	`published_at` text,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `practice_versions_practice_version` ON `practice_versions` (`practice_id`,`version_no`);--> statement-breakpoint
CREATE INDEX `practice_versions_state` ON `practice_versions` (`state`);--> statement-breakpoint
CREATE TABLE `practices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` integer,
	`registry_number` text,
	`published_version_id` integer,
	`latest_version_id` integer,
	`withdrawn_at` text,
	`withdrawn_reason` text,
	`view_count` integer DEFAULT 0 NOT NULL,
	`import_key` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `practices_registry_number_unique` ON `practices` (`registry_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `practices_import_key_unique` ON `practices` (`import_key`);--> statement-breakpoint
CREATE INDEX `practices_created_by` ON `practices` (`created_by`);--> statement-breakpoint
CREATE TABLE `registry_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`expires_at` text NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`granted_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`user_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`full_name` text NOT NULL,
	`position` text,
	`organization_id` integer,
	`must_change_password` integer DEFAULT false NOT NULL,
	`disabled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `vocabulary_terms` (
	`vocabulary` text NOT NULL,
	`code` text NOT NULL,
	`label` text NOT NULL,
	`synonyms` text DEFAULT '[]' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`vocabulary`, `code`)
);
