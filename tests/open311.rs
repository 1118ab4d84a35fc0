//! Open311 GeoReport v2: discovery, services and their definitions in XML
//! and JSON with the specification's names; keys issued and revoked by an
//! administrator; a post that becomes a real concern in the right team's
//! inbox, once; and every bad post answered with the specification's
//! errors, storing nothing.

use crate::support::{backends, TestApp};
use domain::Role;
use serde_json::Value;

const CONCERN: &[(&str, &str)] = &[
    ("service_code", "stoy-uro"),
    ("attribute[concern_kind]", "noise"),
    ("attribute[ongoing]", "yes"),
    ("attribute[submitter]", "neighbour"),
    ("attribute[area]", "jeloy"),
    ("description", "Musikk <b>&</b> 'bråk' hver natt etter midnatt."),
    ("address_string", "Storgata 1 & 3"),
    ("lat", "59.4340"),
    ("long", "10.6590"),
];

/// A bad post: what it tries, its fields, the descriptions it must get.
type BadPost<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// The body of a 200 answer as JSON, failing on any other status.
async fn ok_json(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200, "{}", response.url());
    response.json().await.expect("a JSON body")
}

/// The body of a 200 answer, failing on any other status.
async fn ok_text(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200, "{}", response.url());
    response.text().await.expect("a body")
}

async fn get(app: &TestApp, path: &str, language: &str) -> reqwest::Response {
    app.http.get(app.url(path)).header("accept-language", language).send().await.expect("GET")
}

async fn post(app: &TestApp, path: &str, key: Option<&str>, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    if let Some(key) = key {
        form.push(("api_key", key));
    }
    app.http.post(app.url(path)).form(&form).send().await.expect("POST")
}

fn content_type(response: &reqwest::Response) -> String {
    response.headers()["content-type"].to_str().unwrap().to_string()
}

/// The body as XML, failing on anything that does not parse or does not
/// follow the schema written from the specification (`tests/schemas`).
fn xml(body: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("not well-formed XML ({e}): {body}"));
    follows_the_schema(body);
    doc
}

/// Validates with libxml2's `xmllint` against `tests/schemas/georeport-v2.xsd`.
fn follows_the_schema(body: &str) {
    if let Some(Err(problems)) = schema_check(body) {
        panic!("the XML does not follow the GeoReport v2 schema: {problems}\n{body}");
    }
}

/// `None` when xmllint is missing (outside CI only), else what it found.
fn schema_check(body: &str) -> Option<Result<(), String>> {
    let Some(xmllint) = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].iter().map(std::path::Path::new).find(|p| p.exists()) else {
        assert!(!crate::support::is_ci(), "CI=true but xmllint (Debian: libxml2-utils) is missing for the Open311 schema check");
        eprintln!("open311: the schema check is skipped: install libxml2-utils for xmllint");
        return None;
    };
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("answer.xml");
    std::fs::write(&file, body).expect("write the answer");
    let schema = crate::support::workspace_dir().join("tests/schemas/georeport-v2.xsd");
    let out = std::process::Command::new(xmllint).arg("--noout").arg("--schema").arg(&schema).arg(&file).output().expect("run xmllint");
    Some(if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) })
}

#[test]
fn the_schema_refuses_what_the_specification_does_not_allow() {
    let wrong = [
        "<services><service><service_code>x</service_code><metadata>true</metadata><type>batch</type></service></services>",
        "<service_requests><request><service_request_id>1</service_request_id><status>pending</status><service_code>x</service_code><requested_datetime>2026-12-01T10:00:00+01:00</requested_datetime></request></service_requests>",
        "<service_requests><request><service_request_id>1</service_request_id><status>open</status><service_code>x</service_code><requested_datetime>2026-12-01T10:00:00</requested_datetime></request></service_requests>",
        "<errors><error><description>no code</description></error></errors>",
    ];
    for body in wrong {
        if let Some(result) = schema_check(body) {
            assert!(result.is_err(), "the schema let through: {body}");
        }
    }
    let right = "<service_requests><request><service_request_id>1</service_request_id><token>ab</token></request></service_requests>";
    assert!(schema_check(right).is_none_or(|r| r.is_ok()), "a token answer is valid");
}

