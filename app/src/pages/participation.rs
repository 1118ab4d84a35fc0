//! The public side of participation: approved ideas (list and page, with
//! supports, pre-moderated comments and flags) and "you said, we did".
//! Only text a moderator approved is ever shown here.

use crate::context::use_i18n;
use crate::forms::{joined, translate_labels, Choice, ErrorSummary, FormErrors, Named, RadioGroup, Select, TextArea};
use leptos::prelude::*;

/// The list's filters as in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct IdeaFilters {
    pub tema: String,
    pub omrade: String,
    /// `stotte` for most supported first.
    pub sorter: String,
    pub side: String,
}

#[derive(Clone, Debug)]
pub struct IdeaCard {
    pub href: String,
    pub title: String,
    pub excerpt: String,
    pub theme: Option<Named>,
    pub area: Option<Named>,
    pub supports: i64,
    pub comments: i64,
    pub status_key: &'static str,
    pub answered: bool,
    pub published: String,
}

#[derive(Clone, Debug, Default)]
pub struct IdeasPageData {
    pub filters: IdeaFilters,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub sorts: Vec<Choice>,
    pub cards: Vec<IdeaCard>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[component]
pub fn IdeasPage(data: IdeasPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let cards = d
        .cards
        .into_iter()
        .map(|c| {
            // One line of facts per card: a long list stays light to send and to read.
            let facts = [
                Some(i18n.t_with("ideas.supports", &[("count", &c.supports.to_string())]).into()),
                Some(i18n.t_with("ideas.comments", &[("count", &c.comments.to_string())]).into()),
                Some(i18n.t(c.status_key).to_string().into()),
                c.theme,
                c.area,
                Some(i18n.t_with("ideas.published", &[("date", &c.published)]).into()),
            ];
            let facts = joined(facts.into_iter().flatten().collect(), " · ");
            view! {
                <li class="idea-card">
                    <h2 class="ds-heading" data-size="xs"><a class="ds-link" href=c.href>{c.title}</a></h2>
                    <p>{c.excerpt}</p>
                    <p class="idea-card__facts">
                        {c.answered.then(|| view! { <span class="tag" data-color="accent">{i18n.t("ideas.answered")}</span> " " })}
                        {facts}
                    </p>
                </li>
            }
        })
        .collect_view();
    let summary = match d.total {
        0 => i18n.t("ideas.none").to_string(),
        total => i18n.t_count("ideas.count", total, &[]),
    };
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("ideas.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("ideas.lead")}</p>
        <p class="ds-paragraph"><a class="ds-link" href="/ide">{i18n.t("ideas.new")}</a></p>
        <form class="inbox-filters" method="get" action="/ideer" aria-label=i18n.t("ideas.filters")>
            <div class="inbox-filters__grid">
                <Select name="tema" label="form.theme" choices=d.themes selected=d.filters.tema error=None placeholder="inbox.any"/>
                <Select name="omrade" label="form.area" choices=d.areas selected=d.filters.omrade error=None placeholder="inbox.any"/>
                <Select name="sorter" label="inbox.sort" choices=d.sorts selected=d.filters.sorter error=None placeholder="ideas.sort.newest"/>
            </div>
            <p class="ds-paragraph"><button class="ds-button" data-variant="secondary" type="submit">{i18n.t("inbox.apply")}</button></p>
        </form>
        <p class="ds-paragraph" role="status">{summary}</p>
        <ul class="inbox-list">{cards}</ul>
        <nav class="pager" aria-label=i18n.t("inbox.pages")>
            {d.previous.map(|href| view! { <a class="ds-link" href=href rel="prev">{i18n.t("ideas.previous")}</a> })}
            {(d.pages > 1).then(|| view! { <span>{i18n.t_with("ideas.page_of", &[("page", &d.page.to_string()), ("pages", &d.pages.to_string())])}</span> })}
            {d.next.map(|href| view! { <a class="ds-link" href=href rel="next">{i18n.t("ideas.next")}</a> })}
        </nav>
    }
}

/// The comment form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub comment: String,
    pub idempotency_key: String,
}

/// The flag form: what is flagged and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct FlagForm {
    /// `idea` or `comment-<id>`.
    pub target: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct PublicIdeaData {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub theme: Option<Named>,
    pub area: Option<Named>,
    pub status_key: &'static str,
    pub published: String,
    pub supports: i64,
    pub official_answer: Option<String>,
    pub comments: Vec<(i64, String, String)>,
    pub comment_form: CommentForm,
    pub errors: FormErrors,
    pub flag_reasons: Vec<Choice>,
    /// A message after an action, as a text key.
    pub notice_key: Option<&'static str>,
}

