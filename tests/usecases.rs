//! The use cases called directly, without an adapter: each checks its own
//! access and rules, so a new way in (Open311, the JSON API) cannot forget
//! them. On both databases.

use crate::support::{backends, TestDatabase};
use domain::consultation::{ConsultationDraft, DraftInput, QuestionDraft};
use domain::workspace::SignedIn;
use domain::{Email, Names, NewStaffUser, NewTeam, Password, Role, Slug};
use innspill::catalog::CatalogCache;
use innspill::password::HashPassword;
use innspill::store::items::ReplyTemplate;
use innspill::store::Store;
use innspill::usecase::administer::{self, AccountChange, AdminError, Administration, CatalogEntry, NewAccount};
use innspill::usecase::answer::{self, AnswerError, AnswerSet, Answered};
use innspill::usecase::consult::{self, ConsultError, QuestionChange};
use innspill::usecase::sign_in::{self, Credentials, SignInError};
use std::sync::Arc;

/// Equal to the microsecond, what PostgreSQL keeps of a time.
fn same_instant(a: chrono::DateTime<chrono::Utc>, b: chrono::DateTime<chrono::Utc>) -> bool {
    (a - b).num_microseconds().is_some_and(|us| us.abs() < 1)
}

fn member(staff_id: i64, role: Role, team_ids: &[i64]) -> SignedIn {
    SignedIn {
        staff_id,
        display_name: format!("staff {staff_id}"),
        role,
        team_ids: team_ids.to_vec(),
        session_hash: String::new(),
        last_seen_at: chrono::Utc::now(),
        client: None,
    }
}

async fn account(store: &dyn Store, email: &str, role: Role, password: &str) -> i64 {
    let user = NewStaffUser {
        email: Email::parse(email).unwrap(),
        display_name: email.split('@').next().unwrap().to_string(),
        password_hash: Password::parse(password).unwrap().hash(),
        role,
    };
    store.create_staff_user(&user).await.unwrap()
}

async fn with_team(store: &dyn Store) -> i64 {
    let team = NewTeam { slug: Slug::parse("nav").unwrap(), names: Names::new("NAV", &[]), owns_journeys: false, sort_order: 1 };
    store.upsert_team(&team).await.unwrap()
}

fn invalid_fields<T>(result: Result<T, AdminError>) -> Vec<(String, &'static str)> {
    match result {
        Err(AdminError::Invalid(broken)) => broken,
        Err(other) => panic!("expected a broken rule, got {other:?}"),
        Ok(_) => panic!("expected a broken rule, the change went through"),
    }
}