/// The specification's field names for `what` (`tests/schemas/georeport-v2-fields.json`).
fn spec_fields(what: &str) -> Vec<String> {
    let path = crate::support::workspace_dir().join("tests/schemas/georeport-v2-fields.json");
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the field fixture")).expect("fixture JSON");
    fixture[what].as_array().unwrap_or_else(|| panic!("no fixture for {what}")).iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn keys(object: &Value) -> Vec<String> {
    let mut keys: Vec<String> = object.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

/// An administrator issues a key through the page; its text, from the page that answered.
async fn issue_key(app: &TestApp, name: &str, per_hour: &str) -> String {
    let login = app.staff(Role::Administrator, &format!("Admin {}", name.len()), &[]).await;
    let admin = app.sign_in(&login).await;
    let response = admin.post("/ansatt/admin/api-nokler", &[("name", name), ("per_hour", per_hour)]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let at = html.find("o311_").expect("the new key is shown");
    html[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

#[tokio::test]
async fn discovery_services_and_definitions_answer_in_xml_and_json_with_the_specifications_names() {
    let app = TestApp::spawn().await.with_demo_data().await;

    let response = get(&app, "/open311/v2/discovery.xml", "nb").await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).starts_with("text/xml"));
    let body = response.text().await.unwrap();
    let doc = xml(&body);
    assert_eq!(doc.root_element().tag_name().name(), "discovery");
    let spec = doc.descendants().find(|n| n.has_tag_name("specification")).and_then(|n| n.text());
    assert_eq!(spec, Some("http://wiki.open311.org/GeoReport_v2"));
    let formats: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("format")).filter_map(|n| n.text()).collect();
    assert_eq!(formats, ["text/xml", "application/json"]);

    let discovery: Value = ok_json(get(&app, "/open311/v2/discovery.json", "nb").await).await;
    assert_eq!(keys(&discovery), spec_fields("discovery"));
    assert_eq!(keys(&discovery["endpoints"][0]), spec_fields("endpoint"));
    assert!(discovery["endpoints"][0]["url"].as_str().unwrap().ends_with("/open311/v2"));

    let response = get(&app, "/open311/v2/services.json", "nb").await;
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/json");
    let services: Value = response.json().await.unwrap();
    let list = services.as_array().expect("a list of services");
    assert_eq!(list.len(), 17, "one service per active theme");
    for service in list {
        assert_eq!(keys(service), spec_fields("service"));
        assert_eq!(service["type"], "batch", "items wait for triage and moderation");
        assert_eq!(service["metadata"], true);
    }
    let noise = list.iter().find(|s| s["service_code"] == "stoy-uro").expect("the noise service");
    assert_eq!(noise["service_name"], "Støy og uro fra naboer");
    assert_eq!(noise["group"], "Miljøvaktmesterteamet", "the owning team");

    let body = ok_text(get(&app, "/open311/v2/services.xml", "en").await).await;
    let doc = xml(&body);
    let names: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("service_name")).filter_map(|n| n.text()).collect();
    assert!(names.contains(&"Noise and disturbance from neighbours"), "in the asked language: {names:?}");

    let definition: Value = ok_json(get(&app, "/open311/v2/services/stoy-uro.json", "nb").await).await;
    assert_eq!(keys(&definition), spec_fields("service_definition"));
    let attributes = definition["attributes"].as_array().unwrap();
    let codes: Vec<&str> = attributes.iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["concern_kind", "ongoing", "occurred", "area", "submitter", "on_behalf", "organisation"]);
    assert_eq!(keys(&attributes[0]), spec_fields("attribute"));
    assert_eq!(keys(&attributes[2]), spec_fields("attribute_without_values"));
    assert_eq!(keys(&attributes[0]["values"][0]), spec_fields("value"));
    assert_eq!(attributes[0]["datatype"], "singlevaluelist");
    assert_eq!(attributes[0]["required"], true);
    assert!(attributes[0]["values"].as_array().unwrap().iter().any(|v| v["key"] == "noise" && v["name"] == "Støy og uro"), "{}", attributes[0]);
    assert!(attributes[3]["values"].as_array().unwrap().iter().any(|v| v["key"] == "jeloy" && v["name"] == "Jeløy"));
    assert_eq!(attributes[2]["datatype"], "string");

    let body = ok_text(get(&app, "/open311/v2/services/stoy-uro.xml", "nb").await).await;
    let doc = xml(&body);
    assert_eq!(doc.root_element().tag_name().name(), "service_definition");
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("attribute")).count(), 7);

    for (path, format) in [
        ("/open311/v2/services/atlantis.xml", "xml"),
        ("/open311/v2/services/atlantis.json", "json"),
        ("/open311/v2/unknown.json", "json"),
        ("/open311/v3/services.xml", "xml"),
        ("/open311/v2/services.html", "xml"),
    ] {
        let response = get(&app, path, "nb").await;
        assert_eq!(response.status(), 404, "{path}");
        let body = response.text().await.unwrap();
        if format == "json" {
            let errors: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(errors[0]["code"], 404, "{path}");
            assert_eq!(keys(&errors[0]), spec_fields("error"));
        } else {
            let doc = xml(&body);
            assert_eq!(doc.root_element().tag_name().name(), "errors", "{path}");
            assert_eq!(doc.descendants().find(|n| n.has_tag_name("code")).and_then(|n| n.text()), Some("404"));
        }
    }
}

