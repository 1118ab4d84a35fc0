//! Administrators change the configuration: teams, themes and areas,
//! routing rules, staff accounts and invitations, reply templates; and an
//! invited colleague sets their password. Each change is checked here —
//! only administrators, a new entry's address (slug) is free, a caseworker
//! has a team, an administrator cannot lock themselves out, an address is
//! taken once — audited, and what the catalog cache holds is refreshed on
//! this instance at once (on the others within its TTL).

use crate::catalog::{Catalog, CatalogCache};
use crate::password::HashPassword;
use crate::store::items::ReplyTemplate;
use crate::store::{Store, StoreError};
use domain::routing::Rule;
use domain::submission::{random_token, sha256_hex};
use domain::workspace::SignedIn;
use domain::{CatalogKind, Email, Names, NewArea, NewStaffUser, NewTeam, NewTheme, Password, PasswordHash, Role, Slug};

/// How long an invitation link works.
pub const INVITE_DAYS: i64 = 7;

/// What changing the configuration needs from the running server.
pub struct Administration<'a> {
    pub store: &'a dyn Store,
    pub catalog: &'a CatalogCache,
}

/// A rule a change broke, as (field, text key) pairs the form shows.
pub type Broken = Vec<(String, &'static str)>;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Only administrators change the configuration.
    #[error("only administrators may change the configuration")]
    NoAccess,
    /// The entry, rule, account, template or invitation to change does not exist.
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("the change breaks a rule")]
    Invalid(Broken),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing the password did not finish.
    #[error("password hashing failed")]
    Task(#[from] tokio::task::JoinError),
}

fn require_administrator(actor: &SignedIn) -> Result<(), AdminError> {
    if actor.role == Role::Administrator {
        Ok(())
    } else {
        Err(AdminError::NoAccess)
    }
}

/// A team, theme or area as an administrator saves it.
#[derive(Clone, Debug)]
pub enum CatalogEntry {
    Team { slug: Slug, names: Names, owns_journeys: bool },
    Theme { slug: Slug, names: Names, response_target_days: i64, is_triage: bool, shows_danger_notice: bool },
    Area { slug: Slug, names: Names },
}

impl CatalogEntry {
    pub fn kind(&self) -> CatalogKind {
        match self {
            CatalogEntry::Team { .. } => CatalogKind::Team,
            CatalogEntry::Theme { .. } => CatalogKind::Theme,
            CatalogEntry::Area { .. } => CatalogKind::Area,
        }
    }

    fn slug(&self) -> &Slug {
        match self {
            CatalogEntry::Team { slug, .. } | CatalogEntry::Theme { slug, .. } | CatalogEntry::Area { slug, .. } => slug,
        }
    }
}

/// (slug, place in the list) of each entry of `kind`.
fn places(catalog: &Catalog, kind: CatalogKind) -> Vec<(&str, i64)> {
    match kind {
        CatalogKind::Team => catalog.teams.iter().map(|t| (t.slug.as_str(), t.sort_order)).collect(),
        CatalogKind::Theme => catalog.themes.iter().map(|t| (t.slug.as_str(), t.sort_order)).collect(),
        CatalogKind::Area => catalog.areas.iter().map(|a| (a.slug.as_str(), a.sort_order)).collect(),
    }
}

/// Whether an entry of `kind` already has address `slug`.
pub fn slug_taken(catalog: &Catalog, kind: CatalogKind, slug: &str) -> bool {
    places(catalog, kind).iter().any(|(s, _)| *s == slug)
}

