//! One item in the workspace: what the resident sent, why it is where it is
//! (routing explanation and referral trail), its timeline, and the actions.
//! Each action is its own small form posting to `/ansatt/sak/{id}/{action}`;
//! an error brings the page back with the typed text and the error linked.

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use crate::forms::{translate_labels, Checkbox, Choice, ErrorSummary, FormErrors, RadioGroup, Select, TextArea, TextInput};
use leptos::prelude::*;

/// Typed values of the action forms, kept when one comes back with an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ItemForms {
    pub assignee: String,
    pub status: String,
    pub reply: String,
    pub note: String,
    pub to_team: String,
    pub reason: String,
    /// `handover` or `add`.
    pub how: String,
    pub outcome: String,
    pub outcome_detail: String,
    pub duplicate_of: String,
    pub closing_reply: String,
    /// Team chosen in the triage form.
    pub team: String,
    /// Reply template chosen to start from.
    pub template: String,
    /// "You said, we did": a public summary published when closing.
    pub summary: String,
}

#[derive(Clone, Debug)]
pub struct OwnerView {
    pub name: String,
    pub via_key: &'static str,
    pub step: Option<i64>,
    pub active: bool,
}

#[derive(Clone, Debug)]
pub struct ReferralView {
    pub from: String,
    pub to: String,
    pub reason: String,
    pub who: String,
    pub when: String,
    pub kept: bool,
}

#[derive(Clone, Debug)]
pub struct EventView {
    pub when: String,
    pub who: Option<String>,
    pub kind_key: &'static str,
    pub text: Option<String>,
    /// Status, outcome or team named by the event, in words.
    pub detail: Option<String>,
    pub public: bool,
}

#[derive(Clone, Debug)]
pub struct StepView {
    pub position: i64,
    pub team: String,
    pub channel_key: &'static str,
    pub what_happened: String,
    pub feeling_key: &'static str,
    pub went_wrong: bool,
    /// The step concerns one of the reader's teams.
    pub yours: bool,
}

#[derive(Clone, Debug)]
pub struct JourneyView {
    pub goal_key: &'static str,
    pub result_key: &'static str,
    pub what_would_have_helped: Option<String>,
    pub steps: Vec<StepView>,
}

#[derive(Clone, Debug)]
pub struct ConcernView {
    pub kind_key: &'static str,
    pub occurred: Option<String>,
    pub ongoing: bool,
    pub on_behalf_key: &'static str,
}

