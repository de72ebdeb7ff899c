ALTER TABLE `organizations` ADD `short_name_key` text;--> statement-breakpoint
CREATE INDEX `organizations_short_name_key` ON `organizations` (`short_name_key`,`municipality`);