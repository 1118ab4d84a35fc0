//! Demo configuration for Moss kommune: the teams, themes and areas named in
//! the housing-social department's plan (see shared/docs/domain.md). Loading
//! is idempotent: rows are upserted by slug, so running it twice changes nothing.

use crate::domain::{Names, NewArea, NewTeam, NewTheme, Slug};
use crate::store::{Store, StoreResult};

/// (slug, bokmål, nynorsk, English, owns journeys)
const TEAMS: &[(&str, &str, &str, &str, bool)] = &[
    ("boligsosial-avdeling", "Boligsosial avdeling", "Bustadsosial avdeling", "Housing-social department", true),
    ("boligtildeling", "Boligtildeling", "Bustadtildeling", "Housing allocation", false),
    ("startlan", "Startlån", "Startlån", "Start loans", false),
    ("bostotte-garanti-depositum", "Bostøtte, kommunal garanti og depositum", "Bustøtte, kommunal garanti og depositum", "Housing allowance, municipal guarantee and deposit", false),
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
    ("kommunal-bolig", "Søke om eller vente på kommunal bolig", "Søkje om eller vente på kommunal bustad", "Applying for or waiting for municipal housing", 14, false, false),
    ("startlan-leie-til-eie", "Startlån og leie til eie", "Startlån og leige til eige", "Start loan and rent-to-own", 14, false, false),
    ("bostotte-depositum-garanti", "Bostøtte, depositum og garanti", "Bustøtte, depositum og garanti", "Housing allowance, deposit and guarantee", 14, false, false),
    ("husleie-og-inntekt", "Husleie og inntekt", "Husleige og inntekt", "Rent versus income", 14, false, false),
    ("vedlikehold-mangler", "Vedlikehold og mangler i boligen", "Vedlikehald og manglar i bustaden", "Maintenance and defects", 10, false, false),
    ("bolig-passer-ikke", "Boligen passer ikke til behovene", "Bustaden passar ikkje til behova", "Dwelling not suited to needs", 14, false, false),
    ("stoy-uro", "Støy og uro fra naboer", "Støy og uro frå naboar", "Noise and disturbance from neighbours", 7, false, true),
    ("trygghet-bomiljo", "Trygghet og bomiljø", "Tryggleik og bumiljø", "Safety and living environment", 7, false, true),
    ("bostedslos-akuttbolig", "Bostedsløs eller trenger akuttbolig", "Bustadlaus eller treng akuttbustad", "Homeless or in need of emergency housing", 3, false, true),
    ("bo-stotte-housing-first", "Hjelp til å bo (Housing First)", "Hjelp til å bu (Housing First)", "Support to live (Housing First)", 7, false, false),
    ("bekymring-person", "Bekymring for en person (rus, psykisk helse)", "Bekymring for ein person (rus, psykisk helse)", "Worry about a person (drugs, mental health)", 3, false, true),
    ("bosetting-flyktninger", "Bosetting av flyktninger", "Busetjing av flyktningar", "Refugee settlement", 14, false, false),
    ("barnefamilier", "Barnefamilier", "Barnefamiliar", "Families with children", 10, false, false),
    ("eldre-omsorgsbolig", "Eldre, omsorgsboliger og sykehjem", "Eldre, omsorgsbustader og sjukeheim", "Elderly, care dwellings and care homes", 14, false, false),
    ("ideer-nabolag", "Ideer til nabolaget", "Idear til nabolaget", "Ideas for the neighbourhood", 30, false, false),
    ("frivillige-borettslag", "Samarbeid med frivillige og borettslag", "Samarbeid med frivillige og burettslag", "Cooperation with volunteers and cooperatives", 21, false, false),
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
            .upsert_team(&NewTeam {
                slug: slug(s)?,
                names: Names::new(nb, &[("nn", nn), ("en", en)]),
                owns_journeys: *owns_journeys,
                sort_order: order as i64,
            })
            .await?;
    }
    for (order, (s, nb, nn, en, days, triage, danger)) in THEMES.iter().enumerate() {
        store
            .upsert_theme(&NewTheme {
                slug: slug(s)?,
                names: Names::new(nb, &[("nn", nn), ("en", en)]),
                response_target_days: *days,
                is_triage: *triage,
                shows_danger_notice: *danger,
                sort_order: order as i64,
            })
            .await?;
    }
    for (order, (s, name, en)) in AREAS.iter().enumerate() {
        store
            .upsert_area(&NewArea { slug: slug(s)?, names: Names::new(name, &[("nn", name), ("en", en)]), sort_order: order as i64 })
            .await?;
    }
    Ok(DemoSummary { teams: TEAMS.len(), themes: THEMES.len(), areas: AREAS.len() })
}
