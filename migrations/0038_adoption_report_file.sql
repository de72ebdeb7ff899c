ALTER TABLE `adoptions` ADD `file_name` text;--> statement-breakpoint
ALTER TABLE `adoptions` ADD `file_sha256` text;--> statement-breakpoint
ALTER TABLE `adoptions` ADD `file_size` integer;--> statement-breakpoint
ALTER TABLE `adoptions` ADD `file_mime` text;--> statement-breakpoint
CREATE INDEX `adoptions_file` ON `adoptions` (`file_sha256`);