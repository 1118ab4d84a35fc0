//! Insight for the department: pure rules over the sums the store keeps of
//! residents' journeys — who may see which scope, medians and spread from
//! feeling counts, the typical order of services, and cells too small to
//! show (they would mean nothing and could point at a person).

use crate::vocabulary::{InputKind, JourneyGoal, JourneyResult, Outcome, Role, SubmitterKind};
use std::collections::BTreeMap;

/// A calendar month (UTC), written `YYYY-MM` as the sums are keyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// `YYYY-MM`, months 1–12, years 2000–2999.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let (year, month): (i32, u32) = (year.parse().ok()?, month.parse().ok()?);
        ((2000..3000).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn of(time: chrono::DateTime<chrono::Utc>) -> Month {
        use chrono::Datelike;
        Month { year: time.year(), month: time.month() }
    }

    /// The month `months` before this one.
    pub fn back(self, months: u32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 - months as i32;
        Month { year: index.div_euclid(12), month: index.rem_euclid(12) as u32 + 1 }
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    /// Midnight UTC on the first day of the month.
    pub fn start(self) -> chrono::DateTime<chrono::Utc> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default().and_time(chrono::NaiveTime::MIN).and_utc()
    }

    /// Months from `self` to `to`, both included (0 when `to` is earlier).
    pub fn count_to(self, to: Month) -> u32 {
        let span = (to.year * 12 + to.month as i32) - (self.year * 12 + self.month as i32) + 1;
        span.max(0) as u32
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The service of a journey step: a team, "another service" or "don't know".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    Team(i64),
    Other,
    Unknown,
}

impl Service {
    /// From the code the sums keep: a team id, -1 or -2. `None` for 0
    /// (no step before the first one).
    pub fn from_code(code: i64) -> Option<Service> {
        match code {
            -1 => Some(Service::Other),
            -2 => Some(Service::Unknown),
            id if id > 0 => Some(Service::Team(id)),
            _ => None,
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Service::Team(id) => id,
            Service::Other => -1,
            Service::Unknown => -2,
        }
    }
}

/// How many steps felt 1 (very bad) … 5 (very good).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Feelings(pub [i64; 5]);

impl Feelings {
    pub fn n(&self) -> i64 {
        self.0.iter().sum()
    }

    pub fn add(&mut self, other: &Feelings) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }

    /// The feeling at quantile `q` (0–1) of the steps: the lower middle
    /// value for an even count, as a median of whole scores is usually read.
    pub fn quantile(&self, q: f64) -> Option<u8> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as i64).clamp(1, n);
        let mut seen = 0;
        for (score, count) in (1u8..).zip(self.0) {
            seen += count;
            if seen >= rank {
                return Some(score);
            }
        }
        Some(5)
    }

    pub fn median(&self) -> Option<u8> {
        self.quantile(0.5)
    }

    /// The middle half of the steps: from the 25th to the 75th percentile.
    pub fn spread(&self) -> Option<(u8, u8)> {
        Some((self.quantile(0.25)?, self.quantile(0.75)?))
    }

    /// The mean, for ordering and curves between whole scores.
    pub fn mean(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| (1..=5).zip(self.0).map(|(score, count)| score as f64 * count as f64).sum::<f64>() / n as f64)
    }
}

/// Whose journeys a page sums: every item, or one team's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsightScope {
    All,
    Team(i64),
}

impl InsightScope {
    /// The key the sums are kept under (0: every item).
    pub fn code(self) -> i64 {
        match self {
            InsightScope::All => 0,
            InsightScope::Team(id) => id,
        }
    }

    /// The scope `role` on `teams` may see for the team asked for
    /// (`None`: every team). Administrators and moderators see every team,
    /// caseworkers one of their own at a time (their first when they ask
    /// for none or for a team that is not theirs), so one journey is never
    /// counted twice; `None` for a caseworker without a team.
    pub fn allowed(role: Role, teams: &[i64], asked: Option<i64>) -> Option<InsightScope> {
        match role {
            Role::Administrator | Role::Moderator => Some(asked.map_or(InsightScope::All, InsightScope::Team)),
            Role::Caseworker => asked.filter(|t| teams.contains(t)).or(teams.first().copied()).map(InsightScope::Team),
        }
    }
}

