-- Inbox search with the reader's teams inside the full-text index (issue 14).
--
-- A caseworker's search used to take every match across all teams (a
-- two-word prefix search matches thousands of items at 100 000) and then
-- look up each one's teams. The index now also holds each item's active
-- teams as tokens (`t12` for team 12, in a column of their own, so a
-- resident's words never match them), and the match itself keeps only
-- the reader's items.
--
-- Contentless with delete support (SQLite 3.43+): a team change rewrites an
-- item's entry by rowid, without having to repeat the old text exactly as
-- an external-content index needs.
drop trigger submission_fts_insert;
drop trigger submission_fts_delete;
drop trigger submission_fts_update;
drop table submission_fts;

create virtual table submission_fts using fts5(
    search_text,
    scope,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- An item's entry as the index holds it: its text and its active teams.
create view submission_fts_entry (id, search_text, scope) as
    select s.id, s.search_text,
           coalesce((select group_concat('t' || st.team_id, ' ') from submission_team st where st.submission_id = s.id and st.active), '')
    from submission s;

insert into submission_fts (rowid, search_text, scope) select id, search_text, scope from submission_fts_entry;

create trigger submission_fts_insert after insert on submission begin
    insert or replace into submission_fts (rowid, search_text, scope) values (new.id, new.search_text, '');
end;
create trigger submission_fts_delete after delete on submission begin
    delete from submission_fts where rowid = old.id;
end;
create trigger submission_fts_update after update of search_text on submission begin
    insert or replace into submission_fts (rowid, search_text, scope) select id, search_text, scope from submission_fts_entry where id = new.id;
end;

-- Routing, referral, adding and removing a team: the entry follows. The
-- view finds nothing when the item itself is being deleted.
create trigger submission_fts_team_insert after insert on submission_team begin
    insert or replace into submission_fts (rowid, search_text, scope) select id, search_text, scope from submission_fts_entry where id = new.submission_id;
end;
create trigger submission_fts_team_update after update of active, team_id, submission_id on submission_team begin
    insert or replace into submission_fts (rowid, search_text, scope)
        select id, search_text, scope from submission_fts_entry where id in (old.submission_id, new.submission_id);
end;
create trigger submission_fts_team_delete after delete on submission_team begin
    insert or replace into submission_fts (rowid, search_text, scope) select id, search_text, scope from submission_fts_entry where id = old.submission_id;
end;
