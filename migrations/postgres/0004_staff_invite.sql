-- Invitations: an administrator invites a colleague by e-mail; the person
-- chooses their own password through a one-time link (only its hash is
-- stored). Until then the account has no usable password.
create table staff_invite (
    token_hash text primary key,
    staff_id bigint not null references staff_user (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index staff_invite_staff on staff_invite (staff_id);
