//! The JSON API for staff systems: a key an administrator issued for some
//! teams lists and reads only those teams' items, with the inbox's filters
//! and pages; replies, notes, sets the status, refers and closes through
//! the same rules as the item page, under its own account in the trail and
//! the audit log; every bad key, parameter and body is refused with a
//! specific error in the asked language, changing nothing; the OpenAPI 3.1
//! document describes every call, and schemathesis finds no server error
//! and no answer the document does not declare.

use crate::support::{backends, TestApp};
use domain::Role;
use serde_json::{json, Value};

/// An administrator issues a staff system's key for `teams` through the page; the key, from the page that answered.
pub(crate) async fn issue_staff_key(app: &TestApp, name: &str, teams: &[&str], per_hour: &str) -> String {
    let login = app.staff(Role::Administrator, &format!("Admin {}", name.len()), &[]).await;
    let admin = app.sign_in(&login).await;
    let mut form = vec![("name", name), ("purpose", "staff"), ("per_hour", per_hour)];
    form.extend(teams.iter().map(|team| ("teams", *team)));
    let response = admin.post("/ansatt/admin/api-nokler", &form).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let at = html.find("inn_").expect("the new key is shown");
    html[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

pub(crate) async fn get(app: &TestApp, path: &str, key: Option<&str>, language: &str) -> reqwest::Response {
    let mut request = app.http.get(app.url(path)).header("accept-language", language);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    request.send().await.expect("GET")
}

pub(crate) async fn post(app: &TestApp, path: &str, key: &str, body: &Value) -> reqwest::Response {
    app.http.post(app.url(path)).bearer_auth(key).json(body).send().await.expect("POST")
}

/// The JSON of an answer with `status`, failing on any other.
pub(crate) async fn answer(response: reqwest::Response, status: u16) -> Value {
    let url = response.url().to_string();
    assert_eq!(response.status(), status, "{url}");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{url}");
    response.json().await.expect("a JSON body")
}

/// The (field, code) pairs of an error answer.
pub(crate) fn problems(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .expect("an error list")
        .iter()
        .map(|e| {
            assert!(!e["message"].as_str().unwrap().is_empty(), "every error says what is wrong: {e}");
            (e["field"].as_str().unwrap_or("").to_string(), e["code"].as_str().unwrap().to_string())
        })
        .collect()
}

pub(crate) fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// The reference of the item behind a tracking path.
pub(crate) async fn reference_of(app: &TestApp, tracking: &str) -> String {
    let id = app.item_behind(tracking).await;
    app.store.item(id).await.unwrap().unwrap().reference
}

#[tokio::test]
async fn a_staff_systems_key_lists_and_reads_only_its_teams_items_with_the_inboxs_filters_and_pages() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_staff_key(&app, "Fagsystem", &["miljovaktmester"], "").await;
        let mut ours = Vec::new();
        for n in 0..3 {
            let tracking = app.submit_concern("stoy-uro", "jeloy", &format!("Bråk i oppgangen natt nummer {n}, hver helg."), None).await;
            ours.push(reference_of(&app, &tracking).await);
        }
        let theirs = reference_of(&app, &app.submit_concern("vedlikehold-mangler", "jeloy", "Det drypper fra taket i stua.", None).await).await;

        let missing = get(&app, "/api/v1/items", None, "nb").await;
        assert_eq!(missing.headers()["www-authenticate"], "Bearer", "{backend:?}");
        assert_eq!(problems(&answer(missing, 401).await), pairs(&[("", "api.error.key")]), "{backend:?}");
        answer(get(&app, "/api/v1/items", Some("inn_not-a-key-we-issued"), "nb").await, 401).await;
        let basic = app.http.get(app.url("/api/v1/items")).basic_auth("user", Some(&key)).send().await.unwrap();
        answer(basic, 401).await;

        let list = answer(get(&app, "/api/v1/items", Some(&key), "nb").await, 200).await;
        let listed: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap()).collect();
        let expected: Vec<&str> = ours.iter().map(String::as_str).rev().collect();
        assert_eq!(listed, expected, "{backend:?}: the key's team's items, newest first, and no other team's");
        assert_eq!(list["next"], Value::Null, "{backend:?}");
        let first = &list["items"][0];
        assert_eq!(
            (first["kind"].as_str(), first["status"].as_str(), first["theme"].as_str()),
            (Some("concern"), Some("new"), Some("stoy-uro")),
            "{backend:?}"
        );
        assert_eq!(first["teams"], json!(["miljovaktmester"]), "{backend:?}");

        let page = answer(get(&app, "/api/v1/items?limit=2", Some(&key), "nb").await, 200).await;
        assert_eq!(page["items"].as_array().unwrap().len(), 2, "{backend:?}");
        let next = page["next"].as_str().expect("a next page").to_string();
        let rest = answer(get(&app, &format!("/api/v1/items?limit=2&after={next}"), Some(&key), "nb").await, 200).await;
        let paged: Vec<&str> =
            page["items"].as_array().unwrap().iter().chain(rest["items"].as_array().unwrap()).map(|i| i["reference"].as_str().unwrap()).collect();
        assert_eq!(paged, expected, "{backend:?}: two pages give every item once");
        assert_eq!(rest["next"], Value::Null, "{backend:?}");
        let oldest = answer(get(&app, "/api/v1/items?sort=oldest&limit=1", Some(&key), "nb").await, 200).await;
        assert_eq!(oldest["items"][0]["reference"], ours[0].as_str(), "{backend:?}");
        let none = answer(get(&app, "/api/v1/items?theme=vedlikehold-mangler", Some(&key), "nb").await, 200).await;
        assert_eq!(none["items"], json!([]), "{backend:?}");
        let found = answer(get(&app, "/api/v1/items?q=nummer%201", Some(&key), "nb").await, 200).await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "{backend:?}: {found}");

        let other_team = answer(get(&app, "/api/v1/items?team=mke", Some(&key), "nb").await, 403).await;
        assert_eq!(problems(&other_team), pairs(&[("team", "api.error.not_your_team")]), "{backend:?}");
        let bad = answer(get(&app, "/api/v1/items?status=sleeping&limit=0&overdue=maybe&theme=no-such&after=yesterday", Some(&key), "en").await, 400).await;
        assert_eq!(
            problems(&bad),
            pairs(&[
                ("theme", "validation.choose_from_list"),
                ("status", "validation.choose_from_list"),
                ("after", "api.error.cursor"),
                ("limit", "api.error.limit"),
                ("overdue", "api.error.boolean")
            ]),
            "{backend:?}: every bad parameter at once"
        );
        assert_eq!(bad["errors"][3]["message"], "Write a whole number from 1 to 100.", "{backend:?}: in the asked language");
        let long = "ord ".repeat(60);
        answer(get(&app, &format!("/api/v1/items?q={long}"), Some(&key), "nb").await, 400).await;
        let unknown = answer(get(&app, "/api/v1/items?colour=red", Some(&key), "nb").await, 400).await;
        assert_eq!(problems(&unknown), pairs(&[("", "api.error.query")]), "{backend:?}");

        let item = answer(get(&app, &format!("/api/v1/items/{}", ours[1]), Some(&key), "nb").await, 200).await;
        assert_eq!(item["reference"], ours[1].as_str(), "{backend:?}");
        assert_eq!(item["text"], "Bråk i oppgangen natt nummer 1, hver helg.", "{backend:?}");
        assert_eq!((item["area"].as_str(), item["has_contact"].as_bool()), (Some("jeloy"), Some(false)), "{backend:?}");
        assert!(item.get("email").is_none() && item.get("contact").is_none(), "{backend:?}: no contact details");
        assert_eq!(
            (item["concern"]["kind"].as_str(), item["concern"]["ongoing"].as_bool(), item["journey"].is_null()),
            (Some("noise"), Some(true), true),
            "{backend:?}"
        );
        let lower = answer(get(&app, &format!("/api/v1/items/{}", ours[1].to_lowercase()), Some(&key), "nb").await, 200).await;
        assert_eq!(lower["reference"], ours[1].as_str(), "{backend:?}: references are not case-sensitive");
        let hidden = answer(get(&app, &format!("/api/v1/items/{theirs}"), Some(&key), "nb").await, 404).await;
        assert_eq!(problems(&hidden), pairs(&[("", "api.error.no_such_item")]), "{backend:?}: another team's item does not exist for the key");
        answer(get(&app, "/api/v1/items/MOSS-1999-99999", Some(&key), "nb").await, 404).await;
        answer(get(&app, "/api/v1/elsewhere", Some(&key), "nb").await, 404).await;

        let used = app.database.texts("select cast(count(*) as text) from api_key where last_used_at is not null").await;
        assert_eq!(used, ["1"], "{backend:?}: the list of keys says when it was last used");
    }
}