#[component]
pub fn PublicIdeaPage(data: PublicIdeaData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let base = format!("/ideer/{}", d.id);
    let notice = d.notice_key.map(|key| view! { <div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> });
    let answer = d.official_answer.clone().map(|a| {
        view! {
            <section class="ds-alert" data-color="success" aria-labelledby="answer-heading">
                <h2 class="ds-heading" data-size="sm" id="answer-heading">{i18n.t("ideas.official_answer")}</h2>
                <p class="ds-paragraph sent__text">{a}</p>
            </section>
        }
    });
    let flag_form = |target: String, label: String| {
        let reasons = d.flag_reasons.clone();
        view! {
            <details class="flag">
                <summary>{label}</summary>
                <form method="post" action=format!("{base}/flagg")>
                    <input type="hidden" name="target" value=target.clone()/>
                    <RadioGroup name=format!("reason-{target}") legend="ideas.flag.reason" choices=reasons selected=String::new() error=None/>
                    <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">{i18n.t("ideas.flag.submit")}</button>
                </form>
            </details>
        }
    };
    let comments = d
        .comments
        .iter()
        .map(|(id, body, when)| {
            view! {
                <li class="comment">
                    <p class="ds-paragraph sent__text">{body.clone()}</p>
                    <p class="ds-paragraph" data-size="sm">{when.clone()}</p>
                    {flag_form(format!("comment-{id}"), i18n.t("ideas.flag.comment").to_string())}
                </li>
            }
        })
        .collect_view();
    let meta: Vec<Named> = [d.theme.clone(), d.area.clone()].into_iter().flatten().collect();
    view! {
        <p class="ds-paragraph"><a class="ds-link" href="/ideer">{i18n.t("ideas.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{d.title.clone()}</h1>
        {notice}
        <p class="ds-paragraph inbox-row__meta" data-size="sm">
            {(!meta.is_empty()).then(|| view! { <span>{joined(meta.clone(), " · ")}</span> })}
            <span>{i18n.t_with("ideas.published", &[("date", &d.published)])}</span>
            <span>{i18n.t("ideas.status")} " " {i18n.t(d.status_key)}</span>
        </p>
        <p class="ds-paragraph sent__text">{d.body.clone()}</p>
        {answer}
        <form class="support" method="post" action=format!("{base}/stott")>
            <p class="ds-paragraph">{i18n.t_with("ideas.supports", &[("count", &d.supports.to_string())])}</p>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("ideas.support")}</button>
        </form>
        {flag_form("idea".to_string(), i18n.t("ideas.flag.idea").to_string())}
        <h2 class="ds-heading" data-size="md">{i18n.t_with("ideas.comments", &[("count", &d.comments.len().to_string())])}</h2>
        <ol class="comments">{comments}</ol>
        <h2 class="ds-heading" data-size="sm" id="comment-heading">{i18n.t("ideas.comment.heading")}</h2>
        <p class="ds-paragraph">{i18n.t("ideas.comment.moderated")}</p>
        <ErrorSummary errors=d.errors.clone() labels=translate_labels(&[("comment", "ideas.comment.label")])/>
        <form class="input-form" method="post" action=format!("{base}/kommentar") novalidate aria-labelledby="comment-heading">
            <input type="hidden" name="idempotency_key" value=d.comment_form.idempotency_key.clone()/>
            <TextArea name="comment" label="ideas.comment.label" hint="ideas.comment.hint" value=d.comment_form.comment.clone()
                error=d.errors.for_field("comment") rows=4/>
            <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("ideas.comment.submit")}</button>
        </form>
    }
}

#[derive(Clone, Debug)]
pub struct SummaryCard {
    pub text: String,
    pub theme: Option<Named>,
    pub area: Option<Named>,
    pub kind_key: &'static str,
    pub when: String,
}

#[derive(Clone, Debug, Default)]
pub struct SummariesPageData {
    pub filters: IdeaFilters,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub cards: Vec<SummaryCard>,
}

/// "You said, we did": what staff did about input, in their own words.
#[component]
pub fn SummariesPage(data: SummariesPageData) -> impl IntoView {
    let i18n = use_i18n();
    let cards = data
        .cards
        .iter()
        .map(|c| {
            let meta = joined([Some(i18n.t(c.kind_key).to_string().into()), c.theme.clone(), c.area.clone()].into_iter().flatten().collect(), " · ");
            view! {
                <li class="idea-card">
                    <p class="ds-paragraph sent__text">{c.text.clone()}</p>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">{meta} " · " {c.when.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("summaries.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("summaries.lead")}</p>
        <form class="inbox-filters" method="get" action="/vi-gjorde" aria-label=i18n.t("ideas.filters")>
            <div class="inbox-filters__grid">
                <Select name="tema" label="form.theme" choices=data.themes.clone() selected=data.filters.tema.clone() error=None placeholder="inbox.any"/>
                <Select name="omrade" label="form.area" choices=data.areas.clone() selected=data.filters.omrade.clone() error=None placeholder="inbox.any"/>
            </div>
            <p class="ds-paragraph"><button class="ds-button" data-variant="secondary" type="submit">{i18n.t("inbox.apply")}</button></p>
        </form>
        {data.cards.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("summaries.none")}</p> })}
        <ul class="inbox-list">{cards}</ul>
    }
}