/// Creates `entry` (`creating`) or changes the entry with its slug, and
/// switches it on or off. An entry keeps its place in the list; a new one
/// goes last. Returns its id.
pub async fn save_catalog_entry(admin: &Administration<'_>, actor: &SignedIn, entry: CatalogEntry, active: bool, creating: bool) -> Result<i64, AdminError> {
    require_administrator(actor)?;
    let catalog = admin.catalog.get(admin.store).await?;
    let kind = entry.kind();
    let slug = entry.slug().as_str().to_string();
    let places = places(&catalog, kind);
    let existing = places.iter().find(|(s, _)| *s == slug).map(|(_, order)| *order);
    match (creating, existing) {
        (true, Some(_)) => return Err(AdminError::Invalid(vec![("slug".into(), "admin.error.slug_taken")])),
        (false, None) => return Err(AdminError::NotFound("catalog entry")),
        _ => {}
    }
    let sort_order = existing.unwrap_or_else(|| places.iter().map(|(_, order)| order + 1).max().unwrap_or(0));
    let id = match entry {
        CatalogEntry::Team { slug, names, owns_journeys } => admin.store.upsert_team(&NewTeam { slug, names, owns_journeys, sort_order }).await?,
        CatalogEntry::Theme { slug, names, response_target_days, is_triage, shows_danger_notice } => {
            admin.store.upsert_theme(&NewTheme { slug, names, response_target_days, is_triage, shows_danger_notice, sort_order }).await?
        }
        CatalogEntry::Area { slug, names } => admin.store.upsert_area(&NewArea { slug, names, sort_order }).await?,
    };
    admin.store.set_catalog_active(kind, id, active).await?;
    admin.store.audit_admin(actor.actor(None), &format!("admin_{}_saved", kind.as_str()), &slug).await?;
    admin.catalog.refresh(admin.store).await?;
    Ok(id)
}

/// The rules a routing rule must keep: it sends items to at least one team.
pub fn routing_rule_broken(team_ids: &[i64]) -> Broken {
    if team_ids.is_empty() {
        vec![("teams".into(), "admin.error.teams")]
    } else {
        Broken::new()
    }
}

/// Creates the rule (`id` 0) or replaces rule `id`. Returns its id.
pub async fn save_rule(admin: &Administration<'_>, actor: &SignedIn, rule: &Rule) -> Result<i64, AdminError> {
    require_administrator(actor)?;
    let broken = routing_rule_broken(&rule.team_ids);
    if !broken.is_empty() {
        return Err(AdminError::Invalid(broken));
    }
    let catalog = admin.catalog.get(admin.store).await?;
    if rule.id != 0 && !catalog.rules.iter().any(|r| r.id == rule.id) {
        return Err(AdminError::NotFound("routing rule"));
    }
    let id = admin.store.save_routing_rule(rule).await?;
    admin.store.audit_admin(actor.actor(None), "admin_rule_saved", &id.to_string()).await?;
    admin.catalog.refresh(admin.store).await?;
    Ok(id)
}

/// The rules an account's role, teams and state must keep: a caseworker
/// sees only their teams' items, so they need one; an administrator cannot
/// take away their own access. `editing` is the account changed (`None`
/// for a new one).
pub fn account_rules_broken(actor: &SignedIn, editing: Option<i64>, role: Option<Role>, active: bool, team_ids: &[i64]) -> Broken {
    let mut broken = Broken::new();
    if role == Some(Role::Caseworker) && team_ids.is_empty() {
        broken.push(("teams".into(), "admin.error.caseworker_team"));
    }
    if editing == Some(actor.staff_id) && (role != Some(Role::Administrator) || !active) {
        broken.push(("role".into(), "admin.error.self"));
    }
    broken
}

/// A change to an existing account.
pub struct AccountChange {
    pub staff_id: i64,
    pub display_name: String,
    pub role: Role,
    pub team_ids: Vec<i64>,
    pub active: bool,
}

/// Changes name, role, teams and state. A change of role or teams, or
/// disabling, ends the person's sessions (the store's security version).
pub async fn change_account(admin: &Administration<'_>, actor: &SignedIn, change: &AccountChange) -> Result<(), AdminError> {
    require_administrator(actor)?;
    let broken = account_rules_broken(actor, Some(change.staff_id), Some(change.role), change.active, &change.team_ids);
    if !broken.is_empty() {
        return Err(AdminError::Invalid(broken));
    }
    let person = admin.store.find_staff_by_id(change.staff_id).await?.ok_or(AdminError::NotFound("account"))?;
    admin.store.update_staff(change.staff_id, &change.display_name, change.role).await?;
    admin.store.set_staff_teams(change.staff_id, &change.team_ids).await?;
    if person.active != change.active {
        admin.store.set_staff_active(change.staff_id, change.active).await?;
    }
    let detail = format!("staff={} role={} active={}", change.staff_id, change.role.as_str(), change.active);
    admin.store.audit_admin(actor.actor(None), "admin_staff_saved", &detail).await?;
    Ok(())
}

/// A colleague to invite.
pub struct NewAccount {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub team_ids: Vec<i64>,
}

/// A new account's one-time link: `token` goes into the link the
/// administrator passes on; only its hash is stored.
pub struct Invitation {
    pub staff_id: i64,
    pub token: String,
}