#[tokio::test]
async fn a_post_with_an_administrators_key_becomes_one_concern_in_the_right_teams_inbox_until_the_key_is_revoked() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_key(&app, "FiksGataMi Moss", "").await;
        assert!(key.len() > 40, "{backend:?}: a long random key: {key}");
        assert!(!app.rows_as_text("api_key").await.iter().any(|row| row.contains(&key)), "{backend:?}: the key itself is not stored");

        let missing = post(&app, "/open311/v2/requests.json", None, CONCERN).await;
        assert_eq!(missing.status(), 403, "{backend:?}");
        let errors: Value = missing.json().await.unwrap();
        assert_eq!(errors[0]["code"], 403);
        let wrong = post(&app, "/open311/v2/requests.xml", Some("o311_not-a-key-we-issued"), CONCERN).await;
        assert_eq!(wrong.status(), 403, "{backend:?}");
        assert!(wrong.text().await.unwrap().contains("<code>403</code>"));

        let response = post(&app, "/open311/v2/requests.json", Some(&key), CONCERN).await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(keys(&answer[0]), spec_fields("posted_request"));
        let reference = answer[0]["service_request_id"].as_str().unwrap().to_string();
        assert!(reference.starts_with("MOSS-"), "{backend:?}: with the team at once: {answer}");
        let token = answer[0]["token"].as_str().unwrap().to_string();

        let again: Value = ok_json(post(&app, "/open311/v2/requests.json", Some(&key), CONCERN).await).await;
        assert_eq!(again[0]["service_request_id"], reference.as_str(), "{backend:?}: a retried post finds the first item");
        assert_eq!(again[0]["token"], token.as_str());
        assert_eq!(app.store.count_submissions().await.unwrap(), 1, "{backend:?}");

        let found: Value = ok_json(get(&app, &format!("/open311/v2/tokens/{token}.json"), "nb").await).await;
        assert_eq!(found[0]["service_request_id"], reference.as_str(), "{backend:?}");
        assert_eq!(keys(&found[0]), spec_fields("token"));
        let stored = app.database.texts("select cast(latitude as text) || ' ' || cast(longitude as text) from open311_request").await;
        assert_eq!(stored.len(), 1, "{backend:?}");
        assert!(stored[0].starts_with("59.434") && stored[0].contains(" 10.659"), "{backend:?}: {stored:?}");

        let caretaker = app.staff(Role::Caseworker, "Vakt Mester", &["miljovaktmester"]).await;
        let caretaker = app.sign_in(&caretaker).await;
        let inbox = caretaker.page("/ansatt", 200).await;
        assert!(inbox.contains(&reference), "{backend:?}: the concern is in the caretakers' inbox");
        let id = app.item_id(&reference).await;
        let item = caretaker.page(&format!("/ansatt/sak/{id}"), 200).await;
        assert!(
            item.contains("Musikk &lt;b&gt;&amp;&lt;/b&gt; 'bråk'") || item.contains("Musikk &lt;b&gt;&amp;&lt;/b&gt; &#x27;bråk&#x27;"),
            "{backend:?}: escaped"
        );
        assert!(item.contains("Jeløy"), "{backend:?}: the area came from the attribute");
        assert!(crate::support::text_of(&item).contains("Kom inn gjennom Open311 fra FiksGataMi Moss"), "{backend:?}: staff see the client system");
        assert!(app.store.anonymise_item(id, None, chrono::Utc::now()).await.unwrap(), "{backend:?}");
        let left = app.database.texts("select coalesce(cast(latitude as text), 'none') from open311_request").await;
        assert_eq!(left, ["none"], "{backend:?}: anonymising forgets the point with the address");

        let admin = app.staff(Role::Administrator, "Ada Nokkel", &[]).await;
        let admin = app.sign_in(&admin).await;
        let page = admin.page("/ansatt/admin/api-nokler", 200).await;
        assert!(page.contains("FiksGataMi Moss") && !page.contains(&key), "{backend:?}: listed, never shown again");
        let key_id = app.database.texts("select cast(id as text) from api_key").await.remove(0);
        let revoked = admin.post(&format!("/ansatt/admin/api-nokler/{key_id}/trekk-tilbake"), &[]).await;
        assert_eq!(revoked.status(), 303, "{backend:?}");
        assert!(admin.page("/ansatt/admin/api-nokler?ok=1", 200).await.contains("Trukket tilbake"), "{backend:?}");
        let refused = post(&app, "/open311/v2/requests.json", Some(&key), &[("service_code", "stoy-uro"), ("description", "Ny sak")]).await;
        assert_eq!(refused.status(), 403, "{backend:?}: a revoked key opens nothing");
        let audited = app.database.texts("select action from audit_log where action like 'admin_api_key_%' order by id").await;
        assert_eq!(audited.iter().filter(|a| *a == "admin_api_key_issued").count(), 1, "{backend:?}");
        assert_eq!(audited.iter().filter(|a| *a == "admin_api_key_revoked").count(), 1, "{backend:?}");
    }
}

