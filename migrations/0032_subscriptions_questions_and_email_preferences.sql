CREATE TABLE `notification_preferences` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`email` integer NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `practice_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`asker_user_id` integer,
	`asker_name` text NOT NULL,
	`asker_email` text NOT NULL,
	`sender_key` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`answer` text,
	`answered_at` text,
	`answered_by` integer,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `practice_questions_practice` ON `practice_questions` (`practice_id`,`id`);--> statement-breakpoint
CREATE INDEX `practice_questions_sender` ON `practice_questions` (`sender_key`,`created_at`);--> statement-breakpoint
CREATE TABLE `search_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`query` text NOT NULL,
	`query_key` text NOT NULL,
	`created_at` text NOT NULL,
	`confirmed_at` text,
	`digested_until` text,
	`cancelled_at` text
);
--> statement-breakpoint
CREATE INDEX `search_subscriptions_email` ON `search_subscriptions` (`email`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `search_subscriptions_live` ON `search_subscriptions` (`email`,`query_key`) WHERE cancelled_at IS NULL;--> statement-breakpoint
CREATE TABLE `subscription_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`subscription_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` text,
	`ip` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `search_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_tokens_subscription` ON `subscription_tokens` (`subscription_id`);--> statement-breakpoint
CREATE INDEX `subscription_tokens_ip` ON `subscription_tokens` (`ip`,`created_at`);