#[tokio::test]
async fn a_staff_systems_key_replies_notes_sets_the_status_refers_and_closes_under_its_own_name_through_the_item_pages_rules() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_staff_key(&app, "Sak og arkiv", &["miljovaktmester"], "").await;
        let tracking = app.submit_concern("stoy-uro", "jeloy", "Naboen spiller høy musikk hver natt.", None).await;
        let reference = reference_of(&app, &tracking).await;
        let path = |action: &str| format!("/api/v1/items/{reference}/{action}");

        let replied = answer(post(&app, &path("replies"), &key, &json!({ "text": "Vi tar kontakt med naboen <denne> uka & følger opp." })).await, 200).await;
        assert_eq!(replied["still_visible"], true, "{backend:?}");
        let events = replied["item"]["events"].as_array().unwrap();
        let reply = events.iter().find(|e| e["kind"] == "public_reply").expect("the reply is on the trail");
        assert_eq!((reply["by"].as_str(), reply["public"].as_bool()), (Some("API: Sak og arkiv"), Some(true)), "{backend:?}");
        let public = app.get(&tracking).await.text().await.unwrap();
        assert!(public.contains("Vi tar kontakt med naboen &lt;denne&gt; uka &amp; følger opp."), "{backend:?}: the resident sees the reply");

        let empty = answer(post(&app, &path("notes"), &key, &json!({ "text": "  " })).await, 422).await;
        assert_eq!(problems(&empty), pairs(&[("text", "validation.required")]), "{backend:?}");
        let long = answer(post(&app, &path("notes"), &key, &json!({ "text": "x".repeat(4001) })).await, 422).await;
        assert_eq!(problems(&long), pairs(&[("text", "validation.too_long")]), "{backend:?}");
        answer(post(&app, &path("notes"), &key, &json!({ "text": "Ringte vaktmester, venter på svar." })).await, 200).await;

        let closed_status = answer(post(&app, &path("status"), &key, &json!({ "status": "closed" })).await, 422).await;
        assert_eq!(problems(&closed_status), pairs(&[("status", "validation.choose_from_list")]), "{backend:?}: closing has its own call");
        let set = answer(post(&app, &path("status"), &key, &json!({ "status": "in_progress" })).await, 200).await;
        assert_eq!(set["item"]["status"], "in_progress", "{backend:?}");

        for (body, content_type, status) in [
            ("{\"text\": ", "application/json", 400),
            ("{\"text\": 5}", "application/json", 400),
            ("{\"text\": \"hei\", \"secret\": true}", "application/json", 400),
            ("text=hei", "application/x-www-form-urlencoded", 415),
        ] {
            let response = app.http.post(app.url(&path("notes"))).bearer_auth(&key).header("content-type", content_type).body(body).send().await.unwrap();
            answer(response, status).await;
        }

        let referral = answer(post(&app, &path("referrals"), &key, &json!({ "team": "no-such", "how": "sideways", "reason": "" })).await, 422).await;
        assert_eq!(
            problems(&referral),
            pairs(&[("team", "validation.choose_from_list"), ("how", "validation.choose_one"), ("reason", "validation.required")]),
            "{backend:?}: every field at once, named as in the body"
        );
        let added =
            answer(post(&app, &path("referrals"), &key, &json!({ "team": "mke", "how": "add", "reason": "Gjelder også lydisolering." })).await, 200).await;
        assert_eq!(added["item"]["teams"], json!(["miljovaktmester", "mke"]), "{backend:?}");

        let no_detail = answer(post(&app, &path("closing"), &key, &json!({ "outcome": "not_resolved" })).await, 422).await;
        assert_eq!(problems(&no_detail), pairs(&[("outcome_detail", "validation.required")]), "{backend:?}");
        let personal = answer(post(&app, &path("closing"), &key, &json!({ "outcome": "resolved", "summary": "Ring Kari på 912 34 567." })).await, 422).await;
        assert_eq!(problems(&personal), pairs(&[("summary", "moderation.error.personal_data")]), "{backend:?}: nothing personal is published");
        let duplicate = answer(post(&app, &path("closing"), &key, &json!({ "outcome": "duplicate", "duplicate_of": "MOSS-1999-00001" })).await, 422).await;
        assert_eq!(problems(&duplicate), pairs(&[("duplicate_of", "item.error.no_such_reference")]), "{backend:?}");
        let closed = answer(post(&app, &path("closing"), &key, &json!({ "outcome": "resolved", "reply": "Naboen har lovet å skru ned." })).await, 200).await;
        assert_eq!((closed["item"]["status"].as_str(), closed["item"]["outcome"].as_str()), (Some("closed"), Some("resolved")), "{backend:?}");
        let again = answer(post(&app, &path("notes"), &key, &json!({ "text": "For sent." })).await, 409).await;
        assert_eq!(problems(&again), pairs(&[("", "item.error.closed")]), "{backend:?}");

        let audited = app
            .database
            .texts("select a.action from audit_log a join api_key k on k.staff_id = a.staff_id where a.submission_id is not null order by a.id")
            .await;
        assert_eq!(audited, ["public_reply", "internal_note", "set_status", "add_team", "close"], "{backend:?}: the audit log names the key's account");
    }
}

