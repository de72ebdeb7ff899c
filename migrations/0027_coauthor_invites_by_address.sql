ALTER TABLE `coauthor_invites` ADD `email` text;--> statement-breakpoint
CREATE UNIQUE INDEX `coauthor_invites_practice_email` ON `coauthor_invites` (`practice_id`,`email`);