/// What a page sums over: whose items, which months, and the filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsightFilter {
    pub scope: InsightScope,
    pub from: Month,
    pub to: Month,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter: Option<SubmitterKind>,
    /// Journeys only: what people tried to reach.
    pub goal: Option<JourneyGoal>,
    /// Items only (the team page): journeys, concerns or ideas.
    pub kind: Option<InputKind>,
}

/// How the experience curves are split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    Submitter,
    Area,
    Goal,
}

impl Segment {
    pub const ALL: [Segment; 3] = [Segment::Submitter, Segment::Area, Segment::Goal];

    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Submitter => "submitter",
            Segment::Area => "area",
            Segment::Goal => "goal",
        }
    }

    pub fn parse(text: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The steps of one service at one stage (and in one segment, when split).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepSum {
    /// The segment's value as stored (a submitter kind, an area id, a
    /// goal), empty when not split.
    pub segment: String,
    pub service: Service,
    /// 1–4, and 5 for the fifth and later steps.
    pub stage: u8,
    pub feelings: Feelings,
    pub went_wrong: i64,
}

/// Hand-overs from one service to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitionSum {
    pub from: Service,
    pub to: Service,
    /// How the step after the hand-over felt.
    pub feelings: Feelings,
    pub went_wrong: i64,
    /// Hand-overs back to a team met earlier in the same journey (A → B → A).
    pub returns: i64,
}

/// Journeys by what people tried to reach and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JourneySum {
    pub goal: JourneyGoal,
    pub result: JourneyResult,
    pub n: i64,
}

/// Upper bounds, in hours from receipt, of the buckets reply and closing
/// times are counted in; one more bucket holds anything longer. Migration
/// 0012 puts times in the same buckets.
pub const DURATION_BOUNDS_HOURS: [u32; 12] = [1, 4, 8, 24, 48, 72, 120, 168, 336, 720, 1440, 2160];
pub const DURATION_BUCKETS: usize = DURATION_BOUNDS_HOURS.len() + 1;

/// Items per time bucket: the median and 90th percentile come from these,
/// as "within two days" — no finer than the buckets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durations(pub [i64; DURATION_BUCKETS]);

impl Durations {
    pub fn n(&self) -> i64 {
        self.0.iter().sum()
    }

    pub fn add(&mut self, bucket: usize, n: i64) {
        self.0[bucket.min(DURATION_BUCKETS - 1)] += n;
    }

    /// The bucket holding the `q`-quantile (0.5 the median, 0.9 the 90th
    /// percentile); `None` without items.
    pub fn quantile(&self, q: f64) -> Option<usize> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as i64).clamp(1, n);
        let mut seen = 0;
        self.0.iter().position(|count| {
            seen += count;
            seen >= rank
        })
    }

    /// A bucket's upper bound in hours; `None` for the last, open one.
    pub fn bound(bucket: usize) -> Option<u32> {
        DURATION_BOUNDS_HOURS.get(bucket).copied()
    }
}

/// Which time a duration sum measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// From receipt to the first public reply.
    Reply,
    /// From receipt to closing.
    Close,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Reply => "reply",
            Measure::Close => "close",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        [Measure::Reply, Measure::Close].into_iter().find(|m| m.as_str() == text)
    }
}

/// What the team page groups items by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemGroup {
    /// The owning team (the scope the item is counted in).
    Team,
    Month,
    Theme,
    Area,
    Submitter,
    Kind,
}

/// Items counted in one group: how many, how many got a public reply and
/// how many of those after the deadline, how many are closed and how,
/// how many were reopened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemSum {
    /// The group's value as stored: a team or theme or area id, a month
    /// `YYYY-MM`, a submitter kind, an input kind.
    pub group: String,
    pub n: i64,
    pub replied: i64,
    pub late: i64,
    pub closed: i64,
    pub reopened: i64,
    /// Closed items per outcome, in the order of `Outcome::ALL`.
    pub outcomes: Vec<i64>,
}

