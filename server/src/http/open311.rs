//! Open311 GeoReport v2 under `/open311/v2/`: every resource as `.xml`
//! (the specification's own format) and `.json`, with the element and field
//! names the specification gives. A thin adapter over `usecase::open311`:
//! it reads the path's format, the form body and `Accept-Language`, and
//! writes the answer or the specification's error list
//! (`{code, description}`; 403 for a key, 404 for the unknown, 400 else).

use super::{AppState, MAX_BODY_BYTES};
use crate::usecase::open311::{self as use_case, Open311Error, Post, Posted, RequestView, Service, UpdateView};
use crate::usecase::submit::Intake;
use app::i18n::{I18n, Locale};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::open311::{query_value, Attribute, DateRange, Format, Name, ParameterError, RequestQuery, SPECIFICATION};
use serde_json::{json, Value};

/// The Open311 routes; any other path under `/open311/` answers the
/// specification's 404.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(resource).post(post_requests))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/tokens/{file}", get(token))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/{*rest}", get(unknown).post(unknown))
        .layer(axum::middleware::from_fn_with_state(state, limit_reads))
}

/// Refuses a client's reads beyond its hourly share (429, in the format the
/// path asks for). Posts are limited per key in the use case.
async fn limit_reads(State(state): State<AppState>, sender: super::limits::Sender, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if request.method() == axum::http::Method::GET {
        if let Err(wait) = state.open311_buckets.take(&sender.key("open311"), std::time::Instant::now()) {
            let format = Format::split(request.uri().path()).map(|(_, f)| f).unwrap_or(Format::Xml);
            let i18n = I18n::new(locale(request.headers()));
            let mut response = errors(StatusCode::TOO_MANY_REQUESTS, format, &[i18n.t("open311.error.reads_limited").to_string()]);
            super::limits::retry_after(&mut response, wait);
            return response;
        }
    }
    next.run(request).await
}

/// The language of descriptions and names: the client's `Accept-Language`, else bokmål.
fn locale(headers: &HeaderMap) -> Locale {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language).unwrap_or(Locale::DEFAULT)
}

/// Text for XML: the five special characters escaped, and characters XML
/// 1.0 cannot carry left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A small XML writer: elements with text, in the order they are added.
struct Xml(String);

impl Xml {
    fn new() -> Xml {
        Xml(String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
    }

    fn open(&mut self, name: &str) -> &mut Xml {
        self.0.push_str(&format!("<{name}>"));
        self
    }

    fn close(&mut self, name: &str) -> &mut Xml {
        self.0.push_str(&format!("</{name}>"));
        self
    }

    fn text(&mut self, name: &str, value: &str) -> &mut Xml {
        self.0.push_str(&format!("<{name}>{}</{name}>", escape(value)));
        self
    }
}

fn respond(status: StatusCode, format: Format, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    // Answers change as items move: clients ask again rather than keep them.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn json_body(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The specification's error list, each with the status as its code.
fn errors(status: StatusCode, format: Format, descriptions: &[String]) -> Response {
    let code = status.as_u16();
    let body = match format {
        Format::Json => json_body(&Value::Array(descriptions.iter().map(|d| json!({ "code": code, "description": d })).collect())),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("errors");
            for description in descriptions {
                xml.open("error").text("code", &code.to_string()).text("description", description).close("error");
            }
            xml.close("errors");
            xml.0
        }
    };
    respond(status, format, body)
}

/// One parameter's problem in words: the parameter, then what is wrong.
fn parameter_error(i18n: &I18n, error: &ParameterError) -> String {
    match &error.value {
        Some(value) => format!("{}: {} ({value})", error.parameter, i18n.t(error.key)),
        None => format!("{}: {}", error.parameter, i18n.t(error.key)),
    }
}

fn failure(error: Open311Error, format: Format, locale: Locale) -> Response {
    let i18n = I18n::new(locale);
    match error {
        Open311Error::Forbidden => errors(StatusCode::FORBIDDEN, format, &[i18n.t("open311.error.api_key").to_string()]),
        Open311Error::NotFound => errors(StatusCode::NOT_FOUND, format, &[i18n.t("open311.error.not_found").to_string()]),
        Open311Error::Limited => {
            let mut response = errors(StatusCode::TOO_MANY_REQUESTS, format, &[i18n.t("open311.error.limited").to_string()]);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
            response
        }
        Open311Error::Invalid(list) => errors(StatusCode::BAD_REQUEST, format, &list.iter().map(|e| parameter_error(&i18n, e)).collect::<Vec<_>>()),
        Open311Error::Store(error) => {
            tracing::error!(error = %crate::telemetry::ErrorChain(&error), "open311 request failed");
            let status =
                if matches!(error, crate::store::StoreError::Unavailable(_)) { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::INTERNAL_SERVER_ERROR };
            errors(status, format, &[i18n.t("open311.error.server").to_string()])
        }
    }
}

/// The format a path asks for, or XML for a path without one (the
/// specification's own), for the error that says so.
fn format_of(file: &str) -> Result<(&str, Format), Format> {
    Format::split(file).ok_or(Format::Xml)
}

/// What a request asks for: its language, and the name and format its path
/// ends in; or the specification's 404 for a path without a format.
struct Asked<'a> {
    locale: Locale,
    name: &'a str,
    format: Format,
}

