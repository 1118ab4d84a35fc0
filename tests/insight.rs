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
const JOURNEY_KEY: &str = "scope, month, theme_id, area_id, submitter_kind, goal, result";
const ITEM_KEY: &str = "scope, month, kind, theme_id, area_id, submitter_kind";
const TRANSITION_KEY: &str = "scope, month, theme_id, area_id, submitter_kind, goal, previous_service, service";

/// `columns` as one text per row, in a form both databases write alike.
fn joined(columns: &str) -> String {
    columns.split(", ").map(|c| format!("cast({c} as text)")).collect::<Vec<_>>().join(" || '|' || ")
}

/// The sums as stored, and as recomputed from every item as it is now.
async fn stored_and_recomputed(database: &TestDatabase, backend: &crate::support::Backend) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
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
    let journeys = database.texts(&format!("select {} from insight_journey_cell order by 1", joined(&format!("{JOURNEY_KEY}, n")))).await;
    let journeys_again = database
        .texts(&format!(
            "select {} from (select {JOURNEY_KEY}, count(*) as n from insight_step_entry where position = 1 group by {JOURNEY_KEY}) t order by 1",
            joined(&format!("{JOURNEY_KEY}, n"))
        ))
        .await;
    let all = "submission_id, position, scope, month, theme_id, area_id, submitter_kind, goal, result, service, stage, feeling, went_wrong, previous_service, returns";
    let rows = database.texts(&format!("select {} from insight_step order by 1", joined(all))).await;
    let rows_again = database.texts(&format!("select {} from insight_step_entry order by 1", joined(all))).await;
    // The item sums (migration 0012).
    let items = "submission_id, scope, month, kind, theme_id, area_id, submitter_kind, replied, coalesce(reply_bucket,-1), late, closed, coalesce(close_bucket,-1), outcome, reopened";
    let item_rows = database.texts(&format!("select {} from insight_item order by 1", joined(items))).await;
    let item_rows_again = database.texts(&format!("select {} from insight_item_entry order by 1", joined(items))).await;
    let outcome_sums = ["resolved", "not_resolved", "referred", "outside_remit", "duplicate"]
        .map(|o| format!("sum(case when outcome = '{o}' then 1 else 0 end) as {o}"))
        .join(", ");
    let cell_columns = format!("{ITEM_KEY}, n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate");
    let item_cells = database.texts(&format!("select {} from insight_item_cell order by 1", joined(&cell_columns))).await;
    let item_cells_again = database
        .texts(&format!(
            "select {} from (select {ITEM_KEY}, count(*) as n, sum(replied) as replied, sum(late) as late, sum(closed) as closed,
                             sum(reopened) as reopened, {outcome_sums} from insight_item_entry group by {ITEM_KEY}) t order by 1",
            joined(&cell_columns)
        ))
        .await;
    let times = database.texts(&format!("select {} from insight_time_cell order by 1", joined(&format!("{ITEM_KEY}, measure, bucket, n")))).await;
    let times_again = database
        .texts(&format!(
            "select {} from (select {ITEM_KEY}, 'reply' as measure, reply_bucket as bucket, count(*) as n from insight_item_entry where reply_bucket is not null group by {ITEM_KEY}, reply_bucket
                             union all
                             select {ITEM_KEY}, 'close', close_bucket, count(*) from insight_item_entry where close_bucket is not null group by {ITEM_KEY}, close_bucket) t order by 1",
            joined(&format!("{ITEM_KEY}, measure, bucket, n"))
        ))
        .await;
    let mut sums = vec![
        ("step sums", steps, steps_again),
        ("transition sums", transitions, transitions_again),
        ("journey sums", journeys, journeys_again),
        ("step rows", rows, rows_again),
        ("item rows", item_rows, item_rows_again),
        ("item sums", item_cells, item_cells_again),
        ("time sums", times, times_again),
    ];
    sums.extend(rollups_and_recomputed(database, backend).await);
    sums
}

/// The roll-ups (migration 0013) as stored, and as the cells summed again;
/// the items awaiting a reply as stored, and as found from the items.
async fn rollups_and_recomputed(database: &TestDatabase, backend: &crate::support::Backend) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let sum = |columns: &str| columns.split(", ").map(|c| format!("sum({c}) as {c}")).collect::<Vec<_>>().join(", ");
    let feelings = "f1, f2, f3, f4, f5";
    let mut out = Vec::new();
    for (what, roll, cell, key, measures) in [
        ("step roll-up", "insight_step_roll", "insight_step_cell", "scope, month, service, stage", format!("n, went_wrong, {feelings}")),
        (
            "transition roll-up",
            "insight_transition_roll",
            "insight_transition_cell",
            "scope, month, from_service, to_service",
            format!("n, went_wrong, returns, {feelings}"),
        ),
        ("journey roll-up", "insight_journey_roll", "insight_journey_cell", "scope, month, goal, result", "n".to_string()),
        ("time roll-up", "insight_time_roll", "insight_time_cell", "scope, month, measure, bucket", "n".to_string()),
    ] {
        let all = format!("{key}, {measures}");
        let stored = database.texts(&format!("select {} from {roll} order by 1", joined(&all))).await;
        let again = database.texts(&format!("select {} from (select {key}, {} from {cell} group by {key}) t order by 1", joined(&all), sum(&measures))).await;
        out.push((what, stored, again));
    }
    let measures = "n, replied, late, closed, reopened, resolved, not_resolved, referred, outside_remit, duplicate";
    let all = format!("scope, dim, month, value, {measures}");
    let stored = database.texts(&format!("select {} from insight_item_roll order by 1", joined(&all))).await;
    let again = [
        ("all", None),
        ("theme", Some("cast(theme_id as text)")),
        ("area", Some("cast(area_id as text)")),
        ("submitter", Some("submitter_kind")),
        ("kind", Some("kind")),
    ]
    .iter()
    .map(|(dim, value)| match value {
        Some(value) => {
            format!("select scope, '{dim}' as dim, month, {value} as value, {} from insight_item_cell group by scope, month, {value}", sum(measures))
        }
        None => format!("select scope, '{dim}' as dim, month, '' as value, {} from insight_item_cell group by scope, month", sum(measures)),
    })
    .collect::<Vec<_>>()
    .join(" union all ");
    let again = database.texts(&format!("select {} from ({again}) t order by 1", joined(&all))).await;
    out.push(("item roll-up", stored, again));
    let awaiting = "submission_id, scope, month, kind, theme_id, area_id, submitter_kind, due_at";
    let stored = database.texts(&format!("select {} from insight_awaiting order by 1", joined(awaiting))).await;
    let again = database
        .texts(&format!(
            "select {} from (select e.submission_id, e.scope, e.month, e.kind, e.theme_id, e.area_id, e.submitter_kind, s.due_at
                             from insight_item_entry e join submission s on s.id = e.submission_id
                             where s.status <> 'closed' and s.first_public_reply_at is null and s.due_at is not null) t order by 1",
            joined(awaiting)
        ))
        .await;
    out.push(("items awaiting a reply", stored, again));
    let due_month = match backend {
        crate::support::Backend::Sqlite => "substr(due_at, 1, 7)",
        crate::support::Backend::Postgres(_) => "to_char(due_at at time zone 'UTC', 'YYYY-MM')",
    };
    let stored = database.texts(&format!("select {} from insight_awaiting_roll order by 1", joined("scope, month, due_month, n"))).await;
    let again = database
        .texts(&format!(
            "select {} from (select scope, month, {due_month} as due_month, count(*) as n from insight_awaiting group by scope, month, {due_month}) t order by 1",
            joined("scope, month, due_month, n")
        ))
        .await;
    out.push(("awaiting roll-up", stored, again));
    out
}

