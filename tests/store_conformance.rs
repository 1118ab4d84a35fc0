//! The conformance suite: the whole `Store` API, run against SQLite always
//! and PostgreSQL whenever TEST_DATABASE_URL is set. Both must behave alike.

use crate::support::{backends, workspace_dir, Backend, TestDatabase};

use domain::{Email, Names, NewArea, NewStaffUser, NewTeam, NewTheme, Password, Role, Slug};
use innspill::password::{HashPassword, VerifyPassword};
use innspill::store::{Store, StoreError};
use std::sync::Arc;

fn team(slug: &str, nb: &str, order: i64) -> NewTeam {
    NewTeam { slug: Slug::parse(slug).unwrap(), names: Names::new(nb, &[("en", &format!("{nb} (en)"))]), owns_journeys: false, sort_order: order }
}

/// The running number at the end of a reference such as `MOSS-2026-00042`.
fn reference_number(reference: &str) -> u32 {
    reference.rsplit('-').next().unwrap().parse().unwrap()
}

/// A moderator acting outside any team.
async fn moderator(store: &dyn Store, email: &str) -> domain::workspace::Actor {
    let staff_id = store
        .create_staff_user(&NewStaffUser {
            email: Email::parse(email).unwrap(),
            display_name: "Moderator".into(),
            password_hash: domain::PasswordHash(String::new()),
            role: Role::Moderator,
        })
        .await
        .unwrap();
    domain::workspace::Actor { staff_id, team_id: None, client: None }
}

/// Stores `new` and approves it as `title` and `body`, published at `at`.
async fn published_idea(
    store: &dyn Store,
    new: &domain::submission::NewSubmission,
    title: &str,
    body: &str,
    actor: domain::workspace::Actor,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    let id = store.create_submission(new).await.unwrap().id;
    let decision = domain::participation::IdeaDecision::Approve { title: title.into(), body: body.into() };
    store.moderate_idea(id, &decision, actor, None, at).await.unwrap();
    id
}

async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Backend, Arc<dyn Store>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let store = database.store().await;
        test(backend, store).await;
    }
}

#[tokio::test]
async fn migrations_apply_once_and_can_run_again() {
    each_backend(|backend, store| async move {
        let first = store.applied_migrations().await.unwrap();
        store.migrate().await.expect("second migrate is a no-op");
        assert_eq!(store.applied_migrations().await.unwrap(), first, "{backend:?}");
        assert_eq!(
            first,
            [
                "initial",
                "app secret",
                "workspace",
                "staff invite",
                "participation",
                "outbox intents",
                "distinct reporters",
                "hardening",
                "consultation counts",
                "search scope",
                "insight",
                "insight items",
                "insight rollups",
                "open311",
                "staff api",
                "webhooks",
                "help requests"
            ],
            "{backend:?}"
        );
    })
    .await;
}

#[test]
fn both_backends_have_the_same_migration_names() {
    let names = |dir: &str| {
        let mut names: Vec<String> = std::fs::read_dir(workspace_dir().join("migrations").join(dir))
            .expect("migration dir")
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    };
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
}

#[tokio::test]
async fn teams_are_upserted_by_slug_with_their_names() {
    each_backend(|backend, store| async move {
        let id = store.upsert_team(&team("nav", "NAV", 2)).await.unwrap();
        store.upsert_team(&team("startlan", "Startlån", 1)).await.unwrap();
        let again = store.upsert_team(&team("nav", "NAV Moss", 2)).await.unwrap();
        assert_eq!(id, again, "{backend:?}: same slug, same row");
        let teams = store.list_teams().await.unwrap();
        let slugs: Vec<_> = teams.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["startlan", "nav"], "{backend:?}: in configured order");
        assert_eq!(teams[1].names.get("nb"), "NAV Moss");
        assert_eq!(teams[1].names.get("en"), "NAV Moss (en)");
        assert_eq!(teams[0].names.get("nn"), "Startlån", "falls back to bokmål");
        assert!(teams.iter().all(|t| t.active));
    })
    .await;
}

#[tokio::test]
async fn themes_and_areas_round_trip() {
    each_backend(|backend, store| async move {
        let theme = NewTheme {
            slug: Slug::parse("stoy-uro").unwrap(),
            names: Names::new("Støy og uro", &[("en", "Noise")]),
            response_target_days: 7,
            is_triage: false,
            shows_danger_notice: true,
            sort_order: 0,
        };
        store.upsert_theme(&theme).await.unwrap();
        let themes = store.list_themes().await.unwrap();
        assert_eq!(themes.len(), 1, "{backend:?}");
        assert_eq!(themes[0].names.get("en"), "Noise");
        assert_eq!(themes[0].response_target_days, 7);
        assert!(themes[0].shows_danger_notice && !themes[0].is_triage);

        store.upsert_area(&NewArea { slug: Slug::parse("jeloy").unwrap(), names: Names::new("Jeløy", &[]), sort_order: 0 }).await.unwrap();
        let areas = store.list_areas().await.unwrap();
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].names.get("en"), "Jeløy");
    })
    .await;
}

