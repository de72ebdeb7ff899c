-- The audit trail is append-only: nothing in it can be changed or deleted, not even by direct SQL.
CREATE TRIGGER `practice_history_no_update` BEFORE UPDATE ON `practice_history`
BEGIN
  SELECT RAISE(ABORT, 'practice_history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `practice_history_no_delete` BEFORE DELETE ON `practice_history`
BEGIN
  SELECT RAISE(ABORT, 'practice_history is append-only');
END;
