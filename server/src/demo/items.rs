//! `innspill demo-data --items N --seed S`: N items as Moss's residents
//! might have sent them over the 24 months before a given day — journeys
//! along plausible paths through the services (with the loops people
//! describe: "back to NAV again"), neighbour concerns, ideas — and what
//! the teams did with them: triage, moderation, assignment, replies,
//! referrals, honest outcomes, the odd reopening.
//!
//! Every input goes through the forms' own parsers, the personal-data scan
//! and routing, and every follow-up through the store as the workspace
//! writes it (without mail: demo contacts use `example.invalid`, and no
//! receipt or update mail is queued). Item `i`'s content depends only on
//! the seed, `i` and the end day, so a seed always gives the same data.

use crate::password::HashPassword;
use crate::store::items::FollowUp;
use crate::store::{Store, StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use domain::intake::{self, Catalog, CommonFields, ConcernFields, IdeaFields, JourneyFields, StepFields};
use domain::submission::InputKind;
use domain::submission::{BoundedText, NewSubmission, TextLimits};
use domain::vocabulary::Outcome;
use domain::workspace::{Actor, ItemAction};
use domain::{Email, NewStaffUser, Password, Role};
use std::collections::HashMap;

/// Items stored per transaction.
const BATCH: usize = 500;
/// The span the items are spread over.
const DAYS: i64 = 730;

/// What `generate` made.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Generated {
    pub journeys: usize,
    pub concerns: usize,
    pub ideas: usize,
    pub replies: usize,
    pub referrals: usize,
    pub closed: usize,
    pub reopened: usize,
}

/// SplitMix64: tiny, fast, and the same numbers on every platform and
/// version (a library's generator may change its stream between releases).
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, each as likely as its weight.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let mut left = self.unit() * weights.iter().sum::<f64>();
        for (i, w) in weights.iter().enumerate() {
            if left < *w {
                return i;
            }
            left -= w;
        }
        weights.len() - 1
    }

    /// Roughly normal, mean 0 and spread 1 (sum of four uniforms).
    fn normal(&mut self) -> f64 {
        ((0..4).map(|_| self.unit()).sum::<f64>() - 2.0) * 1.73
    }

    /// A delay around `median` days, skewed long as waiting times are.
    fn days_around(&mut self, median: f64) -> Duration {
        let days = median * (0.6 * self.normal()).exp();
        Duration::minutes((days * 1440.0).clamp(30.0, 200.0 * 1440.0) as i64)
    }
}

/// What each service is like in the residents' journeys: its slug, the
/// mean feeling people report, the usual way to meet it, the median days
/// to a first reply to an item it owns, and what people say happened.
struct Service {
    slug: &'static str,
    feeling: f64,
    channels: &'static [&'static str],
    reply_days: f64,
    said: &'static [&'static str],
}

