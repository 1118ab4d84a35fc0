-- Innspill's data model, designed for the whole first product (issues 2–5):
-- configuration (teams, themes, areas, routing), staff and sessions, resident
-- input of three kinds with journey steps, routing decisions and the referral
-- trail, the public timeline, the e-mail outbox, the audit log, and public
-- participation (moderation, supports, comments, flags, consultations).
--
-- Conventions: singular table names; ids are 64-bit integers; timestamps are
-- UTC, written by the application; every text a person sees in several
-- languages lives in a `*_name` table keyed by locale code, so adding Polish
-- or Arabic adds rows, not columns. Personal data sits in few, named places
-- (`submission_contact`, the free-text columns) so restriction, retention and
-- erasure touch known columns. Once applied, a migration is never edited:
-- changes come as new files, in both migrations/sqlite and migrations/postgres.

-- ---------------------------------------------------------------- configuration

create table team (
    id integer primary key,
    slug text not null unique,
    -- The team that owns user journeys as a whole (demo: Boligsosial avdeling).
    owns_journeys boolean not null default false,
    -- Where the team's notifications go; not shown to residents.
    email text,
    active boolean not null default true,
    sort_order integer not null default 0,
    created_at datetime not null
);

create table team_name (
    team_id integer not null references team (id) on delete cascade,
    locale text not null,
    name text not null,
    primary key (team_id, locale)
);

create table theme (
    id integer primary key,
    slug text not null unique,
    -- Days within which the first public reply is due; past it an item is overdue.
    response_target_days integer not null default 14 check (response_target_days between 1 and 365),
    -- "Don't know": items with this theme go to the triage queue.
    is_triage boolean not null default false,
    -- Themes that can mean danger show the emergency notice before the form.
    shows_danger_notice boolean not null default false,
    active boolean not null default true,
    sort_order integer not null default 0,
    created_at datetime not null
);

create table theme_name (
    theme_id integer not null references theme (id) on delete cascade,
    locale text not null,
    name text not null,
    primary key (theme_id, locale)
);

create table area (
    id integer primary key,
    slug text not null unique,
    active boolean not null default true,
    sort_order integer not null default 0,
    created_at datetime not null
);

create table area_name (
    area_id integer not null references area (id) on delete cascade,
    locale text not null,
    name text not null,
    primary key (area_id, locale)
);

-- Conditions left null match anything. Keywords are one per line, matched on
-- whole words after case and accent folding.
create table routing_rule (
    id integer primary key,
    priority integer not null default 100,
    description text not null,
    input_kind text check (input_kind in ('journey', 'concern', 'idea')),
    theme_id integer references theme (id),
    area_id integer references area (id),
    submitter_kind text,
    keywords text not null default '',
    active boolean not null default true,
    created_at datetime not null,
    updated_at datetime not null
);

create table routing_rule_team (
    rule_id integer not null references routing_rule (id) on delete cascade,
    team_id integer not null references team (id),
    primary key (rule_id, team_id)
);

-- ---------------------------------------------------------------- staff

create table staff_user (
    id integer primary key,
    -- Stored lower-cased; the unique index makes sign-in case-insensitive.
    email text not null unique,
    display_name text not null,
    -- PHC string of an Argon2id hash.
    password_hash text not null,
    role text not null check (role in ('administrator', 'moderator', 'caseworker')),
    active boolean not null default true,
    -- Bumped on every change of password, role, teams or active flag: sessions
    -- started before it are no longer valid (takes effect on the next request).
    security_version integer not null default 1,
    created_at datetime not null,
    updated_at datetime not null
);

create table staff_team (
    staff_id integer not null references staff_user (id) on delete cascade,
    team_id integer not null references team (id) on delete cascade,
    primary key (staff_id, team_id)
);

-- Server-side sessions. Only a hash of the cookie value is stored.
create table staff_session (
    id_hash text primary key,
    staff_id integer not null references staff_user (id) on delete cascade,
    security_version integer not null,
    created_at datetime not null,
    last_seen_at datetime not null,
    -- Absolute expiry (12 h after sign-in); idle expiry is computed from last_seen_at.
    expires_at datetime not null
);
create index staff_session_staff on staff_session (staff_id);

-- Failed sign-ins per account or per client address, for throttling.
create table login_throttle (
    throttle_key text primary key,
    failures integer not null default 0,
    window_started_at datetime not null,
    blocked_until datetime
);

-- ---------------------------------------------------------------- resident input

-- Next reference number per prefix and year: MOSS-2026-00042.
create table reference_counter (
    prefix text not null,
    year integer not null,
    next_number integer not null,
    primary key (prefix, year)
);

