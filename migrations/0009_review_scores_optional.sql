PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`version_no` integer NOT NULL,
	`reviewer_id` integer,
	`reviewer_name` text NOT NULL,
	`scores` text,
	`decision` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`internal_note` text DEFAULT '' NOT NULL,
	`snapshot` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_reviews`("id", "practice_id", "version_no", "reviewer_id", "reviewer_name", "scores", "decision", "comment", "internal_note", "snapshot", "created_at") SELECT "id", "practice_id", "version_no", "reviewer_id", "reviewer_name", "scores", "decision", "comment", "internal_note", "snapshot", "created_at" FROM `reviews`;--> statement-breakpoint
DROP TABLE `reviews`;--> statement-breakpoint
ALTER TABLE `__new_reviews` RENAME TO `reviews`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `reviews_practice` ON `reviews` (`practice_id`,`id`);