const SERVICES: &[Service] = &[
    Service {
        slug: "nav",
        feeling: 2.6,
        channels: &["in_person", "phone", "digital"],
        reply_days: 9.0,
        said: &[
            "Søkte om økonomisk sosialhjelp til husleie hos NAV",
            "Ringte NAV og ventet lenge i telefonkø",
            "Møtte veilederen min på NAV-kontoret",
            "Sendte søknad om midlertidig bolig på nav.no",
            "Fikk brev fra NAV om at søknaden manglet dokumentasjon",
        ],
    },
    Service {
        slug: "boligtildeling",
        feeling: 2.8,
        channels: &["digital", "letter", "phone"],
        reply_days: 12.0,
        said: &[
            "Søkte om kommunal bolig",
            "Spurte hvor jeg står på ventelisten for kommunal bolig",
            "Fikk tilbud om en bolig som ikke passet for familien",
            "Fikk brev om at søknaden om kommunal bolig var avslått",
            "Var på visning av kommunal bolig",
        ],
    },
    Service {
        slug: "startlan",
        feeling: 3.6,
        channels: &["digital", "phone"],
        reply_days: 5.0,
        said: &["Søkte om startlån", "Fikk veiledning om startlån og leie til eie", "Ventet på svar om startlån", "Sendte inn lånebevis og kontoutskrifter"],
    },
    Service {
        slug: "bostotte-garanti-depositum",
        feeling: 3.1,
        channels: &["digital", "letter"],
        reply_days: 6.0,
        said: &[
            "Søkte om bostøtte",
            "Søkte om kommunal garanti for depositum",
            "Fikk avslag på bostøtte fordi inntekten var for høy",
            "Fikk depositumsgaranti til en leilighet",
        ],
    },
    Service {
        slug: "housing-first",
        feeling: 4.1,
        channels: &["in_person"],
        reply_days: 2.0,
        said: &[
            "Fikk besøk av Housing First-teamet hjemme",
            "Housing First-teamet fulgte meg til NAV",
            "Fikk hjelp til å ordne strøm og internett i den nye boligen",
        ],
    },
    Service {
        slug: "miljovaktmester",
        feeling: 3.9,
        channels: &["in_person", "phone"],
        reply_days: 2.0,
        said: &["Snakket med miljøvaktmesteren i oppgangen", "Miljøvaktmesteren hjalp meg å melde fra om skade i boligen"],
    },
    Service {
        slug: "helse-omsorgsforvaltning",
        feeling: 3.3,
        channels: &["letter", "phone", "in_person"],
        reply_days: 8.0,
        said: &["Søkte om omsorgsbolig", "Fikk vedtak om hjemmetjenester", "Ventet på vurdering av behovet for tilrettelagt bolig"],
    },
    Service {
        slug: "flyktningetjenesten",
        feeling: 3.4,
        channels: &["in_person", "phone"],
        reply_days: 6.0,
        said: &["Flyktningetjenesten hjalp oss å finne bolig ved bosetting", "Fikk forklart husleiekontrakten av flyktningetjenesten"],
    },
    Service {
        slug: "rus-psykisk-helse",
        feeling: 3.5,
        channels: &["in_person", "phone"],
        reply_days: 4.0,
        said: &["Fikk oppfølging fra rus og psykisk helse", "Ba om hjelp fordi jeg var redd for å miste boligen"],
    },
    Service {
        slug: "mke",
        feeling: 3.0,
        channels: &["phone", "digital"],
        reply_days: 4.0,
        said: &[
            "Meldte fra til MKE om mugg i badet",
            "Ringte MKE om lekkasje under vasken",
            "Fikk husleiekontrakt fra MKE",
            "Meldte fra om ødelagt dør i oppgangen",
        ],
    },
    Service {
        slug: "barnevern-bolig-inkludering",
        feeling: 3.2,
        channels: &["in_person", "phone"],
        reply_days: 6.0,
        said: &["Snakket med barnevernet om boligen vår", "Fikk hjelp til å søke om større bolig til barna"],
    },
    Service {
        slug: "boligsosial-avdeling",
        feeling: 3.4,
        channels: &["in_person", "phone", "digital"],
        reply_days: 5.0,
        said: &["Fikk time hos boligsosial avdeling", "Boligsosial avdeling så på hele situasjonen vår"],
    },
    Service {
        slug: "helse-mestring",
        feeling: 3.7,
        channels: &["in_person"],
        reply_days: 6.0,
        said: &["Var på kurs i å mestre hverdagen hos helse og mestring"],
    },
    Service { slug: "samfunnsutvikling", feeling: 3.5, channels: &["digital"], reply_days: 14.0, said: &["Spurte om planene for nabolaget"] },
];

/// What people add to a step, by how it felt.
const WENT_BADLY: &[&str] = &[
    "Ingen ringte meg tilbake.",
    "Jeg måtte forklare alt på nytt.",
    "Fikk beskjed om å gå til et annet kontor.",
    "Brevet var vanskelig å forstå.",
    "Det tok mange uker før jeg fikk svar.",
    "Ingen visste hvem som hadde ansvaret.",
];
const WENT_WELL: &[&str] = &["Fikk god hjelp og et tydelig svar.", "De tok seg tid og forklarte.", "Det gikk raskere enn jeg trodde."];

