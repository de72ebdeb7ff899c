CREATE TABLE `situation_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fixture_key` text,
	`area` text NOT NULL,
	`phrases` text NOT NULL,
	`concepts` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`removed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `situation_entries_fixture_key_unique` ON `situation_entries` (`fixture_key`);