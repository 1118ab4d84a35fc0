//! Open311 GeoReport v2, named as the specification names it: the response
//! formats, the service definition a neighbour concern is posted with, and
//! checking a post's `attribute[CODE]` values against it. Which themes are
//! services and what a post becomes is `usecase::open311`; XML and JSON are
//! written by the adapter.

use crate::vocabulary::{ConcernKind, OnBehalf, SubmitterKind};
use std::collections::BTreeMap;

/// The specification a discovery document points to.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// The longest description a post may carry (as the concern form).
pub const DESCRIPTION_MAX_CHARS: usize = crate::intake::DESCRIPTION_MAX_CHARS;
/// Values of a `string` attribute: one line.
pub const STRING_MAX_CHARS: usize = 200;
/// A valid API key: `o311_` and 43 base64url characters (32 random bytes).
pub const KEY_PREFIX: &str = "o311_";

/// The two response formats, named by the path's suffix (`services.xml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    /// Splits `services.json` into `("services", Json)`; `None` without a known suffix.
    pub fn split(segment: &str) -> Option<(&str, Format)> {
        let (name, suffix) = segment.rsplit_once('.')?;
        let format = match suffix {
            "xml" => Format::Xml,
            "json" => Format::Json,
            _ => return None,
        };
        Some((name, format))
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// An attribute's type, as the specification spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    SingleValueList,
    MultiValueList,
}

impl Datatype {
    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::Datetime => "datetime",
            Datatype::Text => "text",
            Datatype::SingleValueList => "singlevaluelist",
            Datatype::MultiValueList => "multivaluelist",
        }
    }
}

/// A name to show: a translation key, or a name the catalog holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    Key(&'static str),
    Plain(String),
}

/// One allowed value of a list attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeValue {
    pub key: String,
    pub name: Name,
}

/// One attribute of a service definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub code: &'static str,
    pub datatype: Datatype,
    pub required: bool,
    /// 1 is shown first.
    pub order: u32,
    /// Translation key of the instruction to the person.
    pub description: &'static str,
    pub values: Vec<AttributeValue>,
}

fn listed(values: &[(&'static str, &'static str)]) -> Vec<AttributeValue> {
    values.iter().map(|(key, name)| AttributeValue { key: key.to_string(), name: Name::Key(name) }).collect()
}

/// The attributes of a neighbour concern, as the concern form asks them;
/// `areas` are the catalog's active areas (slug, name).
pub fn concern_attributes(areas: &[(String, String)]) -> Vec<Attribute> {
    let submitters: Vec<(&str, &str)> = SubmitterKind::CHOICES.iter().copied().filter(|(value, _)| *value != "applicant").collect();
    vec![
        Attribute {
            code: "concern_kind",
            datatype: Datatype::SingleValueList,
            required: true,
            order: 1,
            description: "concern.kind",
            values: listed(ConcernKind::CHOICES),
        },
        Attribute {
            code: "ongoing",
            datatype: Datatype::SingleValueList,
            required: true,
            order: 2,
            description: "concern.ongoing",
            values: listed(&[("yes", "concern.ongoing.yes"), ("no", "concern.ongoing.no")]),
        },
        Attribute { code: "occurred", datatype: Datatype::String, required: false, order: 3, description: "concern.occurred", values: Vec::new() },
        Attribute {
            code: "area",
            datatype: Datatype::SingleValueList,
            required: false,
            order: 4,
            description: "form.area_hint",
            values: areas.iter().map(|(slug, name)| AttributeValue { key: slug.clone(), name: Name::Plain(name.clone()) }).collect(),
        },
        Attribute {
            code: "submitter",
            datatype: Datatype::SingleValueList,
            required: true,
            order: 5,
            description: "form.submitter",
            values: listed(&submitters),
        },
        Attribute {
            code: "on_behalf",
            datatype: Datatype::SingleValueList,
            required: false,
            order: 6,
            description: "concern.behalf",
            values: listed(OnBehalf::CHOICES),
        },
        Attribute { code: "organisation", datatype: Datatype::String, required: false, order: 7, description: "concern.organisation", values: Vec::new() },
    ]
}