create table submission (
    id integer primary key,
    reference text not null unique,
    kind text not null check (kind in ('journey', 'concern', 'idea')),
    status text not null default 'new'
        check (status in ('new', 'triage', 'in_progress', 'waiting_for_resident', 'closed')),
    -- The honest outcome, set when closed.
    outcome text check (outcome in ('resolved', 'not_resolved', 'referred', 'outside_remit', 'duplicate')),
    outcome_detail text,
    duplicate_of_id integer references submission (id),
    theme_id integer references theme (id),
    area_id integer references area (id),
    address_text text,
    submitter_kind text not null
        check (submitter_kind in ('tenant', 'applicant', 'neighbour', 'cooperative', 'volunteer', 'landlord', 'other')),
    organisation_name text,
    -- Locale the resident used; replies and e-mails use it.
    locale text not null,
    title text,
    body text not null,
    -- Personal data found in free text (comma-separated kinds: national_id, phone, email).
    personal_data_flags text not null default '',
    -- The resident asks for individual help (Housing-Social Act § 6): route to case handling.
    requests_help boolean not null default false,
    -- Abuse heuristics tripped: held for a moderator, never silently dropped.
    quarantined boolean not null default false,
    -- Restricted (sperret): only named roles may read it; archive law may forbid deletion.
    restricted boolean not null default false,
    legal_hold boolean not null default false,
    -- SHA-256 of the private tracking token; the token itself is never stored.
    tracking_token_hash text not null unique,
    -- Server-issued key in the form: a double submit returns the same item.
    idempotency_key text not null unique,
    assignee_id integer references staff_user (id),
    reopened_count integer not null default 0,
    created_at datetime not null,
    updated_at datetime not null,
    first_public_reply_at datetime,
    closed_at datetime,
    -- Set when personal data was erased or anonymised by retention or request.
    anonymised_at datetime
);
create index submission_status_created on submission (status, created_at, id);
create index submission_theme on submission (theme_id);
create index submission_area on submission (area_id);

-- Contact details, kept apart so that viewing them is a separate, audited act
-- and so that retention and erasure remove exactly this row.
create table submission_contact (
    submission_id integer primary key references submission (id) on delete cascade,
    email text,
    phone text,
    consent_version text not null,
    consented_at datetime not null,
    check (email is not null or phone is not null)
);

create table journey (
    submission_id integer primary key references submission (id) on delete cascade,
    goal text not null,
    result text not null check (result in ('got_help', 'still_waiting', 'gave_up', 'other')),
    what_would_have_helped text
);

create table journey_step (
    submission_id integer not null references journey (submission_id) on delete cascade,
    position integer not null check (position between 1 and 20),
    -- Null with team_choice 'other' or 'unknown'.
    team_id integer references team (id),
    team_choice text not null check (team_choice in ('team', 'other', 'unknown')),
    channel text not null check (channel in ('in_person', 'phone', 'digital', 'letter')),
    what_happened text not null,
    feeling integer not null check (feeling between 1 and 5),
    went_wrong boolean not null default false,
    primary key (submission_id, position)
);

create table concern (
    submission_id integer primary key references submission (id) on delete cascade,
    concern_kind text not null check (concern_kind in ('noise', 'unsafe', 'littering_damage', 'wellbeing', 'other')),
    occurred_text text,
    ongoing boolean not null default false,
    on_behalf text not null check (on_behalf in ('self', 'cooperative', 'volunteer', 'landlord'))
);

-- Participation ideas: the approved public text is separate from the original.
create table idea (
    submission_id integer primary key references submission (id) on delete cascade,
    moderation_state text not null default 'pending'
        check (moderation_state in ('pending', 'approved', 'rejected', 'hidden')),
    public_title text,
    public_body text,
    moderation_reason text,
    moderation_note text,
    moderated_by integer references staff_user (id),
    moderated_at datetime,
    support_count integer not null default 0,
    official_answer text,
    published_at datetime
);
create index idea_public on idea (moderation_state, published_at);

-- ---------------------------------------------------------------- routing and follow-up

-- Teams owning an item; several teams may own one item.
create table submission_team (
    submission_id integer not null references submission (id) on delete cascade,
    team_id integer not null references team (id),
    -- How the team got it: routing rule, triage, referral, added by staff, or a journey step.
    via text not null check (via in ('routing', 'triage', 'referral', 'added', 'journey_step')),
    journey_step_position integer,
    active boolean not null default true,
    added_at datetime not null,
    primary key (submission_id, team_id)
);
create index submission_team_team on submission_team (team_id, active);

-- Every routing decision with its explanation, visible to staff.
create table routing_decision (
    id integer primary key,
    submission_id integer not null references submission (id) on delete cascade,
    rule_id integer references routing_rule (id),
    team_id integer references team (id),
    -- True when the decision is a suggestion waiting for a moderator (triage).
    suggested boolean not null default false,
    explanation text not null,
    decided_at datetime not null
);
create index routing_decision_submission on routing_decision (submission_id);

create table referral (
    id integer primary key,
    submission_id integer not null references submission (id) on delete cascade,
    from_team_id integer references team (id),
    to_team_id integer references team (id),
    -- A body outside the municipality's teams, when referred outside.
    to_outside_body text,
    reason text not null,
    staff_id integer not null references staff_user (id),
    created_at datetime not null
);
create index referral_submission on referral (submission_id);

