//! The department's insight (issue 15): who may see which sums, and the
//! journey map built from them. Administrators and moderators see every
//! team; a caseworker sees one of their own teams at a time, so a journey
//! owned by two of their teams is never counted twice. The sums come from
//! the summary tables the database keeps current (`store::insight`); no
//! page scans the items.

use crate::store::{Store, StoreError};
use domain::insight::{
    curves, journey_map, Curve, Durations, InsightFilter, InsightScope, ItemGroup, ItemSum, JourneyMap, JourneySum, Measure, Month, Segment, Service, TimeSum,
    TransitionSum,
};
use domain::submission::SubmitterKind;
use domain::vocabulary::{InputKind, JourneyGoal};
use domain::workspace::SignedIn;

/// Curves compared side by side at most.
pub const MOST_SEGMENTS: usize = 4;
/// The period shown when none is asked for: this month and the eleven before.
pub const DEFAULT_MONTHS: u32 = 12;

/// What the page asked for, each part already parsed (unknown values are
/// dropped by the adapter, so a bad link shows everything, not an error).
#[derive(Clone, Debug, Default)]
pub struct Asked {
    pub team: Option<i64>,
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter: Option<SubmitterKind>,
    pub goal: Option<JourneyGoal>,
    pub kind: Option<InputKind>,
    pub segment: Option<Segment>,
    /// The segment values to compare (empty: the largest).
    pub compare: Vec<String>,
}

