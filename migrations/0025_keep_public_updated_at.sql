-- practices.public_updated_at follows the public record whatever writes it (publication, import, withdrawal,
-- return): the withdrawal when there is one, else the publication of the current version.
UPDATE `practices` SET `public_updated_at` = COALESCE(`withdrawn_at`,
  (SELECT `published_at` FROM `practice_versions` v WHERE v.`id` = `practices`.`published_version_id`));
--> statement-breakpoint
CREATE TRIGGER `practices_public_updated_on_insert` AFTER INSERT ON `practices`
BEGIN
  UPDATE `practices` SET `public_updated_at` = COALESCE(NEW.`withdrawn_at`,
    (SELECT `published_at` FROM `practice_versions` v WHERE v.`id` = NEW.`published_version_id`))
  WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `practices_public_updated_on_change` AFTER UPDATE OF `published_version_id`, `withdrawn_at` ON `practices`
BEGIN
  UPDATE `practices` SET `public_updated_at` = COALESCE(NEW.`withdrawn_at`,
    (SELECT `published_at` FROM `practice_versions` v WHERE v.`id` = NEW.`published_version_id`))
  WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `practices_public_updated_on_publication` AFTER UPDATE OF `published_at` ON `practice_versions`
BEGIN
  UPDATE `practices` SET `public_updated_at` = COALESCE(`withdrawn_at`, NEW.`published_at`)
  WHERE `id` = NEW.`practice_id` AND `published_version_id` = NEW.`id`;
END;
