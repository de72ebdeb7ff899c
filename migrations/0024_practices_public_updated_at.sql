ALTER TABLE `practices` ADD `public_updated_at` text;--> statement-breakpoint
CREATE INDEX `practices_public_updated` ON `practices` (`public_updated_at`,`id`);