#[tokio::test]
async fn an_item_for_triage_answers_a_token_that_gives_the_request_id_once_a_team_has_it() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = issue_key(&app, "Triage-klient", "").await;
    let fields = [
        ("service_code", "vet-ikke"),
        ("attribute[concern_kind]", "other"),
        ("attribute[ongoing]", "no"),
        ("attribute[submitter]", "tenant"),
        ("description", "Usikker på hvem dette gjelder."),
    ];
    let body = ok_text(post(&app, "/open311/v2/requests.xml", Some(&key), &fields).await).await;
    let doc = xml(&body);
    let text = |name: &str| doc.descendants().find(|n| n.has_tag_name(name)).map(|n| n.text().unwrap_or("").to_string());
    assert_eq!(text("service_request_id").as_deref(), Some(""), "waits for triage: {body}");
    let token = text("token").unwrap();
    assert!(!token.is_empty());
    let body = ok_text(get(&app, &format!("/open311/v2/tokens/{token}.xml"), "nb").await).await;
    assert_eq!(xml(&body).descendants().find(|n| n.has_tag_name("service_request_id")).and_then(|n| n.text()), None, "still no id: {body}");
    // A moderator sends it to a team: now the token gives the request id.
    let id = app.database.texts("select cast(submission_id as text) from open311_request").await.remove(0);
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    assert_eq!(mona.post(&format!("/ansatt/sak/{id}/triage"), &[("team", "miljovaktmester")]).await.status(), 303);
    let body = ok_text(get(&app, &format!("/open311/v2/tokens/{token}.xml"), "nb").await).await;
    let found = xml(&body).descendants().find(|n| n.has_tag_name("service_request_id")).and_then(|n| n.text()).map(String::from);
    assert!(found.as_deref().is_some_and(|id| id.starts_with("MOSS-")), "the id once a team has it: {body}");
    assert_eq!(get(&app, "/open311/v2/tokens/not-a-token.json", "nb").await.status(), 404);
    assert_eq!(get(&app, "/open311/v2/tokens/abcdef0123456789abcdef01.json", "nb").await.status(), 404);
}