/// Creates the account without a usable password and an invitation valid
/// for `INVITE_DAYS`, through which the person chooses one.
pub async fn invite(admin: &Administration<'_>, actor: &SignedIn, account: NewAccount, now: chrono::DateTime<chrono::Utc>) -> Result<Invitation, AdminError> {
    require_administrator(actor)?;
    let broken = account_rules_broken(actor, None, Some(account.role), true, &account.team_ids);
    if !broken.is_empty() {
        return Err(AdminError::Invalid(broken));
    }
    let user = NewStaffUser { email: account.email, display_name: account.display_name, password_hash: PasswordHash(String::new()), role: account.role };
    let staff_id = match admin.store.create_staff_user(&user).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => return Err(AdminError::Invalid(vec![("email".into(), "admin.error.email_taken")])),
        Err(error) => return Err(error.into()),
    };
    admin.store.set_staff_teams(staff_id, &account.team_ids).await?;
    let token = random_token();
    admin.store.create_invite(staff_id, &sha256_hex(token.as_bytes()), now, now + chrono::Duration::days(INVITE_DAYS)).await?;
    admin.store.audit_admin(actor.actor(None), "admin_staff_invited", &format!("staff={staff_id} role={}", user.role.as_str())).await?;
    Ok(Invitation { staff_id, token })
}

/// Whether `token` has the shape of an invitation token (43 base64url characters).
fn invitation_shaped(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The account an unexpired invitation `token` belongs to.
pub async fn invitation(store: &dyn Store, token: &str, now: chrono::DateTime<chrono::Utc>) -> Result<i64, AdminError> {
    if !invitation_shaped(token) {
        return Err(AdminError::NotFound("invitation"));
    }
    store.invite_staff(&sha256_hex(token.as_bytes()), now).await?.ok_or(AdminError::NotFound("invitation"))
}

/// Sets the invited person's password and uses the invitation up.
pub async fn accept_invitation(store: &dyn Store, token: &str, password: Password, now: chrono::DateTime<chrono::Utc>) -> Result<(), AdminError> {
    invitation(store, token, now).await?;
    let password_hash = super::sign_in::HASHING.run(move || password.hash()).await?;
    if !store.accept_invite(&sha256_hex(token.as_bytes()), &password_hash.0, now).await? {
        return Err(AdminError::NotFound("invitation"));
    }
    Ok(())
}

/// Creates (`id` 0) or replaces a reply template. Returns its id.
pub async fn save_template(admin: &Administration<'_>, actor: &SignedIn, template: &ReplyTemplate) -> Result<i64, AdminError> {
    require_administrator(actor)?;
    let id = match admin.store.save_reply_template(template).await {
        Ok(id) => id,
        // Replacing a template that is not there.
        Err(StoreError::Conflict(_)) => return Err(AdminError::NotFound("reply template")),
        Err(error) => return Err(error.into()),
    };
    admin.store.audit_admin(actor.actor(None), "admin_template_saved", &id.to_string()).await?;
    Ok(id)
}

pub async fn delete_template(admin: &Administration<'_>, actor: &SignedIn, id: i64) -> Result<(), AdminError> {
    require_administrator(actor)?;
    admin.store.delete_reply_template(id).await?;
    admin.store.audit_admin(actor.actor(None), "admin_template_deleted", &id.to_string()).await?;
    Ok(())
}

/// Dead mails an administrator's list shows at most.
pub const DEAD_MAILS_SHOWN: i64 = 100;

/// The outbox as administrators see it.
#[derive(Debug)]
pub struct MailOverview {
    /// Waiting to be sent (or being sent), sent, given up.
    pub counts: (i64, i64, i64),
    pub dead: Vec<crate::store::outbox::DeadMail>,
}

pub async fn mail_overview(admin: &Administration<'_>, actor: &SignedIn) -> Result<MailOverview, AdminError> {
    require_administrator(actor)?;
    Ok(MailOverview { counts: admin.store.outbox_counts().await?, dead: admin.store.dead_mails(DEAD_MAILS_SHOWN).await? })
}

/// Sends a dead mail again (its time counted from now), audited. Sending
/// one that is no longer dead (a double click) changes nothing.
pub async fn resend_mail(admin: &Administration<'_>, actor: &SignedIn, id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<bool, AdminError> {
    require_administrator(actor)?;
    Ok(admin.store.resend_mail(id, actor.actor(None), now).await?)
}