#[tokio::test]
async fn a_hand_over_takes_the_item_out_of_the_keys_sight_and_a_revoked_key_is_refused_at_once_and_signs_nobody_in() {
    for backend in backends() {
        let app = TestApp::spawn_on(backend.clone()).await.with_demo_data().await;
        let key = issue_staff_key(&app, "Overlevering", &["miljovaktmester"], "").await;
        let reference = reference_of(&app, &app.submit_concern("stoy-uro", "jeloy", "Det dunker i veggen hver kveld.", None).await).await;
        let handed = answer(
            post(
                &app,
                &format!("/api/v1/items/{reference}/referrals"),
                &key,
                &json!({ "team": "mke", "how": "handover", "reason": "Bygningen, ikke naboen." }),
            )
            .await,
            200,
        )
        .await;
        assert_eq!(handed, json!({ "item": null, "still_visible": false }), "{backend:?}");
        answer(get(&app, &format!("/api/v1/items/{reference}"), Some(&key), "nb").await, 404).await;

        let email = app.database.texts("select u.email from staff_user u join api_key k on k.staff_id = u.id").await.remove(0);
        assert!(email.ends_with("@innspill.invalid"), "{backend:?}: {email}");
        let refused = app.post_form("/ansatt/logg-inn", &[("email", &email), ("password", "!api-key"), ("back", "/ansatt")]).await;
        assert_ne!(refused.status(), 303, "{backend:?}: nobody signs in as a key's account");

        let login = app.staff(Role::Administrator, "Revisor", &[]).await;
        let admin = app.sign_in(&login).await;
        let id = app.database.texts("select cast(id as text) from api_key").await.remove(0);
        let revoked = admin.post(&format!("/ansatt/admin/api-nokler/{id}/trekk-tilbake"), &[]).await;
        assert_eq!(revoked.status(), 303, "{backend:?}");
        answer(get(&app, "/api/v1/items", Some(&key), "nb").await, 401).await;
        let active = app.database.texts("select cast(u.active as text) from staff_user u join api_key k on k.staff_id = u.id").await;
        assert!(active == ["0"] || active == ["false"], "{backend:?}: the account is disabled: {active:?}");
    }
}