#[tokio::test]
async fn administration_refuses_everyone_but_administrators_and_keeps_its_rules() {
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let store: Arc<dyn Store> = database.store().await;
        let cache = CatalogCache::default();
        let admin = Administration { store: store.as_ref(), catalog: &cache };
        let team = with_team(store.as_ref()).await;
        let boss_id = account(store.as_ref(), "boss@moss.kommune.no", Role::Administrator, "et langt og godt passord").await;
        let boss = member(boss_id, Role::Administrator, &[]);
        let now = chrono::Utc::now();
        let area = || CatalogEntry::Area { slug: Slug::parse("jeloy").unwrap(), names: Names::new("Jeløy", &[]) };
        let template = ReplyTemplate { id: 0, theme_id: None, outcome: None, locale: "nb".into(), title: "Takk".into(), body: "Takk for innspillet.".into() };

        for role in [Role::Moderator, Role::Caseworker] {
            let someone = member(boss_id + 100, role, &[team]);
            let refused = |result: Result<(), AdminError>| assert!(matches!(result, Err(AdminError::NoAccess)), "{backend:?} {role:?}: {result:?}");
            refused(administer::save_catalog_entry(&admin, &someone, area(), true, true).await.map(|_| ()));
            let rule = store.list_routing_rules().await.unwrap().into_iter().next();
            if let Some(rule) = rule {
                refused(administer::save_rule(&admin, &someone, &rule).await.map(|_| ()));
            }
            let change = AccountChange { staff_id: boss_id, display_name: "Sjef".into(), role: Role::Caseworker, team_ids: vec![team], active: true };
            refused(administer::change_account(&admin, &someone, &change).await);
            let colleague =
                NewAccount { email: Email::parse("ny@moss.kommune.no").unwrap(), display_name: "Ny".into(), role: Role::Caseworker, team_ids: vec![team] };
            refused(administer::invite(&admin, &someone, colleague, now).await.map(|_| ()));
            refused(administer::save_template(&admin, &someone, &template).await.map(|_| ()));
            refused(administer::delete_template(&admin, &someone, 1).await);
        }
        assert!(store.list_areas().await.unwrap().is_empty(), "{backend:?}: nothing was saved");
        assert!(store.list_reply_templates().await.unwrap().is_empty());
        assert_eq!(store.count_staff_users().await.unwrap(), 1);

        // The administrator: a new entry needs a free address, a changed one must exist.
        administer::save_catalog_entry(&admin, &boss, area(), true, true).await.unwrap();
        assert_eq!(invalid_fields(administer::save_catalog_entry(&admin, &boss, area(), true, true).await), [("slug".to_string(), "admin.error.slug_taken")]);
        let missing = CatalogEntry::Area { slug: Slug::parse("finnes-ikke").unwrap(), names: Names::new("Finnes ikke", &[]) };
        assert!(matches!(administer::save_catalog_entry(&admin, &boss, missing, true, false).await, Err(AdminError::NotFound(_))));
        assert_eq!(cache.get(store.as_ref()).await.unwrap().areas.len(), 1, "{backend:?}: the cache sees the change at once");

        // Accounts: no lock-out of oneself, a caseworker has a team, an address is taken once.
        let demote = AccountChange { staff_id: boss_id, display_name: "Sjef".into(), role: Role::Caseworker, team_ids: vec![team], active: true };
        assert_eq!(invalid_fields(administer::change_account(&admin, &boss, &demote).await), [("role".to_string(), "admin.error.self")]);
        let teamless = NewAccount { email: Email::parse("ny@moss.kommune.no").unwrap(), display_name: "Ny".into(), role: Role::Caseworker, team_ids: vec![] };
        assert_eq!(invalid_fields(administer::invite(&admin, &boss, teamless, now).await), [("teams".to_string(), "admin.error.caseworker_team")]);
        let taken = NewAccount { email: Email::parse("boss@moss.kommune.no").unwrap(), display_name: "Sjef 2".into(), role: Role::Moderator, team_ids: vec![] };
        assert_eq!(invalid_fields(administer::invite(&admin, &boss, taken, now).await), [("email".to_string(), "admin.error.email_taken")]);
        assert_eq!(store.count_staff_users().await.unwrap(), 1, "{backend:?}: no account from a refused invitation");

        // An invitation works once, and only its token opens it.
        let colleague =
            NewAccount { email: Email::parse("ny@moss.kommune.no").unwrap(), display_name: "Ny".into(), role: Role::Caseworker, team_ids: vec![team] };
        let invitation = administer::invite(&admin, &boss, colleague, now).await.unwrap();
        assert_eq!(administer::invitation(store.as_ref(), &invitation.token, now).await.unwrap(), invitation.staff_id);
        assert!(matches!(administer::invitation(store.as_ref(), "not-a-token", now).await, Err(AdminError::NotFound(_))));
        let password = Password::parse("nytt og hemmelig passord").unwrap();
        administer::accept_invitation(store.as_ref(), &invitation.token, password, now).await.unwrap();
        let again = Password::parse("nytt og hemmelig passord").unwrap();
        assert!(matches!(administer::accept_invitation(store.as_ref(), &invitation.token, again, now).await, Err(AdminError::NotFound(_))), "{backend:?}");
        // Audited, by the administrator; the refused attempts left nothing.
        let audit = database.rows_as_text("audit_log").await;
        for action in ["admin_area_saved", "admin_staff_invited"] {
            assert_eq!(audit.iter().filter(|row| row.contains(action)).count(), 1, "{backend:?}: {action} in {audit:?}");
        }
        assert!(
            audit.iter().all(|row| row.contains(&format!("staff_id={boss_id}")) || row.contains(&format!("\"staff_id\":{boss_id}"))),
            "{backend:?}: {audit:?}"
        );
    }
}

