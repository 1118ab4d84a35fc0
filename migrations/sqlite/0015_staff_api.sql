-- The JSON API for staff systems (issue 16). A key issued for a staff
-- system acts as a staff account of its own ("API: <name>", a caseworker
-- in the key's teams, with no password that can sign in), so every rule,
-- the trail and the audit log treat its actions as they treat a person's,
-- and its teams are changed where every account's are. A key with no
-- account is an Open311 key. Revoking the key disables its account.
alter table api_key add column staff_id integer references staff_user (id);
create unique index api_key_staff on api_key (staff_id) where staff_id is not null;
