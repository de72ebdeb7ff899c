CREATE TABLE `email_confirmations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_confirmations_user_id_unique` ON `email_confirmations` (`user_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_coauthor_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`user_id` integer,
	`full_name` text NOT NULL,
	`invited_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`answered_at` text,
	`accepted` integer,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_coauthor_invites`("id", "practice_id", "user_id", "full_name", "invited_by", "created_at", "answered_at", "accepted") SELECT "id", "practice_id", "user_id", "full_name", "invited_by", "created_at", "answered_at", "accepted" FROM `coauthor_invites`;--> statement-breakpoint
DROP TABLE `coauthor_invites`;--> statement-breakpoint
ALTER TABLE `__new_coauthor_invites` RENAME TO `coauthor_invites`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `coauthor_invites_practice_user` ON `coauthor_invites` (`practice_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `email_confirmed_at` text;