#[tokio::test]
async fn consultations_are_run_by_moderators_and_follow_their_phases() {
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let shared: Arc<dyn Store> = database.store().await;
        let store = shared.as_ref();
        let team = with_team(store).await;
        let moderator = member(account(store, "mona@moss.kommune.no", Role::Moderator, "et langt og godt passord").await, Role::Moderator, &[team]);
        let caseworker = member(moderator.staff_id + 1, Role::Caseworker, &[team]);
        let now = chrono::Utc::now();
        let today = domain::time::norway(now).date_naive().to_string();
        let later = domain::time::norway(now + chrono::Duration::days(7)).date_naive().to_string();
        let input =
            DraftInput { title: "Lys", introduction: "Om lys", team_id: Some(team), area_ids: vec![], opens_on: &today, closes_on: &later, locale: "nb" };
        let draft = ConsultationDraft::parse(input).unwrap();

        assert!(matches!(consult::create(store, &caseworker, &draft, now).await, Err(ConsultError::NoAccess)), "{backend:?}");
        let id = consult::create(store, &moderator, &draft, now).await.unwrap();
        let load = || async { store.consultation(id).await.unwrap().unwrap() };
        assert!(matches!(consult::publish(store, &moderator, &load().await, now).await, Err(ConsultError::NoQuestions)));
        let question = QuestionDraft::parse("single_choice", "Trenger vi mer lys?", true, "Ja\nNei").unwrap();
        assert!(matches!(consult::save_question(store, &caseworker, &load().await, None, &question, now).await, Err(ConsultError::NoAccess)));
        consult::save_question(store, &moderator, &load().await, None, &question, now).await.unwrap();
        assert!(matches!(consult::save_question(store, &moderator, &load().await, Some(999_999), &question, now).await, Err(ConsultError::NotFound)));
        assert!(matches!(consult::close(store, &moderator, &load().await, now).await, Err(ConsultError::WrongPhase)), "a draft is not closed");
        consult::publish(store, &moderator, &load().await, now).await.unwrap();
        assert!(matches!(consult::publish(store, &moderator, &load().await, now).await, Err(ConsultError::WrongPhase)), "{backend:?}: published once");

        // A resident answers once; the first answer locks the questions.
        let consultation = load().await;
        let field = consultation.questions[0].field();
        let yes = consultation.questions[0].options[0].id.to_string();
        let set = |fields: &[(String, String)], who: &str, key: &str| {
            let fields = fields.to_vec();
            let (who, key) = (who.to_string(), key.to_string());
            let consultation = consultation.clone();
            async move {
                let set = AnswerSet {
                    consultation: &consultation,
                    fields: &fields,
                    form_key_hash: (key != "not a key").then_some(key.clone()),
                    respondent_hash: who,
                    locale: "nb",
                    client: "answer:test",
                    now,
                };
                answer::answer(store, set).await
            }
        };
        let key = domain::submission::random_token();
        let blank = set(&[], "anna", &key).await;
        assert!(matches!(&blank, Err(AnswerError::Invalid { errors, stale: false }) if !errors.is_empty()), "{backend:?}: {blank:?}");
        let stale = set(&[(field.clone(), yes.clone())], "anna", "not a key").await;
        assert!(matches!(stale, Err(AnswerError::Invalid { stale: true, .. })), "{backend:?}");
        assert_eq!(set(&[(field.clone(), yes.clone())], "anna", &key).await.unwrap(), Answered::Stored);
        let other_key = domain::submission::random_token();
        assert_eq!(set(&[(field.clone(), yes.clone())], "anna", &other_key).await.unwrap(), Answered::AlreadyAnswered, "{backend:?}");
        let change = consult::change_question(store, &moderator, &load().await, consultation.questions[0].id, QuestionChange::Delete, now).await;
        assert!(matches!(change, Err(ConsultError::Locked)), "{backend:?}: {change:?}");

        // Closed: no more answers; results and export for moderators only.
        let later_now = now + chrono::Duration::seconds(1);
        consult::close(store, &moderator, &load().await, later_now).await.unwrap();
        let late = AnswerSet {
            consultation: &load().await,
            fields: &[(field.clone(), yes.clone())],
            form_key_hash: Some(other_key.clone()),
            respondent_hash: "bo".into(),
            locale: "nb",
            client: "answer:test",
            now: later_now + chrono::Duration::seconds(1),
        };
        assert!(matches!(answer::answer(store, late).await, Err(AnswerError::Closed)), "{backend:?}");
        assert!(matches!(consult::export(shared.clone(), &caseworker, &load().await, later_now).await, Err(ConsultError::NoAccess)));
        let mut pages = consult::export(shared.clone(), &moderator, &load().await, later_now).await.unwrap();
        let (first, responses, answers) = pages.next().await.unwrap().expect("one page");
        assert_eq!((first, responses.len(), answers.len()), (1, 1, 1), "{backend:?}");
        assert!(pages.next().await.unwrap().is_none(), "{backend:?}: one page only");
        consult::publish_results(store, &moderator, &load().await, later_now).await.unwrap();
        assert!(load().await.results_published_at.is_some());
    }
}

