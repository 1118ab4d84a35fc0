//! Insight: the sums behind the department's pages equal a full
//! recomputation after any sequence of changes, on SQLite and PostgreSQL;
//! the demo generator gives the same data for the same seed.

use crate::support::{backends, TestDatabase};
use chrono::TimeZone;
use domain::intake::Catalog;
use domain::workspace::{Actor, ItemAction};
use innspill::store::Store;

fn until() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
}

const STEP_KEY: &str = "scope, month, theme_id, area_id, submitter_kind, goal, service, stage";
const TRANSITION_KEY: &str = "scope, month, theme_id, area_id, submitter_kind, goal, previous_service, service";

/// `columns` as one text per row, in a form both databases write alike.
fn joined(columns: &str) -> String {
    columns.split(", ").map(|c| format!("cast({c} as text)")).collect::<Vec<_>>().join(" || '|' || ")
}

/// The sums as stored, and as recomputed from every item as it is now.
async fn stored_and_recomputed(database: &TestDatabase) -> [(Vec<String>, Vec<String>); 3] {
    let feelings = (1..=5).map(|f| format!("sum(case when feeling = {f} then 1 else 0 end) as f{f}")).collect::<Vec<_>>().join(", ");
    let steps =
        database.texts(&format!("select {} from insight_step_cell order by 1", joined(&format!("{STEP_KEY}, n, went_wrong, f1, f2, f3, f4, f5")))).await;
    let steps_again = database
        .texts(&format!(
            "select {} from (select {STEP_KEY}, count(*) as n, sum(went_wrong) as w, {feelings} from insight_step_entry group by {STEP_KEY}) t order by 1",
            joined(&format!("{STEP_KEY}, n, w, f1, f2, f3, f4, f5"))
        ))
        .await;
    let transitions = database
        .texts(&format!(
            "select {} from insight_transition_cell order by 1",
            joined("scope, month, theme_id, area_id, submitter_kind, goal, from_service, to_service, n, went_wrong, returns, f1, f2, f3, f4, f5")
        ))
        .await;
    let transitions_again = database
        .texts(&format!(
            "select {} from (select {TRANSITION_KEY}, count(*) as n, sum(went_wrong) as w, sum(returns) as r, {feelings}
                             from insight_step_entry where position > 1 group by {TRANSITION_KEY}) t order by 1",
            joined(&format!("{TRANSITION_KEY}, n, w, r, f1, f2, f3, f4, f5"))
        ))
        .await;
    let all = "submission_id, position, scope, month, theme_id, area_id, submitter_kind, goal, service, stage, feeling, went_wrong, previous_service, returns";
    let rows = database.texts(&format!("select {} from insight_step order by 1", joined(all))).await;
    let rows_again = database.texts(&format!("select {} from insight_step_entry order by 1", joined(all))).await;
    [(steps, steps_again), (transitions, transitions_again), (rows, rows_again)]
}

async fn assert_sums_match(database: &TestDatabase, backend: &crate::support::Backend, after: &str) {
    for (what, (stored, recomputed)) in ["step sums", "transition sums", "step rows"].iter().zip(stored_and_recomputed(database).await) {
        assert!(!recomputed.is_empty(), "{backend:?} after {after}: no {what} at all");
        assert_eq!(stored, recomputed, "{backend:?} after {after}: {what} differ from a full recomputation");
    }
}

/// SplitMix64, as the generator uses: the same sequence everywhere.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

async fn catalog(store: &dyn Store) -> Catalog {
    Catalog {
        teams: store.list_teams().await.unwrap(),
        themes: store.list_themes().await.unwrap(),
        areas: store.list_areas().await.unwrap(),
        rules: store.list_routing_rules().await.unwrap(),
    }
}

fn text(s: &str) -> domain::submission::BoundedText {
    domain::submission::BoundedText::parse("t", s, domain::submission::TextLimits { required: true, max_chars: 4000 }).unwrap().unwrap()
}

