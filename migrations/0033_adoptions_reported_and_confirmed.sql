CREATE TABLE `adoptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`practice_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`reported_by` integer NOT NULL,
	`since` text NOT NULL,
	`adapted` text NOT NULL,
	`results` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` text,
	`withdrawn_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`practice_id`) REFERENCES `practices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `adoptions_practice` ON `adoptions` (`practice_id`,`status`);--> statement-breakpoint
CREATE INDEX `adoptions_status` ON `adoptions` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `adoptions_reporter` ON `adoptions` (`reported_by`);--> statement-breakpoint
CREATE UNIQUE INDEX `adoptions_live` ON `adoptions` (`practice_id`,`organization_id`) WHERE status IN ('pending', 'confirmed');