#[tokio::test]
async fn staff_emails_are_unique_and_found_case_insensitively() {
    each_backend(|backend, store| async move {
        let hash = Password::parse("lange ord i rekke").unwrap().hash();
        let user = NewStaffUser {
            email: Email::parse("Kari@Moss.Kommune.no").unwrap(),
            display_name: "Kari Nordmann".into(),
            password_hash: hash.clone(),
            role: Role::Administrator,
        };
        store.create_staff_user(&user).await.unwrap();
        let duplicate = NewStaffUser { email: Email::parse("kari@moss.kommune.NO").unwrap(), ..user.clone() };
        assert!(matches!(store.create_staff_user(&duplicate).await, Err(StoreError::Conflict("email"))), "{backend:?}");
        let found = store.find_staff_by_email(&Email::parse("KARI@moss.kommune.no").unwrap()).await.unwrap().expect("found");
        assert_eq!(found.display_name, "Kari Nordmann");
        assert_eq!(found.role, Role::Administrator);
        assert!(found.active);
        assert!(found.password_hash.verify("lange ord i rekke"));
        assert!(store.find_staff_by_email(&Email::parse("ola@moss.kommune.no").unwrap()).await.unwrap().is_none());
        assert_eq!(store.count_staff_users().await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn demo_data_is_idempotent() {
    each_backend(|backend, store| async move {
        let first = innspill::demo::load(store.as_ref()).await.unwrap();
        let teams = store.list_teams().await.unwrap();
        let second = innspill::demo::load(store.as_ref()).await.unwrap();
        assert_eq!(first, second);
        assert_eq!(store.list_teams().await.unwrap(), teams, "{backend:?}: nothing duplicated or changed");
        assert_eq!(teams.len(), first.teams);
        assert_eq!(store.list_themes().await.unwrap().len(), first.themes);
        assert_eq!(store.list_areas().await.unwrap().len(), first.areas);
        assert_eq!(teams.iter().filter(|t| t.owns_journeys).count(), 1, "one team owns journeys");
        assert_eq!(store.list_themes().await.unwrap().iter().filter(|t| t.is_triage).count(), 1);
    })
    .await;
}

#[tokio::test]
async fn concurrent_writers_all_succeed() {
    each_backend(|backend, store| async move {
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move { store.upsert_team(&team(&format!("team-{i}"), &format!("Team {i}"), i)).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap_or_else(|e| panic!("{backend:?}: a writer failed: {e}"));
        }
        assert_eq!(store.list_teams().await.unwrap().len(), 40);
    })
    .await;
}

#[tokio::test]
async fn receipts_to_one_address_count_against_its_daily_limit_even_when_posted_at_once() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        // Twelve at once land in few batches; exactly five may queue a receipt.
        let tasks: Vec<_> = (0..12)
            .map(|n| {
                let store = store.clone();
                let mut new = idea(&new_key(), &format!("hash-limited-{n}"), Contact::Anonymous);
                new.receipt = Some(Receipt {
                    recipient: Email::parse("kari@eksempel.no").unwrap(),
                    locale: "nb".into(),
                    limit_key: "receipt:kari".into(),
                    per_window: 5,
                });
                tokio::spawn(async move { store.create_submission(&new).await })
            })
            .collect();
        let mut queued = 0;
        for task in tasks {
            let created = task.await.unwrap().unwrap_or_else(|e| panic!("{backend:?}: {e}"));
            assert!(created.created, "{backend:?}");
            queued += usize::from(created.receipt_queued);
        }
        assert_eq!(queued, 5, "{backend:?}");
        assert_eq!(store.outbox_counts().await.unwrap(), (5, 0, 0), "{backend:?}: one mail per queued receipt");
        // Another address is not affected; the same form again queues nothing.
        let mut other = idea(&new_key(), "hash-limited-other", Contact::Anonymous);
        other.receipt =
            Some(Receipt { recipient: Email::parse("ola@eksempel.no").unwrap(), locale: "nb".into(), limit_key: "receipt:ola".into(), per_window: 5 });
        assert!(store.create_submission(&other).await.unwrap().receipt_queued, "{backend:?}");
        let again = store.create_submission(&other).await.unwrap();
        assert!(!again.created && !again.receipt_queued, "{backend:?}");
        assert_eq!(store.outbox_counts().await.unwrap(), (6, 0, 0), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_closed_store_reports_unavailable() {
    each_backend(|backend, store| async move {
        store.ping().await.expect("ready while open");
        store.close().await;
        assert!(matches!(store.ping().await, Err(StoreError::Unavailable(_))), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_full_sync_busy_timeout_and_foreign_keys() {
    let database = TestDatabase::new(&Backend::Sqlite).await;
    let settings = database.settings(&[]);
    let innspill::config::DatabaseUrl::Sqlite(path) = &settings.database_url else { unreachable!() };
    let store = innspill::store::SqliteStore::open(path, settings.sqlite_synchronous, std::time::Duration::from_secs(3)).await.unwrap();
    let (journal, synchronous, busy_ms, foreign_keys) = store.pragmas().await.unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(synchronous, 2, "FULL");
    assert!(busy_ms >= 5000);
    assert!(foreign_keys);
}

/// A stand-in for a form key's stored fingerprint: unique per call.
fn new_key() -> String {
    domain::submission::random_token()
}

fn idea(key: &str, token_hash: &str, contact: domain::submission::Contact) -> domain::submission::NewSubmission {
    use domain::submission::*;
    let text = |s: &str| BoundedText::parse("f", s, TextLimits { required: true, max_chars: 500 }).unwrap();
    NewSubmission {
        kind: InputKind::Idea,
        detail: SubmissionDetail::Idea,
        address: None,
        theme_id: None,
        area_id: None,
        submitter_kind: SubmitterKind::Tenant,
        organisation_name: None,
        requests_help: false,
        locale: "nb".into(),
        title: text("Benker i bakgården"),
        body: text("</textarea><script>alert(1)</script> مرحبا 😀"),
        personal_data_flags: String::new(),
        contact,
        idempotency_hash: key.to_string(),
        token_key_id: "test-key".into(),
        tracking_token_hash: token_hash.into(),
        held: None,
        reference_prefix: "MOSS".into(),
        received_at: chrono::Utc::now(),
        receipt: None,
        routing: domain::routing::Routed { decisions: Vec::new(), triage: false },
        due_at: chrono::Utc::now() + chrono::Duration::days(7),
        search_text: "Benker i bakgården".into(),
        api: None,
    }
}

#[tokio::test]
async fn submissions_get_sequential_references_and_repeat_keys_return_the_first() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        let key = new_key();
        let first = store.create_submission(&idea(&key, "hash-1", Contact::Anonymous)).await.unwrap();
        assert!(first.created);
        let year = chrono::Datelike::year(&chrono::Utc::now());
        assert_eq!(first.reference, format!("MOSS-{year}-00001"), "{backend:?}");
        let again = store.create_submission(&idea(&key, "hash-1", Contact::Anonymous)).await.unwrap();
        assert_eq!(again, CreatedSubmission { created: false, ..first.clone() });
        let second = store.create_submission(&idea(&new_key(), "hash-2", Contact::Anonymous)).await.unwrap();
        assert_eq!(second.reference, format!("MOSS-{year}-00002"));
        assert_eq!(store.count_submissions().await.unwrap(), 2);
    })
    .await;
}

#[tokio::test]
async fn the_same_form_posted_concurrently_creates_one_item() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        let key = new_key();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (store, key) = (store.clone(), key.clone());
                tokio::spawn(async move { store.create_submission(&idea(&key, "hash-x", Contact::Anonymous)).await })
            })
            .collect();
        let mut references = std::collections::HashSet::new();
        for task in tasks {
            references.insert(task.await.unwrap().unwrap().reference);
        }
        assert_eq!(references.len(), 1, "{backend:?}");
        assert_eq!(store.count_submissions().await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_submission_is_found_by_its_token_hash_with_its_text_intact() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        let contact = Contact::parse(true, "kari@eksempel.no", "912 34 567", true).unwrap();
        store.create_submission(&idea(&new_key(), "hash-found", contact)).await.unwrap();
        let found = store.submission_by_token_hash("hash-found").await.unwrap().expect("found");
        assert_eq!(found.kind, InputKind::Idea);
        assert_eq!(found.status, "new");
        assert_eq!(found.title.as_deref(), Some("Benker i bakgården"));
        assert_eq!(found.body, "</textarea><script>alert(1)</script> مرحبا 😀", "{backend:?}: stored verbatim");
        assert!(store.submission_by_token_hash("hash-other").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn app_secrets_are_created_once_and_then_kept() {
    each_backend(|backend, store| async move {
        let first = store.app_secret("tracking", "generated-1").await.unwrap();
        let second = store.app_secret("tracking", "generated-2").await.unwrap();
        assert_eq!(first, "generated-1");
        assert_eq!(second, "generated-1", "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn the_outbox_claims_retries_sends_once_and_gives_up() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        let mut new = idea(&new_key(), "hash-mail", Contact::Anonymous);
        new.receipt =
            Some(Receipt { recipient: Email::parse("kari@eksempel.no").unwrap(), locale: "nb".into(), limit_key: "receipt:kari".into(), per_window: 5 });
        let created = store.create_submission(&new).await.unwrap();
        let now = chrono::Utc::now();
        let lease = now + chrono::Duration::minutes(10);
        let mail = store.claim_mails(now, lease, 1).await.unwrap().pop().expect("due");
        assert_eq!(mail.attempts, 1);
        assert_eq!((mail.template.as_str(), mail.recipient.as_str(), mail.locale.as_str()), ("receipt", "kari@eksempel.no", "nb"));
        let item = mail.item.clone().expect("the item is found");
        assert!(item.reference.contains("MOSS-"), "{backend:?}: built with the reference");
        assert_eq!(item.reference, created.reference);
        assert_eq!((item.token_seed.as_str(), item.token_key_id.as_str()), (new.idempotency_hash.as_str(), "test-key"));
        assert!(store.claim_mails(now, lease, 1).await.unwrap().is_empty(), "leased to one worker");
        store.mail_failed(mail.id, "connection refused", Some(now)).await.unwrap();
        let again = store.claim_mails(now, lease, 1).await.unwrap().pop().expect("due again");
        assert_eq!(again.attempts, 2);
        // A worker that died mid-send: claimable again after the lease.
        let later = lease + chrono::Duration::seconds(1);
        let reclaimed = store.claim_mails(later, later + chrono::Duration::minutes(10), 1).await.unwrap().pop().expect("lease expired");
        assert_eq!(reclaimed.attempts, 3);
        store.mails_sent(&[reclaimed.id], later).await.unwrap();
        assert_eq!(store.outbox_counts().await.unwrap(), (0, 1, 0));
        assert!(store.claim_mails(later, later, 1).await.unwrap().is_empty(), "sent mail is never sent again");

        let mut second = idea(&new_key(), "hash-mail-2", Contact::Anonymous);
        second.receipt = new.receipt.clone();
        store.create_submission(&second).await.unwrap();
        let now = chrono::Utc::now();
        let mail = store.claim_mails(now, now + chrono::Duration::minutes(10), 1).await.unwrap().pop().expect("due");
        store.mail_failed(mail.id, "mailbox unavailable", None).await.unwrap();
        assert_eq!(store.outbox_counts().await.unwrap(), (0, 1, 1), "{backend:?}: dead-lettered");

        // Under load the worker claims and marks many at once, oldest first, each with its own item.
        let mut references = Vec::new();
        for n in 0..3 {
            let mut more = idea(&new_key(), &format!("hash-mail-batch-{n}"), Contact::Anonymous);
            more.receipt = new.receipt.clone();
            references.push(store.create_submission(&more).await.unwrap().reference);
        }
        let now = chrono::Utc::now();
        let batch = store.claim_mails(now, now + chrono::Duration::minutes(10), 20).await.unwrap();
        assert_eq!(batch.len(), 3, "{backend:?}: the dead mail is not claimed");
        assert!(batch.windows(2).all(|w| w[0].id < w[1].id), "{backend:?}: oldest first");
        let claimed: Vec<String> = batch.iter().map(|m| m.item.clone().expect("item").reference).collect();
        assert_eq!(claimed, references, "{backend:?}");
        assert!(store.claim_mails(now, now, 20).await.unwrap().is_empty(), "{backend:?}: all leased");
        store.mails_sent(&batch.iter().map(|m| m.id).collect::<Vec<_>>(), now).await.unwrap();
        assert_eq!(store.outbox_counts().await.unwrap(), (0, 4, 1), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn routing_rules_round_trip_with_their_teams_and_keywords() {
    each_backend(|backend, store| async move {
        use domain::routing::{Keywords, Rule};
        innspill::demo::load(store.as_ref()).await.unwrap();
        let teams = store.list_teams().await.unwrap();
        let before = store.list_routing_rules().await.unwrap().len();
        let mut rule = Rule {
            id: 0,
            priority: 5,
            description: "Støy på Jeløy «natt»".into(),
            input_kind: Some(domain::submission::InputKind::Concern),
            theme_id: None,
            area_id: None,
            submitter_kind: Some(domain::submission::SubmitterKind::Neighbour),
            keywords: Keywords::parse("støy\nbråk*").unwrap(),
            team_ids: vec![teams[0].id, teams[1].id],
            active: true,
        };
        rule.id = store.save_routing_rule(&rule).await.unwrap();
        let stored = store.list_routing_rules().await.unwrap();
        assert_eq!(stored.len(), before + 1, "{backend:?}");
        let found = stored.iter().find(|r| r.id == rule.id).unwrap();
        assert_eq!(found.description, rule.description);
        assert_eq!(found.keywords, rule.keywords);
        assert_eq!(found.team_ids, rule.team_ids);
        assert_eq!(found.submitter_kind, rule.submitter_kind);
        // Replacing keeps the id and swaps the teams.
        rule.team_ids = vec![teams[2].id];
        rule.active = false;
        assert_eq!(store.save_routing_rule(&rule).await.unwrap(), rule.id);
        let found = store.list_routing_rules().await.unwrap().into_iter().find(|r| r.id == rule.id).unwrap();
        assert_eq!((found.team_ids, found.active), (vec![teams[2].id], false), "{backend:?}");
        // A rule that does not exist is an error, not a silent insert.
        rule.id = 999_999;
        assert!(store.save_routing_rule(&rule).await.is_err());
        assert!(matches!(store.save_routing_rule(&rule).await, Err(StoreError::NotFound("routing rule"))), "{backend:?}: not found, not a conflict");
    })
    .await;
}

#[tokio::test]
async fn many_submissions_at_once_get_distinct_gapless_references() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let store = store.clone();
                let contact = if i % 3 == 0 {
                    Contact::Reachable { email: Some(domain::Email::parse("kari@eksempel.no").unwrap()), phone: None }
                } else {
                    Contact::Anonymous
                };
                tokio::spawn(async move { store.create_submission(&idea(&new_key(), &format!("hash-{i}"), contact)).await })
            })
            .collect();
        let mut numbers = Vec::new();
        for task in tasks {
            let created = task.await.unwrap().unwrap();
            assert!(created.created);
            numbers.push(reference_number(&created.reference));
        }
        numbers.sort();
        assert_eq!(numbers, (1..=50).collect::<Vec<_>>(), "{backend:?}");
        assert_eq!(store.count_submissions().await.unwrap(), 50);
    })
    .await;
}

#[tokio::test]
async fn consultations_lock_their_questions_at_the_first_answer_and_take_one_answer_set_per_person() {
    use domain::consultation::{Answer, ConsultationDraft, DraftInput, NewResponse, QuestionDraft, ResponseOutcome};
    each_backend(|backend, store| async move {
        let team = store.upsert_team(&team("nav", "NAV", 1)).await.unwrap();
        let actor = moderator(store.as_ref(), "mona@moss.kommune.no").await;
        let now = chrono::Utc::now();
        let today = domain::time::norway(now).date_naive().to_string();
        let later = domain::time::norway(now + chrono::Duration::days(7)).date_naive().to_string();
        let draft = ConsultationDraft::parse(DraftInput {
            title: "Lys",
            introduction: "Om lys",
            team_id: Some(team),
            area_ids: vec![],
            opens_on: &today,
            closes_on: &later,
            locale: "nb",
        })
        .unwrap();
        let id = store.create_consultation(&draft, "lys", actor, now).await.unwrap();
        let again = store.create_consultation(&draft, "lys", actor, now).await.unwrap();
        assert_eq!(store.consultation(again).await.unwrap().unwrap().slug, "lys-2", "{backend:?}: a free slug");
        for (prompt, kind, options) in [("A?", "single_choice", "Ja\nNei"), ("B?", "scale", ""), ("C?", "short_text", "")] {
            let question = QuestionDraft::parse(kind, prompt, true, options).unwrap();
            assert!(store.save_question(id, None, &question, actor, now).await.unwrap());
        }
        let consultation = store.consultation(id).await.unwrap().unwrap();
        let (a, b, c) = (consultation.questions[0].clone(), consultation.questions[1].clone(), consultation.questions[2].clone());
        assert!(store.move_question(id, c.id, true, actor, now).await.unwrap());
        let prompts: Vec<String> = store.consultation(id).await.unwrap().unwrap().questions.iter().map(|q| q.prompt.clone()).collect();
        assert_eq!(prompts, ["A?", "C?", "B?"], "{backend:?}");
        // Not open before it is published.
        let response = |key: &str, who: &str| NewResponse {
            consultation_id: id,
            respondent_hash: who.into(),
            locale: "nb".into(),
            personal_data_flags: String::new(),
            idempotency_hash: key.into(),
            answers: vec![
                Answer::Choices { question_id: a.id, option_ids: vec![a.options[1].id] },
                Answer::Scale { question_id: b.id, value: 5 },
                Answer::Text { question_id: c.id, text: format!("Mer lys 💡 {who}") },
            ],
            now,
        };
        assert_eq!(store.store_response(&response("key-1", "anna")).await.unwrap(), ResponseOutcome::NotOpen);
        store.set_consultation_state(id, "open", actor, now).await.unwrap();
        assert_eq!(store.store_response(&response("key-1", "anna")).await.unwrap(), ResponseOutcome::Stored);
        assert_eq!(store.store_response(&response("key-1", "anna")).await.unwrap(), ResponseOutcome::Stored, "the same form again");
        assert_eq!(store.store_response(&response("key-2", "anna")).await.unwrap(), ResponseOutcome::AlreadyAnswered);
        assert_eq!(store.store_response(&response("key-3", "bo")).await.unwrap(), ResponseOutcome::Stored);
        assert!(store.has_answered(id, "anna").await.unwrap() && !store.has_answered(id, "cato").await.unwrap());
        // Locked: nothing about the questions changes any more.
        let changed = QuestionDraft::parse("long_text", "Endret?", false, "").unwrap();
        assert!(!store.save_question(id, Some(a.id), &changed, actor, now).await.unwrap());
        assert!(!store.save_question(id, None, &changed, actor, now).await.unwrap());
        assert!(!store.move_question(id, a.id, false, actor, now).await.unwrap());
        assert!(!store.delete_question(id, a.id, actor, now).await.unwrap());
        let consultation = store.consultation(id).await.unwrap().unwrap();
        assert_eq!((consultation.questions.len(), consultation.responses), (3, 2), "{backend:?}");
        // The database counts; the newest written answers come first.
        let counted = store.consultation_counts(id, 1).await.unwrap();
        let mut answered = counted.answered.clone();
        answered.sort_unstable();
        assert_eq!(answered, vec![(a.id, 2), (b.id, 2), (c.id, 2)], "{backend:?}");
        let mut choices = counted.choices.clone();
        choices.sort_unstable();
        assert_eq!(choices, vec![(a.id, Some(a.options[1].id), None, 2), (b.id, None, Some(5), 2)], "{backend:?}");
        assert_eq!(counted.texts, vec![(c.id, "Mer lys 💡 bo".to_string())], "{backend:?}: the newest, text intact");
        assert_eq!(counted.text_totals, vec![(c.id, 2)], "{backend:?}");
        // The export reads page by page, in order, each answer set with its own answers.
        let (first, answers) = store.consultation_answer_page(id, 0, 1).await.unwrap();
        assert_eq!((first.len(), answers.len()), (1, 3), "{backend:?}");
        assert!(answers.iter().all(|x| x.response_id == first[0].id) && answers.iter().any(|x| x.text.as_deref() == Some("Mer lys 💡 anna")));
        assert_eq!(first[0].at.timestamp_micros(), now.timestamp_micros(), "{backend:?}: the answer set's time, exactly");
        assert!(answers.windows(2).all(|w| w[0].question_id < w[1].question_id), "{backend:?}: answers in question order");
        let (second, answers) = store.consultation_answer_page(id, first[0].id, 1).await.unwrap();
        assert_eq!((second.len(), answers.len()), (1, 3), "{backend:?}");
        assert!(second[0].id > first[0].id && answers.iter().any(|x| x.text.as_deref() == Some("Mer lys 💡 bo")));
        let (none, answers) = store.consultation_answer_page(id, second[0].id, 1).await.unwrap();
        assert!(none.is_empty() && answers.is_empty(), "{backend:?}");
        // Closing stops answers; results are published once.
        store.set_consultation_state(id, "closed", actor, now + chrono::Duration::seconds(1)).await.unwrap();
        assert_eq!(store.store_response(&response("key-4", "cato")).await.unwrap(), ResponseOutcome::NotOpen);
        store.publish_results(id, actor, now).await.unwrap();
        let closed = store.consultation(id).await.unwrap().unwrap();
        assert!(closed.results_public(now + chrono::Duration::seconds(2)), "{backend:?}");
        assert_eq!(store.public_consultations().await.unwrap().len(), 1, "{backend:?}: the draft is not public");
        assert_eq!(store.list_consultations().await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn the_public_ideas_list_filters_sorts_and_pages_approved_ideas_only() {
    use domain::participation::{IdeaDecision, PublicIdeaQuery};
    use domain::submission::*;
    each_backend(|backend, store| async move {
        innspill::demo::load(store.as_ref()).await.unwrap();
        let themes = store.list_themes().await.unwrap();
        let areas = store.list_areas().await.unwrap();
        let actor = moderator(store.as_ref(), "moderator@moss.kommune.no").await;
        // Text that JSON and HTML both have to carry: quotes, backslashes, line breaks, script, RTL, emoji.
        let awkward = "«Sitat» \"quoted\" \\ back\nslash <script>alert(1)</script> مرحبا 😀";
        let started = chrono::Utc::now() - chrono::Duration::hours(1);
        let mut ids = Vec::new();
        for n in 0..5i64 {
            let mut new = idea(&new_key(), &format!("public-{n}"), Contact::Anonymous);
            new.theme_id = Some(themes[(n % 2) as usize].id);
            new.area_id = Some(areas[(n % 3) as usize].id);
            let body = if n == 0 { awkward.to_string() } else { format!("Tekst {n}") };
            ids.push(published_idea(store.as_ref(), &new, &format!("Idé {n}"), &body, actor, started + chrono::Duration::minutes(n)).await);
        }
        // Neither a pending nor a rejected idea is public.
        store.create_submission(&idea(&new_key(), "pending", Contact::Anonymous)).await.unwrap();
        let rejected = store.create_submission(&idea(&new_key(), "rejected", Contact::Anonymous)).await.unwrap().id;
        store.moderate_idea(rejected, &IdeaDecision::Reject { reason: "personal_data", note: None }, actor, None, started).await.unwrap();
        for (n, supporters) in [(1usize, 3), (3, 2)] {
            for s in 0..supporters {
                assert!(store.support_idea(ids[n], &format!("supporter-{s}"), started).await.unwrap());
            }
        }
        let query = |by_support, page, per_page| PublicIdeaQuery { theme_id: None, area_id: None, by_support, page, per_page };
        let order = |ideas: &[domain::participation::PublicIdeaSummary]| ideas.iter().map(|i| i.id).collect::<Vec<_>>();

        let (newest, total) = store.public_ideas(&query(false, 1, 20)).await.unwrap();
        assert_eq!(total, 5, "{backend:?}");
        assert_eq!(order(&newest), ids.iter().rev().copied().collect::<Vec<_>>(), "{backend:?}: newest first");
        let first = newest.last().unwrap();
        assert_eq!(first.body_start, awkward, "{backend:?}: text survives the round trip");
        assert_eq!((first.title.as_str(), first.theme_id, first.area_id), ("Idé 0", Some(themes[0].id), Some(areas[0].id)));
        assert_eq!(first.published_at.timestamp(), started.timestamp());
        assert!(newest.iter().all(|i| !i.answered), "{backend:?}: no answer yet");

        let (supported, _) = store.public_ideas(&query(true, 1, 20)).await.unwrap();
        assert_eq!(order(&supported), vec![ids[1], ids[3], ids[4], ids[2], ids[0]], "{backend:?}: most supported, then newest");
        assert_eq!(supported[0].supports, 3);

        let (page_two, total) = store.public_ideas(&query(false, 2, 2)).await.unwrap();
        assert_eq!((order(&page_two), total), (vec![ids[2], ids[1]], 5), "{backend:?}: second page of two");
        let (past_end, total) = store.public_ideas(&query(false, 4, 2)).await.unwrap();
        assert_eq!((past_end.len(), total), (0, 5), "{backend:?}: past the end, the total still comes");

        let by_theme = PublicIdeaQuery { theme_id: Some(themes[1].id), ..query(false, 1, 20) };
        let (ideas, total) = store.public_ideas(&by_theme).await.unwrap();
        assert_eq!((order(&ideas), total), (vec![ids[3], ids[1]], 2), "{backend:?}: theme filter");
        let by_both = PublicIdeaQuery { theme_id: Some(themes[0].id), area_id: Some(areas[0].id), ..query(false, 1, 20) };
        let (ideas, total) = store.public_ideas(&by_both).await.unwrap();
        assert_eq!((order(&ideas), total), (vec![ids[0]], 1), "{backend:?}: theme and area");
        let nothing = PublicIdeaQuery { theme_id: Some(-1), ..query(false, 1, 20) };
        assert_eq!(store.public_ideas(&nothing).await.unwrap().1, 0);

        // An answer shows as answered; two ideas published at the same instant
        // come newest key first, on the page and across the page break.
        store.set_official_answer(ids[2], Some("Vi ser på det."), actor, started).await.unwrap();
        let later = started + chrono::Duration::minutes(10);
        let mut twins = Vec::new();
        for n in 0..2 {
            let new = idea(&new_key(), &format!("twin-{n}"), Contact::Anonymous);
            twins.push(published_idea(store.as_ref(), &new, &format!("Tvilling {n}"), "Tekst", actor, later).await);
        }
        let (newest, total) = store.public_ideas(&query(false, 1, 20)).await.unwrap();
        assert_eq!(total, 7);
        assert_eq!(order(&newest)[..3], [twins[1], twins[0], ids[4]], "{backend:?}: ties by key");
        assert_eq!(newest.iter().filter(|i| i.answered).map(|i| i.id).collect::<Vec<_>>(), vec![ids[2]], "{backend:?}: answered");
        let (first_page, _) = store.public_ideas(&query(false, 1, 1)).await.unwrap();
        let (second_page, _) = store.public_ideas(&query(false, 2, 1)).await.unwrap();
        assert_eq!((order(&first_page), order(&second_page)), (vec![twins[1]], vec![twins[0]]), "{backend:?}: ties across pages");

        // The list carries only the start of a long text, counted in characters.
        use domain::participation::EXCERPT_CHARS;
        let body = "æø".repeat(EXCERPT_CHARS);
        let new = idea(&new_key(), "long", Contact::Anonymous);
        let long = published_idea(store.as_ref(), &new, "Lang", &body, actor, later + chrono::Duration::minutes(1)).await;
        let (newest, _) = store.public_ideas(&query(false, 1, 1)).await.unwrap();
        assert_eq!(newest[0].id, long);
        assert_eq!(newest[0].body_start, body.chars().take(EXCERPT_CHARS + 1).collect::<String>(), "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_submission_that_cannot_be_stored_fails_alone_and_leaves_no_trace() {
    use domain::submission::*;
    each_backend(|backend, store| async move {
        // Sent together, so SQLite's group commit may put them in one batch:
        // the broken one (a theme that does not exist) must not take the others down.
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let store = store.clone();
                let mut new = idea(&new_key(), &format!("batch-{i}"), Contact::Anonymous);
                if i == 3 {
                    new.theme_id = Some(999_999);
                }
                tokio::spawn(async move { store.create_submission(&new).await })
            })
            .collect();
        let mut numbers = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            match task.await.unwrap() {
                Ok(created) => numbers.push(reference_number(&created.reference)),
                Err(error) => assert_eq!(i, 3, "{backend:?}: only the broken one fails, not {i}: {error}"),
            }
        }
        numbers.sort();
        assert_eq!(numbers, (1..=7).collect::<Vec<_>>(), "{backend:?}: no reference number lost to the failure");
        assert_eq!(store.count_submissions().await.unwrap(), 7);
        assert!(store.submission_by_token_hash("batch-3").await.unwrap().is_none());
        // And the writer goes on.
        let after = store.create_submission(&idea(&new_key(), "after", Contact::Anonymous)).await.unwrap();
        assert!(after.reference.ends_with("-00008"), "{backend:?}: {}", after.reference);
    })
    .await;
}

#[tokio::test]
async fn limit_counters_are_counted_under_lock_and_pruned_after_their_window() {
    use innspill::store::staff::{LoginAttempt, ThrottlePolicy};
    each_backend(|backend, store| async move {
        let start = chrono::Utc::now() - chrono::Duration::hours(3);
        let later = start + chrono::Duration::hours(2);
        let policy = ThrottlePolicy {
            window: chrono::Duration::minutes(15),
            free_failures: 2,
            first_block: chrono::Duration::hours(10),
            max_block: chrono::Duration::hours(10),
        };
        assert!(matches!(store.count_login_attempt("old", start, &policy).await.unwrap(), LoginAttempt::Counted { failures: 1, blocked_until: None }));
        for _ in 0..2 {
            store.count_login_attempt("blocked", start, &policy).await.unwrap();
        }
        assert!(matches!(store.count_login_attempt("blocked", start, &policy).await.unwrap(), LoginAttempt::Refused { .. }), "{backend:?}");
        store.count_login_attempt("fresh", later, &policy).await.unwrap();
        // Old and over: gone; still blocking, or fresh: kept.
        assert_eq!(store.prune_login_throttle(later - chrono::Duration::hours(1), later).await.unwrap(), 1, "{backend:?}");
        assert!(matches!(store.count_login_attempt("fresh", later, &policy).await.unwrap(), LoginAttempt::Counted { failures: 2, .. }));
        assert!(matches!(store.count_login_attempt("blocked", later, &policy).await.unwrap(), LoginAttempt::Refused { .. }), "{backend:?}: still blocked");

        // Ten hits at once on one key: all counted, the tenth is over.
        let mut hits = tokio::task::JoinSet::new();
        for _ in 0..10 {
            let store = store.clone();
            hits.spawn(async move { store.rate_limited("busy", later, chrono::Duration::hours(1), 9).await.unwrap() });
        }
        let over = hits.join_all().await.into_iter().filter(|over| *over).count();
        assert_eq!(over, 1, "{backend:?}: the tenth hit is over the limit");
        store.rate_limited("old", start, chrono::Duration::hours(1), 9).await.unwrap();
        assert_eq!(store.prune_rate_limits(later - chrono::Duration::hours(1)).await.unwrap(), 1, "{backend:?}");
        assert!(store.rate_limited("busy", later, chrono::Duration::hours(1), 9).await.unwrap(), "{backend:?}: the fresh counter is kept");
    })
    .await;
}
