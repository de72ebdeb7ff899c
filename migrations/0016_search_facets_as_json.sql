CREATE TABLE `search_facets` (
	`practice_id` integer PRIMARY KEY NOT NULL,
	`facets` text NOT NULL,
	`published_at` integer NOT NULL,
	`views` integer DEFAULT 0 NOT NULL
);