/// The journey map page's content.
#[derive(Clone, Debug)]
pub struct JourneyInsight {
    pub filter: InsightFilter,
    pub map: JourneyMap,
    pub segment: Option<Segment>,
    /// One curve per segment compared, or one for all journeys.
    pub curves: Vec<Curve>,
    /// The segment values there are, with their steps, largest first.
    pub segment_values: Vec<(String, i64)>,
    pub journeys: Vec<JourneySum>,
    pub transitions: Vec<TransitionSum>,
    pub minimum: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum InsightError {
    /// A caseworker on no team has no items to sum.
    #[error("not on any team")]
    NoTeam,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The filter `staff` may use for what was asked, at `now`.
pub fn filter_for(staff: &SignedIn, asked: &Asked, now: chrono::DateTime<chrono::Utc>) -> Result<InsightFilter, InsightError> {
    let scope = InsightScope::allowed(staff.role, &staff.team_ids, asked.team).ok_or(InsightError::NoTeam)?;
    let to = asked.to.unwrap_or_else(|| Month::of(now));
    let from = asked.from.unwrap_or_else(|| to.back(DEFAULT_MONTHS - 1));
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    Ok(InsightFilter { scope, from, to, theme_id: asked.theme_id, area_id: asked.area_id, submitter: asked.submitter, goal: asked.goal, kind: asked.kind })
}

/// The journey map, curves, goals and hand-overs for what was asked.
pub async fn journeys(
    store: &dyn Store,
    staff: &SignedIn,
    asked: &Asked,
    minimum: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<JourneyInsight, InsightError> {
    let filter = filter_for(staff, asked, now)?;
    let (sums, journeys, transitions) = tokio::try_join!(store.step_sums(&filter, None), store.journey_sums(&filter), store.transition_sums(&filter))?;
    let map = journey_map(&sums, minimum);
    let order: Vec<Service> = map.rows.iter().map(|r| r.service).collect();
    let (curves, segment_values) = match asked.segment {
        Some(segment) => {
            let split = store.step_sums(&filter, Some(segment)).await?;
            let mut values: Vec<(String, i64)> = Vec::new();
            for sum in &split {
                match values.iter_mut().find(|(v, _)| *v == sum.segment) {
                    Some((_, n)) => *n += sum.feelings.n(),
                    None => values.push((sum.segment.clone(), sum.feelings.n())),
                }
            }
            values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            (curves(&split, &order, &asked.compare, MOST_SEGMENTS, minimum), values)
        }
        None => (curves(&sums, &order, &[], 1, minimum), Vec::new()),
    };
    Ok(JourneyInsight { filter, map, segment: asked.segment, curves, segment_values, journeys, transitions, minimum })
}

/// One team's line on the team page (team 0: the scope as a whole).
#[derive(Clone, Debug, Default)]
pub struct TeamLine {
    pub team: i64,
    pub items: ItemSum,
    pub reply: Durations,
    pub close: Durations,
    /// Open items past their reply deadline without a public reply, now.
    pub overdue: i64,
}

/// The team page's content: how many came in and how they were answered.
#[derive(Clone, Debug)]
pub struct TeamInsight {
    pub filter: InsightFilter,
    /// Every item in the scope, counted once.
    pub total: TeamLine,
    /// Per owning team (an item owned by two teams counts in each); only
    /// the one team for a team scope.
    pub teams: Vec<TeamLine>,
    pub by_month: Vec<ItemSum>,
    pub by_theme: Vec<ItemSum>,
    pub by_area: Vec<ItemSum>,
    pub by_submitter: Vec<ItemSum>,
    pub by_kind: Vec<ItemSum>,
    /// Requests for help with one's own housing (§ 6), counted apart.
    pub help_requests: i64,
}

fn durations(sums: &[TimeSum], scope: i64, measure: Measure) -> Durations {
    let mut d = Durations::default();
    sums.iter().filter(|s| s.scope == scope && s.measure == measure).for_each(|s| d.add(s.bucket, s.n));
    d
}

/// The team page for what was asked: volumes, reply and closing times,
/// deadlines, outcomes and reopenings, from the item sums.
pub async fn teams(store: &dyn Store, staff: &SignedIn, asked: &Asked, now: chrono::DateTime<chrono::Utc>) -> Result<TeamInsight, InsightError> {
    let filter = InsightFilter { goal: None, ..filter_for(staff, asked, now)? };
    let (per_team, grouped, times, overdue, help_requests) = tokio::try_join!(
        store.item_sums(&filter, ItemGroup::Team),
        store.item_sums_grouped(&filter),
        store.time_sums(&filter),
        store.overdue_now(&filter, now),
        store.help_requests(&filter)
    )?;
    let group = |by: ItemGroup| grouped.iter().filter(|(g, _)| *g == by).map(|(_, sum)| sum.clone()).collect::<Vec<_>>();
    let (by_month, by_theme, by_area, by_submitter, by_kind) =
        (group(ItemGroup::Month), group(ItemGroup::Theme), group(ItemGroup::Area), group(ItemGroup::Submitter), group(ItemGroup::Kind));
    let overdue_of = |scope: i64| overdue.iter().filter(|(team, _)| *team == scope).map(|(_, n)| n).sum::<i64>();
    let teams: Vec<TeamLine> = per_team
        .into_iter()
        .filter_map(|items| {
            let team: i64 = items.group.parse().ok()?;
            Some(TeamLine {
                team,
                reply: durations(&times, team, Measure::Reply),
                close: durations(&times, team, Measure::Close),
                overdue: overdue_of(team),
                items,
            })
        })
        .collect();
    let scope = filter.scope.code();
    let mut all = ItemSum { group: scope.to_string(), outcomes: vec![0; domain::vocabulary::Outcome::ALL.len()], ..ItemSum::default() };
    by_kind.iter().for_each(|sum| all.add(sum));
    let total = TeamLine {
        team: scope,
        items: all,
        reply: durations(&times, scope, Measure::Reply),
        close: durations(&times, scope, Measure::Close),
        overdue: overdue_of(scope),
    };
    Ok(TeamInsight { filter, total, teams, by_month, by_theme, by_area, by_submitter, by_kind, help_requests })
}

/// The items behind the sums, for the items CSV.
#[derive(Clone, Debug)]
pub struct ItemList {
    pub filter: InsightFilter,
    pub items: Vec<domain::insight::ListedItem>,
    /// `(id, e-mail, phone)` of the items that have any, when asked for.
    pub contacts: Vec<(i64, Option<String>, Option<String>)>,
}

/// Every item the filter finds (as the sums count them, less restricted
/// items, which nobody handles), read in pages by id. With
/// `with_contact`, also the e-mail and phone each resident left: anyone who
/// may open an item may see those, and each item's viewing is audited
/// (`export_contact`), as when they are shown on the item's page.
pub async fn items(
    store: &dyn Store,
    staff: &SignedIn,
    asked: &Asked,
    with_contact: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ItemList, InsightError> {
    let filter = filter_for(staff, asked, now)?;
    let mut items = Vec::new();
    loop {
        let after = items.last().map_or(0, |item: &domain::insight::ListedItem| item.id);
        let page = store.item_list(&filter, after, domain::insight::LIST_PAGE).await?;
        let done = (page.len() as i64) < domain::insight::LIST_PAGE;
        items.extend(page);
        if done {
            break;
        }
    }
    let contacts = if with_contact {
        let ids: Vec<i64> = items.iter().filter(|item| item.has_contact).map(|item| item.id).collect();
        let team = match filter.scope {
            InsightScope::Team(team) => Some(team),
            InsightScope::All => None,
        };
        store.export_contacts(&ids, staff.actor(team), now).await?
    } else {
        Vec::new()
    };
    if with_contact {
        tracing::info!(items = contacts.len(), "contact details exported");
    }
    Ok(ItemList { filter, items, contacts })
}

/// Items read at most for the words of one theme: the newest of the period.
pub const MOST_TEXTS: i64 = 5_000;
/// Words and phrases listed at most.
pub const MOST_TERMS: usize = 20;

/// What grew from the period before to this one, and what people write.
#[derive(Clone, Debug)]
pub struct GrowthInsight {
    pub filter: InsightFilter,
    /// The period before, as long as this one.
    pub before: (Month, Month),
    /// `(theme or area id, items before, items now)`, the largest rise first.
    pub themes: Vec<(String, i64, i64)>,
    pub areas: Vec<(String, i64, i64)>,
    /// With a theme chosen: its most used words and two-word phrases, with
    /// the number of items using each, and how many items were read.
    pub words: Option<ThemeWords>,
}

#[derive(Clone, Debug)]
pub struct ThemeWords {
    pub words: Vec<(String, i64)>,
    pub phrases: Vec<(String, i64)>,
    pub read: usize,
    /// Only the newest `MOST_TEXTS` were read.
    pub capped: bool,
}

/// Themes and areas that grew against the period before, and the words of
/// the chosen theme; groups and words with fewer than `minimum` items are
/// left out, as small cells are on the journey map.
pub async fn growth(
    store: &dyn Store,
    staff: &SignedIn,
    asked: &Asked,
    minimum: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<GrowthInsight, InsightError> {
    let filter = InsightFilter { goal: None, ..filter_for(staff, asked, now)? };
    let before_to = filter.from.back(1);
    let before_from = before_to.back(filter.from.count_to(filter.to).saturating_sub(1));
    let before = InsightFilter { from: before_from, to: before_to, ..filter.clone() };
    let (now_sums, before_sums) = tokio::try_join!(store.item_sums_grouped(&filter), store.item_sums_grouped(&before))?;
    let group = |sums: &[(ItemGroup, ItemSum)], by: ItemGroup| sums.iter().filter(|(g, _)| *g == by).map(|(_, sum)| sum.clone()).collect::<Vec<_>>();
    let (themes_now, themes_before) = (group(&now_sums, ItemGroup::Theme), group(&before_sums, ItemGroup::Theme));
    let (areas_now, areas_before) = (group(&now_sums, ItemGroup::Area), group(&before_sums, ItemGroup::Area));
    let words = match filter.theme_id {
        Some(_) => {
            let texts = store.item_texts(&filter, MOST_TEXTS).await?;
            let (words, phrases) = domain::terms::most_used(texts.iter().map(String::as_str), minimum, MOST_TERMS);
            Some(ThemeWords { words, phrases, read: texts.len(), capped: texts.len() as i64 >= MOST_TEXTS })
        }
        None => None,
    };
    Ok(GrowthInsight {
        before: (before_from, before_to),
        themes: domain::insight::rising(&themes_before, &themes_now, minimum),
        areas: domain::insight::rising(&areas_before, &areas_now, minimum),
        words,
        filter,
    })
}
