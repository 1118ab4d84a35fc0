//! Moderation before publication: the queue, and one idea or comment with
//! its personal data highlighted, a proposed masked version the moderator
//! can edit, and approve or reject with a reason.

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{translate_labels, Choice, ErrorSummary, FormErrors, RadioGroup, TextArea, TextInput};
use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct QueueRow {
    pub href: String,
    pub kind_key: &'static str,
    pub reference: String,
    pub excerpt: String,
    pub state_key: &'static str,
    pub flags: i64,
    pub personal_data: bool,
    pub received: String,
}

#[derive(Clone, Debug, Default)]
pub struct QueuePageData {
    pub nav: StaffNavData,
    pub rows: Vec<QueueRow>,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn ModerationQueuePage(data: QueuePageData) -> impl IntoView {
    let i18n = use_i18n();
    let rows = data
        .rows
        .iter()
        .map(|r| {
            view! {
                <li class="inbox-row">
                    <h2 class="ds-heading" data-size="xs"><a class="ds-link" href=r.href.clone()>{r.reference.clone()} " – " {r.excerpt.clone()}</a></h2>
                    <p class="ds-paragraph inbox-row__tags" data-size="sm">
                        <span class="tag">{i18n.t(r.kind_key)}</span>
                        <span class="tag" data-color="accent">{i18n.t(r.state_key)}</span>
                        {(r.flags > 0).then(|| view! { <span class="tag" data-color="danger">{i18n.t_with("moderation.flags", &[("count", &r.flags.to_string())])}</span> })}
                        {r.personal_data.then(|| view! { <span class="tag" data-color="warning">{i18n.t("inbox.personal_data")}</span> })}
                    </p>
                    <p class="ds-paragraph inbox-row__meta" data-size="sm">{i18n.t_with("inbox.received", &[("date", &r.received)])}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <StaffNav nav=data.nav.clone()/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("moderation.heading")}</h1>
        <p class="ds-paragraph">{i18n.t("moderation.lead")}</p>
        {data.done_key.map(|key| view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> })}
        {data.rows.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("moderation.empty")}</p> })}
        <ul class="inbox-list">{rows}</ul>
    }
}

/// Text cut into plain and personal-data pieces: (text, label of the kind).
pub type Highlighted = Vec<(String, Option<&'static str>)>;

/// Shows text with its personal data marked (and named for screen readers).
#[component]
pub fn HighlightedText(segments: Highlighted) -> impl IntoView {
    let i18n = use_i18n();
    let parts = segments
        .into_iter()
        .map(|(text, kind)| match kind {
            Some(kind) => {
                view! { <mark class="personal-data" title=i18n.t(kind)>{text}<span class="visually-hidden">" (" {i18n.t(kind)} ")"</span></mark> }.into_any()
            }
            None => view! { {text} }.into_any(),
        })
        .collect_view();
    view! { <p class="ds-paragraph sent__text">{parts}</p> }
}

/// The moderation form's values as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ModerationForm {
    /// Names to mask, comma-separated.
    pub names: String,
    pub public_title: String,
    pub public_body: String,
    pub reason: String,
    pub note: String,
    pub answer: String,
}