// Several worker threads: the parallel guesses below really overlap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_in_answers_unknown_and_wrong_alike_blocks_repeated_failures_and_ends_sessions() {
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let shared: Arc<dyn Store> = database.store().await;
        let store = shared.as_ref();
        let id = account(store, "eva@moss.kommune.no", Role::Caseworker, "et langt og godt passord").await;
        let now = chrono::Utc::now();
        let attempt = |email: &'static str, password: &'static str, address: &'static str| async move {
            sign_in::sign_in(store, Credentials { email, password }, address, None, now).await
        };
        assert!(matches!(attempt("eva@moss.kommune.no", "feil passord her", "10.0.0.1").await, Err(SignInError::Failed)), "{backend:?}");
        assert!(matches!(attempt("ukjent@moss.kommune.no", "et langt og godt passord", "10.0.0.1").await, Err(SignInError::Failed)));
        let session = attempt(" EVA@moss.kommune.no ", "et langt og godt passord", "10.0.0.1").await.unwrap();
        assert_eq!(session.staff_id, id);
        let signed_in = sign_in::signed_in(store, &session.token, now).await.unwrap().expect("the new session works");
        assert_eq!(signed_in.staff_id, id);
        assert!(sign_in::signed_in(store, "x".repeat(43).as_str(), now).await.unwrap().is_none(), "{backend:?}: a made-up token");
        sign_in::sign_out(store, &signed_in).await.unwrap();
        assert!(sign_in::signed_in(store, &session.token, now).await.unwrap().is_none(), "{backend:?}: signed out");

        // Five wrong passwords from one address: that address waits 1
        // minute, then 2 after the next failure; the right password from
        // elsewhere still works (nobody locks a colleague out).
        let wrong_at = |at: chrono::DateTime<chrono::Utc>| async move {
            sign_in::sign_in(store, Credentials { email: "eva@moss.kommune.no", password: "feil passord her" }, "attacker", None, at).await
        };
        for _ in 0..5 {
            assert!(matches!(wrong_at(now).await, Err(SignInError::Failed)));
        }
        let blocked = wrong_at(now).await;
        assert!(
            matches!(blocked, Err(SignInError::Blocked { until }) if same_instant(until, now + chrono::Duration::minutes(1))),
            "{backend:?}: {:?}",
            blocked.err()
        );
        let elsewhere = sign_in::sign_in(store, Credentials { email: "eva@moss.kommune.no", password: "et langt og godt passord" }, "office", None, now).await;
        assert!(elsewhere.is_ok(), "{backend:?}: the account works from another address");
        let later = now + chrono::Duration::seconds(61);
        assert!(matches!(wrong_at(later).await, Err(SignInError::Failed)), "{backend:?}: checked again after the wait");
        let longer = wrong_at(later).await;
        assert!(
            matches!(longer, Err(SignInError::Blocked { until }) if same_instant(until, later + chrono::Duration::minutes(2))),
            "{backend:?}: {:?}",
            longer.err()
        );

        // One guess, then twelve at once: four more are checked, the rest refused unchecked.
        let first = sign_in::sign_in(store, Credentials { email: "eva@moss.kommune.no", password: "feil passord her" }, "botnet", None, now).await;
        assert!(matches!(first, Err(SignInError::Failed)));
        let mut guesses = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let shared = shared.clone();
            guesses.spawn(async move {
                let credentials = Credentials { email: "eva@moss.kommune.no", password: "feil passord her" };
                sign_in::sign_in(shared.as_ref(), credentials, "botnet", None, now).await
            });
        }
        let results: Vec<_> = guesses.join_all().await;
        let checked = results.iter().filter(|r| matches!(r, Err(SignInError::Failed))).count();
        let refused = results.iter().filter(|r| matches!(r, Err(SignInError::Blocked { .. }))).count();
        assert_eq!((checked, refused), (4, 8), "{backend:?}");
        assert!(sign_in::HASHING.peak() <= sign_in::HASHING.limit, "at most {} password checks at once", sign_in::HASHING.limit);
    }
}