impl ItemSum {
    /// Counts `other` in too.
    pub fn add(&mut self, other: &ItemSum) {
        self.n += other.n;
        self.replied += other.replied;
        self.late += other.late;
        self.closed += other.closed;
        self.reopened += other.reopened;
        if self.outcomes.len() < other.outcomes.len() {
            self.outcomes.resize(other.outcomes.len(), 0);
        }
        self.outcomes.iter_mut().zip(&other.outcomes).for_each(|(a, b)| *a += b);
    }

    pub fn outcome(&self, outcome: Outcome) -> i64 {
        Outcome::ALL.iter().position(|o| *o == outcome).and_then(|i| self.outcomes.get(i).copied()).unwrap_or(0)
    }
}

/// Items per time bucket in one scope (0: every item; else a team).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeSum {
    pub scope: i64,
    pub measure: Measure,
    pub bucket: usize,
    pub n: i64,
}

/// One item in the items CSV: what the sums count, per item. The
/// resident's words only where no personal data was found in them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedItem {
    pub id: i64,
    pub reference: String,
    pub kind: crate::vocabulary::InputKind,
    pub status: crate::vocabulary::Status,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter: crate::vocabulary::SubmitterKind,
    pub received_at: chrono::DateTime<chrono::Utc>,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    pub first_public_reply_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub outcome: Option<Outcome>,
    pub reopened: i64,
    pub team_ids: Vec<i64>,
    /// The title or the first words, `None` when the scan found possible
    /// personal data in the text.
    pub headline: Option<String>,
    /// The resident left a way to reach them.
    pub has_contact: bool,
}

/// Items the items CSV reads per query (keyset pages by id).
pub const LIST_PAGE: i64 = 5_000;

/// Groups whose volume rose most from one period to the next: `(group,
/// before, now)` for every group seen in either, largest rise first (by
/// items, then by share), groups with fewer than `minimum` items now left
/// out.
pub fn rising(before: &[ItemSum], now: &[ItemSum], minimum: i64) -> Vec<(String, i64, i64)> {
    let mut rows: Vec<(String, i64, i64)> = now
        .iter()
        .filter(|sum| sum.n >= minimum.max(1))
        .map(|sum| (sum.group.clone(), before.iter().find(|b| b.group == sum.group).map(|b| b.n).unwrap_or(0), sum.n))
        .collect();
    rows.sort_by(|a, b| (b.2 - b.1).cmp(&(a.2 - a.1)).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    rows
}

/// The hand-overs to point out (positions in `listed`): the lowest feeling
/// after them, and the largest "went wrong" share — among those with enough
/// journeys to show, a quarter of them and at most three each, and none when
/// fewer than two can be compared.
pub fn worst_transitions(listed: &[&TransitionSum], minimum: i64) -> (Vec<usize>, Vec<usize>) {
    let shown: Vec<usize> = (0..listed.len()).filter(|&i| listed[i].feelings.n() >= minimum.max(1)).collect();
    if shown.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let most = (shown.len() / 4).clamp(1, 3);
    let mut by_feeling = shown.clone();
    by_feeling.sort_by(|&a, &b| listed[a].feelings.mean().partial_cmp(&listed[b].feelings.mean()).unwrap_or(std::cmp::Ordering::Equal));
    let wrong_share = |i: usize| listed[i].went_wrong as f64 / listed[i].feelings.n() as f64;
    let mut by_wrong = shown;
    by_wrong.sort_by(|&a, &b| wrong_share(b).partial_cmp(&wrong_share(a)).unwrap_or(std::cmp::Ordering::Equal));
    by_wrong.retain(|&i| listed[i].went_wrong > 0);
    (by_feeling.into_iter().take(most).collect(), by_wrong.into_iter().take(most).collect())
}

/// The default for the smallest number of journeys a cell must hold to be shown.
pub const DEFAULT_MINIMUM: i64 = 5;

/// One service × stage cell of the heatmap.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub n: i64,
    /// `None` when the cell holds fewer than the minimum: shown greyed out, without numbers.
    pub median: Option<u8>,
    pub spread: Option<(u8, u8)>,
    pub went_wrong_share: Option<f64>,
}