/// What is wrong with one parameter of a post: which parameter (as the
/// client sent it) and a translation key with its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterError {
    pub parameter: String,
    pub key: &'static str,
    pub value: Option<String>,
}

impl ParameterError {
    pub fn new(parameter: impl Into<String>, key: &'static str) -> ParameterError {
        ParameterError { parameter: parameter.into(), key, value: None }
    }

    fn with_value(mut self, value: &str) -> ParameterError {
        self.value = Some(value.chars().take(60).collect());
        self
    }
}

/// `attribute[CODE]` (or `attribute[CODE][]`) → `CODE`.
pub fn attribute_code(parameter: &str) -> Option<&str> {
    let inner = parameter.strip_prefix("attribute[")?;
    let inner = inner.strip_suffix("][]").or_else(|| inner.strip_suffix(']'))?;
    (!inner.is_empty() && !inner.contains(['[', ']'])).then_some(inner)
}

fn is_datetime(value: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(value).is_ok() || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

/// Checks the post's attributes against `definition`: every code known,
/// every required one given, each value of its type and, for lists, one
/// of the listed keys. Returns the values per code (several only for a
/// `multivaluelist`), or every problem at once.
pub fn read_attributes(definition: &[Attribute], pairs: &[(String, String)]) -> Result<BTreeMap<&'static str, Vec<String>>, Vec<ParameterError>> {
    let mut errors = Vec::new();
    let mut values: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (parameter, value) in pairs {
        let Some(code) = attribute_code(parameter) else { continue };
        let Some(attribute) = definition.iter().find(|a| a.code == code) else {
            errors.push(ParameterError::new(parameter.clone(), "open311.error.unknown_attribute"));
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let fits = match attribute.datatype {
            Datatype::Number => value.parse::<f64>().is_ok_and(f64::is_finite),
            Datatype::Datetime => is_datetime(value),
            Datatype::String => value.chars().count() <= STRING_MAX_CHARS && !value.contains(['\n', '\r']),
            Datatype::Text => value.chars().count() <= DESCRIPTION_MAX_CHARS,
            Datatype::SingleValueList | Datatype::MultiValueList => attribute.values.iter().any(|v| v.key == value),
        };
        if !fits {
            let key = match attribute.datatype {
                Datatype::Number => "open311.error.not_a_number",
                Datatype::Datetime => "open311.error.not_a_datetime",
                Datatype::String | Datatype::Text => "open311.error.too_long",
                Datatype::SingleValueList | Datatype::MultiValueList => "open311.error.not_a_value",
            };
            errors.push(ParameterError::new(format!("attribute[{code}]"), key).with_value(value));
            continue;
        }
        let list = values.entry(attribute.code).or_default();
        if attribute.datatype != Datatype::MultiValueList && !list.is_empty() {
            errors.push(ParameterError::new(format!("attribute[{code}]"), "open311.error.repeated"));
            continue;
        }
        list.push(value.to_string());
    }
    for attribute in definition.iter().filter(|a| a.required) {
        if !values.contains_key(attribute.code) && !errors.iter().any(|e| e.parameter.starts_with(&format!("attribute[{}]", attribute.code))) {
            errors.push(ParameterError::new(format!("attribute[{}]", attribute.code), "open311.error.required"));
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// A position on the earth (WGS 84), from the post's `lat` and `long`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

impl Coordinates {
    /// Both given and in range, neither, or the problems.
    pub fn parse(lat: &str, long: &str) -> Result<Option<Coordinates>, Vec<ParameterError>> {
        let (lat, long) = (lat.trim(), long.trim());
        if lat.is_empty() && long.is_empty() {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let mut read = |name: &str, value: &str, limit: f64| match value.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
            _ if value.is_empty() => {
                errors.push(ParameterError::new(name, "open311.error.coordinates_pair"));
                None
            }
            _ => {
                errors.push(ParameterError::new(name, "open311.error.coordinate").with_value(value));
                None
            }
        };
        let latitude = read("lat", lat, 90.0);
        let longitude = read("long", long, 180.0);
        match (latitude, longitude) {
            (Some(latitude), Some(longitude)) => Ok(Some(Coordinates { latitude, longitude })),
            _ => Err(errors),
        }
    }
}

/// The parameter of a post that a form field's error belongs to.
pub fn parameter_of_field(field: &str) -> String {
    match field {
        "description" => "description".into(),
        "address" => "address_string".into(),
        "email" | "phone" => field.into(),
        "theme" => "service_code".into(),
        other => format!("attribute[{other}]"),
    }
}

/// The longest span `GET requests` and `servicerequestupdates` cover.
pub const MAX_RANGE_DAYS: i64 = 90;
/// The most requests or updates one answer holds.
pub const MAX_RESULTS: i64 = 1000;
/// The most ids one `service_request_id` list may name.
pub const MAX_IDS: usize = 100;

/// A `start_date`/`end_date` pair: both optional, at most 90 days apart;
/// without either, the 90 days up to `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub start: chrono::DateTime<chrono::Utc>,
    pub end: chrono::DateTime<chrono::Utc>,
}

fn instant(parameter: &str, value: &str, errors: &mut Vec<ParameterError>) -> Option<chrono::DateTime<chrono::Utc>> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let parsed = chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().map(crate::time::start_of_norwegian_day));
    if parsed.is_none() {
        errors.push(ParameterError::new(parameter, "open311.error.not_a_datetime").with_value(value));
    }
    parsed
}

impl DateRange {
    pub fn parse(start: &str, end: &str, now: chrono::DateTime<chrono::Utc>, errors: &mut Vec<ParameterError>) -> Option<DateRange> {
        let span = chrono::Duration::days(MAX_RANGE_DAYS);
        let (from, to) = (instant("start_date", start, errors), instant("end_date", end, errors));
        if !errors.is_empty() {
            return None;
        }
        let (start, end) = match (from, to) {
            (Some(start), Some(end)) => (start, end),
            (Some(start), None) => (start, (start + span).min(now.max(start))),
            (None, Some(end)) => (end - span, end),
            (None, None) => (now - span, now),
        };
        if start > end {
            errors.push(ParameterError::new("end_date", "open311.error.end_before_start"));
            return None;
        }
        if end - start > span {
            errors.push(ParameterError::new("end_date", "open311.error.range"));
            return None;
        }
        Some(DateRange { start, end })
    }
}

/// `GET requests`: one list of ids (which overrides every other filter), or
/// a service, a range and statuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestQuery {
    Ids(Vec<String>),
    Filtered { service_code: Option<String>, range: DateRange, open: bool, closed: bool },
}

