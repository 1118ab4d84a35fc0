//! Open311 GeoReport v2 and the keys its clients post with. The services
//! are the active themes, each taking neighbour concerns; a post is checked
//! against the service definition, then goes through the concern form's own
//! parser and `submit` (personal-data scan, routing, triage, holding,
//! idempotency, receipt), so no rule exists twice. Its keys are
//! `usecase::keys`.

use crate::store::api::{PublicRequest, RequestFilter, TokenState};
use crate::store::{Store, StoreError};
use crate::usecase::keys::{self, Purpose};
use crate::usecase::submit::{submit_from, FormKey, Intake, Sender, SubmitError};
use domain::intake::{parse_concern, Catalog, CommonFields, ConcernFields};
use domain::open311::{concern_attributes, parameter_of_field, Attribute, Coordinates, DateRange, Name, ParameterError, RequestQuery, MAX_RESULTS};
use domain::submission::{sha256_hex, ApiOrigin, IdempotencyKey};
use domain::token::{hex, hmac_sha256};

/// Reads (GET) one client may make an hour, in this process.
pub const READS_PER_HOUR: i64 = 1200;

/// One service: a theme that takes neighbour concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub code: String,
    /// The theme's name in the asked language.
    pub name: String,
    /// The team that owns the theme's items, if a rule names one.
    pub group: Option<String>,
}

/// The services, in the catalog's order, named in `locale`.
pub fn services(catalog: &Catalog, locale: &str) -> Vec<Service> {
    catalog
        .themes
        .iter()
        .filter(|theme| theme.active)
        .map(|theme| {
            let owner = catalog
                .rules
                .iter()
                .filter(|rule| rule.active && rule.theme_id == Some(theme.id) && rule.area_id.is_none() && rule.input_kind.is_none())
                .min_by_key(|rule| rule.priority)
                .and_then(|rule| rule.team_ids.first())
                .and_then(|id| catalog.teams.iter().find(|team| team.id == *id));
            Service { code: theme.slug.as_str().to_string(), name: theme.names.get(locale).to_string(), group: owner.map(|t| t.names.get(locale).to_string()) }
        })
        .collect()
}

/// The definition of service `code`: its attributes, or `None` for a code
/// that is not a service.
pub fn definition(catalog: &Catalog, code: &str, locale: &str) -> Option<Vec<Attribute>> {
    catalog.themes.iter().find(|t| t.active && t.slug.as_str() == code)?;
    let areas: Vec<(String, String)> =
        catalog.areas.iter().filter(|a| a.active).map(|a| (a.slug.as_str().to_string(), a.names.get(locale).to_string())).collect();
    Some(concern_attributes(&areas))
}

/// A post as the client sent it: every pair of the form body.
pub struct Post<'a> {
    pub pairs: &'a [(String, String)],
    /// The language the item is answered in.
    pub locale: &'a str,
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Post<'_> {
    fn value(&self, name: &str) -> &str {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// What the post became: the reference once the item is with a team, or
/// only the token while it waits for triage or a moderator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posted {
    pub token: String,
    pub service_request_id: Option<String>,
}