/// A refusal, answered in the asked format and language.
struct Refused {
    error: Open311Error,
    format: Format,
    locale: Locale,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        failure(self.error, self.format, self.locale)
    }
}

impl Asked<'_> {
    fn refuse(&self, error: impl Into<Open311Error>) -> Refused {
        Refused { error: error.into(), format: self.format, locale: self.locale }
    }
}

fn asked<'a>(headers: &HeaderMap, file: &'a str) -> Result<Asked<'a>, Refused> {
    let locale = locale(headers);
    match format_of(file) {
        Ok((name, format)) => Ok(Asked { locale, name, format }),
        Err(format) => Err(Refused { error: Open311Error::NotFound, format, locale }),
    }
}

/// The catalog, or the error answer in the asked format.
async fn catalog(state: &AppState, asked: &Asked<'_>) -> Result<std::sync::Arc<crate::catalog::Catalog>, Refused> {
    state.catalog.get(state.store.as_ref()).await.map_err(|error| asked.refuse(error))
}

async fn unknown(headers: HeaderMap, Path(rest): Path<String>) -> Response {
    let format = Format::split(&rest).map(|(_, f)| f).unwrap_or(Format::Xml);
    failure(Open311Error::NotFound, format, locale(&headers))
}

/// `discovery`, `services`, `requests` and `servicerequestupdates`, each `.{format}`.
async fn resource(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>, RawQuery(query): RawQuery) -> Result<Response, Refused> {
    let asked = asked(&headers, &file)?;
    let (locale, format) = (asked.locale, asked.format);
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect();
    let now = chrono::Utc::now();
    let catalog = catalog(&state, &asked).await?;
    let answer = match asked.name {
        "discovery" => return Ok(discovery(&state, format)),
        "services" => return Ok(services(&use_case::services(&catalog, locale.code()), format, locale)),
        "requests" => match RequestQuery::parse(&pairs, now) {
            Ok(query) => use_case::requests(state.store.as_ref(), &catalog, &query, locale.code(), &state.settings.municipality_name)
                .await
                .map(|list| request_list(&list, format, &I18n::new(locale))),
            Err(errors) => Err(Open311Error::Invalid(errors)),
        },
        "servicerequestupdates" => {
            let mut errors = Vec::new();
            match DateRange::parse(query_value(&pairs, "start_date"), query_value(&pairs, "end_date"), now, &mut errors) {
                Some(range) => use_case::updates(state.store.as_ref(), range).await.map(|list| update_list(&list, format)),
                None => Err(Open311Error::Invalid(errors)),
            }
        }
        _ => Err(Open311Error::NotFound),
    };
    answer.map(|body| respond(StatusCode::OK, format, body)).map_err(|error| asked.refuse(error))
}

/// GeoReport's times: ISO 8601 with the Norwegian offset.
fn datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    domain::time::norway(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn request_list(list: &[RequestView], format: Format, i18n: &I18n) -> String {
    let notes = |r: &RequestView| r.status_notes.as_ref().map(|n| value_name(i18n, n)).unwrap_or_default();
    match format {
        Format::Json => json_body(&Value::Array(
            list.iter()
                .map(|r| {
                    let mut request = json!({
                        "service_request_id": r.service_request_id, "status": r.status, "status_notes": notes(r),
                        "service_name": r.service_name, "service_code": r.service_code, "description": r.description,
                        "agency_responsible": r.agency_responsible, "service_notice": "",
                        "requested_datetime": datetime(r.requested_datetime), "updated_datetime": datetime(r.updated_datetime),
                    });
                    if let Some(address) = &r.address {
                        request["address"] = Value::String(address.clone());
                    }
                    request
                })
                .collect(),
        )),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("service_requests");
            for r in list {
                xml.open("request").text("service_request_id", &r.service_request_id).text("status", r.status).text("status_notes", &notes(r));
                xml.text("service_name", &r.service_name).text("service_code", &r.service_code).text("description", &r.description);
                xml.text("agency_responsible", &r.agency_responsible).text("service_notice", "");
                xml.text("requested_datetime", &datetime(r.requested_datetime)).text("updated_datetime", &datetime(r.updated_datetime));
                if let Some(address) = &r.address {
                    xml.text("address", address);
                }
                xml.close("request");
            }
            xml.close("service_requests");
            xml.0
        }
    }
}

