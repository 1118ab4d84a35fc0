-- The staff workspace (issue 4): what the inbox filters, sorts and searches on.
--
-- `due_at`: when the first public reply is due (received + the theme's
-- response target), written at submission; overdue = past it with no reply.
-- `search_text`: every free text of the item in one column, the source of the
-- full-text index. It holds the resident's words, so erasure clears it with
-- the other free-text columns.
alter table submission add column due_at datetime;
alter table submission add column search_text text not null default '';

update submission set search_text = coalesce(title, '') || ' ' || body || ' ' || coalesce(address_text, '');
update submission set due_at = datetime(created_at, '+14 days') where due_at is null;

-- Full text: FTS5 over search_text, diacritics folded (é = e, å = a), kept in
-- step with the table by triggers. SQLite has no Norwegian stemmer, so the
-- search adds prefix matching instead (bolig* finds boligen).
create virtual table submission_fts using fts5(
    search_text,
    content = 'submission',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
insert into submission_fts (submission_fts) values ('rebuild');

create trigger submission_fts_insert after insert on submission begin
    insert into submission_fts (rowid, search_text) values (new.id, new.search_text);
end;
create trigger submission_fts_delete after delete on submission begin
    insert into submission_fts (submission_fts, rowid, search_text) values ('delete', old.id, old.search_text);
end;
create trigger submission_fts_update after update of search_text on submission begin
    insert into submission_fts (submission_fts, rowid, search_text) values ('delete', old.id, old.search_text);
    insert into submission_fts (rowid, search_text) values (new.id, new.search_text);
end;

create index submission_created on submission (created_at, id);
create index submission_due on submission (due_at, id);
create index submission_team_by_team on submission_team (team_id, active, submission_id);
create index submission_triage on submission (status, created_at) where status = 'triage';

-- A referral that adds a team instead of handing the item over.
alter table referral add column kept_own boolean not null default false;
