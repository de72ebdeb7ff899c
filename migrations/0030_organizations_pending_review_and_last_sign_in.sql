ALTER TABLE `organizations` ADD `address` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `status` text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `added_by` integer;--> statement-breakpoint
CREATE INDEX `organizations_status` ON `organizations` (`status`);--> statement-breakpoint
ALTER TABLE `users` ADD `last_sign_in_at` text;