/// Why a post or a lookup was refused, as the specification sorts it.
#[derive(Debug, thiserror::Error)]
pub enum Open311Error {
    /// No key, an unknown key or a revoked one: 403.
    #[error("missing, unknown or revoked api key")]
    Forbidden,
    /// The key has posted its items for the hour: 429.
    #[error("over the key's hourly limit")]
    Limited,
    /// An unknown service or token: 404.
    #[error("not found")]
    NotFound,
    /// The post's parameters, each with what is wrong: 400.
    #[error("bad parameters")]
    Invalid(Vec<ParameterError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The token of a post: derived from its stored seed, so a retried post
/// answers the same token although only the seed is stored.
fn token_of(secret: &[u8], seed: &str) -> String {
    hex(&hmac_sha256(secret, &[b"innspill open311 token\0", seed.as_bytes()])[..12])
}

/// Stores a client's post as a neighbour concern. The key is checked
/// first, then the limit, then every parameter at once.
pub async fn post_request(intake: &Intake<'_>, signer: &crate::keys::SigningKey, post: &Post<'_>) -> Result<Posted, Open311Error> {
    let key = keys::authenticate(intake.store, post.value("api_key"), Purpose::Open311).await.map_err(|error| match error {
        keys::AuthError::Refused => Open311Error::Forbidden,
        // A database that cannot answer is not a bad key: 500/503, not 403.
        keys::AuthError::Store(error) => Open311Error::Store(error),
    })?;
    if keys::over_limit(intake.store, &key, post.now).await? {
        return Err(Open311Error::Limited);
    }
    let code = post.value("service_code");
    let Some(definition) = definition(intake.catalog, code, post.locale) else {
        let key = if code.is_empty() { "open311.error.required" } else { "open311.error.unknown_service" };
        return Err(Open311Error::Invalid(vec![ParameterError::new("service_code", key)]));
    };
    let mut errors = Vec::new();
    let values = domain::open311::read_attributes(&definition, post.pairs).unwrap_or_else(|e| {
        errors.extend(e);
        Default::default()
    });
    let coordinates = Coordinates::parse(post.value("lat"), post.value("long")).unwrap_or_else(|e| {
        errors.extend(e);
        None
    });
    if !errors.is_empty() {
        return Err(Open311Error::Invalid(errors));
    }
    let one = |code: &str| values.get(code).and_then(|v| v.first()).map(String::as_str).unwrap_or("");
    let (email, phone) = (post.value("email").trim(), post.value("phone").trim());
    let wants_contact = !email.is_empty() || !phone.is_empty();
    let organisation = one("organisation");
    let on_behalf = match one("on_behalf") {
        "" if !organisation.is_empty() => "cooperative",
        "" => "self",
        given => given,
    };
    let fields = ConcernFields {
        concern_kind: one("concern_kind"),
        address: post.value("address_string"),
        occurred: one("occurred"),
        ongoing: one("ongoing"),
        description: post.value("description"),
        on_behalf,
        organisation,
        // The client asked the person before sending their contact details.
        common: CommonFields {
            theme: code,
            area: one("area"),
            submitter: one("submitter"),
            contact: if wants_contact { "contact" } else { "anonymous" },
            email,
            phone,
            consent: if wants_contact { "yes" } else { "" },
            // Open311 asks no such question.
            needs_help: "",
        },
    };
    let draft = parse_concern(&fields, intake.catalog)
        .map_err(|errors| Open311Error::Invalid(errors.into_iter().map(|e| ParameterError::new(parameter_of_field(e.field), e.key)).collect()))?;
    // A retry of the same post on the same day finds the first item.
    let body = post.pairs.iter().filter(|(k, _)| k != "api_key").map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let same = IdempotencyKey::derived(format!("open311 {} {} {}", key.id, post.now.date_naive(), sha256_hex(body.as_bytes())), post.now);
    let seed = same.fingerprint(signer.secret());
    let token = token_of(signer.secret(), &seed);
    let origin = ApiOrigin { key_id: key.id, token: token.clone(), coordinates };
    let client = format!("api:{}", key.id);
    submit_from(intake, draft, post.locale, FormKey { key: &same, signer }, Sender { client: &client, held: None }, Some(origin)).await.map_err(|error| {
        match error {
            SubmitError::Limited => Open311Error::Limited,
            SubmitError::Store(error) => Open311Error::Store(error),
        }
    })?;
    let state = intake.store.open311_token(&token).await?.ok_or(Open311Error::Store(StoreError::NotFound("open311 token")))?;
    Ok(Posted { service_request_id: public_id(&state), token })
}

/// The request id a client may follow: once a team has the item.
fn public_id(state: &TokenState) -> Option<String> {
    (!state.held && state.status != "triage").then(|| state.reference.clone())
}

/// What token `token` says now: the request id once there is one.
pub async fn token(store: &dyn Store, token: &str) -> Result<Option<String>, Open311Error> {
    if token.is_empty() || token.len() > 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Open311Error::NotFound);
    }
    let state = store.open311_token(token).await?.ok_or(Open311Error::NotFound)?;
    Ok(public_id(&state))
}

/// A public request as GeoReport shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestView {
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: &'static str,
    /// The latest public reply, else the outcome of a closed item.
    pub status_notes: Option<Name>,
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub agency_responsible: String,
    pub requested_datetime: chrono::DateTime<chrono::Utc>,
    pub updated_datetime: chrono::DateTime<chrono::Utc>,
    /// The area and the municipality: never the resident's own address
    /// words, which no moderator has read.
    pub address: Option<String>,
}

