//! Demo configuration for Moss kommune: the teams, themes and areas named in
//! the housing-social department's plan (see shared/docs/domain.md). Loading
//! is idempotent: rows are upserted by slug, so running it twice changes nothing.
//! `items` generates residents' input and the teams' follow-ups at scale.

mod items;
mod names;

pub use items::{generate, item, Generated};

use crate::password::HashPassword;
use crate::store::{Store, StoreResult};
use domain::routing::{Keywords, Rule};
use domain::{Email, NewArea, NewStaffUser, NewTeam, NewTheme, Password, Role, Slug};

/// (slug, bokmål, nynorsk, English, owns journeys)
const TEAMS: &[(&str, &str, &str, &str, bool)] = &[
    ("boligsosial-avdeling", "Boligsosial avdeling", "Bustadsosial avdeling", "Housing-social department", true),
    ("boligtildeling", "Boligtildeling", "Bustadtildeling", "Housing allocation", false),
    ("startlan", "Startlån", "Startlån", "Start loans", false),
    (
        "bostotte-garanti-depositum",
        "Bostøtte, kommunal garanti og depositum",
        "Bustøtte, kommunal garanti og depositum",
        "Housing allowance, municipal guarantee and deposit",
        false,
    ),
    ("housing-first", "Housing First-teamet", "Housing First-teamet", "Housing First team", false),
    ("miljovaktmester", "Miljøvaktmesterteamet", "Miljøvaktmeisterteamet", "Environmental caretakers", false),
    ("nav", "NAV", "NAV", "NAV (social services)", false),
    ("helse-omsorgsforvaltning", "Helse- og omsorgsforvaltningen", "Helse- og omsorgsforvaltninga", "Health and care administration", false),
    ("flyktningetjenesten", "Flyktningetjenesten", "Flyktningtenesta", "Refugee service", false),
    ("barnevern-bolig-inkludering", "Barnevern, bolig og inkludering", "Barnevern, bustad og inkludering", "Child welfare, housing and inclusion", false),
    ("rus-psykisk-helse", "Rus og psykisk helse", "Rus og psykisk helse", "Drugs and mental health", false),
    ("mke", "Moss Kommunale Eiendomsselskap (MKE)", "Moss Kommunale Eigedomsselskap (MKE)", "Moss municipal property company (MKE)", false),
    ("helse-mestring", "Helse og mestring", "Helse og meistring", "Health and coping", false),
    ("samfunnsutvikling", "Samfunnsutvikling", "Samfunnsutvikling", "Urban and social planning", false),
];

/// (slug, bokmål, nynorsk, English, response target days, triage, danger notice)
const THEMES: &[(&str, &str, &str, &str, i64, bool, bool)] = &[
    (
        "kommunal-bolig",
        "Søke om eller vente på kommunal bolig",
        "Søkje om eller vente på kommunal bustad",
        "Applying for or waiting for municipal housing",
        14,
        false,
        false,
    ),
    ("startlan-leie-til-eie", "Startlån og leie til eie", "Startlån og leige til eige", "Start loan and rent-to-own", 14, false, false),
    (
        "bostotte-depositum-garanti",
        "Bostøtte, depositum og garanti",
        "Bustøtte, depositum og garanti",
        "Housing allowance, deposit and guarantee",
        14,
        false,
        false,
    ),
    ("husleie-og-inntekt", "Husleie og inntekt", "Husleige og inntekt", "Rent versus income", 14, false, false),
    ("vedlikehold-mangler", "Vedlikehold og mangler i boligen", "Vedlikehald og manglar i bustaden", "Maintenance and defects", 10, false, false),
    ("bolig-passer-ikke", "Boligen passer ikke til behovene", "Bustaden passar ikkje til behova", "Dwelling not suited to needs", 14, false, false),
    ("stoy-uro", "Støy og uro fra naboer", "Støy og uro frå naboar", "Noise and disturbance from neighbours", 7, false, true),
    ("trygghet-bomiljo", "Trygghet og bomiljø", "Tryggleik og bumiljø", "Safety and living environment", 7, false, true),
    (
        "bostedslos-akuttbolig",
        "Bostedsløs eller trenger akuttbolig",
        "Bustadlaus eller treng akuttbustad",
        "Homeless or in need of emergency housing",
        3,
        false,
        true,
    ),
    ("bo-stotte-housing-first", "Hjelp til å bo (Housing First)", "Hjelp til å bu (Housing First)", "Support to live (Housing First)", 7, false, false),
    (
        "bekymring-person",
        "Bekymring for en person (rus, psykisk helse)",
        "Bekymring for ein person (rus, psykisk helse)",
        "Worry about a person (drugs, mental health)",
        3,
        false,
        true,
    ),
    ("bosetting-flyktninger", "Bosetting av flyktninger", "Busetjing av flyktningar", "Refugee settlement", 14, false, false),
    ("barnefamilier", "Barnefamilier", "Barnefamiliar", "Families with children", 10, false, false),
    (
        "eldre-omsorgsbolig",
        "Eldre, omsorgsboliger og sykehjem",
        "Eldre, omsorgsbustader og sjukeheim",
        "Elderly, care dwellings and care homes",
        14,
        false,
        false,
    ),
    ("ideer-nabolag", "Ideer til nabolaget", "Idear til nabolaget", "Ideas for the neighbourhood", 30, false, false),
    (
        "frivillige-borettslag",
        "Samarbeid med frivillige og borettslag",
        "Samarbeid med frivillige og burettslag",
        "Cooperation with volunteers and cooperatives",
        21,
        false,
        false,
    ),
    ("vet-ikke", "Annet eller vet ikke", "Anna eller veit ikkje", "Other or don't know", 7, true, false),
];

