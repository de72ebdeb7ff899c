-- Accounts made before addresses were confirmed keep writing: their owners have used them, and a sudden refusal
-- would lock every teacher out. Invitations already sent name the address of the account they reached.
UPDATE `users` SET `email_confirmed_at` = `created_at` WHERE `email_confirmed_at` IS NULL;--> statement-breakpoint
UPDATE `coauthor_invites` SET `email` = (SELECT `email` FROM `users` WHERE `users`.`id` = `coauthor_invites`.`user_id`) WHERE `email` IS NULL;
