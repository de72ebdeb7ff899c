-- A new practice is a draft: no published version, not withdrawn, so public_updated_at stays NULL. The trigger of
-- 0025 rewrote every new row to that same NULL — a second write of each practice an import creates. It now fires
-- only for a row born published or withdrawn (a restored backup, a merge), which still gets its date.
DROP TRIGGER `practices_public_updated_on_insert`;
--> statement-breakpoint
CREATE TRIGGER `practices_public_updated_on_insert` AFTER INSERT ON `practices`
WHEN NEW.`withdrawn_at` IS NOT NULL OR NEW.`published_version_id` IS NOT NULL
BEGIN
  UPDATE `practices` SET `public_updated_at` = COALESCE(NEW.`withdrawn_at`,
    (SELECT `published_at` FROM `practice_versions` v WHERE v.`id` = NEW.`published_version_id`))
  WHERE `id` = NEW.`id`;
END;