#[tokio::test]
async fn bad_posts_get_the_specifications_errors_in_the_asked_format_and_language_and_store_nothing() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_key(&app, "Testklient", "").await;
        let with = |changes: &[(&'static str, &'static str)]| {
            let mut fields: Vec<(&str, &str)> = CONCERN.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).copied().collect();
            fields.extend(changes.iter().filter(|(_, v)| !v.is_empty()).copied());
            fields
        };
        let long = "ord ".repeat(1001);
        let cases: Vec<BadPost> = vec![
            ("unknown service", with(&[("service_code", "atlantis")]), vec!["service_code: Ingen tjeneste har denne koden."]),
            ("no service", with(&[("service_code", "")]), vec!["service_code: Må fylles ut."]),
            (
                "required attributes missing",
                vec![("service_code", "stoy-uro")],
                vec!["attribute[concern_kind]: Må fylles ut.", "attribute[ongoing]: Må fylles ut.", "attribute[submitter]: Må fylles ut."],
            ),
            (
                "a value not in the list",
                with(&[("attribute[area]", "atlantis")]),
                vec!["attribute[area]: Er ikke en av verdiene i tjenestedefinisjonen. (atlantis)"],
            ),
            ("an unknown attribute", with(&[("attribute[<farge>]", "rød & blå")]), vec!["attribute[<farge>]: Tjenesten har ikke denne egenskapen."]),
            ("a coordinate out of range", with(&[("lat", "95")]), vec!["lat: Er ikke en gyldig koordinat (WGS 84). (95)"]),
            ("half a coordinate", with(&[("long", "")]), vec!["long: Send både lat og long, eller ingen av dem."]),
            ("no description", with(&[("description", "")]), vec!["description: Fyll ut dette feltet."]),
            ("a bad e-mail address", with(&[("email", "ikke-en-adresse")]), vec!["email: Skriv en e-postadresse som ligner navn@eksempel.no."]),
        ];
        for (case, fields, expected) in &cases {
            for format in ["json", "xml"] {
                let response = post(&app, &format!("/open311/v2/requests.{format}"), Some(&key), fields).await;
                assert_eq!(response.status(), 400, "{backend:?} {case} {format}");
                let body = response.text().await.unwrap();
                let descriptions: Vec<String> = if format == "json" {
                    let errors: Value = serde_json::from_str(&body).unwrap();
                    errors
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| {
                            assert_eq!(e["code"], 400);
                            e["description"].as_str().unwrap().to_string()
                        })
                        .collect()
                } else {
                    xml(&body).descendants().filter(|n| n.has_tag_name("description")).map(|n| n.text().unwrap_or("").to_string()).collect()
                };
                for wanted in expected {
                    assert!(descriptions.iter().any(|d| d.starts_with(wanted)), "{backend:?} {case} {format}: {descriptions:?}");
                }
            }
        }
        let too_long = post(
            &app,
            "/open311/v2/requests.json",
            Some(&key),
            &with(&[("description", "")]).into_iter().chain([("description", long.as_str())]).collect::<Vec<_>>(),
        )
        .await;
        assert_eq!(too_long.status(), 400, "{backend:?}");
        assert!(too_long.text().await.unwrap().contains("description: Teksten er for lang"), "{backend:?}");

        let english = app
            .http
            .post(app.url("/open311/v2/requests.json"))
            .header("accept-language", "en")
            .form(&[("api_key", key.as_str()), ("service_code", "atlantis")])
            .send()
            .await
            .unwrap();
        assert!(english.text().await.unwrap().contains("service_code: No service has this code."), "{backend:?}");

        let json_body = app
            .http
            .post(app.url("/open311/v2/requests.json"))
            .header("content-type", "application/json")
            .body(r#"{"service_code":"stoy-uro"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(json_body.status(), 400, "{backend:?}: only form bodies");
        let broken = app
            .http
            .post(app.url("/open311/v2/requests.xml"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(vec![b's', b'=', 0xff, 0xfe])
            .send()
            .await
            .unwrap();
        assert_eq!(broken.status(), 400, "{backend:?}: not UTF-8");
        assert!(broken.text().await.unwrap().contains("<code>400</code>"));
        assert_eq!(post(&app, "/open311/v2/services.json", Some(&key), CONCERN).await.status(), 404, "{backend:?}: services take no posts");
        assert_eq!(app.store.count_submissions().await.unwrap(), 0, "{backend:?}: nothing stored");
    }
}

#[tokio::test]
async fn a_key_posts_at_most_its_hourly_limit() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = issue_key(&app, "Liten klient", "1").await;
    assert_eq!(post(&app, "/open311/v2/requests.json", Some(&key), CONCERN).await.status(), 200);
    let mut second: Vec<(&str, &str)> = CONCERN.to_vec();
    second.retain(|(k, _)| *k != "description");
    second.push(("description", "En annen sak samme time."));
    let refused = post(&app, "/open311/v2/requests.json", Some(&key), &second).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(app.store.count_submissions().await.unwrap(), 1);
}