fn update_list(list: &[UpdateView], format: Format) -> String {
    match format {
        Format::Json => json_body(&Value::Array(
            list.iter()
                .map(|u| {
                    json!({
                        "update_id": u.update_id, "service_request_id": u.service_request_id, "status": u.status,
                        "updated_datetime": datetime(u.updated_datetime), "description": u.description, "media_url": "",
                    })
                })
                .collect(),
        )),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("service_request_updates");
            for u in list {
                xml.open("request_update").text("update_id", &u.update_id).text("service_request_id", &u.service_request_id).text("status", u.status);
                xml.text("updated_datetime", &datetime(u.updated_datetime)).text("description", &u.description).text("media_url", "");
                xml.close("request_update");
            }
            xml.close("service_request_updates");
            xml.0
        }
    }
}

/// `requests/{id}.{format}`: one public request, as a list of one.
async fn one_request(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Result<Response, Refused> {
    let asked = asked(&headers, &file)?;
    let catalog = catalog(&state, &asked).await?;
    let (locale, format) = (asked.locale, asked.format);
    match use_case::request(state.store.as_ref(), &catalog, asked.name, locale.code(), &state.settings.municipality_name).await {
        Ok(found) => Ok(respond(StatusCode::OK, format, request_list(&[found], format, &I18n::new(locale)))),
        Err(error) => Err(asked.refuse(error)),
    }
}

fn endpoint_url(state: &AppState) -> String {
    format!("{}/open311/v2", state.settings.public_url.as_str().trim_end_matches('/'))
}

/// When this server's Open311 interface last changed (the migration that made it).
const CHANGESET: &str = "2026-12-04T00:00:00Z";

fn discovery(state: &AppState, format: Format) -> Response {
    let url = endpoint_url(state);
    let contact = state.settings.contact_email.clone();
    let formats = [Format::Xml.content_type().split(';').next().unwrap_or_default(), "application/json"];
    let body = match format {
        Format::Json => json_body(&json!({
            "changeset": CHANGESET,
            "contact": contact,
            "key_service": contact,
            "endpoints": [{ "specification": SPECIFICATION, "url": url, "changeset": CHANGESET, "type": "production", "formats": formats }],
        })),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("discovery").text("changeset", CHANGESET).text("contact", &contact).text("key_service", &contact);
            xml.open("endpoints").open("endpoint");
            xml.text("specification", SPECIFICATION).text("url", &url).text("changeset", CHANGESET).text("type", "production");
            xml.open("formats");
            for f in formats {
                xml.text("format", f);
            }
            xml.close("formats").close("endpoint").close("endpoints").close("discovery");
            xml.0
        }
    };
    respond(StatusCode::OK, format, body)
}

fn services(list: &[Service], format: Format, locale: Locale) -> Response {
    let i18n = I18n::new(locale);
    let description = i18n.t("open311.service_description");
    let body = match format {
        Format::Json => json_body(&Value::Array(
            list.iter()
                .map(|s| {
                    json!({
                        "service_code": s.code, "service_name": s.name, "description": description, "metadata": true,
                        "type": "batch", "keywords": "", "group": s.group.clone().unwrap_or_default(),
                    })
                })
                .collect(),
        )),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("services");
            for s in list {
                xml.open("service").text("service_code", &s.code).text("service_name", &s.name).text("description", description);
                xml.text("metadata", "true").text("type", "batch").text("keywords", "").text("group", s.group.as_deref().unwrap_or(""));
                xml.close("service");
            }
            xml.close("services");
            xml.0
        }
    };
    respond(StatusCode::OK, format, body)
}

fn value_name(i18n: &I18n, name: &Name) -> String {
    match name {
        Name::Key(key) => i18n.t(key).to_string(),
        Name::Plain(text) => text.clone(),
    }
}

