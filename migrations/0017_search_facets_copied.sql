-- Copies the index set aside by 0015 into the JSON form of 0016 (every facet value a string, the year too),
-- taking view counts from the practices, then drops the old table.
INSERT INTO `search_facets` (`practice_id`, `facets`, `published_at`, `views`)
SELECT f.`practice_id`,
  json_object(
    'levels', json(f.`levels`),
    'subjects', json(f.`subjects`),
    'technologies', json(f.`technologies`),
    'directions', json(f.`directions`),
    'municipality', json_array(f.`municipality`),
    'organizationType', json_array(f.`organization_type`),
    'year', json_array(CAST(f.`year` AS TEXT))
  ),
  f.`published_at`,
  coalesce(p.`view_count`, 0)
FROM `search_facets_v1` f LEFT JOIN `practices` p ON p.`id` = f.`practice_id`;
--> statement-breakpoint
DROP TABLE `search_facets_v1`;