impl Cell {
    fn of(feelings: &Feelings, went_wrong: i64, minimum: i64) -> Cell {
        let n = feelings.n();
        let shown = n >= minimum && n > 0;
        Cell {
            n,
            median: feelings.median().filter(|_| shown),
            spread: feelings.spread().filter(|_| shown),
            went_wrong_share: shown.then(|| went_wrong as f64 / n as f64),
        }
    }

    pub fn shown(&self) -> bool {
        self.median.is_some()
    }
}

/// One service's row of the map: its cells per stage and in all.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRow {
    pub service: Service,
    /// Stages 1 to 5.
    pub stages: [Cell; 5],
    pub total: Cell,
    /// The mean stage people meet it at: the typical order of services.
    pub mean_stage: f64,
}

/// One segment's experience curve: its median feeling per service, in
/// the typical order of services (`None` where too few to show).
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub segment: String,
    pub n: i64,
    pub points: Vec<Option<f64>>,
}

/// The journey map: services in their typical order with their cells.
#[derive(Clone, Debug, PartialEq)]
pub struct JourneyMap {
    pub rows: Vec<ServiceRow>,
    /// Steps in all, and how many cells are greyed out.
    pub steps: i64,
    pub hidden_cells: usize,
}

/// Builds the map from unsplit step sums (any order; sums with the same
/// service and stage are added).
pub fn journey_map(sums: &[StepSum], minimum: i64) -> JourneyMap {
    let mut by_service: BTreeMap<Service, ([Feelings; 5], [i64; 5])> = BTreeMap::new();
    for sum in sums {
        let stage = usize::from(sum.stage.clamp(1, 5)) - 1;
        let entry = by_service.entry(sum.service).or_default();
        entry.0[stage].add(&sum.feelings);
        entry.1[stage] += sum.went_wrong;
    }
    let mut rows: Vec<ServiceRow> = by_service
        .into_iter()
        .map(|(service, (feelings, wrong))| {
            let mut all = Feelings::default();
            feelings.iter().for_each(|f| all.add(f));
            let n = all.n().max(1) as f64;
            let mean_stage = feelings.iter().zip(1..).map(|(f, stage)| f.n() as f64 * stage as f64).sum::<f64>() / n;
            let stages = std::array::from_fn(|i| Cell::of(&feelings[i], wrong[i], minimum));
            ServiceRow { service, stages, total: Cell::of(&all, wrong.iter().sum(), minimum), mean_stage }
        })
        .collect();
    rows.sort_by(|a, b| a.mean_stage.total_cmp(&b.mean_stage).then(b.total.n.cmp(&a.total.n)).then(a.service.cmp(&b.service)));
    let steps = rows.iter().map(|r| r.total.n).sum();
    let hidden_cells = rows.iter().flat_map(|r| r.stages.iter()).filter(|c| c.n > 0 && !c.shown()).count();
    JourneyMap { rows, steps, hidden_cells }
}