/// (slug, name in all locales, English where it differs)
const AREAS: &[(&str, &str, &str)] = &[
    ("moss-sentrum", "Moss sentrum", "Moss town centre"),
    ("jeloy", "Jeløy", "Jeløy"),
    ("verket", "Verket", "Verket"),
    ("kambo", "Kambo", "Kambo"),
    ("ekholt", "Ekholt", "Ekholt"),
    ("halmstad", "Halmstad", "Halmstad"),
    ("rygge", "Rygge", "Rygge"),
    ("larkollen", "Larkollen", "Larkollen"),
];

/// A demo rule: (priority, description, theme, area, keywords, teams).
type DemoRule = (i64, &'static str, Option<&'static str>, Option<&'static str>, &'static str, &'static [&'static str]);

/// Routing rules. Theme rules decide; the keyword rules at priority 200
/// mostly serve as triage suggestions when the resident did not know the theme.
const RULES: &[DemoRule] = &[
    (10, "Støy og uro på Jeløy", Some("stoy-uro"), Some("jeloy"), "", &["miljovaktmester"]),
    (20, "Støy og uro", Some("stoy-uro"), None, "", &["miljovaktmester"]),
    (20, "Trygghet og bomiljø", Some("trygghet-bomiljo"), None, "", &["miljovaktmester", "boligsosial-avdeling"]),
    (20, "Kommunal bolig", Some("kommunal-bolig"), None, "", &["boligtildeling"]),
    (20, "Startlån", Some("startlan-leie-til-eie"), None, "", &["startlan"]),
    (20, "Bostøtte, depositum og garanti", Some("bostotte-depositum-garanti"), None, "", &["bostotte-garanti-depositum"]),
    (20, "Husleie og inntekt", Some("husleie-og-inntekt"), None, "", &["nav"]),
    (20, "Vedlikehold", Some("vedlikehold-mangler"), None, "", &["mke"]),
    (20, "Boligen passer ikke", Some("bolig-passer-ikke"), None, "", &["boligtildeling"]),
    (20, "Bostedsløs", Some("bostedslos-akuttbolig"), None, "", &["nav"]),
    (20, "Hjelp til å bo", Some("bo-stotte-housing-first"), None, "", &["housing-first"]),
    (20, "Bekymring for en person", Some("bekymring-person"), None, "", &["rus-psykisk-helse"]),
    (20, "Bosetting av flyktninger", Some("bosetting-flyktninger"), None, "", &["flyktningetjenesten"]),
    (20, "Barnefamilier", Some("barnefamilier"), None, "", &["barnevern-bolig-inkludering"]),
    (20, "Eldre og omsorgsboliger", Some("eldre-omsorgsbolig"), None, "", &["helse-omsorgsforvaltning"]),
    (20, "Ideer til nabolaget", Some("ideer-nabolag"), None, "", &["samfunnsutvikling"]),
    (20, "Frivillige og borettslag", Some("frivillige-borettslag"), None, "", &["samfunnsutvikling"]),
    (200, "Ord om støy", None, None, "støy\nbråk*\nuro\nnoise\nnoisy", &["miljovaktmester"]),
    (200, "Ord om venteliste og tildeling", None, None, "venteliste*\nkommunal bolig*\nkommunal bustad*\nwaiting list", &["boligtildeling"]),
    (200, "Ord om startlån", None, None, "startlån\nleie til eie\nleige til eige\nstart loan", &["startlan"]),
    (200, "Ord om bostøtte og depositum", None, None, "bostøtte\nbustøtte\ndepositum\ngaranti\ndeposit", &["bostotte-garanti-depositum"]),
    (200, "Ord om vedlikehold", None, None, "vedlikehold\nvedlikehald\nmugg\nlekkasje\nfukt\nmould\nleak", &["mke"]),
    (200, "Ord om rus og psykisk helse", None, None, "rus\npsykisk*\nbekymr*", &["rus-psykisk-helse"]),
    (200, "Ord om husleie", None, None, "husleie*\nhusleige*\nrent\nsosialhjelp", &["nav"]),
];