#[derive(Clone, Debug)]
pub struct ContactView {
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ItemPageData {
    /// For administrators: the item's personal data (restrict, keep, anonymise, erase).
    pub privacy: Option<PrivacyView>,
    pub nav: StaffNavData,
    pub id: i64,
    pub reference: String,
    pub kind_key: &'static str,
    pub status_key: &'static str,
    pub outcome_key: Option<&'static str>,
    pub outcome_detail: Option<String>,
    pub duplicate_of: Option<String>,
    pub received: String,
    /// "Open311: <key name>" when a client system posted it.
    pub via: Option<String>,
    /// The person asked for help with their own housing (§ 6).
    pub requests_help: bool,
    pub due: Option<String>,
    pub overdue: bool,
    pub title: Option<String>,
    pub body: String,
    pub address: Option<String>,
    /// The language the resident wrote in (its code, for `lang`) and its own name.
    pub written_in: (String, String),
    pub theme: Option<String>,
    pub area: Option<String>,
    pub submitter_key: &'static str,
    pub organisation: Option<String>,
    pub concern: Option<ConcernView>,
    pub journey: Option<JourneyView>,
    pub personal_data_keys: Vec<&'static str>,
    pub owners: Vec<OwnerView>,
    pub routing: Vec<String>,
    pub referrals: Vec<ReferralView>,
    pub events: Vec<EventView>,
    pub assignee: Option<String>,
    pub staff_choices: Vec<Choice>,
    pub team_choices: Vec<Choice>,
    pub status_choices: Vec<Choice>,
    pub outcome_choices: Vec<Choice>,
    /// Reply templates for this item's theme in the resident's language.
    pub template_choices: Vec<Choice>,
    pub has_contact: bool,
    pub contact: Option<ContactView>,
    pub closed: bool,
    /// Triage: the suggested team (value, name), if any, and whether the reader may confirm.
    pub triage: bool,
    pub suggestion: Option<Choice>,
    /// Text key of why the post is held as looking automated.
    pub held_key: Option<&'static str>,
    pub forms: ItemForms,
    pub errors: FormErrors,
    /// After a successful action: text key of what was done.
    pub done_key: Option<&'static str>,
}

fn labels() -> Vec<(&'static str, &'static str)> {
    vec![
        ("assignee", "item.assign.label"),
        ("status", "item.status.label"),
        ("reply", "item.reply.label"),
        ("note", "item.note.label"),
        ("to_team", "item.refer.to_team"),
        ("reason", "item.refer.reason"),
        ("how", "item.refer.how"),
        ("outcome", "item.close.outcome"),
        ("outcome_detail", "item.close.detail"),
        ("duplicate_of", "item.close.duplicate_of"),
        ("closing_reply", "item.close.reply"),
        ("team", "item.triage.team"),
        ("template", "item.template.label"),
        ("summary", "item.close.summary"),
        ("confirm_anonymise", "item.privacy.confirm_anonymise"),
        ("confirm_erase", "item.privacy.confirm_erase"),
        ("help", "item.help.heading"),
    ]
}

#[component]
pub fn ItemPage(data: ItemPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let base = format!("/ansatt/sak/{}", d.id);
    // The resident's own words keep the language they were written in (screen readers switch voice).
    let lang = d.written_in.0.clone();
    let row = |key: &'static str, value: Option<String>| value.map(|v| view! { <dt>{i18n.t(key)}</dt><dd>{v}</dd> });
    let done = d.done_key.map(|key| view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> });
    let flags = (!d.personal_data_keys.is_empty()).then(|| {
        let kinds = d.personal_data_keys.iter().map(|k| i18n.t(k)).collect::<Vec<_>>().join(", ");
        view! {
            <div class="ds-alert" data-color="warning">
                <p class="ds-paragraph">{i18n.t_with("item.personal_data", &[("kinds", &kinds)])}</p>
            </div>
        }
    });
    let outcome = d.outcome_key.map(|key| {
        view! {
            <div class="ds-alert" data-color="info">
                <p class="ds-paragraph"><strong>{i18n.t("item.outcome")}</strong> " " {i18n.t(key)}</p>
                {d.outcome_detail.clone().map(|t| view! { <p class="ds-paragraph sent__text">{t}</p> })}
                {d.duplicate_of.clone().map(|r| view! { <p class="ds-paragraph">{i18n.t_with("item.duplicate_of", &[("reference", &r)])}</p> })}
            </div>
        }
    });
    let concern = d.concern.clone().map(|c| {
        view! {
            <dt>{i18n.t("concern.kind")}</dt><dd>{i18n.t(c.kind_key)}</dd>
            {row("concern.occurred", c.occurred.clone())}
            <dt>{i18n.t("concern.ongoing")}</dt><dd>{i18n.t(if c.ongoing { "concern.ongoing.yes" } else { "concern.ongoing.no" })}</dd>
            <dt>{i18n.t("concern.behalf")}</dt><dd>{i18n.t(c.on_behalf_key)}</dd>
        }
        .into_any()
    });
    let journey = d.journey.clone().map(|j| {
        let steps = j
            .steps
            .iter()
            .map(|s| {
                let wrong = s.went_wrong.then(|| view! { <span class="tag" data-color="danger">{i18n.t("journey.step.went_wrong")}</span> });
                let yours = s.yours.then(|| view! { <span class="tag" data-color="accent">{i18n.t("item.your_team_step")}</span> });
                view! {
                    <li class=if s.yours { "journey-step journey-step--yours" } else { "journey-step" }>
                        <h4 class="ds-heading" data-size="2xs">{i18n.t_with("journey.step", &[("number", &s.position.to_string())])} " – " {s.team.clone()}</h4>
                        <p class="ds-paragraph" data-size="sm">{i18n.t(s.channel_key)} " · " {i18n.t(s.feeling_key)} " " {wrong} " " {yours}</p>
                        <p class="ds-paragraph sent__text" lang=lang.clone() dir="auto">{s.what_happened.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3 class="ds-heading" data-size="sm">{i18n.t("item.journey")}</h3>
            <dl class="sent">
                <dt>{i18n.t("journey.goal")}</dt><dd>{i18n.t(j.goal_key)}</dd>
                <dt>{i18n.t("journey.result")}</dt><dd>{i18n.t(j.result_key)}</dd>
                {row("journey.helped", j.what_would_have_helped.clone())}
            </dl>
            <ol class="journey-steps">{steps}</ol>
        }
        .into_any()
    });
    let owners = d
        .owners
        .iter()
        .map(|o| {
            let step = o.step.map(|s| i18n.t_with("item.owner.step", &[("number", &s.to_string())])).unwrap_or_default();
            let state = if o.active { "" } else { i18n.t("item.owner.former") };
            view! { <li>{o.name.clone()} " (" {i18n.t(o.via_key)} {step} ")" " " {state}</li> }
        })
        .collect_view()
        .into_any();
    let routing = d.routing.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view();
    let referrals = (!d.referrals.is_empty()).then(|| {
        let items = d
            .referrals
            .iter()
            .map(|r| {
                let key = if r.kept { "item.referral.added" } else { "item.referral.handed_over" };
                view! {
                    <li>
                        {i18n.t_with(key, &[("from", &r.from), ("to", &r.to), ("who", &r.who), ("when", &r.when)])}
                        <br/>
                        <span class="sent__text">{i18n.t_with("item.referral.reason", &[("reason", &r.reason)])}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3 class="ds-heading" data-size="sm">{i18n.t("item.referrals")}</h3>
            <ol class="ds-list">{items}</ol>
        }
        .into_any()
    });
    let events = d
        .events
        .iter()
        .map(|e| {
            let visibility = i18n.t(if e.public { "item.event.public" } else { "item.event.internal" });
            view! {
                <li class=if e.public { "event" } else { "event event--internal" }>
                    <p class="ds-paragraph" data-size="sm">
                        <strong>{i18n.t(e.kind_key)}</strong>
                        {e.detail.clone().map(|t| view! { ": " {t} })}
                        " · " {e.when.clone()}
                        {e.who.clone().map(|w| view! { " · " {w} })}
                        " · " {visibility}
                    </p>
                    {e.text.clone().map(|t| view! { <p class="ds-paragraph sent__text">{t}</p> })}
                </li>
            }
        })
        .collect_view();
    let contact = if let Some(c) = d.contact.clone() {
        view! {
            <dl class="sent">
                {row("form.email", c.email.clone())}
                {row("form.phone", c.phone.clone())}
            </dl>
            <p class="ds-paragraph" data-size="sm">{i18n.t("item.contact.logged")}</p>
        }
        .into_any()
    } else if d.has_contact {
        view! {
            <form method="post" action=format!("{base}/kontakt")>
                <p class="ds-paragraph" data-size="sm">{i18n.t("item.contact.hidden")}</p>
                <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.contact.show")}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <p class="ds-paragraph">{i18n.t("item.contact.anonymous")}</p> }.into_any()
    };
    let triage = d.triage.then(|| {
        let confirm = d.suggestion.clone().map(|team| {
            view! {
                <form method="post" action=format!("{base}/triage")>
                    <input type="hidden" name="team" value=team.value.clone()/>
                    <p class="ds-paragraph">{i18n.t_with("item.triage.suggested", &[("team", &team.label)])}</p>
                    <button class="ds-button" data-variant="primary" type="submit">{i18n.t_with("item.triage.confirm", &[("team", &team.label)])}</button>
                </form>
            }
        });
        view! {
            <section class="action-box" aria-labelledby="triage-heading">
                <h2 class="ds-heading" data-size="sm" id="triage-heading">{i18n.t("item.triage.heading")}</h2>
                {confirm}
                <form method="post" action=format!("{base}/triage")>
                    <Select name="team" label="item.triage.team" choices=d.team_choices.clone() selected=d.forms.team.clone()
                        error=d.errors.for_field("team") placeholder="item.choose"/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.triage.choose")}</button>
                </form>
            </section>
        }
        .into_any()
    });
    let f = d.forms.clone();
    let e = d.errors.clone();
    let templates = (!d.template_choices.is_empty()).then(|| {
        view! {
            <form method="post" action=format!("{base}/mal")>
                <Select name="template" label="item.template.label" hint="item.template.hint" choices=d.template_choices.clone()
                    selected=f.template.clone() error=e.for_field("template") placeholder="item.choose"/>
                <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.template.use")}</button>
            </form>
        }
    });
    let how_choices = vec![Choice::new("handover", i18n.t("item.refer.how.handover")), Choice::new("add", i18n.t("item.refer.how.add"))];
    let actions = (!d.closed).then(|| {
        view! {
            <section class="action-box" aria-labelledby="reply-heading">
                <h2 class="ds-heading" data-size="sm" id="reply-heading">{i18n.t("item.reply.heading")}</h2>
                {templates}
                <form method="post" action=format!("{base}/svar")>
                    <TextArea name="reply" label="item.reply.label" hint="item.reply.hint" value=f.reply.clone() error=e.for_field("reply") rows=5/>
                    <button class="ds-button" data-variant="primary" type="submit">{i18n.t("item.reply.submit")}</button>
                </form>
            </section>
            <section class="action-box" aria-labelledby="assign-heading">
                <h2 class="ds-heading" data-size="sm" id="assign-heading">{i18n.t("item.assign.heading")}</h2>
                <form method="post" action=format!("{base}/tildel")>
                    <Select name="assignee" label="item.assign.label" choices=d.staff_choices.clone() selected=f.assignee.clone()
                        error=e.for_field("assignee") placeholder="item.assign.nobody"/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.assign.submit")}</button>
                </form>
                <form method="post" action=format!("{base}/status")>
                    <Select name="status" label="item.status.label" choices=d.status_choices.clone() selected=f.status.clone()
                        error=e.for_field("status") placeholder="item.choose"/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.status.submit")}</button>
                </form>
            </section>
            <section class="action-box" aria-labelledby="note-heading">
                <h2 class="ds-heading" data-size="sm" id="note-heading">{i18n.t("item.note.heading")}</h2>
                <form method="post" action=format!("{base}/notat")>
                    <TextArea name="note" label="item.note.label" hint="item.note.hint" value=f.note.clone() error=e.for_field("note") rows=3/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.note.submit")}</button>
                </form>
            </section>
            <section class="action-box" aria-labelledby="refer-heading">
                <h2 class="ds-heading" data-size="sm" id="refer-heading">{i18n.t("item.refer.heading")}</h2>
                <form method="post" action=format!("{base}/henvis")>
                    <Select name="to_team" label="item.refer.to_team" choices=d.team_choices.clone() selected=f.to_team.clone()
                        error=e.for_field("to_team") placeholder="item.choose"/>
                    <RadioGroup name="how" legend="item.refer.how" choices=how_choices selected=f.how.clone() error=e.for_field("how")/>
                    <TextArea name="reason" label="item.refer.reason" hint="item.refer.reason_hint" value=f.reason.clone() error=e.for_field("reason") rows=3/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.refer.submit")}</button>
                </form>
            </section>
            {(!d.requests_help && d.held_key.is_none()).then(|| view! {
                <section class="action-box" aria-labelledby="help-heading">
                    <h2 class="ds-heading" data-size="sm" id="help-heading">{i18n.t("item.help.heading")}</h2>
                    <p class="ds-paragraph">{i18n.t("item.help.lead")}</p>
                    {e.for_field("help").map(|key| view! { <p class="ds-validation-message" data-color="danger">{i18n.t(key)}</p> })}
                    <form method="post" action=format!("{base}/hjelp")>
                        <button class="ds-button" data-variant="secondary" type="submit" id="field-help">{i18n.t("item.help.submit")}</button>
                    </form>
                </section>
            })}
            <section class="action-box" aria-labelledby="close-heading">
                <h2 class="ds-heading" data-size="sm" id="close-heading">{i18n.t("item.close.heading")}</h2>
                <form method="post" action=format!("{base}/lukk")>
                    <RadioGroup name="outcome" legend="item.close.outcome" hint="item.close.outcome_hint" choices=d.outcome_choices.clone()
                        selected=f.outcome.clone() error=e.for_field("outcome")/>
                    <TextArea name="outcome_detail" label="item.close.detail" hint="item.close.detail_hint" value=f.outcome_detail.clone()
                        error=e.for_field("outcome_detail") rows=3/>
                    <TextInput name="duplicate_of" label="item.close.duplicate_of" hint="item.close.duplicate_hint" value=f.duplicate_of.clone()
                        error=e.for_field("duplicate_of") max_chars=40/>
                    <TextArea name="closing_reply" label="item.close.reply" hint="item.close.reply_hint" value=f.closing_reply.clone()
                        error=e.for_field("closing_reply") rows=4/>
                    <TextArea name="summary" label="item.close.summary" hint="item.close.summary_hint" value=f.summary.clone()
                        error=e.for_field("summary") rows=3/>
                    <button class="ds-button" data-variant="primary" type="submit">{i18n.t("item.close.submit")}</button>
                </form>
            </section>
        }
        .into_any()
    });
    view! {
        <StaffNav nav=d.nav.clone()/>
        <h1 class="ds-heading" data-size="lg">{i18n.t_with("item.heading", &[("reference", &d.reference)])}</h1>
        {done}
        <ErrorSummary errors=d.errors.clone() labels=translate_labels(&labels())/>
        <p class="ds-paragraph inbox-row__tags">
            <span class="tag">{i18n.t(d.kind_key)}</span>
            <span class="tag" data-color="accent">{i18n.t(d.status_key)}</span>
            {d.overdue.then(|| view! { <span class="tag" data-color="danger">{i18n.t("inbox.overdue")}</span> })}
            {d.held_key.map(|key| view! { <span class="tag" data-color="danger">{i18n.t(key)}</span> })}
            {d.requests_help.then(|| view! { <span class="tag" data-color="warning">{i18n.t("item.help_request")}</span> })}
        </p>
        {d.held_key.map(|_| view! { <div class="ds-alert" data-color="warning"><p class="ds-paragraph">{i18n.t("item.held")}</p></div> })}
        {d.requests_help.then(|| view! { <div class="ds-alert" data-color="warning"><p class="ds-paragraph">{i18n.t("item.help_request_lead")}</p></div> })}
        {outcome}
        {flags}
        <div class="item-layout">
            {view! { <div class="item-layout__main">
                <h2 class="ds-heading" data-size="md">{i18n.t("item.sent")}</h2>
                <dl class="sent">
                    {d.title.clone().map(|t| view! { <dt>{i18n.t("idea.title")}</dt><dd lang=lang.clone() dir="auto">{t}</dd> })}
                    {(!d.body.is_empty()).then(|| view! { <dt>{i18n.t("tracking.text")}</dt><dd class="sent__text" lang=lang.clone() dir="auto">{d.body.clone()}</dd> })}
                    <dt>{i18n.t("item.written_in")}</dt><dd lang=lang.clone()>{d.written_in.1.clone()}</dd>
                    {concern}
                    {row("form.theme", d.theme.clone())}
                    {row("form.area", d.area.clone())}
                    {d.address.clone().map(|t| view! { <dt>{i18n.t("concern.address")}</dt><dd lang=lang.clone() dir="auto">{t}</dd> })}
                    <dt>{i18n.t("form.submitter")}</dt><dd>{i18n.t(d.submitter_key)}</dd>
                    {row("concern.organisation", d.organisation.clone())}
                    <dt>{i18n.t("item.received")}</dt><dd>{d.received.clone()}</dd>
                    {row("item.channel", d.via.clone())}
                    {row("item.due", d.due.clone())}
                    <dt>{i18n.t("item.assignee")}</dt><dd>{d.assignee.clone().unwrap_or_else(|| i18n.t("inbox.unassigned").to_string())}</dd>
                </dl>
                {journey}
                <h2 class="ds-heading" data-size="md">{i18n.t("item.contact.heading")}</h2>
                {contact}
                <h2 class="ds-heading" data-size="md">{i18n.t("item.routing")}</h2>
                <h3 class="ds-heading" data-size="sm">{i18n.t("item.owners")}</h3>
                <ul class="ds-list">{owners}</ul>
                <h3 class="ds-heading" data-size="sm">{i18n.t("item.why")}</h3>
                <ul class="ds-list">{routing}</ul>
                {referrals}
                <h2 class="ds-heading" data-size="md">{i18n.t("item.timeline")}</h2>
                <ol class="timeline-list">{events}</ol>
            </div> }.into_any()}
            <div class="item-layout__actions">
                {triage}
                {actions}
                {d.privacy.clone().map(|privacy| view! { <PrivacyBox id=d.id privacy=privacy/> })}
            </div>
        </div>
    }
}

/// The item's personal data as administrators handle it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivacyView {
    pub restricted: bool,
    /// `archive`, `legal_hold` or empty.
    pub kept_for: String,
    pub kept_choices: Vec<Choice>,
    pub anonymised: bool,
    /// A confirmation box left empty: its field name and the error key.
    pub error: Option<(String, &'static str)>,
}

/// Restrict or lift, keep for the archive or a legal hold, anonymise,
/// erase: each a plain form; the last two must be confirmed.
#[component]
fn PrivacyBox(id: i64, privacy: PrivacyView) -> impl IntoView {
    let i18n = use_i18n();
    let action = format!("/ansatt/sak/{id}/personvern");
    let error_for = |field: &str| privacy.error.as_ref().filter(|(f, _)| f == field).map(|(_, key)| *key);
    let kept = !privacy.kept_for.is_empty();
    let status = [
        privacy.restricted.then(|| i18n.t("item.privacy.is_restricted").to_string()),
        privacy.kept_choices.iter().find(|c| kept && c.value == privacy.kept_for).map(|c| i18n.t_with("item.privacy.is_kept", &[("why", &c.label)])),
        privacy.anonymised.then(|| i18n.t("item.privacy.is_anonymised").to_string()),
    ]
    .into_iter()
    .flatten()
    .map(|line| view! { <li>{line}</li> })
    .collect_view();
    let removal = (!kept).then(|| {
        view! {
            {(!privacy.anonymised).then(|| view! {
                <form method="post" action=action.clone() novalidate>
                    <input type="hidden" name="action" value="anonymise"/>
                    <Checkbox name="confirm_anonymise" label=i18n.t("item.privacy.confirm_anonymise").to_string() checked=false error=error_for("confirm_anonymise")/>
                    <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.privacy.anonymise")}</button>
                </form>
            })}
            <form method="post" action=action.clone() novalidate>
                <input type="hidden" name="action" value="erase"/>
                <Checkbox name="confirm_erase" label=i18n.t("item.privacy.confirm_erase").to_string() checked=false error=error_for("confirm_erase")/>
                <button class="ds-button" data-variant="secondary" data-color="danger" type="submit">{i18n.t("item.privacy.erase")}</button>
            </form>
        }
    });
    view! {
        <section class="action-box" aria-labelledby="privacy-heading">
            <h2 class="ds-heading" data-size="sm" id="privacy-heading">{i18n.t("item.privacy.heading")}</h2>
            <p class="ds-paragraph" data-size="sm">{i18n.t("item.privacy.lead")}</p>
            <ul class="ds-list">{status}</ul>
            <form method="post" action=action.clone()>
                <input type="hidden" name="action" value=if privacy.restricted { "lift" } else { "restrict" }/>
                <button class="ds-button" data-variant="secondary" type="submit">
                    {i18n.t(if privacy.restricted { "item.privacy.lift" } else { "item.privacy.restrict" })}
                </button>
            </form>
            <form method="post" action=action.clone()>
                <input type="hidden" name="action" value="keep"/>
                <RadioGroup name="kept_for" legend="item.privacy.keep_legend" choices=privacy.kept_choices.clone() selected=privacy.kept_for.clone() error=None/>
                <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("item.privacy.keep_save")}</button>
            </form>
            {removal}
            {kept.then(|| view! { <p class="ds-paragraph" data-size="sm">{i18n.t("item.privacy.kept_no_removal")}</p> })}
        </section>
    }
}
