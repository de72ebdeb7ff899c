ALTER TABLE `practice_terms` RENAME COLUMN "position" TO "ordinal";--> statement-breakpoint
ALTER TABLE `practice_authors` RENAME COLUMN "position" TO "ordinal";