#[tokio::test]
async fn api_keys_are_issued_and_revoked_by_administrators_only_and_a_revoked_key_opens_nothing() {
    use innspill::usecase::keys::{self, AuthError, KeyError, KeyRequest, Purpose};
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let store: Arc<dyn Store> = database.store().await;
        let team = with_team(store.as_ref()).await;
        let catalog = innspill::catalog::CatalogCache::default().refresh(store.as_ref()).await.unwrap();
        let now = chrono::Utc::now();
        let boss_id = account(store.as_ref(), "boss@moss.kommune.no", Role::Administrator, "et langt og godt passord").await;
        let boss = member(boss_id, Role::Administrator, &[]);
        let open311 = KeyRequest { name: "FiksGataMi", ..Default::default() };
        for role in [Role::Moderator, Role::Caseworker] {
            let someone = member(boss_id, role, &[]);
            assert!(matches!(keys::issue_key(store.as_ref(), &catalog, &someone, &open311, now).await, Err(KeyError::Forbidden)), "{backend:?} {role:?}");
            assert!(matches!(keys::keys(store.as_ref(), &someone).await, Err(KeyError::Forbidden)), "{backend:?} {role:?}");
        }
        let nav = vec!["nav".to_string()];
        let unknown = vec!["nav".to_string(), "no-such-team".to_string()];
        let refusals: [(KeyRequest, Vec<(&str, &str)>); 4] = [
            (KeyRequest { name: " ", per_hour: "0", ..Default::default() }, vec![("name", "validation.required"), ("per_hour", "admin.api.per_hour_invalid")]),
            (KeyRequest { name: "Sak", purpose: "staff", ..Default::default() }, vec![("teams", "admin.api.teams_required")]),
            (KeyRequest { name: "Sak", purpose: "open311", teams: &nav, ..Default::default() }, vec![("teams", "admin.api.teams_open311")]),
            (
                KeyRequest { name: "Sak", purpose: "everything", teams: &unknown, ..Default::default() },
                vec![("purpose", "validation.choose_from_list"), ("teams", "validation.choose_from_list")],
            ),
        ];
        for (request, expected) in refusals {
            match keys::issue_key(store.as_ref(), &catalog, &boss, &request, now).await {
                Err(KeyError::Invalid(errors)) => assert_eq!(errors, expected, "{backend:?}"),
                other => panic!("{backend:?}: {:?}", other.map(|i| i.id)),
            }
        }
        assert!(keys::keys(store.as_ref(), &boss).await.unwrap().is_empty(), "{backend:?}: nothing stored by a refused form");

        let issued = keys::issue_key(store.as_ref(), &catalog, &boss, &open311, now).await.unwrap();
        let key = keys::authenticate(store.as_ref(), &issued.key, Purpose::Open311).await.unwrap();
        assert_eq!((key.name.as_str(), key.per_hour, key.hint.len(), key.member.is_none()), ("FiksGataMi", keys::DEFAULT_PER_HOUR, 4, true), "{backend:?}");
        assert!(issued.key.ends_with(&key.hint));
        assert!(matches!(keys::authenticate(store.as_ref(), "o311_guess", Purpose::Open311).await, Err(AuthError::Refused)), "{backend:?}");
        assert!(matches!(keys::authenticate(store.as_ref(), "", Purpose::Open311).await, Err(AuthError::Refused)), "{backend:?}");
        assert!(
            matches!(keys::authenticate_member(store.as_ref(), &issued.key, now).await, Err(AuthError::Refused)),
            "{backend:?}: an Open311 key is no staff system's"
        );

        let staff_system =
            keys::issue_key(store.as_ref(), &catalog, &boss, &KeyRequest { name: "Sak og arkiv", purpose: "staff", teams: &nav, ..Default::default() }, now)
                .await
                .unwrap();
        assert!(staff_system.key.starts_with("inn_"), "{backend:?}");
        assert!(
            matches!(keys::authenticate(store.as_ref(), &staff_system.key, Purpose::Open311).await, Err(AuthError::Refused)),
            "{backend:?}: not an Open311 key"
        );
        let (_, acting) = keys::authenticate_member(store.as_ref(), &staff_system.key, now).await.unwrap();
        assert_eq!((acting.display_name.as_str(), acting.role, acting.team_ids.clone()), ("API: Sak og arkiv", Role::Caseworker, vec![team]), "{backend:?}");

        let caseworker = member(boss_id, Role::Caseworker, &[]);
        assert!(matches!(keys::revoke_key(store.as_ref(), &caseworker, issued.id, now).await, Err(KeyError::Forbidden)), "{backend:?}");
        assert!(keys::authenticate(store.as_ref(), &issued.key, Purpose::Open311).await.is_ok(), "{backend:?}: still valid");
        keys::revoke_key(store.as_ref(), &boss, issued.id, now).await.unwrap();
        keys::revoke_key(store.as_ref(), &boss, staff_system.id, now).await.unwrap();
        assert!(matches!(keys::authenticate(store.as_ref(), &issued.key, Purpose::Open311).await, Err(AuthError::Refused)), "{backend:?}: revoked");
        assert!(matches!(keys::authenticate_member(store.as_ref(), &staff_system.key, now).await, Err(AuthError::Refused)), "{backend:?}: revoked");
        assert!(store.key_member(acting.staff_id).await.unwrap().is_none(), "{backend:?}: its account is disabled with it");
        assert!(matches!(keys::revoke_key(store.as_ref(), &boss, issued.id + 1000, now).await, Err(KeyError::NotFound)), "{backend:?}");
        let listed = keys::keys(store.as_ref(), &boss).await.unwrap();
        assert_eq!(listed.len(), 2, "{backend:?}");
        assert!(listed.iter().all(|k| k.revoked_at.is_some()), "{backend:?}: listed as revoked");
    }
}