/// Demo staff, one per role: (e-mail, name, role, team slugs).
const STAFF: &[(&str, &str, Role, &[&str])] = &[
    ("admin@demo.innspill.no", "Ada Administrator", Role::Administrator, &[]),
    ("moderator@demo.innspill.no", "Mona Moderator", Role::Moderator, &["boligsosial-avdeling"]),
    ("saksbehandler@demo.innspill.no", "Sander Saksbehandler", Role::Caseworker, &["miljovaktmester"]),
];

/// A demo account made by `demo_staff`, with the password to show once.
pub struct DemoAccount {
    pub email: String,
    pub role: Role,
    pub password: String,
}

/// Creates the demo staff accounts that do not exist yet, each with a fresh
/// random password (there are no default passwords). Returns those created.
pub async fn demo_staff(store: &dyn Store) -> StoreResult<Vec<DemoAccount>> {
    let teams = store.list_teams().await?;
    let mut created = Vec::new();
    for (email, name, role, team_slugs) in STAFF {
        let email = Email::parse(email).map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        if store.find_staff_by_email(&email).await?.is_some() {
            continue;
        }
        let password = domain::submission::random_token();
        let parsed = Password::parse(&password).map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        let password_hash = tokio::task::spawn_blocking(move || parsed.hash()).await.map_err(crate::store::StoreError::other)?;
        let id = store.create_staff_user(&NewStaffUser { email: email.clone(), display_name: name.to_string(), password_hash, role: *role }).await?;
        let team_ids: Vec<i64> = teams.iter().filter(|t| team_slugs.contains(&t.slug.as_str())).map(|t| t.id).collect();
        store.set_staff_teams(id, &team_ids).await?;
        created.push(DemoAccount { email: email.as_str().to_string(), role: *role, password });
    }
    Ok(created)
}

/// What `load` did, for the command line to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub teams: usize,
    pub themes: usize,
    pub areas: usize,
}

pub async fn load(store: &dyn Store) -> StoreResult<DemoSummary> {
    let slug = |s: &str| Slug::parse(s).map_err(crate::store::StoreError::Corrupt);
    for (order, (s, nb, nn, en, owns_journeys)) in TEAMS.iter().enumerate() {
        store
            .upsert_team(&NewTeam { slug: slug(s)?, names: names::all(names::TEAMS, s, nb, nn, en), owns_journeys: *owns_journeys, sort_order: order as i64 })
            .await?;
    }
    for (order, (s, nb, nn, en, days, triage, danger)) in THEMES.iter().enumerate() {
        store
            .upsert_theme(&NewTheme {
                slug: slug(s)?,
                names: names::all(names::THEMES, s, nb, nn, en),
                response_target_days: *days,
                is_triage: *triage,
                shows_danger_notice: *danger,
                sort_order: order as i64,
            })
            .await?;
    }
    for (order, (s, name, en)) in AREAS.iter().enumerate() {
        store.upsert_area(&NewArea { slug: slug(s)?, names: names::all(names::AREAS, s, name, name, en), sort_order: order as i64 }).await?;
    }
    // Rules have no natural key: add them only to a database without any.
    if store.list_routing_rules().await?.is_empty() {
        let (teams, themes, areas) = (store.list_teams().await?, store.list_themes().await?, store.list_areas().await?);
        let missing = |what: &str| crate::store::StoreError::Corrupt(format!("demo rule names unknown {what}"));
        for (priority, description, theme, area, keywords, rule_teams) in RULES {
            let rule = Rule {
                id: 0,
                priority: *priority,
                description: description.to_string(),
                input_kind: None,
                theme_id: theme.map(|t| themes.iter().find(|x| x.slug.as_str() == t).map(|x| x.id).ok_or_else(|| missing(t))).transpose()?,
                area_id: area.map(|a| areas.iter().find(|x| x.slug.as_str() == a).map(|x| x.id).ok_or_else(|| missing(a))).transpose()?,
                submitter_kind: None,
                keywords: Keywords::parse(keywords).ok_or_else(|| missing(keywords))?,
                team_ids: rule_teams
                    .iter()
                    .map(|t| teams.iter().find(|x| x.slug.as_str() == *t).map(|x| x.id).ok_or_else(|| missing(t)))
                    .collect::<Result<_, _>>()?,
                active: true,
            };
            store.save_routing_rule(&rule).await?;
        }
    }
    Ok(DemoSummary { teams: TEAMS.len(), themes: THEMES.len(), areas: AREAS.len() })
}