-- The item's timeline: public replies, internal notes, status changes,
-- assignments, reopening by the resident.
create table submission_event (
    id integer primary key,
    submission_id integer not null references submission (id) on delete cascade,
    kind text not null check (kind in ('status', 'public_reply', 'internal_note', 'assigned', 'referred', 'closed', 'reopened', 'moderated')),
    is_public boolean not null default false,
    body text,
    status text,
    staff_id integer references staff_user (id),
    team_id integer references team (id),
    created_at datetime not null
);
create index submission_event_submission on submission_event (submission_id, created_at);

create table reply_template (
    id integer primary key,
    theme_id integer references theme (id),
    outcome text,
    locale text not null,
    title text not null,
    body text not null,
    updated_at datetime not null
);

-- "You said, we did": a short public summary written by staff when closing.
create table public_summary (
    id integer primary key,
    submission_id integer not null unique references submission (id) on delete cascade,
    theme_id integer references theme (id),
    area_id integer references area (id),
    summary text not null,
    staff_id integer not null references staff_user (id),
    published_at datetime not null
);

-- ---------------------------------------------------------------- mail and audit

-- Mail is written here in the same transaction as the change that causes it;
-- a background worker sends it with retries and backoff.
create table outbox (
    id integer primary key,
    submission_id integer references submission (id) on delete set null,
    recipient text not null,
    locale text not null,
    template text not null,
    subject text not null,
    body_text text not null,
    body_html text not null,
    state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'dead')),
    attempts integer not null default 0,
    next_attempt_at datetime not null,
    last_error text,
    created_at datetime not null,
    sent_at datetime
);
create index outbox_due on outbox (state, next_attempt_at);

-- Append-only: triggers below refuse updates and deletes.
create table audit_log (
    id integer primary key,
    at datetime not null,
    staff_id integer references staff_user (id),
    team_id integer references team (id),
    action text not null,
    submission_id integer references submission (id) on delete set null,
    detail text not null default ''
);
create index audit_log_submission on audit_log (submission_id);

-- ---------------------------------------------------------------- public participation

-- One support per person: a hash of the signed supporter cookie.
create table idea_support (
    submission_id integer not null references idea (submission_id) on delete cascade,
    supporter_hash text not null,
    created_at datetime not null,
    primary key (submission_id, supporter_hash)
);

create table idea_comment (
    id integer primary key,
    submission_id integer not null references idea (submission_id) on delete cascade,
    locale text not null,
    body text not null,
    public_body text,
    personal_data_flags text not null default '',
    moderation_state text not null default 'pending'
        check (moderation_state in ('pending', 'approved', 'rejected', 'hidden')),
    moderated_by integer references staff_user (id),
    moderated_at datetime,
    idempotency_key text not null unique,
    created_at datetime not null
);
create index idea_comment_idea on idea_comment (submission_id, moderation_state);

create table content_flag (
    id integer primary key,
    target_kind text not null check (target_kind in ('idea', 'comment')),
    target_id integer not null,
    reason text not null check (reason in ('personal_data', 'offensive', 'spam', 'other')),
    created_at datetime not null,
    reviewed_at datetime,
    reviewed_by integer references staff_user (id)
);
create index content_flag_target on content_flag (target_kind, target_id);

create table consultation (
    id integer primary key,
    slug text not null unique,
    owning_team_id integer not null references team (id),
    state text not null default 'draft' check (state in ('draft', 'open', 'closed')),
    locale text not null,
    title text not null,
    introduction text not null,
    opens_at datetime not null,
    closes_at datetime not null,
    results_published_at datetime,
    created_by integer not null references staff_user (id),
    created_at datetime not null,
    updated_at datetime not null,
    check (closes_at > opens_at)
);

create table consultation_area (
    consultation_id integer not null references consultation (id) on delete cascade,
    area_id integer not null references area (id),
    primary key (consultation_id, area_id)
);

create table consultation_question (
    id integer primary key,
    consultation_id integer not null references consultation (id) on delete cascade,
    position integer not null,
    kind text not null check (kind in ('single_choice', 'multiple_choice', 'scale', 'short_text', 'long_text')),
    prompt text not null,
    required boolean not null default false,
    unique (consultation_id, position)
);

create table consultation_option (
    id integer primary key,
    question_id integer not null references consultation_question (id) on delete cascade,
    position integer not null,
    label text not null,
    unique (question_id, position)
);

-- One answer set per person (hash of the signed respondent cookie).
create table consultation_response (
    id integer primary key,
    consultation_id integer not null references consultation (id) on delete cascade,
    respondent_hash text not null,
    locale text not null,
    personal_data_flags text not null default '',
    idempotency_key text not null unique,
    created_at datetime not null,
    unique (consultation_id, respondent_hash)
);

create table consultation_answer (
    response_id integer not null references consultation_response (id) on delete cascade,
    question_id integer not null references consultation_question (id),
    option_id integer references consultation_option (id),
    scale_value integer check (scale_value between 1 and 5),
    text_value text
);
create index consultation_answer_question on consultation_answer (question_id);

create trigger audit_log_no_update before update on audit_log
begin
    select raise(abort, 'audit_log is append-only');
end;

create trigger audit_log_no_delete before delete on audit_log
begin
    select raise(abort, 'audit_log is append-only');
end;