fn view(catalog: &Catalog, request: PublicRequest, locale: &str, municipality: &str) -> RequestView {
    let theme = request.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id));
    let area = request.area_id.and_then(|id| catalog.areas.iter().find(|a| a.id == id));
    let teams: Vec<&str> = request.team_ids.iter().filter_map(|id| catalog.teams.iter().find(|t| t.id == *id)).map(|t| t.names.get(locale)).collect();
    let status = domain::vocabulary::Status::parse(&request.status).unwrap_or(domain::vocabulary::Status::New);
    let outcome = request.outcome.as_deref().and_then(domain::vocabulary::Outcome::parse);
    RequestView {
        service_request_id: request.reference,
        status: domain::open311::request_status(status),
        status_notes: match (request.reply, outcome) {
            (Some(reply), _) => Some(Name::Plain(reply)),
            (None, Some(outcome)) => Some(Name::Key(outcome.key())),
            (None, None) => None,
        },
        service_code: theme.map(|t| t.slug.as_str().to_string()).unwrap_or_default(),
        service_name: theme.map(|t| t.names.get(locale).to_string()).unwrap_or_default(),
        description: request.description,
        agency_responsible: teams.join(", "),
        requested_datetime: request.requested_at,
        updated_datetime: request.updated_at,
        address: area.map(|a| format!("{}, {municipality}", a.names.get(locale))),
    }
}

/// `GET requests`: the public requests the query names, newest first, at most 1 000.
pub async fn requests(store: &dyn Store, catalog: &Catalog, query: &RequestQuery, locale: &str, municipality: &str) -> Result<Vec<RequestView>, Open311Error> {
    let filter = match query {
        RequestQuery::Ids(references) => RequestFilter { references: references.clone(), limit: MAX_RESULTS, ..Default::default() },
        RequestQuery::Filtered { service_code, range, open, closed } => {
            let theme_id = match service_code {
                Some(code) => Some(
                    catalog
                        .themes
                        .iter()
                        .find(|t| t.slug.as_str() == code)
                        .map(|t| t.id)
                        .ok_or_else(|| Open311Error::Invalid(vec![ParameterError::new("service_code", "open311.error.unknown_service")]))?,
                ),
                None => None,
            };
            RequestFilter { references: Vec::new(), theme_id, from: Some(range.start), to: Some(range.end), open: *open, closed: *closed, limit: MAX_RESULTS }
        }
    };
    Ok(store.public_requests(&filter).await?.into_iter().map(|r| view(catalog, r, locale, municipality)).collect())
}

/// `GET requests/{id}`: one public request, or not found.
pub async fn request(store: &dyn Store, catalog: &Catalog, reference: &str, locale: &str, municipality: &str) -> Result<RequestView, Open311Error> {
    if reference.is_empty() || reference.len() > 40 {
        return Err(Open311Error::NotFound);
    }
    let filter = RequestFilter { references: vec![reference.to_string()], limit: 1, ..Default::default() };
    let found = store.public_requests(&filter).await?.into_iter().next().ok_or(Open311Error::NotFound)?;
    Ok(view(catalog, found, locale, municipality))
}

/// One public event in mySociety's `servicerequestupdates`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateView {
    pub update_id: String,
    pub service_request_id: String,
    pub status: &'static str,
    pub updated_datetime: chrono::DateTime<chrono::Utc>,
    pub description: String,
}

/// The public events of public requests in the range, oldest first.
pub async fn updates(store: &dyn Store, range: DateRange) -> Result<Vec<UpdateView>, Open311Error> {
    Ok(store
        .public_updates(range.start, range.end, MAX_RESULTS)
        .await?
        .into_iter()
        .map(|u| {
            let outcome = u.outcome.as_deref().and_then(domain::vocabulary::Outcome::parse);
            UpdateView {
                update_id: u.id.to_string(),
                service_request_id: u.reference,
                status: domain::open311::update_status(&u.kind, u.status.as_deref(), outcome),
                updated_datetime: u.at,
                description: u.body.unwrap_or_default(),
            }
        })
        .collect())
}