/// The last value of parameter `name` in a query, trimmed; empty when absent.
pub fn query_value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
}

impl RequestQuery {
    pub fn parse(pairs: &[(String, String)], now: chrono::DateTime<chrono::Utc>) -> Result<RequestQuery, Vec<ParameterError>> {
        let value = |name: &str| query_value(pairs, name);
        let mut errors = Vec::new();
        let ids: Vec<String> = value("service_request_id").split(',').map(str::trim).filter(|id| !id.is_empty()).map(String::from).collect();
        if !ids.is_empty() {
            if ids.len() > MAX_IDS {
                return Err(vec![ParameterError::new("service_request_id", "open311.error.too_many_ids")]);
            }
            return Ok(RequestQuery::Ids(ids));
        }
        let range = DateRange::parse(value("start_date"), value("end_date"), now, &mut errors);
        let (mut open, mut closed) = (false, false);
        for status in value("status").split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match status {
                "open" => open = true,
                "closed" => closed = true,
                other => errors.push(ParameterError::new("status", "open311.error.status").with_value(other)),
            }
        }
        if !open && !closed {
            (open, closed) = (true, true);
        }
        let code = value("service_code");
        match range {
            Some(range) if errors.is_empty() => Ok(RequestQuery::Filtered { service_code: (!code.is_empty()).then(|| code.to_string()), range, open, closed }),
            _ => Err(errors),
        }
    }
}

