-- The staff workspace (issue 4): what the inbox filters, sorts and searches on.
--
-- `due_at`: when the first public reply is due (received + the theme's
-- response target), written at submission; overdue = past it with no reply.
-- `search_text`: every free text of the item in one column, the source of the
-- full-text index. It holds the resident's words, so erasure clears it with
-- the other free-text columns.
alter table submission add column due_at timestamptz;
alter table submission add column search_text text not null default '';

update submission set search_text = coalesce(title, '') || ' ' || body || ' ' || coalesce(address_text, '');
update submission set due_at = created_at + interval '14 days' where due_at is null;

-- Full text with the Norwegian stemmer (bolig finds boligen).
alter table submission add column search_vector tsvector
    generated always as (to_tsvector('norwegian', search_text)) stored;
create index submission_search on submission using gin (search_vector);

create index submission_created on submission (created_at, id);
create index submission_due on submission (due_at, id);
create index submission_team_by_team on submission_team (team_id, active, submission_id);
create index submission_triage on submission (status, created_at) where status = 'triage';

-- A referral that adds a team instead of handing the item over.
alter table referral add column kept_own boolean not null default false;
