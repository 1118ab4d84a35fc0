//! What the public consultation pages and the staff's preview and results
//! pages share: the answer form, the results view and their labels.

use super::format::format_date;
use super::{render_page, AppError, AppState, RequestInfo};
use crate::catalog::Catalog;
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::{AnswerNotice, AnswerPage, AnswerPageData, QuestionResultView, QuestionView, ResultRow, ResultsData};
use axum::http::StatusCode;
use axum::response::Response;
use domain::consultation::{Consultation, QuestionKind, Results};
use leptos::prelude::*;

/// The questions as a resident sees them; a scale's steps carry its end words.
pub fn question_views(consultation: &Consultation, i18n: &I18n) -> Vec<QuestionView> {
    consultation
        .questions
        .iter()
        .map(|q| {
            let choices = match q.kind {
                QuestionKind::Scale => {
                    let low = q.options.first().map(|o| o.label.clone()).unwrap_or_else(|| i18n.t("consultation.scale.low").to_string());
                    let high = q.options.get(1).map(|o| o.label.clone()).unwrap_or_else(|| i18n.t("consultation.scale.high").to_string());
                    (1..=5)
                        .map(|value| {
                            let label = match value {
                                1 => format!("1 – {low}"),
                                5 => format!("5 – {high}"),
                                other => other.to_string(),
                            };
                            Choice::new(value.to_string(), label)
                        })
                        .collect()
                }
                _ => q.options.iter().map(|o| Choice::new(o.id.to_string(), o.label.clone())).collect(),
            };
            QuestionView { field: q.field(), kind: q.kind.as_str(), prompt: q.prompt.clone(), required: q.required, choices }
        })
        .collect()
}

fn percent(i18n: &I18n, locale: Locale, value: f64) -> String {
    let number = locale.decimal(value, 1);
    i18n.t_with("consultation.percent", &[("value", &number)])
}

/// "01.12.2026 – 14.12.2026" in the reader's words.
pub fn date_range(i18n: &I18n, (opens, closes): (chrono::NaiveDate, chrono::NaiveDate)) -> String {
    i18n.t_with("consultation.dates", &[("opens", &format_date(i18n, opens)), ("closes", &format_date(i18n, closes))])
}

pub fn kind_key(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "consultation.kind.single_choice",
        QuestionKind::MultipleChoice => "consultation.kind.multiple_choice",
        QuestionKind::Scale => "consultation.kind.scale",
        QuestionKind::ShortText => "consultation.kind.short_text",
        QuestionKind::LongText => "consultation.kind.long_text",
    }
}

/// Results as the pages show them. Scale rows carry the end words.
pub fn results_view(consultation: &Consultation, results: &Results, show_texts: bool, locale: Locale) -> ResultsData {
    let i18n = I18n::new(locale);
    let views = question_views(consultation, &i18n);
    ResultsData {
        responses: results.responses,
        questions: results
            .questions
            .iter()
            .enumerate()
            .map(|(index, q)| {
                let scale_labels = views.iter().find(|v| v.field == format!("q{}", q.question_id)).filter(|_| q.kind == QuestionKind::Scale);
                QuestionResultView {
                    number: index + 1,
                    prompt: q.prompt.clone(),
                    kind_key: kind_key(q.kind),
                    answered: q.answered,
                    rows: q
                        .counts
                        .iter()
                        .enumerate()
                        .map(|(i, (label, count, share))| ResultRow {
                            label: scale_labels.and_then(|v| v.choices.get(i)).map(|c| c.label.clone()).unwrap_or_else(|| label.clone()),
                            count: *count,
                            percent: percent(&i18n, locale, *share),
                            share: *share,
                        })
                        .collect(),
                    texts: if show_texts { q.texts.clone() } else { Vec::new() },
                    text_total: q.text_total,
                }
            })
            .collect(),
        show_texts,
        lang: consultation.locale.clone(),
    }
}

pub struct AnswerState {
    pub values: Vec<(String, String)>,
    pub errors: FormErrors,
    pub stale: bool,
    pub notice: Option<AnswerNotice>,
}

/// The answer page for `consultation` (also the staff preview, with `action` None and the preview notice).
pub async fn render_answer_page(
    state: &AppState,
    locale: Locale,
    consultation: &Consultation,
    form: AnswerState,
    show_form: bool,
    status: StatusCode,
    path: String,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let preview = form.notice == Some(AnswerNotice::Preview);
    let data = AnswerPageData {
        title: consultation.title.clone(),
        introduction: consultation.introduction.clone(),
        phase_key: consultation.phase(now).key(),
        dates: date_range(&i18n, consultation.days()),
        areas: area_names(&catalog, consultation, locale),
        questions: question_views(consultation, &i18n),
        values: form.values,
        errors: form.errors,
        stale: form.stale,
        idempotency_key: state.keys.issue_form_key().as_str().to_string(),
        action: (show_form || preview).then(|| format!("/konsultasjoner/{}", consultation.slug)),
        notice: form.notice,
        results_href: consultation.results_public(now).then(|| format!("/konsultasjoner/{}/resultater", consultation.slug)),
        lang: consultation.locale.clone(),
    };
    let info = RequestInfo { locale, uri: path.parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "consultation.title", move || view! { <AnswerPage data=data.clone()/> }).await)
}

pub fn area_names(catalog: &Catalog, consultation: &Consultation, locale: Locale) -> Vec<String> {
    catalog.areas.iter().filter(|a| consultation.area_ids.contains(&a.id)).map(|a| a.names.get(locale.code()).to_string()).collect()
}