/// The curves of up to `most` segments (the largest first, or those asked
/// for), along `order`: each point the segment's mean feeling at that
/// service, where it has at least `minimum` steps there.
pub fn curves(sums: &[StepSum], order: &[Service], chosen: &[String], most: usize, minimum: i64) -> Vec<Curve> {
    let mut by_segment: BTreeMap<&str, BTreeMap<Service, Feelings>> = BTreeMap::new();
    for sum in sums {
        by_segment.entry(sum.segment.as_str()).or_default().entry(sum.service).or_default().add(&sum.feelings);
    }
    let mut segments: Vec<(&str, i64)> = by_segment.iter().map(|(s, services)| (*s, services.values().map(Feelings::n).sum())).collect();
    segments.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !chosen.is_empty() {
        segments.retain(|(s, _)| chosen.iter().any(|c| c == s));
    }
    segments
        .into_iter()
        .take(most)
        .map(|(segment, n)| {
            let services = &by_segment[segment];
            let points = order.iter().map(|service| services.get(service).filter(|f| f.n() >= minimum).and_then(Feelings::mean)).collect();
            Curve { segment: segment.to_string(), n, points }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_print_and_count_back_across_years() {
        let march = Month::parse("2026-03").unwrap();
        assert_eq!(march.to_string(), "2026-03");
        assert_eq!(march.back(3).to_string(), "2025-12");
        assert_eq!(march.back(26).to_string(), "2024-01");
        assert_eq!(march.back(23).count_to(march), 24);
        assert_eq!(march.count_to(march.back(1)), 0);
        for bad in ["2026-13", "2026-00", "26-03", "2026-3", "2026/03", "", "abcd-ef", "1999-12"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn medians_and_spread_come_from_the_counts() {
        let feelings = Feelings([1, 1, 0, 1, 1]);
        assert_eq!(feelings.median(), Some(2), "the lower middle of 1, 2, 4, 5");
        assert_eq!(Feelings([0, 0, 3, 0, 0]).median(), Some(3));
        assert_eq!(Feelings([5, 0, 0, 0, 1]).spread(), Some((1, 1)));
        assert_eq!(Feelings([1, 1, 1, 1, 0]).spread(), Some((1, 3)));
        assert_eq!(Feelings::default().median(), None);
        assert_eq!(Feelings([0, 2, 0, 0, 2]).mean(), Some(3.5));
    }

    fn sum(segment: &str, service: Service, stage: u8, feelings: [i64; 5], went_wrong: i64) -> StepSum {
        StepSum { segment: segment.into(), service, stage, feelings: Feelings(feelings), went_wrong }
    }

    #[test]
    fn the_map_orders_services_as_people_meet_them_and_greys_out_small_cells() {
        let nav = Service::Team(7);
        let housing = Service::Team(2);
        let sums = [
            sum("", housing, 2, [0, 4, 4, 0, 0], 3),
            sum("", nav, 1, [3, 3, 0, 0, 0], 4),
            sum("", nav, 3, [1, 1, 0, 0, 0], 2),
            sum("", Service::Unknown, 4, [0, 0, 1, 0, 0], 0),
        ];
        let map = journey_map(&sums, 5);
        assert_eq!(map.rows.iter().map(|r| r.service).collect::<Vec<_>>(), [nav, housing, Service::Unknown], "NAV first (mean stage 1.5)");
        let nav_row = &map.rows[0];
        assert_eq!(nav_row.stages[0], Cell { n: 6, median: Some(1), spread: Some((1, 2)), went_wrong_share: Some(4.0 / 6.0) });
        assert!(!nav_row.stages[2].shown() && nav_row.stages[2].n == 2, "two steps are too few to show");
        assert_eq!(nav_row.stages[2].went_wrong_share, None, "and nothing about them is shown");
        assert_eq!(nav_row.total.n, 8);
        assert_eq!(map.steps, 17);
        assert_eq!(map.hidden_cells, 2, "NAV at stage 3 and the unknown service");
    }

    #[test]
    fn curves_follow_the_order_and_take_the_largest_or_chosen_segments() {
        let (a, b) = (Service::Team(1), Service::Team(2));
        let sums = [
            sum("tenant", a, 1, [0, 0, 0, 5, 0], 0),
            sum("tenant", b, 2, [5, 0, 0, 0, 0], 0),
            sum("applicant", a, 1, [0, 6, 0, 0, 0], 0),
            sum("applicant", b, 2, [0, 0, 2, 0, 0], 0),
            sum("volunteer", a, 1, [0, 0, 1, 0, 0], 0),
        ];
        let all = curves(&sums, &[a, b], &[], 2, 5);
        assert_eq!(all.iter().map(|c| c.segment.as_str()).collect::<Vec<_>>(), ["tenant", "applicant"], "the two largest");
        assert_eq!(all[0].points, [Some(4.0), Some(1.0)]);
        assert_eq!(all[1].points, [Some(2.0), None], "two steps at b: too few");
        let chosen = curves(&sums, &[a, b], &["volunteer".into(), "tenant".into()], 4, 1);
        assert_eq!(chosen.iter().map(|c| c.segment.as_str()).collect::<Vec<_>>(), ["tenant", "volunteer"]);
    }

    #[test]
    fn durations_give_the_bucket_of_the_median_and_the_90th_percentile() {
        let mut d = Durations::default();
        assert_eq!(d.quantile(0.5), None);
        d.add(0, 4); // within an hour
        d.add(4, 5); // within two days
        d.add(99, 1); // longer than 90 days: the last bucket
        assert_eq!(d.n(), 10);
        assert_eq!(d.quantile(0.5), Some(4), "the fifth of ten is in the two-day bucket");
        assert_eq!(d.quantile(0.4), Some(0));
        assert_eq!(d.quantile(0.9), Some(4));
        assert_eq!(d.quantile(1.0), Some(DURATION_BUCKETS - 1));
        assert_eq!(Durations::bound(4), Some(48));
        assert_eq!(Durations::bound(DURATION_BUCKETS - 1), None);
    }

    #[test]
    fn rising_puts_the_largest_rise_first_and_leaves_out_small_groups() {
        let sum = |group: &str, n: i64| ItemSum { group: group.into(), n, ..ItemSum::default() };
        let before = [sum("noise", 10), sum("mould", 20), sum("rent", 3)];
        let now = [sum("noise", 30), sum("mould", 15), sum("rent", 4), sum("new", 12), sum("tiny", 2)];
        let rows = rising(&before, &now, 5);
        assert_eq!(rows, [("noise".to_string(), 10, 30), ("new".to_string(), 0, 12), ("mould".to_string(), 20, 15)], "rent has 4 < 5, tiny 2");
    }

    #[test]
    fn the_worst_hand_overs_are_a_quarter_of_those_shown_and_never_small_ones() {
        let t = |f: [i64; 5], went_wrong: i64| TransitionSum { from: Service::Team(1), to: Service::Team(2), feelings: Feelings(f), went_wrong, returns: 0 };
        let list = [t([0, 0, 0, 6, 0], 0), t([6, 0, 0, 0, 0], 1), t([0, 0, 6, 0, 0], 5), t([0, 6, 0, 0, 0], 2), t([3, 0, 0, 0, 0], 3)];
        let listed: Vec<&TransitionSum> = list.iter().collect();
        let (feeling, wrong) = worst_transitions(&listed, 5);
        assert_eq!(feeling, [1], "four shown, one pointed out: the lowest feeling; the small one never");
        assert_eq!(wrong, [2], "the largest went-wrong share");
        assert_eq!(worst_transitions(&listed[..1], 5), (vec![], vec![]), "nothing to compare with");
    }

    #[test]
    fn caseworkers_see_one_of_their_teams_at_a_time_and_moderators_any() {
        assert_eq!(InsightScope::allowed(Role::Caseworker, &[4, 9], Some(9)), Some(InsightScope::Team(9)));
        assert_eq!(InsightScope::allowed(Role::Caseworker, &[4, 9], Some(3)), Some(InsightScope::Team(4)), "not theirs: their first");
        assert_eq!(InsightScope::allowed(Role::Caseworker, &[4, 9], None), Some(InsightScope::Team(4)));
        assert_eq!(InsightScope::allowed(Role::Caseworker, &[], None), None);
        assert_eq!(InsightScope::allowed(Role::Moderator, &[4], None), Some(InsightScope::All));
        assert_eq!(InsightScope::allowed(Role::Administrator, &[], Some(3)), Some(InsightScope::Team(3)));
    }
}
