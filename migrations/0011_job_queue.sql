CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue` text NOT NULL,
	`key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer DEFAULT 0 NOT NULL,
	`lease_id` text,
	`lease_until` integer,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_due` ON `jobs` (`queue`,`status`,`run_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_waiting_key` ON `jobs` (`queue`,`key`) WHERE status = 'pending';