#[derive(Clone, Debug, Default)]
pub struct ModerateIdeaData {
    pub nav: StaffNavData,
    pub id: i64,
    pub reference: String,
    pub title: Highlighted,
    pub body: Highlighted,
    pub state_key: &'static str,
    pub flags: Vec<String>,
    pub published: bool,
    pub form: ModerationForm,
    pub reasons: Vec<Choice>,
    pub errors: FormErrors,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn ModerateIdeaPage(data: ModerateIdeaData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let base = format!("/ansatt/moderering/ide/{}", d.id);
    let labels = [
        ("names", "moderation.names"),
        ("public_title", "moderation.public_title"),
        ("public_body", "moderation.public_body"),
        ("reason", "moderation.reason"),
        ("note", "moderation.note"),
        ("answer", "moderation.answer"),
    ];
    let flags = (!d.flags.is_empty()).then(|| {
        view! {
            <div class="ds-alert" data-color="warning">
                <p class="ds-paragraph">{i18n.t_with("moderation.flagged", &[("reasons", &d.flags.join(", "))])}</p>
            </div>
        }
    });
    let answer = d.published.then(|| {
        view! {
            <section class="action-box" aria-labelledby="answer-heading">
                <h2 class="ds-heading" data-size="sm" id="answer-heading">{i18n.t("moderation.answer_heading")}</h2>
                <form method="post" action=format!("{base}/svar")>
                    <TextArea name="answer" label="moderation.answer" hint="moderation.answer_hint" value=d.form.answer.clone()
                        error=d.errors.for_field("answer") rows=4/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("moderation.answer_submit")}</button>
                </form>
            </section>
        }
    });
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/moderering">{i18n.t("moderation.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t_with("moderation.idea_heading", &[("reference", &d.reference)])}</h1>
        {d.done_key.map(|key| view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> })}
        <p class="ds-paragraph inbox-row__tags"><span class="tag" data-color="accent">{i18n.t(d.state_key)}</span></p>
        {flags}
        <ErrorSummary errors=d.errors.clone() labels=translate_labels(&labels)/>
        <div class="item-layout">
            <div class="item-layout__main">
                <h2 class="ds-heading" data-size="md">{i18n.t("moderation.original")}</h2>
                <p class="ds-paragraph" data-size="sm">{i18n.t("moderation.original_hint")}</p>
                <h3 class="ds-heading" data-size="xs">{i18n.t("idea.title")}</h3>
                <HighlightedText segments=d.title.clone()/>
                <h3 class="ds-heading" data-size="xs">{i18n.t("idea.description")}</h3>
                <HighlightedText segments=d.body.clone()/>
                <form method="post" action=format!("{base}/masker")>
                    <TextInput name="names" label="moderation.names" hint="moderation.names_hint" value=d.form.names.clone()
                        error=d.errors.for_field("names") max_chars=500/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("moderation.mask")}</button>
                </form>
            </div>
            <div class="item-layout__actions">
                <section class="action-box" aria-labelledby="approve-heading">
                    <h2 class="ds-heading" data-size="sm" id="approve-heading">{i18n.t("moderation.approve_heading")}</h2>
                    <form method="post" action=base.clone()>
                        <input type="hidden" name="decision" value="approve"/>
                        <TextInput name="public_title" label="moderation.public_title" value=d.form.public_title.clone()
                            error=d.errors.for_field("public_title") max_chars=120/>
                        <TextArea name="public_body" label="moderation.public_body" hint="moderation.public_body_hint" value=d.form.public_body.clone()
                            error=d.errors.for_field("public_body") rows=8/>
                        <button class="ds-button" data-variant="primary" type="submit">{i18n.t("moderation.approve")}</button>
                    </form>
                </section>
                <section class="action-box" aria-labelledby="reject-heading">
                    <h2 class="ds-heading" data-size="sm" id="reject-heading">{i18n.t("moderation.reject_heading")}</h2>
                    <form method="post" action=base.clone()>
                        <input type="hidden" name="decision" value="reject"/>
                        <RadioGroup name="reason" legend="moderation.reason" choices=d.reasons.clone() selected=d.form.reason.clone()
                            error=d.errors.for_field("reason")/>
                        <TextArea name="note" label="moderation.note" hint="moderation.note_hint" value=d.form.note.clone()
                            error=d.errors.for_field("note") rows=3/>
                        <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("moderation.reject")}</button>
                    </form>
                </section>
                {answer}
            </div>
        </div>
    }
}

#[derive(Clone, Debug, Default)]
pub struct ModerateCommentData {
    pub nav: StaffNavData,
    pub id: i64,
    pub idea_title: String,
    pub idea_href: String,
    pub body: Highlighted,
    pub state_key: &'static str,
    pub flags: Vec<String>,
    pub form: ModerationForm,
    pub errors: FormErrors,
}

#[component]
pub fn ModerateCommentPage(data: ModerateCommentData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let base = format!("/ansatt/moderering/kommentar/{}", d.id);
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/moderering">{i18n.t("moderation.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("moderation.comment_heading")}</h1>
        <p class="ds-paragraph">{i18n.t("moderation.comment_on")} " " <a class="ds-link" href=d.idea_href.clone()>{d.idea_title.clone()}</a></p>
        <p class="ds-paragraph inbox-row__tags"><span class="tag" data-color="accent">{i18n.t(d.state_key)}</span></p>
        {(!d.flags.is_empty()).then(|| view! { <div class="ds-alert" data-color="warning"><p class="ds-paragraph">{i18n.t_with("moderation.flagged", &[("reasons", &d.flags.join(", "))])}</p></div> })}
        <ErrorSummary errors=d.errors.clone() labels=translate_labels(&[("public_body", "moderation.public_body"), ("names", "moderation.names")])/>
        <h2 class="ds-heading" data-size="md">{i18n.t("moderation.original")}</h2>
        <HighlightedText segments=d.body.clone()/>
        <form method="post" action=format!("{base}/masker") class="input-form">
            <TextInput name="names" label="moderation.names" hint="moderation.names_hint" value=d.form.names.clone() error=None max_chars=500/>
            <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("moderation.mask")}</button>
        </form>
        <form method="post" action=base.clone() class="input-form">
            <input type="hidden" name="decision" value="approve"/>
            <TextArea name="public_body" label="moderation.public_body" hint="moderation.public_body_hint" value=d.form.public_body.clone()
                error=d.errors.for_field("public_body") rows=5/>
            <button class="ds-button" data-variant="primary" type="submit">{i18n.t("moderation.approve")}</button>
        </form>
        <form method="post" action=base.clone() class="input-form">
            <input type="hidden" name="decision" value="reject"/>
            <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("moderation.reject")}</button>
        </form>
    }
}
