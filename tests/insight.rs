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
const TRANSITION_KEY: &str = "scope, month, theme_id, area_id, submitter_kind, goal, previous_service, service";

/// `columns` as one text per row, in a form both databases write alike.
fn joined(columns: &str) -> String {
    columns.split(", ").map(|c| format!("cast({c} as text)")).collect::<Vec<_>>().join(" || '|' || ")
}

/// The sums as stored, and as recomputed from every item as it is now.
async fn stored_and_recomputed(database: &TestDatabase) -> [(Vec<String>, Vec<String>); 4] {
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
    [(steps, steps_again), (transitions, transitions_again), (journeys, journeys_again), (rows, rows_again)]
}

async fn assert_sums_match(database: &TestDatabase, backend: &crate::support::Backend, after: &str) {
    for (what, (stored, recomputed)) in ["step sums", "transition sums", "journey sums", "step rows"].iter().zip(stored_and_recomputed(database).await) {
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
        let all = InsightFilter { scope: InsightScope::All, from: last.back(23), to: last, theme_id: None, area_id: None, submitter: None, goal: None };
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
        store.close().await;
    }
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
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
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
        // Follow a service into the inbox behind it.
        browser.click(r#".insight-table--heat tbody th a[href^="/ansatt/team/boligsosial-avdeling?"]"#).await;
        browser.wait_for(".inbox-list").await;
        let url = browser.client.current_url().await.unwrap();
        assert!(url.path().starts_with("/ansatt/team/") && url.query().unwrap_or_default().contains("kind=journey"), "js {javascript}: {url}");
        browser.close().await;
    }
}