/// A request's status in GeoReport's two words.
pub fn request_status(status: crate::vocabulary::Status) -> &'static str {
    if status == crate::vocabulary::Status::Closed {
        "closed"
    } else {
        "open"
    }
}

/// What one public event of an item says in mySociety's status words
/// (`servicerequestupdates`), from its kind and, for a closing, the outcome.
pub fn update_status(kind: &str, status: Option<&str>, outcome: Option<crate::vocabulary::Outcome>) -> &'static str {
    use crate::vocabulary::Outcome;
    match kind {
        "closed" => match outcome {
            Some(Outcome::Resolved) | None => "fixed",
            Some(Outcome::NotResolved) => "no_further_action",
            Some(Outcome::Referred) => "internal_referral",
            Some(Outcome::OutsideRemit) => "not_councils_responsibility",
            Some(Outcome::Duplicate) => "duplicate",
        },
        "referred" => "internal_referral",
        "reopened" => "open",
        "status" if status == Some("new") => "open",
        "assigned" => "action_scheduled",
        _ => "in_progress",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn definition() -> Vec<Attribute> {
        concern_attributes(&[("jeloy".into(), "Jeløy".into())])
    }

    #[test]
    fn formats_come_from_the_suffix() {
        assert_eq!(Format::split("services.xml"), Some(("services", Format::Xml)));
        assert_eq!(Format::split("stoy-uro.json"), Some(("stoy-uro", Format::Json)));
        assert_eq!(Format::split("services"), None);
        assert_eq!(Format::split("services.html"), None);
    }

    #[test]
    fn attribute_codes_are_read_from_the_brackets() {
        assert_eq!(attribute_code("attribute[area]"), Some("area"));
        assert_eq!(attribute_code("attribute[kinds][]"), Some("kinds"));
        assert_eq!(attribute_code("attribute[]"), None);
        assert_eq!(attribute_code("attribute[a][b]"), None);
        assert_eq!(attribute_code("description"), None);
    }

    #[test]
    fn a_complete_post_gives_its_values() {
        let values = read_attributes(
            &definition(),
            &pairs(&[("attribute[concern_kind]", "noise"), ("attribute[ongoing]", "yes"), ("attribute[submitter]", "neighbour"), ("attribute[area]", "jeloy")]),
        )
        .unwrap();
        assert_eq!(values["concern_kind"], ["noise"]);
        assert_eq!(values["area"], ["jeloy"]);
        assert!(!values.contains_key("occurred"));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let errors = read_attributes(
            &definition(),
            &pairs(&[
                ("attribute[concern_kind]", "fireworks"),
                ("attribute[colour]", "red"),
                ("attribute[submitter]", "neighbour"),
                ("attribute[submitter]", "tenant"),
                ("attribute[occurred]", "a\nb"),
            ]),
        )
        .unwrap_err();
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.parameter.as_str(), e.key)).collect();
        assert_eq!(
            found,
            [
                ("attribute[concern_kind]", "open311.error.not_a_value"),
                ("attribute[colour]", "open311.error.unknown_attribute"),
                ("attribute[submitter]", "open311.error.repeated"),
                ("attribute[occurred]", "open311.error.too_long"),
                ("attribute[ongoing]", "open311.error.required"),
            ]
        );
        assert_eq!(errors[0].value.as_deref(), Some("fireworks"));
    }

    #[test]
    fn numbers_and_datetimes_are_checked() {
        let definition = vec![
            Attribute { code: "n", datatype: Datatype::Number, required: false, order: 1, description: "x", values: vec![] },
            Attribute { code: "t", datatype: Datatype::Datetime, required: false, order: 2, description: "x", values: vec![] },
        ];
        assert!(read_attributes(&definition, &pairs(&[("attribute[n]", "2.5"), ("attribute[t]", "2026-12-01T10:00:00+01:00")])).is_ok());
        let errors = read_attributes(&definition, &pairs(&[("attribute[n]", "NaN"), ("attribute[t]", "yesterday")])).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.key).collect::<Vec<_>>(), ["open311.error.not_a_number", "open311.error.not_a_datetime"]);
    }

    fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&chrono::Utc)
    }

    #[test]
    fn a_request_query_defaults_to_the_last_90_days_and_refuses_longer_ranges() {
        let now = at("2026-12-04T12:00:00Z");
        let Ok(RequestQuery::Filtered { range, open, closed, service_code }) = RequestQuery::parse(&[], now) else { panic!("defaults") };
        assert_eq!((range.end, range.end - range.start), (now, chrono::Duration::days(90)));
        assert!(open && closed && service_code.is_none());
        let query = RequestQuery::parse(&pairs(&[("start_date", "2026-09-01T00:00:00+02:00"), ("status", "closed")]), now).unwrap();
        let RequestQuery::Filtered { range, open, closed, .. } = query else { panic!() };
        assert_eq!(range.end, at("2026-11-29T22:00:00Z"), "start + 90 days");
        assert!(!open && closed);
        let errors = RequestQuery::parse(&pairs(&[("start_date", "2026-01-01"), ("end_date", "2026-06-01")]), now).unwrap_err();
        assert_eq!(errors[0].key, "open311.error.range");
        let errors = RequestQuery::parse(&pairs(&[("start_date", "i går"), ("status", "pending")]), now).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.key).collect::<Vec<_>>(), ["open311.error.not_a_datetime", "open311.error.status"]);
        assert_eq!(
            RequestQuery::parse(&pairs(&[("service_request_id", "MOSS-2026-00001, MOSS-2026-00002"), ("status", "nonsense")]), now),
            Ok(RequestQuery::Ids(vec!["MOSS-2026-00001".into(), "MOSS-2026-00002".into()])),
            "ids override every other filter"
        );
        let errors = RequestQuery::parse(&pairs(&[("start_date", "2026-12-01"), ("end_date", "2026-11-01")]), now).unwrap_err();
        assert_eq!(errors[0].key, "open311.error.end_before_start");
    }

    #[test]
    fn updates_speak_mysocietys_status_words() {
        use crate::vocabulary::Outcome;
        assert_eq!(update_status("closed", None, Some(Outcome::OutsideRemit)), "not_councils_responsibility");
        assert_eq!(update_status("closed", None, Some(Outcome::Duplicate)), "duplicate");
        assert_eq!(update_status("closed", None, Some(Outcome::Resolved)), "fixed");
        assert_eq!(update_status("referred", None, None), "internal_referral");
        assert_eq!(update_status("public_reply", None, None), "in_progress");
        assert_eq!(update_status("reopened", None, None), "open");
    }

    #[test]
    fn coordinates_come_in_pairs_and_in_range() {
        assert_eq!(Coordinates::parse("", ""), Ok(None));
        assert_eq!(Coordinates::parse("59.43", "10.66"), Ok(Some(Coordinates { latitude: 59.43, longitude: 10.66 })));
        let errors = Coordinates::parse("91", "").unwrap_err();
        assert_eq!(
            errors.iter().map(|e| (e.parameter.as_str(), e.key)).collect::<Vec<_>>(),
            [("lat", "open311.error.coordinate"), ("long", "open311.error.coordinates_pair")]
        );
    }
}