#[tokio::test]
async fn a_key_over_its_hourly_limit_is_refused_with_retry_after() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = issue_staff_key(&app, "Liten", &["miljovaktmester"], "2").await;
    answer(get(&app, "/api/v1/items", Some(&key), "nb").await, 200).await;
    answer(get(&app, "/api/v1/items", Some(&key), "nb").await, 200).await;
    let over = get(&app, "/api/v1/items", Some(&key), "nb").await;
    assert_eq!(over.headers()["retry-after"], "3600");
    assert_eq!(problems(&answer(over, 429).await), pairs(&[("", "api.error.limited")]));
}

#[tokio::test]
async fn the_key_form_refuses_a_staff_system_without_teams_and_an_open311_key_with_teams_keeping_what_was_typed() {
    let app = TestApp::spawn().await.with_demo_data().await;
    let login = app.staff(Role::Administrator, "Nokkelsjef", &[]).await;
    let admin = app.sign_in(&login).await;
    let no_teams = admin.post("/ansatt/admin/api-nokler", &[("name", "Arkivet <script>"), ("purpose", "staff"), ("per_hour", "50")]).await;
    assert_eq!(no_teams.status(), 422);
    let page = no_teams.text().await.unwrap();
    assert!(page.contains("Velg minst ett team for fagsystemet."), "{page}");
    assert!(page.contains(r#"value="Arkivet &lt;script&gt;""#) && page.contains(r#"value="50""#), "what was typed is kept: {page}");
    assert!(page.contains(r##"href="#field-teams""##), "the summary links the field");
    let with_teams = admin.post("/ansatt/admin/api-nokler", &[("name", "FiksGataMi"), ("purpose", "open311"), ("teams", "nav")]).await;
    assert_eq!(with_teams.status(), 422);
    let page = with_teams.text().await.unwrap();
    assert!(page.contains("En Open311-nøkkel sender inn saker og ser ingen team."), "{page}");
    assert!(page.contains(r#"value="nav" checked"#), "the ticked team stays ticked");
    let unknown = admin.post("/ansatt/admin/api-nokler", &[("name", "X"), ("purpose", "all"), ("teams", "nobody")]).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(app.rows_as_text("api_key").await.len(), 0, "nothing stored");

    let issued = admin.post("/ansatt/admin/api-nokler", &[("name", "Arkivet"), ("purpose", "staff"), ("teams", "nav"), ("teams", "mke")]).await;
    assert_eq!(issued.status(), 200);
    let list = admin.page("/ansatt/admin/api-nokler", 200).await;
    assert!(list.contains("Fagsystem: NAV, Moss Kommunale Eiendomsselskap (MKE)"), "the list says what the key is for");
    let accounts = admin.page("/ansatt/admin/ansatte", 200).await;
    assert!(
        accounts.contains("API: Arkivet") && accounts.contains(r#"<span class="tag">API-nøkkel</span>"#),
        "the key's account is listed with the others, marked"
    );
    // Nobody assigns work to a key: its account is not offered on the item page, nor taken when posted.
    let tracking = app.submit_concern("vedlikehold-mangler", "jeloy", "Døra til oppgangen lukker seg ikke.", None).await;
    let id = app.item_behind(&tracking).await;
    let mona = app.staff(Role::Moderator, "Mona", &["mke"]).await;
    let moderator = app.sign_in(&mona).await;
    let item = moderator.page(&format!("/ansatt/sak/{id}"), 200).await;
    assert!(item.contains(">Mona</option>") && !item.contains("API: Arkivet"), "the assignee list leaves the key's account out");
    let account = app.database.texts("select cast(staff_id as text) from api_key").await.remove(0);
    let refused = moderator.post(&format!("/ansatt/sak/{id}/tildel"), &[("assignee", &account)]).await;
    assert_eq!(refused.status(), 422, "assigning to a key's account is refused");
}

#[tokio::test]
async fn the_openapi_document_is_3_1_describes_every_call_and_the_developers_page_lists_them_in_every_language() {
    let app = TestApp::spawn().await;
    let doc = answer(get(&app, "/api/v1/openapi.json", None, "nb").await, 200).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let mut calls: Vec<String> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            calls.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    calls.sort();
    assert_eq!(
        calls,
        [
            "DELETE /api/v1/webhooks/{id}",
            "GET /api/v1/items",
            "GET /api/v1/items/{reference}",
            "GET /api/v1/webhooks",
            "POST /api/v1/items/{reference}/closing",
            "POST /api/v1/items/{reference}/notes",
            "POST /api/v1/items/{reference}/referrals",
            "POST /api/v1/items/{reference}/replies",
            "POST /api/v1/items/{reference}/status",
            "POST /api/v1/webhooks",
        ]
    );
    assert_eq!(doc["components"]["securitySchemes"]["key"]["scheme"], "bearer");
    let statuses = &doc["components"]["schemas"]["Item"]["properties"]["status"]["enum"];
    assert_eq!(statuses, &json!(["new", "triage", "in_progress", "waiting_for_resident", "closed"]), "the domain's own list");

    for (language, title, undescribed) in [
        ("nb", "For utviklere", "Se OpenAPI-beskrivelsen."),
        ("nn", "For utviklarar", "Sjå OpenAPI-skildringa."),
        ("en", "For developers", "See the OpenAPI description."),
    ] {
        let response = app.get_in("/for-utviklere", language).await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.unwrap();
        assert!(page.contains(title), "{language}");
        assert_eq!(page.matches("<code>/api/v1/items").count(), 7, "{language}: every call is listed");
        assert_eq!(page.matches("<code>/api/v1/webhooks").count(), 3, "{language}: the webhook calls too");
        assert!(page.contains(r#"id="webhooks""#) && page.contains("X-Innspill-Signature"), "{language}: how deliveries are signed");
        assert!(!page.contains(undescribed), "{language}: every call is described");
        assert!(page.contains("/api/v1/openapi.json") && page.contains("/open311/v2/discovery.xml"), "{language}");
    }
}

/// Runs schemathesis against the document on a server with items and a key.
#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_answer_the_openapi_document_does_not_declare() {
    let Some(schemathesis) = ["/usr/local/bin/schemathesis", "/usr/bin/schemathesis"]
        .iter()
        .map(std::path::PathBuf::from)
        .chain(std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".local/bin/schemathesis")))
        .chain(std::env::var_os("PATH").into_iter().flat_map(|paths| std::env::split_paths(&paths).map(|dir| dir.join("schemathesis")).collect::<Vec<_>>()))
        .find(|path| path.is_file())
    else {
        assert!(!crate::support::is_ci(), "CI=true but schemathesis (PyPI) is missing for the OpenAPI check");
        eprintln!("api: the schemathesis check is skipped: pip install schemathesis");
        return;
    };
    let app = TestApp::spawn().await.with_demo_data().await;
    let key = issue_staff_key(&app, "Schemathesis", &["miljovaktmester", "mke"], "10000").await;
    for n in 0..3 {
        app.submit_concern("stoy-uro", "jeloy", &format!("Støy fra leiligheten over, kveld {n}."), None).await;
    }
    // Its cache and reports go to a temporary directory, not the work tree.
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let out = tokio::process::Command::new(schemathesis)
        .current_dir(scratch.path())
        .args(["run", &app.url("/api/v1/openapi.json"), "--url", &app.address])
        .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"])
        .args(["--max-examples", "25", "--phases", "examples,coverage,fuzzing", "--workers", "1", "--seed", "1"])
        .args(["--header", &format!("Authorization: Bearer {key}")])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("NO_COLOR", "1")
        .output()
        .await
        .expect("run schemathesis");
    let report = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    eprintln!("{report}");
    assert!(out.status.success(), "schemathesis found problems:\n{report}");
    assert!(report.contains("passed"), "schemathesis ran no test:\n{report}");
}