#[tokio::test]
async fn an_inbox_of_another_team_or_a_moderators_queue_is_refused_to_a_caseworker() {
    use domain::workspace::{InboxQuery, Scope, Sort, INBOX_PAGE_SIZE};
    use innspill::usecase::inbox::{self, InboxError, Which};
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let store: Arc<dyn Store> = database.store().await;
        let team = with_team(store.as_ref()).await;
        // A query that claims every item: the use case sets the scope itself
        // (which items a scope lists is tested over HTTP in `workspace`).
        let everything = InboxQuery {
            scope: Scope::All,
            team_id: None,
            kind: None,
            theme_id: None,
            area_id: None,
            status: None,
            include_closed: true,
            overdue: false,
            assignee_id: None,
            unassigned: false,
            held: false,
            help_requests: false,
            search: None,
            received: None,
            submitter: None,
            outcome: None,
            service: None,
            sort: Sort::default(),
            after: None,
            limit: INBOX_PAGE_SIZE,
            now: chrono::Utc::now(),
        };
        let caseworker = member(1, Role::Caseworker, &[team]);
        for which in [Which::Team(team + 1), Which::Triage, Which::Held] {
            let refused = inbox::page(store.as_ref(), &caseworker, which, everything.clone()).await;
            assert!(matches!(refused, Err(InboxError::NoAccess)), "{backend:?} {which:?}");
        }
        let page = inbox::page(store.as_ref(), &caseworker, Which::MyTeams, everything.clone()).await.unwrap();
        assert!(page.rows.is_empty() && !page.has_more, "{backend:?}");
        let moderator = member(2, Role::Moderator, &[]);
        assert!(inbox::page(store.as_ref(), &moderator, Which::Triage, everything.clone()).await.is_ok(), "{backend:?}");
        assert!(inbox::page(store.as_ref(), &moderator, Which::Held, everything).await.is_ok(), "{backend:?}");
    }
}
