//! Consultations for residents: the list, answering one (a plain form that
//! comes back with every answer kept when something is wrong), and the
//! published results. The results view with its SVG charts and data tables
//! is shared with the staff results page.

use crate::context::use_i18n;
use crate::forms::{escape_text, field_id, Choice, ErrorSummary, FormErrors};
use leptos::prelude::*;

/// One consultation in a list.
#[derive(Clone, Debug)]
pub struct ConsultationCard {
    pub href: String,
    pub title: String,
    pub phase_key: &'static str,
    /// "1 December – 14 December 2026" in the reader's words.
    pub dates: String,
    pub results_href: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ConsultationsPageData {
    pub open: Vec<ConsultationCard>,
    pub finished: Vec<ConsultationCard>,
}

#[component]
fn Cards(cards: Vec<ConsultationCard>) -> impl IntoView {
    let i18n = use_i18n();
    let items = cards
        .into_iter()
        .map(|c| {
            view! {
                <li class="idea-card">
                    <h3 class="ds-heading" data-size="xs"><a class="ds-link" href=c.href>{c.title}</a></h3>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">
                        <span class="tag" data-color="accent">{i18n.t(c.phase_key)}</span>
                        <span>{c.dates}</span>
                    </p>
                    {c.results_href.map(|href| view! { <p class="ds-paragraph"><a class="ds-link" href=href>{i18n.t("consultation.results.link")}</a></p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="inbox-list">{items}</ul> }
}

#[component]
pub fn ConsultationsPage(data: ConsultationsPageData) -> impl IntoView {
    let i18n = use_i18n();
    let open_empty = data.open.is_empty();
    let finished_empty = data.finished.is_empty();
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("consultations.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("consultations.lead")}</p>
        <h2 class="ds-heading" data-size="md">{i18n.t("consultations.open")}</h2>
        {open_empty.then(|| view! { <p class="ds-paragraph">{i18n.t("consultations.none_open")}</p> })}
        <Cards cards=data.open/>
        {(!finished_empty).then(|| view! {
            <h2 class="ds-heading" data-size="md">{i18n.t("consultations.finished")}</h2>
            <Cards cards=data.finished.clone()/>
        })}
    }
}

/// A question as shown to a resident.
#[derive(Clone, Debug)]
pub struct QuestionView {
    /// The form field (`q<id>`).
    pub field: String,
    /// `single_choice`, `multiple_choice`, `scale`, `short_text` or `long_text`.
    pub kind: &'static str,
    pub prompt: String,
    pub required: bool,
    /// Options (value = option id); for a scale, the five steps with their words.
    pub choices: Vec<Choice>,
}

/// What the answer page says instead of (or above) the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerNotice {
    Thanks,
    AlreadyAnswered,
    Upcoming,
    Closed,
    Limited,
    Preview,
}

#[derive(Clone, Debug, Default)]
pub struct AnswerPageData {
    pub title: String,
    pub introduction: String,
    pub phase_key: &'static str,
    pub dates: String,
    pub areas: Vec<String>,
    pub questions: Vec<QuestionView>,
    /// What was posted, kept when the form comes back.
    pub values: Vec<(String, String)>,
    pub errors: FormErrors,
    pub stale: bool,
    pub idempotency_key: String,
    /// Where the form posts; `None` shows no form (closed, answered, …).
    pub action: Option<String>,
    pub notice: Option<AnswerNotice>,
    pub results_href: Option<String>,
    /// The consultation's own language, for `lang` on its texts.
    pub lang: String,
}

fn notice_key(notice: AnswerNotice) -> (&'static str, &'static str) {
    match notice {
        AnswerNotice::Thanks => ("consultation.notice.thanks", "success"),
        AnswerNotice::AlreadyAnswered => ("consultation.notice.already", "info"),
        AnswerNotice::Upcoming => ("consultation.notice.upcoming", "info"),
        AnswerNotice::Closed => ("consultation.notice.closed", "info"),
        AnswerNotice::Limited => ("consultation.notice.limited", "warning"),
        AnswerNotice::Preview => ("consultation.notice.preview", "warning"),
    }
}

/// One question: a fieldset for choices and scales, a labelled field for texts.
#[component]
fn QuestionField(question: QuestionView, values: Vec<String>, error: Option<&'static str>, lang: String) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(&question.field);
    let error_id = format!("{id}-error");
    let described = error.map(|_| error_id.clone());
    let marker = if question.required { i18n.t("consultation.required") } else { i18n.t("consultation.optional") };
    let label = view! { <bdi lang=lang.clone()>{question.prompt.clone()}</bdi> " " <span class="field-marker">{marker}</span> };
    let message = error.map(|key| view! { <p class="ds-validation-message" data-color="danger" id=error_id.clone()>{i18n.t(key)}</p> });
    let first = values.first().cloned().unwrap_or_default();
    match question.kind {
        "short_text" => view! {
            <div class="ds-field question">
                <label class="ds-label" for=id.clone()>{label}</label>
                {message}
                <input class="ds-input" type="text" id=id.clone() name=question.field.clone() value=first maxlength="200"
                    aria-describedby=described.clone() aria-invalid=error.map(|_| "true")/>
            </div>
        }
        .into_any(),
        "long_text" => view! {
            <div class="ds-field question">
                <label class="ds-label" for=id.clone()>{label}</label>
                {message}
                <textarea class="ds-input" id=id.clone() name=question.field.clone() rows="5"
                    aria-describedby=described.clone() aria-invalid=error.map(|_| "true")>
                    {if first.starts_with('\n') { format!("\n{}", escape_text(&first)) } else { escape_text(&first) }}
                </textarea>
            </div>
        }
        .into_any(),
        kind => {
            let input_type = if kind == "multiple_choice" { "checkbox" } else { "radio" };
            let inputs = question
                .choices
                .iter()
                .enumerate()
                .map(|(index, choice)| {
                    let input_id = if index == 0 { id.clone() } else { format!("{id}-{index}") };
                    let checked = values.contains(&choice.value);
                    view! {
                        <div class="ds-field choice">
                            <input class="ds-input" type=input_type id=input_id.clone() name=question.field.clone() value=choice.value.clone() checked=checked/>
                            <label class="ds-label" data-weight="regular" for=input_id lang=lang.clone() dir="auto">{choice.label.clone()}</label>
                        </div>
                    }
                })
                .collect_view();
            let hint = (kind == "multiple_choice").then(|| view! { <p class="ds-paragraph field-hint" data-size="sm">{i18n.t("consultation.choose_any")}</p> });
            view! {
                <fieldset class=if kind == "scale" { "ds-fieldset question question--scale" } else { "ds-fieldset question" } aria-describedby=described>
                    <legend class="ds-label">{label}</legend>
                    {hint}
                    {message}
                    <div class="question__choices">{inputs}</div>
                </fieldset>
            }
            .into_any()
        }
    }
}

/// The answer form and its surroundings; also the staff preview.
#[component]
pub fn AnswerPage(data: AnswerPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let notice = d.notice.map(|notice| {
        let (key, color) = notice_key(notice);
        view! { <div class="ds-alert" data-color=color role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> }
    });
    let labels: Vec<(String, String)> = d.questions.iter().map(|q| (q.field.clone(), q.prompt.clone())).collect();
    let form = d.action.clone().map(|action| {
        let fields = d
            .questions
            .iter()
            .map(|q| {
                let values = d.values.iter().filter(|(k, _)| *k == q.field).map(|(_, v)| v.clone()).collect();
                view! { <QuestionField question=q.clone() values=values error=d.errors.for_field(&q.field) lang=d.lang.clone()/> }
            })
            .collect_view();
        let is_preview = d.notice == Some(AnswerNotice::Preview);
        view! {
            <ErrorSummary errors=d.errors.clone() labels=labels.clone()/>
            {d.stale.then(|| view! { <div class="ds-alert" data-color="warning" role="alert"><p class="ds-paragraph">{i18n.t("form.stale")}</p></div> })}
            <form method="post" action=action novalidate>
                <input type="hidden" name="idempotency_key" value=d.idempotency_key.clone()/>
                <p class="ds-paragraph">{i18n.t("consultation.anonymous")}</p>
                {fields}
                {(!is_preview).then(|| view! { <p class="ds-paragraph"><button class="ds-button" type="submit">{i18n.t("consultation.send")}</button></p> })}
            </form>
        }
    });
    let areas = (!d.areas.is_empty()).then(|| view! { <span>{i18n.t_with("consultation.areas", &[("areas", &d.areas.join(", "))])}</span> });
    view! {
        <p class="ds-paragraph"><a class="ds-link" href="/konsultasjoner">{i18n.t("consultations.back")}</a></p>
        <h1 class="ds-heading" data-size="lg" lang=d.lang.clone() dir="auto">{d.title.clone()}</h1>
        <p class="ds-paragraph inbox-row__meta" data-size="sm">
            <span class="tag" data-color="accent">{i18n.t(d.phase_key)}</span>
            <span>{d.dates.clone()}</span>
            {areas}
        </p>
        <p class="ds-paragraph sent__text" lang=d.lang.clone() dir="auto">{d.introduction.clone()}</p>
        {notice}
        {d.results_href.clone().map(|href| view! { <p class="ds-paragraph"><a class="ds-link" href=href>{i18n.t("consultation.results.link")}</a></p> })}
        {form}
    }
}

/// One row of a result table: label, count, percentage as text.
#[derive(Clone, Debug)]
pub struct ResultRow {
    pub label: String,
    pub count: i64,
    pub percent: String,
    /// 0–100, for the bar.
    pub share: f64,
}

#[derive(Clone, Debug)]
pub struct QuestionResultView {
    pub number: usize,
    pub prompt: String,
    pub kind_key: &'static str,
    pub answered: i64,
    pub rows: Vec<ResultRow>,
    /// The newest free-text answers (staff only): text and whether personal data was found.
    pub texts: Vec<(String, bool)>,
    /// Every free-text answer, shown or not (the public sees only this number).
    pub text_total: i64,
}

#[derive(Clone, Debug, Default)]
pub struct ResultsData {
    pub responses: i64,
    pub questions: Vec<QuestionResultView>,
    /// Staff see the free-text answers; the public sees only how many there are.
    pub show_texts: bool,
    pub lang: String,
}

/// A horizontal bar chart drawn on the server. It repeats the table below
/// it, so screen readers get a one-line summary and then the table.
#[component]
fn BarChart(rows: Vec<ResultRow>, labelled_by: String, summary: String) -> impl IntoView {
    // Label above its bar, so the chart stays narrow enough to read on a phone.
    const ROW: usize = 50;
    const BAR_WIDTH: f64 = 300.0;
    let height = rows.len() * ROW + 4;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let y = index * ROW;
            let label: String =
                if row.label.chars().count() > 48 { format!("{}…", row.label.chars().take(47).collect::<String>()) } else { row.label.clone() };
            let width = (row.share / 100.0 * BAR_WIDTH).max(if row.count > 0 { 2.0 } else { 0.0 });
            view! {
                <g>
                    <text x="0" y=(y + 16).to_string() class="chart__label">{label}</text>
                    <rect x="0" y=(y + 24).to_string() width=BAR_WIDTH.to_string() height="20" class="chart__track"/>
                    <rect x="0" y=(y + 24).to_string() width=format!("{width:.1}") height="20" class="chart__bar"/>
                    <text x=format!("{:.1}", BAR_WIDTH + 8.0) y=(y + 39).to_string() class="chart__value">{format!("{} ({})", row.count, row.percent)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" role="img" aria-labelledby=format!("{labelled_by} {labelled_by}-summary") viewBox=format!("0 0 420 {height}") width="420" height=height.to_string()
            preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
            <title id=format!("{labelled_by}-summary")>{summary}</title>
            {bars}
        </svg>
    }
}

#[component]
pub fn ResultsView(data: ResultsData) -> impl IntoView {
    let i18n = use_i18n();
    let lang = data.lang.clone();
    let questions = data
        .questions
        .into_iter()
        .map(|q| {
            let heading_id = format!("question-{}", q.number);
            // The table's region is focusable, so a keyboard can scroll a table wider than a phone.
            let table_id = format!("question-{}-table", q.number);
            let chart = (!q.rows.is_empty()).then(|| {
                let summary = q.rows.iter().map(|r| format!("{}: {} ({})", r.label, r.count, r.percent)).collect::<Vec<_>>().join("; ");
                let table_rows = q
                    .rows
                    .iter()
                    .map(|r| view! { <tr><th scope="row" lang=lang.clone() dir="auto">{r.label.clone()}</th><td>{r.count}</td><td>{r.percent.clone()}</td></tr> })
                    .collect_view();
                view! {
                    <figure class="result-chart">
                        <BarChart rows=q.rows.clone() labelled_by=heading_id.clone() summary=summary/>
                    </figure>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby=table_id.clone()><table class="ds-table" data-size="sm">
                        <caption id=table_id.clone()>{i18n.t_with("consultation.results.table", &[("number", &q.number.to_string())])}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("consultation.results.answer")}</th>
                            <th scope="col">{i18n.t("consultation.results.count")}</th>
                            <th scope="col">{i18n.t("consultation.results.percent")}</th>
                        </tr></thead>
                        <tbody>{table_rows}</tbody>
                    </table></div>
                }
            });
            let texts = (q.text_total > 0 || q.kind_key.ends_with("text")).then(|| {
                let total = q.text_total.to_string();
                if data.show_texts {
                    let items = q
                        .texts
                        .iter()
                        .map(|(text, flagged)| {
                            view! {
                                <li class="text-answer">
                                    {flagged.then(|| view! { <span class="tag" data-color="warning">{i18n.t("inbox.personal_data")}</span> " " })}
                                    <span class="sent__text">{text.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    // A long list is cut to the newest; the CSV has every answer.
                    let shown = ((q.texts.len() as i64) < q.text_total)
                        .then(|| i18n.t_with("consultation.results.texts_shown", &[("shown", &q.texts.len().to_string()), ("count", &total)]));
                    view! {
                        <p class="ds-paragraph">{i18n.t_with("consultation.results.texts", &[("count", &total)])}</p>
                        <ul class="ds-list text-answers">{items}</ul>
                        {shown.map(|note| view! { <p class="ds-paragraph">{note}</p> })}
                    }
                    .into_any()
                } else {
                    view! { <p class="ds-paragraph">{i18n.t_with("consultation.results.texts_private", &[("count", &total)])}</p> }.into_any()
                }
            });
            view! {
                <section class="result" aria-labelledby=heading_id.clone()>
                    <h2 class="ds-heading" data-size="sm" id=heading_id.clone()>
                        {format!("{}. ", q.number)} <bdi lang=lang.clone()>{q.prompt.clone()}</bdi>
                    </h2>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">
                        <span>{i18n.t(q.kind_key)}</span>
                        <span>{i18n.t_with("consultation.results.answered", &[("count", &q.answered.to_string())])}</span>
                    </p>
                    {chart}
                    {texts}
                </section>
            }
        })
        .collect_view();
    view! {
        <p class="ds-paragraph" role="status">{i18n.t_with("consultation.results.responses", &[("count", &data.responses.to_string())])}</p>
        {questions}
    }
}

#[derive(Clone, Debug, Default)]
pub struct PublicResultsData {
    pub title: String,
    pub href: String,
    pub dates: String,
    pub results: ResultsData,
}

#[component]
pub fn PublicResultsPage(data: PublicResultsData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="ds-paragraph"><a class="ds-link" href=data.href.clone()>{i18n.t("consultation.results.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">
            {i18n.t("consultation.results.heading")} ": " <bdi lang=data.results.lang.clone()>{data.title.clone()}</bdi>
        </h1>
        <p class="ds-paragraph inbox-row__meta" data-size="sm"><span>{data.dates.clone()}</span></p>
        <ResultsView data=data.results.clone()/>
    }
}
