ALTER TABLE `search_facets` ADD `adoptions` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Practices whose adoptions were confirmed before search counted them: their count and the «есть внедрения» facet.
UPDATE `search_facets` SET
  `adoptions` = (SELECT count(*) FROM `adoptions` a WHERE a.`practice_id` = `search_facets`.`practice_id` AND a.`status` = 'confirmed'),
  `facets` = json_set(`facets`, '$.adopted', json('["yes"]'))
WHERE EXISTS (SELECT 1 FROM `adoptions` a WHERE a.`practice_id` = `search_facets`.`practice_id` AND a.`status` = 'confirmed');