/// `services/{code}.{format}`: the attributes a post for the service carries.
async fn service_definition(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Result<Response, Refused> {
    let asked = asked(&headers, &file)?;
    let catalog = catalog(&state, &asked).await?;
    let (code, locale, format) = (asked.name, asked.locale, asked.format);
    let attributes = use_case::definition(&catalog, code, locale.code()).ok_or_else(|| asked.refuse(Open311Error::NotFound))?;
    Ok(respond(StatusCode::OK, format, definition_body(code, &attributes, format, &I18n::new(locale))))
}

fn definition_body(code: &str, attributes: &[Attribute], format: Format, i18n: &I18n) -> String {
    match format {
        Format::Json => json_body(&json!({
            "service_code": code,
            "attributes": attributes.iter().map(|a| {
                let mut attribute = json!({
                    "variable": true, "code": a.code, "datatype": a.datatype.as_str(), "required": a.required,
                    "datatype_description": "", "order": a.order, "description": i18n.t(a.description),
                });
                if !a.values.is_empty() {
                    attribute["values"] = Value::Array(a.values.iter().map(|v| json!({ "key": v.key, "name": value_name(i18n, &v.name) })).collect());
                }
                attribute
            }).collect::<Vec<_>>(),
        })),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("service_definition").text("service_code", code).open("attributes");
            for a in attributes {
                xml.open("attribute").text("variable", "true").text("code", a.code).text("datatype", a.datatype.as_str());
                xml.text("required", if a.required { "true" } else { "false" }).text("datatype_description", "");
                xml.text("order", &a.order.to_string()).text("description", i18n.t(a.description));
                if !a.values.is_empty() {
                    xml.open("values");
                    for v in &a.values {
                        xml.open("value").text("key", &v.key).text("name", &value_name(i18n, &v.name)).close("value");
                    }
                    xml.close("values");
                }
                xml.close("attribute");
            }
            xml.close("attributes").close("service_definition");
            xml.0
        }
    }
}

/// The answer to a post and to a token: the request id once there is one, the token always.
fn request_answer(posted: &Posted, notice: &str, format: Format) -> String {
    let id = posted.service_request_id.clone().unwrap_or_default();
    match format {
        Format::Json => json_body(&json!([{ "service_request_id": id, "token": posted.token, "service_notice": notice, "account_id": "" }])),
        Format::Xml => {
            let mut xml = Xml::new();
            xml.open("service_requests").open("request");
            xml.text("service_request_id", &id).text("token", &posted.token).text("service_notice", notice).text("account_id", "");
            xml.close("request").close("service_requests");
            xml.0
        }
    }
}

/// `POST requests.{format}`: a form-encoded post with the client's key.
async fn post_requests(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let asked = asked(&headers, &file)?;
    let (locale, format) = (asked.locale, asked.format);
    if asked.name != "requests" {
        return Err(asked.refuse(Open311Error::NotFound));
    }
    let i18n = I18n::new(locale);
    let form_encoded = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_encoded || std::str::from_utf8(&body).is_err() || body.len() > MAX_BODY_BYTES {
        return Ok(errors(StatusCode::BAD_REQUEST, format, &[i18n.t("open311.error.form_encoded").to_string()]));
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let catalog = catalog(&state, &asked).await?;
    let intake = Intake {
        store: state.store.as_ref(),
        catalog: &catalog,
        reference_prefix: &state.settings.reference_prefix,
        mail_wakeup: &state.mail_wakeup,
        limits: &state.settings.submission_limits,
        // The key's own limit counts these posts, in the database.
        count_in_database: false,
        secret: state.tracking_secret.as_bytes(),
        help_intake_team: crate::usecase::submit::help_intake_team(&catalog, &state.settings.help_intake_team),
    };
    let post = Post { pairs: &pairs, locale: locale.code(), now: chrono::Utc::now() };
    match use_case::post_request(&intake, state.keys.current(), &post).await {
        Ok(posted) => {
            let notice = i18n.t(if posted.service_request_id.is_some() { "open311.notice.with_team" } else { "open311.notice.waiting" });
            Ok(respond(StatusCode::OK, format, request_answer(&posted, notice, format)))
        }
        Err(error) => Err(asked.refuse(error)),
    }
}

/// `tokens/{token}.{format}`: the request id, once the item has one.
async fn token(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Result<Response, Refused> {
    let asked = asked(&headers, &file)?;
    let (token, format) = (asked.name, asked.format);
    match use_case::token(state.store.as_ref(), token).await {
        Ok(id) => {
            let id = id.unwrap_or_default();
            let body = match format {
                Format::Json => json_body(&json!([{ "service_request_id": id, "token": token }])),
                Format::Xml => {
                    let mut xml = Xml::new();
                    xml.open("service_requests").open("request").text("service_request_id", &id).text("token", token);
                    xml.close("request").close("service_requests");
                    xml.0
                }
            };
            Ok(respond(StatusCode::OK, format, body))
        }
        Err(error) => Err(asked.refuse(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_specials_and_drops_what_xml_cannot_carry() {
        assert_eq!(escape("<a href=\"x\">Tom & Jerry's</a>"), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
        assert_eq!(escape("bell\u{7}\ttab"), "bell\ttab");
    }
}