#[tokio::test]
async fn the_key_form_says_what_is_wrong_keeps_what_was_typed_and_escapes_what_it_shows() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let login = app.staff(Role::Administrator, "Ada Skjema", &[]).await;
    let admin = app.sign_in(&login).await;
    let response = admin.post("/ansatt/admin/api-nokler", &[("name", ""), ("per_hour", "mange")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Fyll ut dette feltet.") && html.contains("Skriv et helt tall fra 1 til 10 000."), "both errors");
    assert!(html.contains(r##"href="#field-name""##) && html.contains(r#"value="mange""#), "linked summary, typed value kept");
    assert!(app.database.texts("select name from api_key").await.is_empty());
    let long = "n".repeat(81);
    let response = admin.post("/ansatt/admin/api-nokler", &[("name", &long), ("per_hour", "20")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Teksten er for lang.") && html.contains(&long) && html.contains(r#"value="20""#), "too long, both values kept");
    let huge = "x".repeat(300 * 1024);
    assert_eq!(admin.post("/ansatt/admin/api-nokler", &[("name", &huge)]).await.status(), 413, "a huge body");
    let script = "<script>alert(1)</script>";
    let issued = admin.post("/ansatt/admin/api-nokler", &[("name", script), ("per_hour", "")]).await;
    assert_eq!(issued.status(), 200);
    let html = issued.text().await.unwrap();
    assert!(!html.contains(script) && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is escaped");
    assert_eq!(app.database.texts("select name from api_key").await, [script]);
    let caseworker = app.staff(Role::Caseworker, "Sak Behandler", &["nav"]).await;
    let caseworker = app.sign_in(&caseworker).await;
    assert_eq!(caseworker.post("/ansatt/admin/api-nokler", &[("name", "Min egen")]).await.status(), 403, "administrators only");
    assert_eq!(app.database.texts("select name from api_key").await, [script], "no key for the caseworker");
}

#[tokio::test]
async fn requests_and_their_updates_show_only_what_staff_made_public_never_the_residents_words_or_contact() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_key(&app, "Offentlig klient", "").await;
        let mut fields = CONCERN.to_vec();
        fields.push(("email", "beboer@example.invalid"));
        let posted: Value = ok_json(post(&app, "/open311/v2/requests.json", Some(&key), &fields).await).await;
        let reference = posted[0]["service_request_id"].as_str().unwrap().to_string();
        let private = get(&app, &format!("/open311/v2/requests/{reference}.json"), "nb").await;
        assert_eq!(private.status(), 404, "{backend:?}: a concern is private until staff publish a summary");
        let none: Value = ok_json(get(&app, "/open311/v2/requests.json", "nb").await).await;
        assert_eq!(none, Value::Array(vec![]), "{backend:?}");

        let id = app.item_id(&reference).await;
        let caretaker = app.staff(Role::Caseworker, "Vakt Mester", &["miljovaktmester"]).await;
        let caretaker = app.sign_in(&caretaker).await;
        let reply = "Vi har snakket med naboene & vaktmesteren <i>kommer</i> fredag.";
        assert_eq!(caretaker.post(&format!("/ansatt/sak/{id}/svar"), &[("reply", reply)]).await.status(), 303, "{backend:?}");
        let summary = "Vi innførte faste vaktrunder på kveldstid på Jeløy.";
        let closed = caretaker.post(&format!("/ansatt/sak/{id}/lukk"), &[("outcome", "resolved"), ("summary", summary)]).await;
        assert_eq!(closed.status(), 303, "{backend:?}");

        let response = get(&app, &format!("/open311/v2/requests/{reference}.json"), "nb").await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let found: Value = response.json().await.unwrap();
        let request = &found[0];
        assert_eq!(keys(request), spec_fields("request"), "{backend:?}: the specification's names");
        assert_eq!(request["status"], "closed");
        assert_eq!(request["status_notes"], reply, "{backend:?}: the public reply");
        assert_eq!(request["description"], summary, "{backend:?}: the published summary, not the resident's words");
        assert_eq!(request["agency_responsible"], "Miljøvaktmesterteamet");
        assert_eq!(request["service_code"], "stoy-uro");
        assert!(request["address"].as_str().unwrap().starts_with("Jeløy, "), "{request}");
        let requested = request["requested_datetime"].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(requested).is_ok() && (requested.ends_with("+01:00") || requested.ends_with("+02:00")), "{requested}");

        let body = ok_text(get(&app, &format!("/open311/v2/requests/{reference}.xml"), "nb").await).await;
        let doc = xml(&body);
        assert_eq!(doc.descendants().find(|n| n.has_tag_name("status_notes")).and_then(|n| n.text()), Some(reply), "{backend:?}: escaped and read back whole");

        let list = |query: &str| {
            let app = &app;
            let query = query.to_string();
            async move {
                let response = get(app, &format!("/open311/v2/requests.json{query}"), "nb").await;
                (response.status().as_u16(), response.text().await.unwrap())
            }
        };
        let ids = |body: &str| -> Vec<String> {
            serde_json::from_str::<Value>(body).unwrap().as_array().unwrap().iter().map(|r| r["service_request_id"].as_str().unwrap().to_string()).collect()
        };
        let (status, body) = list("").await;
        assert_eq!((status, ids(&body)), (200, vec![reference.clone()]), "{backend:?}");
        assert!(ids(&list("?status=open").await.1).is_empty(), "{backend:?}");
        assert_eq!(ids(&list("?status=closed&service_code=stoy-uro").await.1), vec![reference.clone()], "{backend:?}");
        assert!(ids(&list("?service_code=vedlikehold-mangler").await.1).is_empty(), "{backend:?}");
        assert_eq!(
            ids(&list(&format!("?service_request_id={reference},MOSS-1999-99999&status=open")).await.1),
            vec![reference.clone()],
            "{backend:?}: ids override"
        );
        assert!(ids(&list("?start_date=2020-01-01&end_date=2020-03-01").await.1).is_empty(), "{backend:?}: another span");
        for (query, expected) in [
            ("?start_date=2026-01-01&end_date=2026-06-01", "end_date: Fra start_date til end_date kan det være høyst 90 dager."),
            ("?status=pending", "status: Må være open eller closed"),
            ("?service_code=atlantis", "service_code: Ingen tjeneste har denne koden."),
            ("?start_date=i%20g%C3%A5r", "start_date: Må være et tidspunkt etter ISO 8601"),
        ] {
            let (status, body) = list(query).await;
            assert_eq!(status, 400, "{backend:?} {query}");
            assert!(body.contains(expected), "{backend:?} {query}: {body}");
        }
        let response = get(&app, "/open311/v2/requests.xml?start_date=2026-01-01&end_date=2026-06-01", "nb").await;
        assert_eq!(response.status(), 400);
        assert!(xml(&response.text().await.unwrap()).descendants().any(|n| n.has_tag_name("error")));

        let updates: Value = ok_json(get(&app, "/open311/v2/servicerequestupdates.json", "nb").await).await;
        let updates = updates.as_array().unwrap();
        assert!(updates.iter().all(|u| keys(u) == spec_fields("request_update")), "{backend:?}");
        let words: Vec<(&str, &str)> = updates.iter().map(|u| (u["status"].as_str().unwrap(), u["description"].as_str().unwrap())).collect();
        assert!(words.contains(&("in_progress", reply)), "{backend:?}: the reply as an update: {words:?}");
        assert!(words.iter().any(|(status, _)| *status == "fixed"), "{backend:?}: closed as resolved: {words:?}");
        let body = ok_text(get(&app, "/open311/v2/servicerequestupdates.xml", "nb").await).await;
        assert_eq!(xml(&body).root_element().tag_name().name(), "service_request_updates");
        assert_eq!(get(&app, "/open311/v2/servicerequestupdates.json?start_date=2026-01-01&end_date=2026-12-01", "nb").await.status(), 400);

        for path in [
            format!("/open311/v2/requests/{reference}.json"),
            format!("/open311/v2/requests/{reference}.xml"),
            "/open311/v2/requests.xml".to_string(),
            "/open311/v2/servicerequestupdates.xml".to_string(),
        ] {
            let body = ok_text(get(&app, &path, "nb").await).await;
            assert!(
                !body.contains("beboer@example.invalid") && !body.contains("Musikk") && !body.contains("Storgata"),
                "{backend:?} {path}: nothing the resident wrote"
            );
        }
        assert_eq!(get(&app, "/open311/v2/requests/MOSS-1999-99999.json", "nb").await.status(), 404);
    }
}

#[tokio::test]
async fn an_approved_idea_is_public_with_its_moderated_text_and_a_pending_one_is_not() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = app.form_key().await;
    let fields = [
        ("title", "Benker i bakgården"),
        ("description", "Kari Nordmann ønsker benker ved lekeplassen."),
        ("area", "jeloy"),
        ("theme", "ideer-nabolag"),
        ("submitter", "tenant"),
        ("contact", "anonymous"),
        ("idempotency_key", key.as_str()),
    ];
    let sent = app.post_form("/ide", &fields).await;
    assert_eq!(sent.status(), 303, "the idea is received");
    let tracking = sent.headers()["location"].to_str().unwrap().trim_end_matches("?ny=1").to_string();
    let id = app.item_behind(&tracking).await;
    let pending: Value = ok_json(get(&app, "/open311/v2/requests.json", "nb").await).await;
    assert_eq!(pending, Value::Array(vec![]), "not before moderation");
    let mona = app.staff(Role::Moderator, "Mona Moderator", &["boligsosial-avdeling"]).await;
    let mona = app.sign_in(&mona).await;
    let approved = mona
        .post(
            &format!("/ansatt/moderering/ide/{id}"),
            &[("decision", "approve"), ("public_title", "Benker i bakgården"), ("public_body", "[navn] ønsker benker ved lekeplassen.")],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let list: Value = ok_json(get(&app, "/open311/v2/requests.json", "en").await).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["description"], "Benker i bakgården: [navn] ønsker benker ved lekeplassen.", "the moderated text only");
    assert_eq!(list[0]["status"], "open");
    assert_eq!(list[0]["service_code"], "ideer-nabolag");
    assert_eq!(list[0]["service_name"], "Ideas for the neighbourhood", "in the asked language");
    assert!(!list.to_string().contains("Nordmann"));
}

#[tokio::test]
async fn one_client_reads_at_most_its_hourly_share() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let limit = innspill::usecase::open311::READS_PER_HOUR;
    for n in 0..limit {
        let response = get(&app, "/open311/v2/discovery.json", "nb").await;
        assert_eq!(response.status(), 200, "read {n}");
    }
    let refused = get(&app, "/open311/v2/services.xml", "nb").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let body = refused.text().await.unwrap();
    assert!(xml(&body).descendants().any(|n| n.has_tag_name("description") && n.text().is_some_and(|t| t.starts_with("Du har lest så mye"))), "{body}");
    assert_eq!(app.get("/").await.status(), 200, "the resident pages are not counted");
}
