-- Inbox search with the reader's teams inside the full-text index (issue 14):
-- on SQLite only. PostgreSQL's planner already intersects the GIN index of
-- `search_vector` with the teams' index (bitmap scans), so nothing changes
-- here; the file keeps the two trees' migrations in step.
select 1;