async fn assert_sums_match(database: &TestDatabase, backend: &crate::support::Backend, after: &str) {
    for (what, stored, recomputed) in stored_and_recomputed(database, backend).await {
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

/// A count straight from the items' own tables (not the insight view).
async fn count(database: &TestDatabase, sql: &str) -> i64 {
    database.texts(&format!("select cast(({sql}) as text)")).await[0].parse().unwrap()
}

#[tokio::test]
async fn the_sums_answer_for_a_scope_its_months_and_each_filter() {
    use domain::insight::{InsightFilter, InsightScope, Month, Segment};
    for backend in backends() {
        let database = TestDatabase::new(&backend).await;
        let store = database.store().await;
        innspill::demo::load(store.as_ref()).await.unwrap();
        innspill::demo::generate(store.as_ref(), 400, 4, until(), "MOSS").await.unwrap();
        let last = Month::of(until()).back(1);
        let all =
            InsightFilter { scope: InsightScope::All, from: last.back(23), to: last, theme_id: None, area_id: None, submitter: None, goal: None, kind: None };
        let steps = |sums: &[domain::insight::StepSum]| sums.iter().map(|s| s.feelings.n()).sum::<i64>();
        let step_rows = "select count(*) from journey_step js join submission s on s.id = js.submission_id where s.held_reason is null";
        let unsplit = store.step_sums(&all, None).await.unwrap();
        assert_eq!(steps(&unsplit), count(&database, step_rows).await, "{backend:?}: every step, once");
        assert!(unsplit.iter().all(|s| s.segment.is_empty()));
        let by_goal = store.step_sums(&all, Some(Segment::Goal)).await.unwrap();
        assert_eq!(steps(&by_goal), steps(&unsplit), "{backend:?}: split by goal, the same steps");
        assert!(by_goal.iter().all(|s| domain::vocabulary::JourneyGoal::parse(&s.segment).is_some()), "segments are goals");
        let wrong: i64 = unsplit.iter().map(|s| s.went_wrong).sum();
        assert_eq!(wrong, count(&database, &format!("{step_rows} and js.went_wrong")).await, "{backend:?}: steps marked as where it went wrong");

        let tenants = InsightFilter { submitter: Some(domain::submission::SubmitterKind::Tenant), ..all.clone() };
        assert_eq!(steps(&store.step_sums(&tenants, None).await.unwrap()), count(&database, &format!("{step_rows} and s.submitter_kind = 'tenant'")).await);
        let nav = store.list_teams().await.unwrap().into_iter().find(|t| t.slug.as_str() == "nav").unwrap().id;
        let nav_scope = InsightFilter { scope: InsightScope::Team(nav), ..all.clone() };
        let nav_steps = count(
            &database,
            &format!("{step_rows} and exists (select 1 from submission_team st where st.submission_id = s.id and st.team_id = {nav} and st.active)"),
        )
        .await;
        assert!(nav_steps > 0);
        assert_eq!(steps(&store.step_sums(&nav_scope, None).await.unwrap()), nav_steps, "{backend:?}: the journeys NAV owns");
        let first_month = InsightFilter { to: all.from, ..all.clone() };
        let month_steps = steps(&store.step_sums(&first_month, None).await.unwrap());
        assert!(month_steps < steps(&unsplit) / 10, "{backend:?}: one month of 24 holds {month_steps}");

        let journeys: i64 = store.journey_sums(&all).await.unwrap().iter().map(|j| j.n).sum();
        assert_eq!(journeys, count(&database, "select count(*) from journey j join submission s on s.id = j.submission_id where s.held_reason is null").await);
        let transitions = store.transition_sums(&all).await.unwrap();
        assert_eq!(transitions.iter().map(|t| t.feelings.n()).sum::<i64>(), count(&database, &format!("{step_rows} and js.position > 1")).await);
        let loops: i64 = transitions.iter().map(|t| t.returns).sum();
        assert!(loops > 0, "{backend:?}: the generated paths go back to a service now and then");
        the_rollups_answer_as_the_cells_do(store.as_ref(), &all, &backend).await;
        store.close().await;
    }
}

/// Without a filter the roll-ups answer; split by every goal (journeys) or
/// every kind (items) the cells answer: both must add up to the same.
async fn the_rollups_answer_as_the_cells_do(store: &dyn Store, all: &domain::insight::InsightFilter, backend: &crate::support::Backend) {
    use domain::insight::{InsightFilter, ItemGroup};
    use std::collections::BTreeMap;
    let goals: Vec<InsightFilter> = domain::vocabulary::JourneyGoal::ALL.iter().map(|g| InsightFilter { goal: Some(*g), ..all.clone() }).collect();
    let kinds: Vec<InsightFilter> = domain::vocabulary::InputKind::ALL.iter().map(|k| InsightFilter { kind: Some(*k), ..all.clone() }).collect();
    let mut steps = BTreeMap::new();
    let mut transitions = BTreeMap::new();
    let mut journeys = BTreeMap::new();
    for filter in &goals {
        for s in store.step_sums(filter, None).await.unwrap() {
            let e = steps.entry((s.service.code(), s.stage)).or_insert((0, 0));
            *e = (e.0 + s.feelings.n(), e.1 + s.went_wrong);
        }
        for t in store.transition_sums(filter).await.unwrap() {
            let e = transitions.entry((t.from.code(), t.to.code())).or_insert((0, 0));
            *e = (e.0 + t.feelings.n(), e.1 + t.returns);
        }
        for j in store.journey_sums(filter).await.unwrap() {
            *journeys.entry((j.goal.as_str(), j.result.as_str())).or_insert(0) += j.n;
        }
    }
    let rolled: BTreeMap<_, _> =
        store.step_sums(all, None).await.unwrap().iter().map(|s| ((s.service.code(), s.stage), (s.feelings.n(), s.went_wrong))).collect();
    assert_eq!(rolled, steps, "{backend:?}: steps");
    let mut rolled = BTreeMap::new();
    for t in store.transition_sums(all).await.unwrap() {
        rolled.insert((t.from.code(), t.to.code()), (t.feelings.n(), t.returns));
    }
    assert_eq!(rolled, transitions, "{backend:?}: hand-overs");
    let rolled: BTreeMap<_, _> = store.journey_sums(all).await.unwrap().iter().map(|j| ((j.goal.as_str(), j.result.as_str()), j.n)).collect();
    assert_eq!(rolled, journeys, "{backend:?}: journeys");
    for by in [ItemGroup::Team, ItemGroup::Month, ItemGroup::Theme, ItemGroup::Area, ItemGroup::Submitter, ItemGroup::Kind] {
        let mut split = BTreeMap::new();
        for filter in &kinds {
            for sum in store.item_sums(filter, by).await.unwrap() {
                let e = split.entry(sum.group.clone()).or_insert(vec![0; 5 + sum.outcomes.len()]);
                for (a, b) in e.iter_mut().zip([sum.n, sum.replied, sum.late, sum.closed, sum.reopened].iter().chain(&sum.outcomes)) {
                    *a += b;
                }
            }
        }
        let rolled: BTreeMap<_, _> = store
            .item_sums(all, by)
            .await
            .unwrap()
            .into_iter()
            .map(|sum| (sum.group, [sum.n, sum.replied, sum.late, sum.closed, sum.reopened].into_iter().chain(sum.outcomes).collect::<Vec<_>>()))
            .collect();
        assert!(!rolled.is_empty());
        assert_eq!(rolled, split, "{backend:?}: items by {by:?}");
    }
    let mut split = BTreeMap::new();
    for filter in &kinds {
        for t in store.time_sums(filter).await.unwrap() {
            *split.entry((t.scope, t.measure.as_str(), t.bucket)).or_insert(0) += t.n;
        }
    }
    let rolled: BTreeMap<_, _> = store.time_sums(all).await.unwrap().iter().map(|t| ((t.scope, t.measure.as_str(), t.bucket), t.n)).collect();
    assert!(rolled.keys().any(|(scope, _, _)| *scope == 0) && rolled.keys().any(|(scope, _, _)| *scope > 0), "{backend:?}: every item's times and each team's");
    assert_eq!(rolled, split, "{backend:?}: times");
    // Each grouping read at once equals that grouping read alone, from the roll-up and from the cells.
    for filter in std::iter::once(all).chain(&kinds) {
        let grouped = store.item_sums_grouped(filter).await.unwrap();
        for by in [ItemGroup::Month, ItemGroup::Theme, ItemGroup::Area, ItemGroup::Submitter, ItemGroup::Kind] {
            let mut alone = store.item_sums(filter, by).await.unwrap();
            let mut together: Vec<_> = grouped.iter().filter(|(g, _)| *g == by).map(|(_, s)| s.clone()).collect();
            alone.sort_by(|a, b| a.group.cmp(&b.group));
            together.sort_by(|a, b| a.group.cmp(&b.group));
            assert!(!alone.is_empty());
            assert_eq!(together, alone, "{backend:?}: items by {by:?} (kind {:?})", filter.kind);
        }
    }
    // Some deadlines fall before this month, some in it before now.
    let now = until() - chrono::Duration::days(20);
    let mut split = BTreeMap::new();
    for filter in &kinds {
        for (scope, n) in store.overdue_now(filter, now).await.unwrap() {
            *split.entry(scope).or_insert(0) += n;
        }
    }
    let mut rolled = BTreeMap::new();
    for (scope, n) in store.overdue_now(all, now).await.unwrap() {
        *rolled.entry(scope).or_insert(0) += n;
    }
    assert!(rolled.get(&0).copied().unwrap_or(0) > 0, "{backend:?}: some items are overdue");
    assert_eq!(rolled, split, "{backend:?}: overdue now");
}

/// An app with Moss's demo data and `items` generated items ending today.
async fn app_with_items(backend: crate::support::Backend, items: usize) -> crate::support::TestApp {
    let app = crate::support::TestApp::spawn_on(backend).await.with_demo_data().await;
    let today = chrono::Utc::now().date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    innspill::demo::generate(app.store.as_ref(), items, 9, today, "MOSS").await.unwrap();
    app
}

/// `?from=…&to=…` covering the 24 generated months and this one.
fn whole_period() -> String {
    let now = domain::insight::Month::of(chrono::Utc::now());
    format!("from={}&to={now}", now.back(25))
}

#[tokio::test]
async fn the_journey_map_sums_every_step_for_a_moderator_and_one_team_for_a_caseworker() {
    use domain::Role;
    for backend in backends() {
        let app = app_with_items(backend.clone(), 400).await;
        let steps: i64 = app
            .store
            .step_sums(
                &domain::insight::InsightFilter {
                    scope: domain::insight::InsightScope::All,
                    from: domain::insight::Month::of(chrono::Utc::now()).back(25),
                    to: domain::insight::Month::of(chrono::Utc::now()),
                    theme_id: None,
                    area_id: None,
                    submitter: None,
                    goal: None,
                    kind: None,
                },
                None,
            )
            .await
            .unwrap()
            .iter()
            .map(|s| s.feelings.n())
            .sum();
        assert!(steps > 100, "{backend:?}: {steps} steps");
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let moderator = app.sign_in(&mona).await;
        let page = moderator.page(&format!("/ansatt/innsikt?{}", whole_period()), 200).await;
        let text = crate::support::text_of(&page);
        assert!(text.contains("Innsikt: brukerreiser") && text.contains(&format!("{steps} steg fra")), "{backend:?}: {text}");
        assert!(text.contains("alle team") && text.contains("NAV") && text.contains("Boligtildeling"), "{backend:?}: the services by name");
        assert!(page.contains("data-median=") && page.contains("curve__chart"), "a heatmap cell and the curve: {page}");
        assert!(page.contains(r#"<option value="">Alle team</option>"#) || page.contains("Alle team"), "moderators may see every team");

        // Split by who sent it: the four largest groups, each with its own marker.
        let split = moderator.page(&format!("/ansatt/innsikt?{}&segment=submitter", whole_period()), 200).await;
        let legend = split.matches("class=\"curve__key\"").count();
        assert!(legend > 0, "{split}");
        assert_eq!(legend, 4, "{backend:?}: four groups compared");
        assert!(crate::support::text_of(&split).contains("Boligsøker"));
        // Two goals chosen: exactly those two.
        let chosen = moderator.page(&format!("/ansatt/innsikt?{}&segment=goal&compare=get_dwelling&compare=start_loan", whole_period()), 200).await;
        assert_eq!(chosen.matches("class=\"curve__key\"").count(), 2, "{backend:?}: the two chosen");
        assert!(chosen.contains(r#"value="get_dwelling" checked"#), "the choice is kept in the form");
        // A theme filter narrows the sums.
        let themed = crate::support::text_of(&moderator.page(&format!("/ansatt/innsikt?{}&theme=startlan-leie-til-eie", whole_period()), 200).await);
        let themed_steps: i64 = themed.split(" steg fra").next().unwrap().rsplit(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
        assert!(themed_steps > 0 && themed_steps < steps, "{backend:?}: {themed_steps} of {steps}");
        // Nonsense in the link shows the default page, not an error.
        moderator.page("/ansatt/innsikt?from=2026-13&to=x&team=nope&segment=%3Cb%3E&submitter=1", 200).await;

        // A caseworker sees one of their own teams, even when asking for another.
        let nils = app.staff(Role::Caseworker, "Nils Nav", &["nav"]).await;
        let caseworker = app.sign_in(&nils).await;
        let own = crate::support::text_of(&caseworker.page(&format!("/ansatt/innsikt?{}&team=mke", whole_period()), 200).await);
        assert!(own.contains("team NAV") && !own.contains("alle team"), "{backend:?}: {own}");
        let own_page = caseworker.page("/ansatt/innsikt", 200).await;
        assert!(!own_page.contains(r#"<option value="mke""#), "only their own teams to choose");
        let lone = app.staff(Role::Caseworker, "Ola Uten Team", &[]).await;
        app.sign_in(&lone).await.page("/ansatt/innsikt", 403).await;
    }
}

#[tokio::test]
async fn a_moderator_filters_and_compares_the_journey_map_in_a_browser_with_and_without_javascript() {
    use crate::support::browser::{available, html_errors, Browser, Options};
    use domain::Role;
    let app = app_with_items(crate::support::Backend::Sqlite, 600).await;
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling", "miljovaktmester"]).await;
    let nils = app.staff(Role::Caseworker, "Nils Nav", &["nav"]).await;
    let moderator = app.sign_in(&mona).await;
    let caseworker = app.sign_in(&nils).await;
    let period = whole_period();
    let pages = vec![
        ("insight".to_string(), moderator.page("/ansatt/innsikt", 200).await),
        ("insight whole".to_string(), moderator.page(&format!("/ansatt/innsikt?{period}"), 200).await),
        (
            "insight compared".to_string(),
            moderator.page(&format!("/ansatt/innsikt?{period}&segment=goal&compare=get_dwelling&compare=keep_dwelling"), 200).await,
        ),
        ("insight empty".to_string(), moderator.page(&format!("/ansatt/innsikt?{period}&area=jeloy"), 200).await),
        ("insight caseworker".to_string(), caseworker.page(&format!("/ansatt/innsikt?{period}"), 200).await),
        ("insight teams".to_string(), moderator.page(&format!("/ansatt/innsikt/team?{period}"), 200).await),
        ("insight teams empty".to_string(), moderator.page("/ansatt/innsikt/team?from=2001-01&to=2001-02", 200).await),
        ("insight teams caseworker".to_string(), caseworker.page(&format!("/ansatt/innsikt/team?{period}&kind=journey"), 200).await),
        ("insight growth".to_string(), moderator.page(&format!("/ansatt/innsikt/vekst?{period}"), 200).await),
        ("insight growth theme".to_string(), moderator.page(&format!("/ansatt/innsikt/vekst?{period}&theme=stoy-uro"), 200).await),
        ("inbox from insight".to_string(), moderator.page(&format!("/ansatt?{period}&submitter=tenant&outcome=resolved&service=nav"), 200).await),
    ];
    let errors = html_errors(&pages);
    assert!(errors.is_empty(), "HTML errors:\n{}", errors.join("\n"));
    if !available() {
        return;
    }
    let oldest = domain::insight::Month::of(chrono::Utc::now()).back(23).to_string();
    for javascript in [true, false] {
        let browser = Browser::launch(Options { javascript, accept_language: "nb" }).await;
        crate::browser::sign_in_in_browser(&browser, &app, &mona).await;
        browser.click(r#".staff-nav a[href="/ansatt/innsikt"]"#).await;
        browser.wait_for("form.insight-filters").await;
        // Filter through the form: one team, from two years back, split by goal.
        browser.click(r#"select[name="team"] option[value="nav"]"#).await;
        browser.click(&format!(r#"select[name="from"] option[value="{oldest}"]"#)).await;
        browser.click(r#"select[name="segment"] option[value="goal"]"#).await;
        browser.click("form.insight-filters button[type=submit]").await;
        browser.wait_for(".curve__legend").await;
        let summary = browser.text("p[role=status]").await;
        assert!(summary.contains("team NAV"), "js {javascript}: {summary}");
        // Compare two of the goals offered.
        browser.click(r#"input[name="compare"][value="get_dwelling"]"#).await;
        browser.click(r#"input[name="compare"][value="keep_dwelling"]"#).await;
        browser.click("form.insight-filters button[type=submit]").await;
        browser.wait_for(r#"input[name="compare"][value="get_dwelling"]:checked"#).await;
        let legend = browser.text(".curve__legend").await;
        assert!(legend.contains("Få en kommunal bolig") && legend.contains("Beholde boligen min"), "js {javascript}: {legend}");
        assert_eq!(browser.client.find_all(fantoccini::Locator::Css(".curve__legend li")).await.unwrap().len(), 2, "js {javascript}: two curves");
        for width in [1280, 320] {
            browser.set_width(width).await;
            // axe and the layout check run scripts; without JavaScript the HTML is the same (checked above).
            if javascript {
                let violations = browser.axe().await;
                assert!(violations.is_empty(), "@{width}px: {violations:?}");
                assert!(!browser.overflows_horizontally().await, "@{width}px: scrolls sideways");
            }
            browser.screenshot_tall(&format!("insight-journeys-js-{javascript}-{width}"), width, if width < 400 { 9000 } else { 4200 }).await;
        }
        // Follow a service into the inbox behind it: the journeys that passed it, which this moderator may open.
        browser.click(r#".insight-table--heat tbody th a[href*="service=boligsosial-avdeling"]"#).await;
        browser.wait_for(".inbox-insight").await;
        let url = browser.client.current_url().await.unwrap();
        assert!(url.path() == "/ansatt" && url.query().unwrap_or_default().contains("kind=journey"), "js {javascript}: {url}");
        assert!(browser.text(".inbox-insight").await.contains("Brukerreiser innom Boligsosial avdeling"), "js {javascript}: the notice");
        let listed = browser.client.find_all(fantoccini::Locator::Css(".inbox-row")).await.unwrap().len();
        assert!(listed > 0, "js {javascript}: journeys through the service");

        // The team page, through the insight's own navigation; filter by area and kind; follow a number into the inbox.
        browser.set_width(1280).await;
        browser.click(r#".staff-nav a[href="/ansatt/innsikt"]"#).await;
        browser.click(r#".insight-nav a[href="/ansatt/innsikt/team"]"#).await;
        browser.wait_for("#times-table").await;
        browser.click(&format!(r#"select[name="from"] option[value="{oldest}"]"#)).await;
        browser.click(r#"select[name="area"] option[value="jeloy"]"#).await;
        browser.click(r#"select[name="kind"] option[value="concern"]"#).await;
        // One of her own teams: its numbers lead to that team's inbox, which lists every item counted.
        browser.click(r#"select[name="team"] option[value="miljovaktmester"]"#).await;
        browser.click("form.insight-filters button[type=submit]").await;
        browser.wait_for(r#"select[name="kind"] option[value="concern"]:checked"#).await;
        let summary = browser.text("p[role=status]").await;
        assert!(summary.contains("saker") && !summary.starts_with("0 "), "js {javascript}: {summary}");
        assert_eq!(browser.text(".insight-nav a[aria-current=page]").await, "Team: svartid og utfall");
        for width in [1280, 320] {
            browser.set_width(width).await;
            if javascript {
                let violations = browser.axe().await;
                assert!(violations.is_empty(), "teams @{width}px: {violations:?}");
                assert!(!browser.overflows_horizontally().await, "teams @{width}px: scrolls sideways");
            }
            browser.screenshot_tall(&format!("insight-teams-js-{javascript}-{width}"), width, if width < 400 { 7000 } else { 3600 }).await;
        }
        browser.set_width(1280).await;
        let month = browser.text("#months-table ~ div tbody tr:last-child td a").await;
        browser.click("#months-table ~ div tbody tr:last-child td a").await;
        browser.wait_for(".inbox-insight").await;
        let url = browser.client.current_url().await.unwrap();
        let query = url.query().unwrap_or_default().to_string();
        assert!(query.contains("area=jeloy") && query.contains("kind=concern") && query.contains("from="), "js {javascript}: {url}");
        assert_eq!(url.path(), "/ansatt/team/miljovaktmester", "js {javascript}: the team's own inbox");
        let rows = browser.client.find_all(fantoccini::Locator::Css(".inbox-row")).await.unwrap().len();
        assert_eq!(rows.to_string(), month.parse::<usize>().unwrap().min(25).to_string(), "js {javascript}: the month's concerns on Jeløy");

        // What grows: choose a rising theme from the list, read its words, follow one into the inbox.
        browser.click(r#".staff-nav a[href="/ansatt/innsikt"]"#).await;
        browser.click(r#".insight-nav a[href="/ansatt/innsikt/vekst"]"#).await;
        browser.wait_for("#tema-table").await;
        browser.click("#words-heading ~ ul a").await;
        browser.wait_for("#ord-table").await;
        for width in [1280, 320] {
            browser.set_width(width).await;
            if javascript {
                let violations = browser.axe().await;
                assert!(violations.is_empty(), "growth @{width}px: {violations:?}");
                assert!(!browser.overflows_horizontally().await, "growth @{width}px: scrolls sideways");
            }
            browser.screenshot_tall(&format!("insight-growth-js-{javascript}-{width}"), width, if width < 400 { 6000 } else { 2600 }).await;
        }
        browser.set_width(1280).await;
        let word = browser.text("#ord-table ~ div tbody tr:first-child th").await;
        browser.click("#ord-table ~ div tbody tr:first-child td a").await;
        browser.wait_for(".inbox-list").await;
        let url = browser.client.current_url().await.unwrap();
        assert!(url.query().unwrap_or_default().contains("q="), "js {javascript}: {url}");
        assert!(!browser.client.find_all(fantoccini::Locator::Css(".inbox-row")).await.unwrap().is_empty(), "js {javascript}: items using «{word}»");
        browser.close().await;
    }
}

/// The fields of one CSV line as Excel in Norwegian reads them (`;`, quoted).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let (mut field, mut quoted, mut chars) = (String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[tokio::test]
async fn every_journey_table_downloads_as_csv_and_the_map_as_mermaid_with_the_page_filters() {
    use domain::Role;
    for backend in backends() {
        let app = app_with_items(backend.clone(), 400).await;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let moderator = app.sign_in(&mona).await;
        let period = whole_period();
        let page = moderator.page(&format!("/ansatt/innsikt?{period}"), 200).await;
        let text = crate::support::text_of(&page);
        let steps: i64 = text.split(" steg fra").next().unwrap().rsplit(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
        // Each table links its CSV with the page's filters.
        for table in ["kurve", "varmekart", "mal", "overganger"] {
            assert!(page.contains(&format!(r#"href="/ansatt/innsikt/csv/{table}?{}""#, period.replace('&', "&amp;"))), "{backend:?}: the {table} link");
        }

        let response = moderator.get(&format!("/ansatt/innsikt/csv/varmekart?{period}")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("innsikt-varmekart.csv"));
        let body = response.text().await.unwrap();
        assert!(body.starts_with('\u{feff}'), "UTF-8 with BOM");
        let lines: Vec<Vec<String>> = body.trim_start_matches('\u{feff}').lines().map(csv_fields).collect();
        assert_eq!(lines[0], ["Tjeneste", "Steg", "Antall steg", "Median følelse", "Midterste halvdel", "Gikk galt"], "{backend:?}");
        assert!(lines.iter().all(|l| l.len() == 6), "six fields on every line");
        let all_stages: i64 = lines.iter().filter(|l| l[1] == "Alle steg").map(|l| l[2].parse::<i64>().unwrap()).sum();
        assert_eq!(all_stages, steps, "{backend:?}: the CSV holds every step the page counts");
        assert!(lines.iter().any(|l| l[0] == "NAV" && l[1] == "Steg 1" && l[3].parse::<u8>().is_ok()), "{backend:?}: NAV's first stage");

        // The curve as compared on the page: one row per chosen goal, decimal commas.
        let curve = moderator.get(&format!("/ansatt/innsikt/csv/kurve?{period}&segment=goal&compare=get_dwelling&compare=keep_dwelling")).await;
        assert_eq!(curve.status(), 200);
        let curve = curve.text().await.unwrap();
        let rows: Vec<Vec<String>> = curve.trim_start_matches('\u{feff}').lines().map(csv_fields).collect();
        assert_eq!(rows.len(), 3, "{backend:?}: heading and two goals: {curve}");
        assert_eq!(rows[0][0], "Gruppe");
        assert!(rows[1..].iter().any(|r| r[0] == "Få en kommunal bolig"), "{curve}");
        assert!(rows[1][1..].iter().any(|v| v.contains(',') && v.replace(',', ".").parse::<f64>().is_ok()), "decimal commas: {curve}");

        let goals = moderator.get(&format!("/ansatt/innsikt/csv/mal?{period}")).await.text().await.unwrap();
        let goal_rows: Vec<Vec<String>> = goals.trim_start_matches('\u{feff}').lines().map(csv_fields).collect();
        assert_eq!(goal_rows[0].last().unwrap(), "I alt");
        for row in &goal_rows[1..] {
            let counts: Vec<i64> = row[1..].iter().map(|v| v.parse().unwrap()).collect();
            assert_eq!(counts[..counts.len() - 1].iter().sum::<i64>(), counts[counts.len() - 1], "{backend:?}: {row:?} adds up");
        }

        // Hand-overs: the worst are named, in the table, the flow and the CSV.
        let transitions = moderator.get(&format!("/ansatt/innsikt/csv/overganger?{period}")).await.text().await.unwrap();
        let handovers: Vec<Vec<String>> = transitions.trim_start_matches('\u{feff}').lines().map(csv_fields).collect();
        assert_eq!(handovers[0], ["Fra", "Til", "Antall", "Følelse etter overgangen", "Gikk galt", "Tilbake igjen", "Verst"]);
        let drawn = handovers[1..].iter().filter(|r| r[3] != "For få").count();
        assert!(drawn >= 2, "{backend:?}: {transitions}");
        assert!(handovers.iter().any(|r| r[6].contains("Lavest opplevelse")), "{backend:?}: {transitions}");
        assert_eq!(page.matches(r#"class="flow__band flow__band--"#).count(), drawn, "{backend:?}: one band per hand-over shown");
        assert!(page.contains("flow__band--worst") && text.contains("Lavest opplevelse"), "{backend:?}: the worst outlined and named");
        let loops: i64 = handovers[1..].iter().map(|r| r[5].parse::<i64>().unwrap()).sum();
        assert!(loops > 0, "{backend:?}: loops counted: {transitions}");

        // The journey map as Mermaid text.
        let mermaid = moderator.get(&format!("/ansatt/innsikt/mermaid?{period}")).await;
        assert_eq!(mermaid.status(), 200);
        assert_eq!(mermaid.headers()["content-type"], "text/plain; charset=utf-8");
        let mermaid = mermaid.text().await.unwrap();
        let mut lines = mermaid.lines();
        assert_eq!(lines.next(), Some("journey"));
        assert!(lines.next().unwrap().starts_with("    title ") && mermaid.contains("    section Steg 1\n"), "{mermaid}");
        let tasks: Vec<&str> = mermaid.lines().filter(|l| l.starts_with("      ")).collect();
        assert!(!tasks.is_empty());
        for task in &tasks {
            let parts: Vec<&str> = task.trim().split(": ").collect();
            assert_eq!(parts.len(), 3, "{task}");
            assert!(parts[1].parse::<u8>().is_ok_and(|score| (1..=5).contains(&score)) && parts[2] == "Innbyggere", "{task}");
        }
        assert!(tasks.iter().any(|t| t.trim().starts_with("NAV (n ")), "{mermaid}");

        // A caseworker's CSV holds their team only; unknown tables are not found; visitors are sent to sign in.
        let nils = app.staff(Role::Caseworker, "Nils Nav", &["nav"]).await;
        let caseworker = app.sign_in(&nils).await;
        let own = crate::support::text_of(&caseworker.page(&format!("/ansatt/innsikt?{period}"), 200).await);
        let own_steps: i64 = own.split(" steg fra").next().unwrap().rsplit(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
        let own_csv = caseworker.get(&format!("/ansatt/innsikt/csv/varmekart?{period}&team=mke")).await.text().await.unwrap();
        let own_total: i64 = own_csv.lines().map(csv_fields).filter(|l| l.get(1).is_some_and(|s| s == "Alle steg")).map(|l| l[2].parse::<i64>().unwrap()).sum();
        assert!(own_steps < steps && own_total == own_steps, "{backend:?}: {own_total} of {own_steps} of {steps}");
        assert_eq!(moderator.get("/ansatt/innsikt/csv/passord").await.status(), 404);
        assert_eq!(app.get("/ansatt/innsikt/csv/varmekart").await.status(), 303);
    }
}

/// The bucket (as `domain::insight::DURATION_BOUNDS_HOURS` makes them) of each time in `hours`' answer.
fn buckets(hours: &[String]) -> domain::insight::Durations {
    let mut d = domain::insight::Durations::default();
    for h in hours {
        let h: f64 = h.parse().unwrap();
        let bucket = domain::insight::DURATION_BOUNDS_HOURS.iter().position(|b| h <= *b as f64).unwrap_or(domain::insight::DURATION_BOUNDS_HOURS.len());
        d.add(bucket, 1);
    }
    d
}

/// The text of the cells of the first table row whose heading is `name`,
/// in a page's HTML (the first table on the page that has one).
fn row_cells(page: &str, name: &str) -> Vec<String> {
    page.split("<tr")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap_or_default();
            row.split("<t")
                .skip(1)
                .filter(|cell| cell.starts_with('h') || cell.starts_with('d'))
                .map(|cell| crate::support::text_of(&format!("<{cell}")))
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first().is_some_and(|c| c == name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[tokio::test]
async fn the_team_page_counts_items_times_deadlines_and_outcomes_as_the_items_say_and_links_each_number_to_its_inbox() {
    use crate::support::Backend;
    use domain::Role;
    for backend in backends() {
        let app = app_with_items(backend.clone(), 500).await;
        let db = &app.database;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let moderator = app.sign_in(&mona).await;
        let period = whole_period();
        let page = moderator.page(&format!("/ansatt/innsikt/team?{period}"), 200).await;
        let text = crate::support::text_of(&page);
        let items = count(db, "select count(*) from submission where held_reason is null").await;
        assert!(text.contains(&format!("{items} saker, ")), "{backend:?}: {items} items in the summary: {text}");

        // Reply times: the page's median and 90th percentile are the buckets of the items' own times.
        let hours = match backend {
            Backend::Sqlite => "(julianday(first_public_reply_at) - julianday(created_at)) * 24.0",
            Backend::Postgres(_) => "extract(epoch from (first_public_reply_at - created_at)) / 3600.0",
        };
        let replies = db.texts(&format!("select cast({hours} as text) from submission where held_reason is null and first_public_reply_at is not null")).await;
        let replies = buckets(&replies);
        let all = row_cells(&page, "Alle team");
        let label = |bucket: Option<usize>| match bucket.and_then(domain::insight::Durations::bound) {
            Some(h) if h < 24 => format!("innen {h} time{}", if h == 1 { "" } else { "r" }),
            Some(h) => format!("innen {} døgn", h / 24),
            None => "over 90 døgn".to_string(),
        };
        assert_eq!(all[1], items.to_string());
        assert_eq!(all[2], label(replies.quantile(0.5)), "{backend:?}: median first reply");
        assert_eq!(all[3], label(replies.quantile(0.9)), "{backend:?}: 90th percentile");
        let overdue = count(
            db,
            &format!(
                "select count(*) from submission where held_reason is null and status <> 'closed' and first_public_reply_at is null and due_at < {}",
                if matches!(backend, Backend::Sqlite) { "strftime('%Y-%m-%dT%H:%M:%S', 'now')" } else { "now()" }
            ),
        )
        .await;
        assert_eq!(all[5], overdue.to_string(), "{backend:?}: overdue now");
        // NAV's own line counts the items NAV owns.
        let nav_items = count(
            db,
            "select count(*) from submission s join submission_team st on st.submission_id = s.id and st.active
             join team t on t.id = st.team_id where t.slug = 'nav' and s.held_reason is null",
        )
        .await;
        assert_eq!(row_cells(&page, "NAV")[1], nav_items.to_string(), "{backend:?}: NAV's items");
        // Outcomes as closed.
        let resolved = count(db, "select count(*) from submission where held_reason is null and status = 'closed' and outcome = 'resolved'").await;
        let outcome_table = &page[page.find("outcomes-table").unwrap()..];
        let first = row_cells(outcome_table, "Alle team");
        assert_eq!(first[1], resolved.to_string(), "{backend:?}: resolved items: {first:?}");
        // The numbers link to the inbox with the page's filters, where this
        // member may open it: her own team's overdue items, not NAV's.
        assert!(row_cells(&page, "NAV").len() == 9 && !page.contains(r#"href="/ansatt/team/nav?"#), "{backend:?}: no links to inboxes she cannot open");
        let overdue_link = format!(r#"href="/ansatt/team/boligsosial-avdeling?from={}&amp;to={}&amp;status=&amp;overdue=1""#, &period[5..12], &period[16..]);
        assert!(page.contains(&overdue_link), "{backend:?}: {overdue_link} in {}", page.matches("overdue=1").count());
        // One month, followed: the inbox lists that month's items and says so.
        let month = domain::insight::Month::of(chrono::Utc::now()).back(3);
        let in_month = count(
            db,
            &format!(
                "select count(*) from submission where held_reason is null and restricted_at is null and {} = '{month}'",
                if matches!(backend, Backend::Sqlite) { "substr(created_at, 1, 7)" } else { "to_char(created_at at time zone 'UTC', 'YYYY-MM')" }
            ),
        )
        .await;
        let ada = app.staff(Role::Administrator, "Ada Admin", &[]).await;
        let admin = app.sign_in(&ada).await;
        let inbox = admin.page(&format!("/ansatt?status=all&from={month}&to={month}"), 200).await;
        let listed = inbox.matches(r#"class="inbox-row""#).count() as i64;
        assert_eq!(listed, in_month.min(25), "{backend:?}: the month's items in the inbox");
        assert!(crate::support::text_of(&inbox).contains("Fra innsikten") && inbox.contains("Fjern filtrene fra innsikten"), "{backend:?}: the notice");
        assert!(inbox.contains(&format!(r#"<input type="hidden" name="from" value="{month}""#)), "the filter rides along in the form");
        // Resolved items only, through the outcome filter.
        let closed = admin.page("/ansatt?status=closed&outcome=resolved", 200).await;
        assert_eq!(closed.matches(r#"class="inbox-row""#).count() as i64, resolved.min(25), "{backend:?}: resolved items");

        // CSV of the times table: the same numbers.
        let csv = moderator.get(&format!("/ansatt/innsikt/team/csv/svartid?{period}")).await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        let lines: Vec<Vec<String>> = csv.trim_start_matches('\u{feff}').lines().map(csv_fields).collect();
        assert_eq!(lines[0].len(), 9);
        assert_eq!(lines[1][..3], all[..3], "{backend:?}: the CSV says what the page says");
        for table in ["utfall", "maned", "tema", "omrade", "innsender", "type"] {
            let response = moderator.get(&format!("/ansatt/innsikt/team/csv/{table}?{period}")).await;
            assert_eq!(response.status(), 200, "{table}");
            assert!(response.text().await.unwrap().lines().count() > 2, "{backend:?}: {table} has rows");
        }
        let months = moderator.get(&format!("/ansatt/innsikt/team/csv/maned?{period}")).await.text().await.unwrap();
        let month_total: i64 = months.lines().skip(1).map(|l| csv_fields(l)[1].parse::<i64>().unwrap()).sum();
        assert_eq!(month_total, items, "{backend:?}: every item in some month");
        assert_eq!(moderator.get("/ansatt/innsikt/team/csv/x").await.status(), 404);
        // Nonsense in a link shows the default page; the inbox ignores what it cannot read and names no filter.
        let odd = format!("from=2026-13&to=x&team=nope&kind=%3Cscript%3E&submitter=1&theme={}", "x".repeat(5000));
        let default = crate::support::text_of(&moderator.page(&format!("/ansatt/innsikt/team?{odd}"), 200).await);
        assert!(default.contains("alle team") && !default.contains("<script>"), "{backend:?}: {default}");
        let inbox = admin.page("/ansatt?from=2026-99&to=x&outcome=%3Cb%3E&service=nope&submitter=9", 200).await;
        assert!(!inbox.contains("inbox-insight"), "{backend:?}: no insight filter named for nonsense");

        // A caseworker sees their team only; a kind filter narrows it.
        let nils = app.staff(Role::Caseworker, "Nils Nav", &["nav"]).await;
        let caseworker = app.sign_in(&nils).await;
        let own = caseworker.page(&format!("/ansatt/innsikt/team?{period}&team=mke"), 200).await;
        assert!(!own.contains(">Alle team<") && row_cells(&own, "NAV")[1] == nav_items.to_string(), "{backend:?}: NAV only");
        let ideas = crate::support::text_of(&moderator.page(&format!("/ansatt/innsikt/team?{period}&kind=idea"), 200).await);
        let idea_count = count(db, "select count(*) from submission where held_reason is null and kind = 'idea'").await;
        assert!(ideas.contains(&format!("{idea_count} saker, ")), "{backend:?}: {idea_count} ideas");
        app.sign_in(&app.staff(Role::Caseworker, "Ola Uten Team", &[]).await).await.page("/ansatt/innsikt/team", 403).await;
    }
}

#[tokio::test]
async fn what_grows_compares_each_theme_with_the_period_before_and_counts_the_words_of_one_theme() {
    use crate::support::Backend;
    use domain::Role;
    for backend in backends() {
        let app = app_with_items(backend.clone(), 600).await;
        let db = &app.database;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let moderator = app.sign_in(&mona).await;
        let now = domain::insight::Month::of(chrono::Utc::now());
        let (from, to) = (now.back(5), now);
        let page = moderator.page(&format!("/ansatt/innsikt/vekst?from={from}&to={to}"), 200).await;
        let text = crate::support::text_of(&page);
        assert!(text.contains(&format!("sammenlignet med {}", innspill_month(now.back(11)))), "{backend:?}: the six months before: {text}");
        // The first rising theme: its numbers are the items' own, now and in the six months before.
        let month = if matches!(backend, Backend::Sqlite) { "substr(s.created_at, 1, 7)" } else { "to_char(s.created_at at time zone 'UTC', 'YYYY-MM')" };
        let rows: Vec<Vec<String>> = page[page.find("tema-table").unwrap()..]
            .split("<tr")
            .skip(2)
            .take(3)
            .map(|row| row.split("</tr>").next().unwrap().split("<t").skip(1).map(|c| crate::support::text_of(&format!("<{c}"))).collect())
            .collect();
        assert!(!rows.is_empty(), "{backend:?}: rising themes");
        for row in &rows {
            let items = |a: domain::insight::Month, b: domain::insight::Month| {
                format!(
                    "select count(*) from submission s join theme_name t on t.theme_id = s.theme_id and t.locale = 'nb' where t.name = '{}' and s.held_reason is null and {month} >= '{a}' and {month} <= '{b}'",
                    row[0].replace('\'', "''")
                )
            };
            assert_eq!(row[1], count(db, &items(now.back(11), now.back(6))).await.to_string(), "{backend:?}: {row:?} before");
            assert_eq!(row[2], count(db, &items(from, to)).await.to_string(), "{backend:?}: {row:?} now");
        }
        // Noise on Jeløy grows in the generated data's last six months.
        let areas = &page[page.find("omrade-table").unwrap()..];
        assert!(crate::support::text_of(&areas[..areas.find("</table>").unwrap()]).contains("Jeløy"), "{backend:?}: Jeløy grows");
        // Without a theme: a choice of the rising themes, keeping the period.
        assert!(page.contains(&format!("/ansatt/innsikt/vekst?from={from}&amp;to={to}&amp;theme=")), "{backend:?}: theme links");

        // One theme's words: each counts the items whose own text uses it.
        let themed = moderator.page(&format!("/ansatt/innsikt/vekst?from={from}&to={to}&theme=stoy-uro"), 200).await;
        let words: Vec<Vec<String>> = themed[themed.find("ord-table").unwrap()..]
            .split("</table>")
            .next()
            .unwrap()
            .split("<tr")
            .skip(2)
            .map(|row| row.split("</tr>").next().unwrap().split("<t").skip(1).map(|c| crate::support::text_of(&format!("<{c}"))).collect())
            .collect();
        assert!(words.len() >= 5, "{backend:?}: words: {words:?}");
        let bodies = db
            .texts(&format!(
                "select coalesce(s.title, '') || ' ' || s.body from submission s join theme t on t.id = s.theme_id
                 where t.slug = 'stoy-uro' and s.held_reason is null and s.restricted_at is null and {month} >= '{from}' and {month} <= '{to}'"
            ))
            .await;
        for row in words.iter().take(3) {
            let using = bodies.iter().filter(|b| domain::terms::terms(b).0.contains(&row[0])).count();
            assert_eq!(row[1], using.to_string(), "{backend:?}: «{}»", row[0]);
            assert!(!domain::terms::STOP_WORDS.contains(&row[0].as_str()) && !row[0].chars().any(|c| c.is_numeric()));
        }
        assert!(
            themed.contains(&format!("q={}", url::form_urlencoded::byte_serialize(words[0][0].as_bytes()).collect::<String>())),
            "the word links to a search"
        );
        let csv = moderator.get(&format!("/ansatt/innsikt/vekst/csv/ord?from={from}&to={to}&theme=stoy-uro")).await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert_eq!(csv.trim_start_matches('\u{feff}').lines().next(), Some("\"Ord\";\"Saker\""));
        assert_eq!(csv.lines().count(), words.len() + 1, "{backend:?}: every word in the CSV");
        assert_eq!(moderator.get("/ansatt/innsikt/vekst/csv/passord").await.status(), 404);
        let odd = moderator.page("/ansatt/innsikt/vekst?from=x&to=2026-00&theme=%3Cscript%3E&area=nope&kind=9", 200).await;
        assert!(odd.contains("tema-table") && !odd.contains("ord-table"), "{backend:?}: the default page, no unknown theme's words");

        let nils = app.staff(Role::Caseworker, "Nils Nav", &["nav"]).await;
        let own = crate::support::text_of(&app.sign_in(&nils).await.page("/ansatt/innsikt/vekst?team=mke", 200).await);
        assert!(own.contains("team NAV"), "{backend:?}: {own}");
    }
}

/// "mars 2026", as the pages write a month in bokmål.
fn innspill_month(month: domain::insight::Month) -> String {
    let names = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
    let text = month.to_string();
    format!("{} {}", names[text[5..].parse::<usize>().unwrap() - 1], &text[..4])
}

/// CSV records (fields quoted, line breaks allowed inside quotes), `;` between fields.
fn csv_records(body: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = body.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => record.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    records
}

#[tokio::test]
async fn the_items_behind_the_numbers_download_as_csv_with_contact_details_only_when_asked_and_audited() {
    use domain::Role;
    for backend in backends() {
        let app = app_with_items(backend.clone(), 300).await;
        // A resident whose words hold a phone number: the scan marks them.
        app.submit_concern("stoy-uro", "jeloy", "Naboen spiller høy musikk hver natt. Ring meg på 912 34 567.", Some("nabo@example.invalid")).await;
        let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
        let moderator = app.sign_in(&mona).await;
        let period = whole_period();
        for page in ["/ansatt/innsikt", "/ansatt/innsikt/team", "/ansatt/innsikt/vekst"] {
            let html = moderator.page(&format!("{page}?{period}"), 200).await;
            assert!(html.contains(&format!(r#"action="/ansatt/innsikt/saker?{}""#, period.replace('&', "&amp;"))), "{backend:?}: {page} posts its filters");
            assert!(html.contains(r#"name="contact""#), "{backend:?}: {page} offers the box for contact details");
        }
        let items = "select count(*) from submission s where s.held_reason is null and s.restricted_at is null";
        let exports = "select count(*) from audit_log where action = 'export_contact'";

        // Without the box: every item, no contact details, nothing audited.
        let response = moderator.post(&format!("/ansatt/innsikt/saker?{period}"), &[]).await;
        assert_eq!(response.status(), 200, "{backend:?}");
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("innsikt-saker.csv"));
        let body = response.text().await.unwrap();
        assert!(body.starts_with('\u{feff}'), "UTF-8 with BOM");
        assert!(!body.contains("@example.invalid"), "{backend:?}: no e-mail addresses without the box");
        assert!(!body.contains("912 34 567"), "{backend:?}: words with personal data are left out");
        let records = csv_records(&body);
        assert_eq!(records[0][0], "Referanse");
        assert_eq!(records[0].len(), 14, "{backend:?}: {:?}", records[0]);
        assert!(records.iter().all(|r| r.len() == 14), "{backend:?}: fourteen fields on every line");
        assert_eq!(records.len() as i64 - 1, count(&app.database, items).await, "{backend:?}: one line per item");
        let hidden = records.iter().filter(|r| r[13] == "(skjult: mulige personopplysninger)").count() as i64;
        assert_eq!(hidden, count(&app.database, &format!("{items} and s.personal_data_flags <> ''")).await, "{backend:?}: words with personal data hidden");
        assert!(hidden > 0, "{backend:?}: the resident's words with a phone number are hidden");
        assert_eq!(count(&app.database, exports).await, 0);

        // With the box: e-mail and phone where given, each item's viewing audited under the member.
        let response = moderator.post(&format!("/ansatt/innsikt/saker?{period}"), &[("contact", "yes")]).await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let records = csv_records(&response.text().await.unwrap());
        assert_eq!(records[0][14..], ["E-post", "Telefon"], "{backend:?}");
        let with_email = records[1..].iter().filter(|r| r[14].ends_with("@example.invalid")).count() as i64;
        let contacts = count(&app.database, "select count(*) from submission_contact").await;
        assert!(contacts > 0);
        assert_eq!(with_email, count(&app.database, "select count(*) from submission_contact where email is not null").await, "{backend:?}");
        assert_eq!(count(&app.database, exports).await, contacts, "{backend:?}: one audit row per item whose details were shown");
        assert_eq!(
            count(&app.database, &format!("select count(*) from audit_log where action = 'export_contact' and staff_id = {}", mona.id)).await,
            contacts,
            "{backend:?}: the rows name who exported"
        );

        // A box value no form sends is refused, and nothing is audited for it.
        let response = moderator.post(&format!("/ansatt/innsikt/saker?{period}"), &[("contact", "all")]).await;
        assert_eq!(response.status(), 400, "{backend:?}");
        assert_eq!(count(&app.database, exports).await, contacts);

        // The page's filters hold: one theme's items only.
        let response = moderator.post(&format!("/ansatt/innsikt/saker?{period}&theme=stoy-uro"), &[]).await;
        assert_eq!(response.status(), 200);
        let records = csv_records(&response.text().await.unwrap());
        let noise = count(&app.database, &format!("{items} and s.theme_id = (select id from theme where slug = 'stoy-uro')")).await;
        assert!(noise > 0);
        assert_eq!(records.len() as i64 - 1, noise, "{backend:?}: the theme's items");
        assert!(records[1..].iter().all(|r| r[3] == "Støy og uro fra naboer"), "{backend:?}");

        // A caseworker gets one of their own teams' items, whatever team the link names.
        let nils = app.staff(Role::Caseworker, "Nils Nav", &["nav"]).await;
        let caseworker = app.sign_in(&nils).await;
        let response = caseworker.post(&format!("/ansatt/innsikt/saker?{period}&team=mke"), &[]).await;
        assert_eq!(response.status(), 200);
        let records = csv_records(&response.text().await.unwrap());
        let navs = count(
            &app.database,
            &format!("{items} and exists (select 1 from submission_team st join team t on t.id = st.team_id where st.submission_id = s.id and st.active and t.slug = 'nav')"),
        )
        .await;
        assert!(navs > 0);
        assert_eq!(records.len() as i64 - 1, navs, "{backend:?}: NAV's items only");
        assert!(records[1..].iter().all(|r| r[7].split(", ").any(|team| team == "NAV")), "{backend:?}");
    }
}