/// (goal, theme, usual paths through the services)
const GOALS: &[(&str, &str, f64, &[&[&str]])] = &[
    (
        "get_dwelling",
        "kommunal-bolig",
        30.0,
        &[
            &["nav", "boligtildeling", "nav", "boligtildeling", "mke"],
            &["boligtildeling", "nav", "boligtildeling"],
            &["nav", "boligtildeling", "bostotte-garanti-depositum", "mke"],
            &["flyktningetjenesten", "nav", "boligtildeling", "mke"],
        ],
    ),
    (
        "keep_dwelling",
        "husleie-og-inntekt",
        15.0,
        &[&["mke", "nav", "bostotte-garanti-depositum"], &["nav", "boligsosial-avdeling", "housing-first"], &["mke", "nav", "mke", "nav"]],
    ),
    (
        "start_loan",
        "startlan-leie-til-eie",
        10.0,
        &[&["startlan", "bostotte-garanti-depositum", "startlan"], &["nav", "startlan"], &["startlan", "boligsosial-avdeling", "startlan"]],
    ),
    ("housing_allowance", "bostotte-depositum-garanti", 15.0, &[&["bostotte-garanti-depositum", "nav"], &["nav", "bostotte-garanti-depositum", "nav"]]),
    (
        "deposit_guarantee",
        "bostotte-depositum-garanti",
        12.0,
        &[&["nav", "bostotte-garanti-depositum"], &["bostotte-garanti-depositum", "nav", "bostotte-garanti-depositum"]],
    ),
    (
        "help_to_live",
        "bo-stotte-housing-first",
        12.0,
        &[
            &["helse-omsorgsforvaltning", "housing-first"],
            &["rus-psykisk-helse", "nav", "housing-first"],
            &["barnevern-bolig-inkludering", "boligsosial-avdeling", "helse-mestring"],
        ],
    ),
    ("other", "", 6.0, &[&["nav", "boligsosial-avdeling"], &["miljovaktmester", "mke"]]),
];

const HELPED: &[&str] = &[
    "Én person som fulgte meg gjennom hele saken.",
    "At kontorene snakket sammen, så jeg slapp å fortelle alt flere ganger.",
    "Et brev på enkelt språk som sa hva som skjer videre.",
    "Å vite hvor lenge jeg måtte vente.",
    "Hjelp til å fylle ut søknaden.",
];

/// (theme, concern kind, weight, what neighbours write)
const CONCERNS: &[(&str, &str, f64, &[&str])] = &[
    (
        "stoy-uro",
        "noise",
        35.0,
        &[
            "Det er bråk og høy musikk fra naboen nesten hver natt.",
            "Roping og slamring med dører i oppgangen sent på kvelden.",
            "Barna får ikke sove på grunn av støy fra leiligheten over.",
            "Festing i bakgården til langt på natt i helgene.",
        ],
    ),
    (
        "trygghet-bomiljo",
        "unsafe",
        20.0,
        &[
            "Ukjente folk oppholder seg i kjelleren og vi føler oss utrygge.",
            "Lyset i trappeoppgangen har vært ødelagt i flere uker.",
            "Inngangsdøren låser seg ikke, og det kommer folk inn om natten.",
        ],
    ),
    (
        "vedlikehold-mangler",
        "littering_damage",
        25.0,
        &[
            "Det er mugg i taket på badet og det lukter fukt.",
            "Lekkasje fra vasken har ødelagt gulvet på kjøkkenet.",
            "Søppel hoper seg opp ved containerne og tiltrekker seg rotter.",
            "Heisen har stått i tre uker og eldre beboere kommer seg ikke ut.",
        ],
    ),
    (
        "bekymring-person",
        "wellbeing",
        8.0,
        &["Jeg er bekymret for en eldre nabo som ikke har vært ute på lenge.", "En nabo virker ruset og forvirret og trenger hjelp."],
    ),
    ("barnefamilier", "other", 4.0, &["Lekeplassen er ødelagt og barna har ikke noe trygt sted å leke."]),
    ("bolig-passer-ikke", "other", 4.0, &["Leiligheten er for liten for familien, og barna deler ett rom."]),
    ("vet-ikke", "other", 4.0, &["Jeg vet ikke hvem jeg skal si fra til om dette, men noe må gjøres i blokka vår."]),
];

