-- Work queued before the job runner existed becomes jobs, so nothing waiting at the upgrade is lost.
INSERT OR IGNORE INTO `jobs` (`queue`, `key`, `payload`, `attempts`, `run_at`, `last_error`)
SELECT 'search', 'practice:' || `practice_id`, json_object('practiceId', `practice_id`), 0, min(`next_attempt_at`), max(`last_error`)
FROM `search_outbox` GROUP BY `practice_id`;
--> statement-breakpoint
INSERT OR IGNORE INTO `jobs` (`queue`, `key`, `payload`, `attempts`)
SELECT 'attachment', `sha256`, json_object('sha256', `sha256`), max(`work_attempts`)
FROM `attachments`
WHERE `sha256` IS NOT NULL AND (`text_status` = 'pending' OR `preview_status` = 'pending')
GROUP BY `sha256`;
--> statement-breakpoint
INSERT OR IGNORE INTO `jobs` (`queue`, `key`, `payload`, `attempts`, `run_at`, `last_error`)
SELECT 'email', 'notification:' || `id`, json_object('notificationId', `id`), `email_attempts`, `email_next_at`, `email_error`
FROM `notifications` WHERE `email_status` = 'pending';
