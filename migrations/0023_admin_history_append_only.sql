-- What administrators did is append-only, like the practices' history: not even direct SQL can rewrite it.
CREATE TRIGGER `admin_history_no_update` BEFORE UPDATE ON `admin_history`
BEGIN
  SELECT RAISE(ABORT, 'admin_history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `admin_history_no_delete` BEFORE DELETE ON `admin_history`
BEGIN
  SELECT RAISE(ABORT, 'admin_history is append-only');
END;