const PLACES: &[&str] = &["Oppgang B", "ved lekeplassen", "i kjelleren", "i bakgården", "ved søppelcontainerne", ""];
const COOPERATIVES: &[&str] = &["Kambo Terrasse borettslag", "Jeløy Park borettslag", "Verket Brygge sameie"];

/// (theme, weight, titles, descriptions)
const IDEAS: &[(&str, f64, &[&str], &[&str])] = &[
    (
        "ideer-nabolag",
        70.0,
        &["Benker i bakgården", "Felles grillplass", "Bedre lys på gangveien", "Parsellhage for beboerne", "Sykkelstativ med tak"],
        &[
            "Vi trenger et sted der naboer kan møtes og bli kjent.",
            "Eldre beboere trenger et sted å hvile mellom handleturene.",
            "Det er mørkt og utrygt å gå hjem om kvelden.",
            "Barna har ikke noe sted å leke etter skolen.",
        ],
    ),
    (
        "frivillige-borettslag",
        30.0,
        &["Leksehjelp i fellesrommet", "Dugnad med kommunen", "Nabokafé en gang i måneden", "Språkkafé for nye naboer"],
        &["Frivillige i borettslaget vil gjerne bidra hvis kommunen stiller med lokale.", "Mange nye naboer kjenner ingen her ennå."],
    ),
];

/// (area, weight)
const AREAS: &[(&str, f64)] =
    &[("moss-sentrum", 25.0), ("jeloy", 15.0), ("verket", 10.0), ("kambo", 10.0), ("ekholt", 12.0), ("halmstad", 10.0), ("rygge", 12.0), ("larkollen", 6.0)];

