//! Consultations for staff (moderators and administrators): the list with a
//! form for a new one, the editor (details, ordered questions, publish and
//! close), and the results with the CSV export.

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{Checkbox, CheckboxGroup, Choice, ErrorSummary, FormErrors, Select, TextArea, TextInput};
use crate::pages::consultation::{ResultsData, ResultsView};
use leptos::prelude::*;

/// The details form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsForm {
    pub title: String,
    pub introduction: String,
    pub team: String,
    pub areas: Vec<String>,
    /// `YYYY-MM-DD`.
    pub opens_on: String,
    pub closes_on: String,
}

/// Field names and label keys of the details form, for the error summary.
pub const DETAILS_LABELS: [(&str, &str); 6] = [
    ("title", "consultation.field.title"),
    ("introduction", "consultation.field.introduction"),
    ("team", "consultation.field.team"),
    ("areas", "consultation.field.areas"),
    ("opens_on", "consultation.field.opens_on"),
    ("closes_on", "consultation.field.closes_on"),
];

/// Catalog choices the details form offers.
#[derive(Clone, Debug, Default)]
pub struct DetailsChoices {
    pub teams: Vec<Choice>,
    pub areas: Vec<Choice>,
}

/// A date input can only hold `YYYY-MM-DD`; anything else (only a forged
/// post can send it) comes back empty, with its error.
fn date_value(value: &str) -> String {
    let shape_ok = value.len() == 10 && value.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    if shape_ok {
        value.to_string()
    } else {
        String::new()
    }
}

#[component]
fn DetailsFields(form: DetailsForm, choices: DetailsChoices, errors: FormErrors) -> impl IntoView {
    let form = DetailsForm { opens_on: date_value(&form.opens_on), closes_on: date_value(&form.closes_on), ..form };
    view! {
        <TextInput name="title" label="consultation.field.title" value=form.title.clone() error=errors.for_field("title") max_chars=150/>
        <TextArea name="introduction" label="consultation.field.introduction" hint="consultation.field.introduction_hint"
            value=form.introduction.clone() error=errors.for_field("introduction") rows=5/>
        <Select name="team" label="consultation.field.team" hint="consultation.field.team_hint" choices=choices.teams.clone()
            selected=form.team.clone() error=errors.for_field("team") placeholder="item.choose"/>
        <CheckboxGroup name="areas" legend="consultation.field.areas" hint="consultation.field.areas_hint" choices=choices.areas.clone()
            selected=form.areas.clone() error=errors.for_field("areas")/>
        <div class="date-pair">
            <TextInput name="opens_on" label="consultation.field.opens_on" value=form.opens_on.clone() error=errors.for_field("opens_on") input_type="date" max_chars=10/>
            <TextInput name="closes_on" label="consultation.field.closes_on" value=form.closes_on.clone() error=errors.for_field("closes_on") input_type="date" max_chars=10/>
        </div>
    }
}

#[derive(Clone, Debug)]
pub struct ConsultationRow {
    pub href: String,
    pub title: String,
    pub phase_key: &'static str,
    pub dates: String,
    pub team: String,
    pub responses: i64,
}

#[derive(Clone, Debug, Default)]
pub struct ConsultationListData {
    pub nav: StaffNavData,
    pub rows: Vec<ConsultationRow>,
    pub form: DetailsForm,
    pub choices: DetailsChoices,
    pub errors: FormErrors,
}

#[component]
pub fn ConsultationListPage(data: ConsultationListData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row"><a class="ds-link" href=r.href.clone()>{r.title.clone()}</a></th>
                    <td>{i18n.t(r.phase_key)}</td>
                    <td>{r.dates.clone()}</td>
                    <td>{r.team.clone()}</td>
                    <td>{r.responses}</td>
                </tr>
            }
        })
        .collect_view();
    let table = (!d.rows.is_empty()).then(|| {
        view! {
            <div class="table-scroll"><table class="ds-table" data-size="sm">
                <caption class="visually-hidden">{i18n.t("consultations.staff.heading")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("consultation.field.title")}</th>
                    <th scope="col">{i18n.t("consultations.staff.phase")}</th>
                    <th scope="col">{i18n.t("consultations.staff.dates")}</th>
                    <th scope="col">{i18n.t("consultation.field.team")}</th>
                    <th scope="col">{i18n.t("consultations.staff.responses")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
    });
    view! {
        <StaffNav nav=d.nav.clone()/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("consultations.staff.heading")}</h1>
        <p class="ds-paragraph">{i18n.t("consultations.staff.lead")}</p>
        {d.rows.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("consultations.staff.none")}</p> })}
        {table}
        <section class="action-box" aria-labelledby="new-consultation">
            <h2 class="ds-heading" data-size="md" id="new-consultation">{i18n.t("consultations.staff.new")}</h2>
            <ErrorSummary errors=d.errors.clone() labels=crate::forms::translate_labels(&DETAILS_LABELS)/>
            <form method="post" action="/ansatt/konsultasjoner" novalidate>
                <DetailsFields form=d.form.clone() choices=d.choices.clone() errors=d.errors.clone()/>
                <button class="ds-button" type="submit">{i18n.t("consultations.staff.create")}</button>
            </form>
        </section>
    }
}