#[tokio::test]
async fn insight_sums_equal_a_full_recomputation_after_random_changes() {
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let store = database.store().await;
        innspill::demo::load(store.as_ref()).await.unwrap();
        let made = innspill::demo::generate(store.as_ref(), 300, 11, until(), "MOSS").await.unwrap();
        assert!(made.journeys > 50 && made.referrals > 0 && made.closed > 0, "{backend:?}: {made:?}");
        assert_sums_match(&database, &backend, "generating 300 items").await;
        let catalog = catalog(store.as_ref()).await;
        let teams: Vec<i64> = catalog.teams.iter().map(|t| t.id).collect();
        let moderator = store
            .create_staff_user(&domain::NewStaffUser {
                email: domain::Email::parse("moderator@insight.test").unwrap(),
                display_name: "Moderator".into(),
                password_hash: domain::PasswordHash(String::new()),
                role: domain::Role::Moderator,
            })
            .await
            .unwrap();
        let mut rng = Rng(7);
        let mut extra = 1000;
        let now = until();
        for round in 0..80 {
            let ids: Vec<i64> = database.texts("select cast(id as text) from submission order by id").await.iter().map(|t| t.parse().unwrap()).collect();
            let id = ids[rng.below(ids.len())];
            let team = teams[rng.below(teams.len())];
            let actor = Actor { staff_id: moderator, team_id: Some(team), client: None };
            let op = rng.below(9);
            match op {
                0 => {
                    store.act(id, actor, &ItemAction::Refer { to_team: team, reason: text("Hører til et annet team."), keep: false }, None, now).await.unwrap()
                }
                1 => store.act(id, actor, &ItemAction::Refer { to_team: team, reason: text("Et team til."), keep: true }, None, now).await.unwrap(),
                2 => store.act(id, actor, &ItemAction::Reply(text("Vi ser på det.")), None, now).await.unwrap(),
                3 => {
                    let close = ItemAction::Close { outcome: domain::vocabulary::Outcome::Resolved, detail: None, duplicate_of: None, reply: None };
                    store.act(id, actor, &close, None, now).await.unwrap()
                }
                4 => {
                    store.reopen(id, &text("Ikke løst."), now).await.unwrap();
                }
                5 => {
                    store.erase_item(id, Some(actor), now).await.unwrap();
                }
                6 => {
                    store.anonymise_item(id, Some(actor), now).await.unwrap();
                }
                _ => {
                    // A new item, sometimes held as if from a script and then let through by a moderator.
                    extra += 1;
                    let mut new = innspill::demo::item(11, extra, until(), &catalog, "MOSS").unwrap();
                    let held = op == 8;
                    if held {
                        new.held = Some(domain::submission::HeldReason::TooFast);
                        new.routing = new.routing.held();
                    }
                    let created = store.create_submission(&new).await.unwrap();
                    if held && rng.below(2) == 0 {
                        store.act(created.id, actor, &ItemAction::ConfirmTriage { team_id: team }, None, now).await.unwrap();
                    }
                }
            }
            if round % 20 == 19 {
                assert_sums_match(&database, &backend, &format!("{} random changes (the last: {op})", round + 1)).await;
            }
        }
        store.close().await;
    }
}

#[tokio::test]
async fn demo_data_is_the_same_for_the_same_seed_and_differs_for_another() {
    let backend = crate::support::Backend::Sqlite;
    let fingerprint = |seed: u64| {
        let backend = backend.clone();
        async move {
            let database = TestDatabase::new(&backend).await;
            let store = database.store().await;
            innspill::demo::load(store.as_ref()).await.unwrap();
            let made = innspill::demo::generate(store.as_ref(), 120, seed, until(), "MOSS").await.unwrap();
            let rows = database
                .texts(
                    "select reference || '|' || kind || '|' || status || '|' || coalesce(cast(theme_id as text), '') || '|' || coalesce(cast(area_id as text), '')
                         || '|' || submitter_kind || '|' || created_at || '|' || coalesce(outcome, '') || '|' || body
                     from submission order by reference",
                )
                .await;
            let steps =
                database.texts("select cast(submission_id as text) || '|' || what_happened || '|' || cast(feeling as text) from journey_step order by 1").await;
            store.close().await;
            (made, rows, steps)
        }
    };
    let (made, rows, steps) = fingerprint(5).await;
    assert_eq!(rows.len(), 120);
    assert!(made.journeys > 0 && made.concerns > 0 && made.ideas > 0, "{made:?}");
    assert!(rows.iter().all(|r| r.contains("|2024-") || r.contains("|2025-") || r.contains("|2026-")), "all within the 24 months: {rows:?}");
    let again = fingerprint(5).await;
    assert_eq!((made.clone(), rows.clone(), steps.clone()), again, "the same seed gives the same items, follow-ups and steps");
    let other = fingerprint(6).await;
    assert_ne!(rows, other.1, "another seed gives other items");
}

#[tokio::test]
async fn demo_items_need_a_database_without_items() {
    let database = TestDatabase::new(&crate::support::Backend::Sqlite).await;
    let store = database.store().await;
    innspill::demo::load(store.as_ref()).await.unwrap();
    innspill::demo::generate(store.as_ref(), 10, 1, until(), "MOSS").await.unwrap();
    let again = innspill::demo::generate(store.as_ref(), 10, 1, until(), "MOSS").await;
    assert!(matches!(again, Err(innspill::store::StoreError::Conflict(_))), "{again:?}");
    assert_eq!(database.texts("select cast(count(*) as text) from submission").await, ["10"], "nothing added the second time");
}