/// One item as a resident filled in the form, before parsing.
enum Form {
    Journey {
        goal: &'static str,
        theme: &'static str,
        area: &'static str,
        steps: Vec<(String, &'static str, String, u8, bool)>,
        result: &'static str,
        helped: &'static str,
    },
    Concern {
        theme: &'static str,
        kind: &'static str,
        area: &'static str,
        place: &'static str,
        text: String,
        ongoing: bool,
        cooperative: Option<&'static str>,
    },
    Idea {
        theme: &'static str,
        area: &'static str,
        title: &'static str,
        text: &'static str,
    },
}

/// Item `i`'s form, submitter and time (a fraction of the span, later
/// items a little more likely: volumes grow).
fn draw(rng: &mut Rng) -> (Form, &'static str, f64) {
    // Density rising from 1 to 1.5 across the span: the inverse of its CDF.
    let t = ((4.0 + 5.0 * rng.unit()).sqrt() - 2.0).clamp(0.0, 0.999_999);
    let late = t > 0.75;
    let kind = rng.weighted(&[35.0, 45.0, 20.0]);
    match kind {
        0 => {
            let (goal, theme, _, paths) = GOALS[rng.weighted(&GOALS.iter().map(|g| g.2).collect::<Vec<_>>())];
            let mut path: Vec<&str> = rng.pick(paths).to_vec();
            // The loops people describe: sent back to a service seen before.
            if path.len() >= 2 && rng.chance(0.25) {
                let back = path[rng.below(path.len() - 1)];
                path.push(back);
                if rng.chance(0.4) {
                    path.push(*rng.pick(&["nav", "boligtildeling"]));
                }
            }
            let submitter = *rng.pick(&["applicant", "applicant", "tenant", "tenant", "other", "volunteer"]);
            // Most say where they live; Rygge and Larkollen are far from the offices in town.
            let area = if rng.chance(0.7) { AREAS[rng.weighted(&AREAS.iter().map(|a| a.1).collect::<Vec<_>>())].0 } else { "" };
            let far = matches!(area, "rygge" | "larkollen");
            let mut seen: Vec<&str> = Vec::new();
            let mut steps = Vec::new();
            for (n, slug) in path.iter().enumerate() {
                let service = SERVICES.iter().find(|s| s.slug == *slug).unwrap_or(&SERVICES[0]);
                let again = seen.contains(slug);
                seen.push(slug);
                let mut feeling = service.feeling + 0.9 * rng.normal() - if again { 0.9 } else { 0.0 } - 0.15 * n as f64;
                if submitter == "applicant" {
                    feeling -= 0.2;
                }
                if far {
                    feeling -= 0.3;
                }
                let feeling = feeling.round().clamp(1.0, 5.0) as u8;
                let went_wrong = rng.chance(match feeling {
                    1 => 0.7,
                    2 => 0.45,
                    3 => 0.1,
                    _ => 0.02,
                });
                let team = match rng.unit() {
                    u if u < 0.06 => "unknown".to_string(),
                    u if u < 0.09 => "other".to_string(),
                    _ => slug.to_string(),
                };
                let mut what = rng.pick(service.said).to_string();
                if feeling <= 2 || went_wrong {
                    what = format!("{what}. {}", rng.pick(WENT_BADLY));
                } else if feeling >= 4 && rng.chance(0.5) {
                    what = format!("{what}. {}", rng.pick(WENT_WELL));
                }
                steps.push((team, *rng.pick(service.channels), what, feeling, went_wrong));
            }
            let mean = steps.iter().map(|s| s.3 as f64).sum::<f64>() / steps.len() as f64;
            let result = match rng.unit() + (mean - 3.0) * 0.25 {
                r if r > 0.55 => "got_help",
                r if r > 0.25 => "still_waiting",
                r if r > 0.05 => "gave_up",
                _ => "other",
            };
            let helped = if rng.chance(0.4) { *rng.pick(HELPED) } else { "" };
            (Form::Journey { goal, theme, area, steps, result, helped }, submitter, t)
        }
        1 => {
            let mut weights: Vec<f64> = CONCERNS.iter().map(|c| c.2).collect();
            if late {
                weights[0] *= 2.2;
            }
            let (theme, kind, _, texts) = CONCERNS[rng.weighted(&weights)];
            let mut area_weights: Vec<f64> = AREAS.iter().map(|a| a.1).collect();
            // Noise on Jeløy grows in the last six months: something for "what grows" to find.
            if late && theme == "stoy-uro" {
                area_weights[1] *= 3.0;
            }
            let area = AREAS[rng.weighted(&area_weights)].0;
            let mut text = rng.pick(texts).to_string();
            if rng.chance(0.5) {
                text = format!("{text} {}", rng.pick(texts));
            }
            let cooperative = if rng.chance(0.08) { Some(*rng.pick(COOPERATIVES)) } else { None };
            let submitter =
                if cooperative.is_some() { "cooperative" } else { *rng.pick(&["neighbour", "neighbour", "tenant", "tenant", "volunteer", "other"]) };
            let place = *rng.pick(PLACES);
            let form = Form::Concern { theme, kind, area, place, text, ongoing: rng.chance(0.5), cooperative };
            (form, submitter, t)
        }
        _ => {
            let (theme, _, titles, texts) = IDEAS[rng.weighted(&IDEAS.iter().map(|i| i.1).collect::<Vec<_>>())];
            let area = AREAS[rng.weighted(&AREAS.iter().map(|a| a.1).collect::<Vec<_>>())].0;
            let submitter = *rng.pick(&["tenant", "neighbour", "neighbour", "volunteer", "cooperative", "other"]);
            let (title, text) = (*rng.pick(titles), *rng.pick(texts));
            (Form::Idea { theme, area, title, text }, submitter, t)
        }
    }
}

/// Parses the form as the web form would, or says which demo text a parser refused.
fn parse(form: &Form, submitter: &str, contact: &str, email: &str, catalog: &Catalog) -> StoreResult<intake::Draft> {
    let common =
        CommonFields { theme: "", area: "", submitter, contact, email, phone: "", consent: if contact == "contact" { "yes" } else { "" }, needs_help: "" };
    let parsed = match form {
        Form::Journey { goal, theme, area, steps, result, helped } => {
            let steps = steps
                .iter()
                .map(|(team, channel, what, feeling, went_wrong)| StepFields {
                    team,
                    channel,
                    what,
                    feeling: FEELINGS[*feeling as usize - 1],
                    went_wrong: *went_wrong,
                })
                .collect();
            intake::parse_journey(
                &JourneyFields { goal, steps, result, what_would_have_helped: helped, common: CommonFields { theme, area, ..common } },
                catalog,
            )
        }
        Form::Concern { theme, kind, area, place, text, ongoing, cooperative } => intake::parse_concern(
            &ConcernFields {
                concern_kind: kind,
                address: place,
                occurred: "",
                ongoing: if *ongoing { "yes" } else { "no" },
                description: text,
                on_behalf: if cooperative.is_some() { "cooperative" } else { "self" },
                organisation: cooperative.unwrap_or(""),
                common: CommonFields { theme, area, ..common },
            },
            catalog,
        ),
        Form::Idea { theme, area, title, text } => {
            intake::parse_idea(&IdeaFields { title, description: text, common: CommonFields { theme, area, ..common } }, catalog)
        }
    };
    parsed.map_err(|errors| StoreError::Corrupt(format!("a demo item fails the form's checks: {errors:?}")))
}

const FEELINGS: [&str; 5] = ["1", "2", "3", "4", "5"];

/// One generated item, ready to store, and what will happen to it.
struct Planned {
    submission: NewSubmission,
    /// The team the item would belong to if triage or a referral moves it.
    fallback_team: Option<i64>,
    rng: Rng,
}

/// Generates `items` items ending at `until` into an empty database that
/// holds the demo catalog (`demo::load`). `seed` picks the data set.
pub async fn generate(store: &dyn Store, items: usize, seed: u64, until: DateTime<Utc>, reference_prefix: &str) -> StoreResult<Generated> {
    let existing = store.count_submissions().await?;
    if existing > 0 {
        return Err(StoreError::Conflict("demo items need a database without items"));
    }
    let catalog = Catalog {
        teams: store.list_teams().await?,
        themes: store.list_themes().await?,
        areas: store.list_areas().await?,
        rules: store.list_routing_rules().await?,
    };
    let staff = team_staff(store, &catalog).await?;
    let start = until - Duration::days(DAYS);
    let mut generated = Generated::default();
    let mut stored: Vec<i64> = Vec::with_capacity(items);
    for first in (0..items).step_by(BATCH) {
        let mut batch = Vec::new();
        for i in first..(first + BATCH).min(items) {
            batch.push(plan(seed, i, start, &catalog, reference_prefix)?);
        }
        let submissions: Vec<NewSubmission> = batch.iter().map(|p| p.submission.clone()).collect();
        let created = store.create_submissions(&submissions).await?;
        let mut steps = Vec::new();
        for (planned, created) in batch.into_iter().zip(created) {
            match planned.submission.kind {
                InputKind::Journey => generated.journeys += 1,
                InputKind::Concern => generated.concerns += 1,
                InputKind::Idea => generated.ideas += 1,
            }
            follow_up(created.id, planned, &staff, stored.last().copied(), until, &mut generated, &mut steps)?;
            stored.push(created.id);
        }
        // The batch's follow-ups in one transaction: one per step wrote the same pages again and again.
        let done = store.follow_ups(&steps).await?;
        generated.reopened += steps.iter().zip(done).filter(|(step, done)| *done && matches!(step, FollowUp::Reopen { .. })).count();
    }
    Ok(generated)
}

/// Item `i` of the data set `seed` ending at `until`, as `generate` stores
/// it (without its follow-ups): for tests that need more items like them.
pub fn item(seed: u64, i: usize, until: DateTime<Utc>, catalog: &Catalog, reference_prefix: &str) -> StoreResult<NewSubmission> {
    Ok(plan(seed, i, until - Duration::days(DAYS), catalog, reference_prefix)?.submission)
}

/// Item `i`: drawn, parsed and routed as the web form does it.
fn plan(seed: u64, i: usize, start: DateTime<Utc>, catalog: &Catalog, reference_prefix: &str) -> StoreResult<Planned> {
    let mut rng = Rng::new(seed, i as u64);
    let (form, submitter, t) = draw(&mut rng);
    let received_at = start + Duration::seconds((t * (DAYS * 86_400) as f64) as i64);
    let email = format!("beboer{i}@example.invalid");
    let contact = if rng.chance(0.4) { "contact" } else { "anonymous" };
    let draft = parse(&form, submitter, contact, &email, catalog)?;
    let free_text = draft.free_text();
    let flags = domain::personal_data::kinds(&free_text);
    let (routing, due_at) = draft.route(catalog, &free_text, received_at);
    let fallback_team = match &form {
        Form::Journey { .. } => None,
        Form::Concern { theme, .. } | Form::Idea { theme, .. } => {
            let theme = if *theme == "vet-ikke" { "trygghet-bomiljo" } else { theme };
            let theme_id = catalog.themes.iter().find(|t| t.slug.as_str() == theme).map(|t| t.id);
            catalog.rules.iter().filter(|r| r.active && r.theme_id == theme_id && r.area_id.is_none()).find_map(|r| r.team_ids.first().copied())
        }
    };
    let submission = NewSubmission {
        receipt: None,
        kind: draft.kind,
        detail: draft.detail,
        address: draft.address,
        theme_id: draft.common.theme_id,
        area_id: draft.common.area_id,
        submitter_kind: draft.common.submitter,
        organisation_name: draft.organisation,
        requests_help: draft.common.requests_help,
        locale: "nb".into(),
        title: draft.title,
        body: draft.body,
        personal_data_flags: flags.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","),
        contact: draft.common.contact,
        idempotency_hash: domain::submission::sha256_hex(format!("demo item {seed} {i}").as_bytes()),
        token_key_id: String::new(),
        // Nobody holds these links: the token is random and thrown away.
        tracking_token_hash: domain::submission::sha256_hex(domain::submission::random_token().as_bytes()),
        held: None,
        reference_prefix: reference_prefix.to_string(),
        received_at,
        routing,
        due_at,
        search_text: free_text,
        api: None,
    };
    Ok(Planned { submission, fallback_team, rng })
}