/// A question form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionForm {
    pub prompt: String,
    pub kind: String,
    pub required: bool,
    /// One choice per line.
    pub options: String,
}

/// Field names of a question form: plain for a new question, with `-<id>`
/// for an existing one, so every field on the page has its own id.
pub fn question_field(name: &str, question_id: Option<i64>) -> String {
    match question_id {
        Some(id) => format!("{name}-{id}"),
        None => name.to_string(),
    }
}

#[component]
fn QuestionFields(question_id: Option<i64>, form: QuestionForm, kinds: Vec<Choice>, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &str| question_field(name, question_id);
    view! {
        <TextArea name=field("prompt") label="consultation.field.prompt" value=form.prompt.clone() error=errors.for_field(&field("prompt")) rows=2/>
        <Select name=field("kind") label="consultation.field.kind" choices=kinds.clone() selected=form.kind.clone()
            error=errors.for_field(&field("kind")) placeholder="item.choose"/>
        <TextArea name=field("options") label="consultation.field.options" hint="consultation.field.options_hint" value=form.options.clone()
            error=errors.for_field(&field("options")) rows=4/>
        <Checkbox name=field("required") label=i18n.t("consultation.field.required").to_string() checked=form.required error=None/>
    }
}

/// A question in the editor.
#[derive(Clone, Debug)]
pub struct QuestionRow {
    pub id: i64,
    pub number: usize,
    pub prompt: String,
    pub kind_key: &'static str,
    pub required: bool,
    pub options: Vec<String>,
    pub form: QuestionForm,
    pub errors: FormErrors,
    pub first: bool,
    pub last: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ConsultationEditData {
    pub nav: StaffNavData,
    pub id: i64,
    pub title: String,
    pub phase_key: &'static str,
    pub responses: i64,
    pub public_href: Option<String>,
    pub details: DetailsForm,
    pub choices: DetailsChoices,
    pub details_errors: FormErrors,
    pub questions: Vec<QuestionRow>,
    pub new_question: QuestionForm,
    pub new_question_errors: FormErrors,
    pub kinds: Vec<Choice>,
    pub locked: bool,
    pub can_publish: bool,
    pub can_close: bool,
    pub can_publish_results: bool,
    pub results_published: bool,
    /// A message after an action (text key) and whether it is a problem.
    pub notice: Option<(&'static str, bool)>,
}

#[component]
pub fn ConsultationEditPage(data: ConsultationEditData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let base = format!("/ansatt/konsultasjoner/{}", d.id);
    let question_labels = |id: Option<i64>| {
        [("prompt", "consultation.field.prompt"), ("kind", "consultation.field.kind"), ("options", "consultation.field.options")]
            .iter()
            .map(|(name, key)| (question_field(name, id), i18n.t(key).to_string()))
            .collect::<Vec<_>>()
    };
    let questions = d
        .questions
        .iter()
        .map(|q| {
            let edit = (!d.locked).then(|| {
                let action = format!("{base}/sporsmal/{}", q.id);
                view! {
                    <details class="question-edit" open=!q.errors.is_empty()>
                        <summary>{i18n.t("consultation.question.edit")}</summary>
                        <ErrorSummary errors=q.errors.clone() labels=question_labels(Some(q.id))/>
                        <form method="post" action=action.clone() novalidate>
                            <QuestionFields question_id=Some(q.id) form=q.form.clone() kinds=d.kinds.clone() errors=q.errors.clone()/>
                            <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("consultation.question.save")}</button>
                        </form>
                    </details>
                    <div class="button-row">
                        {(!q.first).then(|| view! {
                            <form method="post" action=format!("{action}/opp")>
                                <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">
                                    {i18n.t("consultation.question.up")}<span class="visually-hidden">": " {q.prompt.clone()}</span>
                                </button>
                            </form>
                        })}
                        {(!q.last).then(|| view! {
                            <form method="post" action=format!("{action}/ned")>
                                <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">
                                    {i18n.t("consultation.question.down")}<span class="visually-hidden">": " {q.prompt.clone()}</span>
                                </button>
                            </form>
                        })}
                        <form method="post" action=format!("{action}/slett")>
                            <button class="ds-button" data-variant="tertiary" data-color="danger" data-size="sm" type="submit">
                                {i18n.t("consultation.question.delete")}<span class="visually-hidden">": " {q.prompt.clone()}</span>
                            </button>
                        </form>
                    </div>
                }
            });
            let options =
                (!q.options.is_empty()).then(|| view! { <ul class="ds-list">{q.options.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul> });
            view! {
                <li class="question-row">
                    <h3 class="ds-heading" data-size="xs">{format!("{}. ", q.number)}{q.prompt.clone()}</h3>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">
                        <span>{i18n.t(q.kind_key)}</span>
                        <span>{i18n.t(if q.required { "consultation.required" } else { "consultation.optional" })}</span>
                    </p>
                    {options}
                    {edit}
                </li>
            }
        })
        .collect_view();
    let add = (!d.locked).then(|| {
        view! {
            <section class="action-box" aria-labelledby="add-question">
                <h3 class="ds-heading" data-size="sm" id="add-question">{i18n.t("consultation.question.add")}</h3>
                <ErrorSummary errors=d.new_question_errors.clone() labels=question_labels(None)/>
                <form method="post" action=format!("{base}/sporsmal") novalidate>
                    <QuestionFields question_id=None form=d.new_question.clone() kinds=d.kinds.clone() errors=d.new_question_errors.clone()/>
                    <button class="ds-button" type="submit">{i18n.t("consultation.question.add_submit")}</button>
                </form>
            </section>
        }
    });
    let lifecycle = view! {
        <div class="button-row">
            <a class="ds-link" href=format!("{base}/forhandsvisning")>{i18n.t("consultation.preview")}</a>
            <a class="ds-link" href=format!("{base}/resultater")>{i18n.t("consultation.results.staff_link")}</a>
            {d.public_href.clone().map(|href| view! { <a class="ds-link" href=href>{i18n.t("consultation.public_link")}</a> })}
        </div>
        <div class="button-row">
            {d.can_publish.then(|| view! {
                <form method="post" action=format!("{base}/publiser")>
                    <button class="ds-button" type="submit">{i18n.t("consultation.publish")}</button>
                </form>
            })}
            {d.can_close.then(|| view! {
                <form method="post" action=format!("{base}/avslutt")>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("consultation.close")}</button>
                </form>
            })}
            {d.can_publish_results.then(|| view! {
                <form method="post" action=format!("{base}/publiser-resultater")>
                    <button class="ds-button" type="submit">{i18n.t("consultation.publish_results")}</button>
                </form>
            })}
        </div>
        {d.results_published.then(|| view! { <p class="ds-paragraph">{i18n.t("consultation.results_are_public")}</p> })}
    };
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/konsultasjoner">{i18n.t("consultations.staff.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{d.title.clone()}</h1>
        <p class="ds-paragraph inbox-row__meta" data-size="sm">
            <span class="tag" data-color="accent">{i18n.t(d.phase_key)}</span>
            <span>{i18n.t_with("consultations.staff.response_count", &[("count", &d.responses.to_string())])}</span>
        </p>
        {d.notice.map(|(key, problem)| view! {
            <div class="ds-alert" data-color=if problem { "warning" } else { "success" } role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div>
        })}
        {lifecycle}
        <h2 class="ds-heading" data-size="md">{i18n.t("consultation.questions")}</h2>
        {d.locked.then(|| view! { <p class="ds-paragraph">{i18n.t("consultation.locked")}</p> })}
        {d.questions.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("consultation.no_questions")}</p> })}
        <ol class="question-list">{questions}</ol>
        {add}
        <section class="action-box" aria-labelledby="details-heading">
            <h2 class="ds-heading" data-size="md" id="details-heading">{i18n.t("consultation.details")}</h2>
            <ErrorSummary errors=d.details_errors.clone() labels=crate::forms::translate_labels(&DETAILS_LABELS)/>
            <form method="post" action=format!("{base}/detaljer") novalidate>
                <DetailsFields form=d.details.clone() choices=d.choices.clone() errors=d.details_errors.clone()/>
                <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("consultation.save_details")}</button>
            </form>
        </section>
    }
}

#[derive(Clone, Debug, Default)]
pub struct StaffResultsData {
    pub nav: StaffNavData,
    pub id: i64,
    pub title: String,
    pub phase_key: &'static str,
    pub results: ResultsData,
    pub results_published: bool,
}

#[component]
pub fn StaffResultsPage(data: StaffResultsData) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("/ansatt/konsultasjoner/{}", data.id);
    view! {
        <StaffNav nav=data.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href=base.clone()>{i18n.t("consultation.back_to_editor")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("consultation.results.heading")} ": " {data.title.clone()}</h1>
        <p class="ds-paragraph inbox-row__meta" data-size="sm">
            <span class="tag" data-color="accent">{i18n.t(data.phase_key)}</span>
            <span>{i18n.t(if data.results_published { "consultation.results_are_public" } else { "consultation.results_not_public" })}</span>
        </p>
        <p class="ds-paragraph"><a class="ds-link" href=format!("{base}/resultater.csv") download="">{i18n.t("consultation.results.csv")}</a></p>
        <ResultsView data=data.results.clone()/>
    }
}