/// A team's demo member, and how quickly the team usually answers.
struct Member {
    id: i64,
    reply_days: f64,
}

/// One member per team, who does that team's follow-ups. Their passwords
/// are random and never shown: these accounts cannot sign in.
async fn team_staff(store: &dyn Store, catalog: &Catalog) -> StoreResult<HashMap<i64, Member>> {
    let password = Password::parse(&domain::submission::random_token()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let password_hash = tokio::task::spawn_blocking(move || password.hash()).await.map_err(StoreError::other)?;
    let mut staff = HashMap::new();
    for team in &catalog.teams {
        let email = Email::parse(&format!("{}@team.demo.innspill.no", team.slug.as_str())).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let id = match store.find_staff_by_email(&email).await? {
            Some(found) => found.id,
            None => {
                let user = NewStaffUser {
                    email,
                    display_name: format!("{} (demo)", team.names.get("nb")),
                    password_hash: password_hash.clone(),
                    role: Role::Caseworker,
                };
                let id = store.create_staff_user(&user).await?;
                store.set_staff_teams(id, &[team.id]).await?;
                id
            }
        };
        let reply_days = SERVICES.iter().find(|s| s.slug == team.slug.as_str()).map_or(6.0, |s| s.reply_days);
        staff.insert(team.id, Member { id, reply_days });
    }
    Ok(staff)
}

fn demo_text(text: &str) -> StoreResult<BoundedText> {
    BoundedText::parse("demo", text, TextLimits { required: true, max_chars: 4000 })
        .ok()
        .flatten()
        .ok_or_else(|| StoreError::Corrupt("a demo text is empty or too long".into()))
}

/// What the teams did with one item, each step only if its time has come
/// by `until`, added to `steps` in order.
fn follow_up(
    id: i64,
    mut planned: Planned,
    staff: &HashMap<i64, Member>,
    previous: Option<i64>,
    until: DateTime<Utc>,
    generated: &mut Generated,
    steps: &mut Vec<FollowUp>,
) -> StoreResult<()> {
    let rng = &mut planned.rng;
    let new = &planned.submission;
    let mut at = new.received_at;
    let mut team = new.routing.decisions.iter().find_map(|d| d.team_id.filter(|_| !d.suggested));
    let act = |team: Option<i64>| Actor { staff_id: team.and_then(|t| staff.get(&t)).map_or(0, |m| m.id), team_id: team, client: None };
    let past = |at: DateTime<Utc>| at < until;
    if new.routing.triage {
        at += rng.days_around(1.0);
        let Some(to) = planned.fallback_team.filter(|_| past(at)) else { return Ok(()) };
        steps.push(FollowUp::Act { id, actor: act(Some(to)), action: ItemAction::ConfirmTriage { team_id: to }, at });
        team = Some(to);
    }
    let Some(mut owner) = team else { return Ok(()) };
    if new.kind == InputKind::Idea {
        at += rng.days_around(2.0);
        if !past(at) {
            return Ok(());
        }
        let decision = if rng.chance(0.8) {
            domain::participation::IdeaDecision::Approve {
                title: new.title.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default(),
                body: new.body.as_ref().map(|b| b.as_str().to_string()).unwrap_or_default(),
            }
        } else {
            domain::participation::IdeaDecision::Reject { reason: "not_an_idea", note: None }
        };
        steps.push(FollowUp::ModerateIdea { id, decision, actor: act(Some(owner)), at });
    }
    let reply_days = staff.get(&owner).map_or(6.0, |m| m.reply_days);
    if rng.chance(0.12) {
        let to = planned.fallback_team.filter(|t| *t != owner).or_else(|| staff.keys().copied().filter(|t| *t != owner).min());
        at += rng.days_around(reply_days / 2.0);
        if let (Some(to), true) = (to, past(at)) {
            let reason = demo_text("Dette hører hjemme hos en annen tjeneste, som følger det opp videre.")?;
            steps.push(FollowUp::Act { id, actor: act(Some(owner)), action: ItemAction::Refer { to_team: to, reason, keep: false }, at });
            generated.referrals += 1;
            owner = to;
        }
    }
    if !rng.chance(0.85) {
        return Ok(());
    }
    at += rng.days_around(reply_days);
    if !past(at) {
        return Ok(());
    }
    let member = staff.get(&owner).map(|m| m.id);
    steps.push(FollowUp::Act { id, actor: act(Some(owner)), action: ItemAction::Assign { assignee_id: member }, at: at - Duration::hours(1) });
    let reply = *rng.pick(&[
        "Takk for at du sa fra. Vi ser på dette og kommer tilbake til deg.",
        "Vi har tatt kontakt med de det gjelder og følger opp saken.",
        "Takk for innspillet. Vi har sendt det videre til dem som planlegger tiltakene.",
    ]);
    steps.push(FollowUp::Act { id, actor: act(Some(owner)), action: ItemAction::Reply(demo_text(reply)?), at });
    generated.replies += 1;
    if !rng.chance(0.9) {
        return Ok(());
    }
    at += rng.days_around(8.0);
    if !past(at) {
        return Ok(());
    }
    let outcome =
        [Outcome::Resolved, Outcome::NotResolved, Outcome::Referred, Outcome::OutsideRemit, Outcome::Duplicate][rng.weighted(&[60.0, 15.0, 8.0, 8.0, 4.0])];
    let outcome = if outcome == Outcome::Duplicate && previous.is_none() { Outcome::Resolved } else { outcome };
    let detail = match outcome {
        Outcome::NotResolved => Some(demo_text("Vi har ikke en bolig som passer nå. Du står fortsatt på listen.")?),
        Outcome::Referred => Some(demo_text("Sendt til NAV, som har ansvaret for dette.")?),
        Outcome::OutsideRemit => Some(demo_text("Dette gjelder en privat utleier. Forbrukerrådet kan hjelpe.")?),
        _ => None,
    };
    let duplicate_of = if outcome == Outcome::Duplicate { previous } else { None };
    steps.push(FollowUp::Act { id, actor: act(Some(owner)), action: ItemAction::Close { outcome, detail, duplicate_of, reply: None }, at });
    generated.closed += 1;
    if rng.chance(0.03) {
        at += rng.days_around(3.0);
        if past(at) {
            steps.push(FollowUp::Reopen { id, comment: demo_text("Det er ikke løst. Problemet er tilbake.")?, at });
        }
    }
    Ok(())
}
