//! The user journey form (brukerreise): what the person tried to achieve,
//! the steps they went through (1 to 20), how it ended and what would have
//! helped. Adding, removing and reordering steps are ordinary submit
//! buttons: the server changes the list and shows the form again with
//! everything typed, so it all works without JavaScript.

use super::about_you::{AboutYou, AboutYouValues, ABOUT_YOU_LABELS};
use crate::context::use_i18n;
use crate::forms::{Checkbox, Choice, ErrorSummary, FormErrors, FormGuard, FormNotice, FormNoticeView, RadioGroup, Select, TextArea};
use domain::vocabulary::{Channel, Feeling, JourneyGoal, JourneyResult};
use leptos::prelude::*;

pub const MAX_STEPS: usize = 20;

/// One step as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepValues {
    /// A team slug, `other` or `unknown`.
    pub team: String,
    pub channel: String,
    pub what: String,
    pub feeling: String,
    /// `yes` when ticked.
    pub went_wrong: String,
}

/// The form's fields as typed. Step fields are named `step-N-field`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JourneyForm {
    pub goal: String,
    pub steps: Vec<StepValues>,
    pub result: String,
    pub what_would_have_helped: String,
    pub theme: String,
    /// An area slug, or empty: where the person lives, if they say.
    pub area: String,
    pub submitter: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub consent: String,
    /// `yes` when the person needs help with their own housing (§ 6).
    pub needs_help: String,
    pub idempotency_key: String,
    /// The field people never see (`FormGuard`): filled in only by scripts.
    pub homepage: String,
    /// The button pressed: `send`, `add`, `remove-N`, `up-N` or `down-N`.
    pub action: String,
}

impl JourneyForm {
    /// Reads decoded form pairs. Steps are numbered from 1; gaps are closed.
    pub fn from_pairs(pairs: &[(String, String)]) -> JourneyForm {
        let mut form = JourneyForm::default();
        let mut steps: std::collections::BTreeMap<usize, StepValues> = Default::default();
        for (name, value) in pairs {
            let value = value.clone();
            if let Some(rest) = name.strip_prefix("step-") {
                let Some((number, field)) = rest.split_once('-') else { continue };
                let Ok(number) = number.parse::<usize>() else { continue };
                if number == 0 || number > MAX_STEPS {
                    continue;
                }
                let step = steps.entry(number).or_default();
                match field {
                    "team" => step.team = value,
                    "channel" => step.channel = value,
                    "what" => step.what = value,
                    "feeling" => step.feeling = value,
                    "went_wrong" => step.went_wrong = value,
                    _ => {}
                }
                continue;
            }
            match name.as_str() {
                "goal" => form.goal = value,
                "result" => form.result = value,
                "what_would_have_helped" => form.what_would_have_helped = value,
                "theme" => form.theme = value,
                "area" => form.area = value,
                "submitter" => form.submitter = value,
                "contact" => form.contact = value,
                "email" => form.email = value,
                "phone" => form.phone = value,
                "consent" => form.consent = value,
                "needs_help" => form.needs_help = value,
                "idempotency_key" => form.idempotency_key = value,
                "homepage" => form.homepage = value,
                "action" => form.action = value,
                _ => {}
            }
        }
        form.steps = steps.into_values().collect();
        if form.steps.is_empty() {
            form.steps.push(StepValues::default());
        }
        form
    }

    /// Applies an editing button. Returns the step (1-based) to focus, or
    /// `None` when the action is to send the form.
    pub fn apply_edit(&mut self) -> Option<usize> {
        let action = self.action.clone();
        let number = |prefix: &str| action.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok()).filter(|n| *n >= 1);
        if action == "add" {
            if self.steps.len() < MAX_STEPS {
                self.steps.push(StepValues::default());
            }
            return Some(self.steps.len());
        }
        if let Some(n) = number("remove-").filter(|n| *n <= self.steps.len()) {
            if self.steps.len() > 1 {
                self.steps.remove(n - 1);
            }
            return Some(n.min(self.steps.len()));
        }
        if let Some(n) = number("up-").filter(|n| *n >= 2 && *n <= self.steps.len()) {
            self.steps.swap(n - 1, n - 2);
            return Some(n - 1);
        }
        if let Some(n) = number("down-").filter(|n| *n < self.steps.len()) {
            self.steps.swap(n - 1, n);
            return Some(n + 1);
        }
        None
    }
}

#[derive(Clone, Debug, Default)]
pub struct JourneyPageData {
    pub form: JourneyForm,
    pub errors: FormErrors,
    /// Teams the person may have met, plus "other" and "don't know".
    pub teams: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub areas: Vec<Choice>,
    /// Why the form came back unstored, if it did.
    pub notice: FormNotice,
    /// After an edit: the step whose first field gets focus.
    pub focus_step: Option<usize>,
}

#[component]
pub fn JourneyPage(data: JourneyPageData) -> impl IntoView {
    let i18n = use_i18n();
    let JourneyPageData { form, errors, teams, themes, areas, notice, focus_step } = data;
    let choices = |list: &[(&str, &'static str)]| list.iter().map(|(v, k)| Choice::new(*v, i18n.t(k))).collect::<Vec<_>>();
    let step_count = form.steps.len();
    let mut labels = vec![
        ("goal".to_string(), i18n.t("journey.goal").to_string()),
        ("result".to_string(), i18n.t("journey.result").to_string()),
        ("what_would_have_helped".to_string(), i18n.t("journey.helped").to_string()),
        ("theme".to_string(), i18n.t("form.theme").to_string()),
        ("area".to_string(), i18n.t("journey.area").to_string()),
    ];
    for number in 1..=step_count {
        let step = i18n.t_with("journey.step", &[("number", &number.to_string())]);
        for (field, key) in
            [("team", "journey.step.team"), ("channel", "journey.step.channel"), ("what", "journey.step.what"), ("feeling", "journey.step.feeling")]
        {
            labels.push((format!("step-{number}-{field}"), format!("{step}, {}", i18n.t(key))));
        }
    }
    labels.extend(ABOUT_YOU_LABELS.iter().map(|(f, k)| (f.to_string(), i18n.t(k).to_string())));
    let steps = form
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let number = index + 1;
            let name = |field: &str| format!("step-{number}-{field}");
            let legend = i18n.t_with("journey.step", &[("number", &number.to_string())]);
            let buttons = view! {
                <div class="step__buttons">
                    {(number > 1).then(|| view! {
                        <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="action" value=format!("up-{number}")>
                            {i18n.t_with("journey.step.up", &[("number", &number.to_string())])}
                        </button>
                    })}
                    {(number < step_count).then(|| view! {
                        <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="action" value=format!("down-{number}")>
                            {i18n.t_with("journey.step.down", &[("number", &number.to_string())])}
                        </button>
                    })}
                    {(step_count > 1).then(|| view! {
                        <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="action" value=format!("remove-{number}")>
                            {i18n.t_with("journey.step.remove", &[("number", &number.to_string())])}
                        </button>
                    })}
                </div>
            };
            view! {
                <fieldset class="ds-fieldset step" id=format!("step-{number}")>
                    <legend class="ds-heading" data-size="xs">{legend}</legend>
                    <Select name=name("team") label="journey.step.team" choices=teams.clone() selected=step.team.clone()
                        error=errors.for_field(&name("team")) placeholder="journey.step.team_choose" autofocus=focus_step == Some(number)/>
                    <RadioGroup name=name("channel") legend="journey.step.channel" choices=choices(Channel::CHOICES)
                        selected=step.channel.clone() error=errors.for_field(&name("channel"))/>
                    <TextArea name=name("what") label="journey.step.what" hint="journey.step.what_hint" value=step.what.clone()
                        error=errors.for_field(&name("what")) rows=4/>
                    <RadioGroup name=name("feeling") legend="journey.step.feeling" choices=choices(Feeling::CHOICES)
                        selected=step.feeling.clone() error=errors.for_field(&name("feeling"))/>
                    <Checkbox name=name("went_wrong") label=i18n.t("journey.step.went_wrong").to_string()
                        checked=step.went_wrong == "yes" error=None/>
                    {buttons}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t("journey.heading")}</h1>
        <p class="ds-paragraph lead">{i18n.t("journey.lead")}</p>
        <div class="ds-alert" data-color="info">
            <p class="ds-paragraph">{i18n.t("journey.never_public")}</p>
        </div>
        <FormNoticeView notice=notice/>
        <ErrorSummary errors=errors.clone() labels=labels/>
        <form class="input-form" id=crate::context::INPUT_FORM_ID method="post" action="/brukerreise" novalidate>
            // Pressing Enter in a field submits the form with the first submit button: make that "send".
            <button class="implicit-submit" type="submit" name="action" value="send" tabindex="-1" aria-hidden="true">
                {i18n.t("journey.submit")}
            </button>
            <FormGuard key=form.idempotency_key.clone() trap=form.homepage.clone()/>
            <RadioGroup name="goal" legend="journey.goal" choices=choices(JourneyGoal::CHOICES) selected=form.goal.clone()
                error=errors.for_field("goal")/>
            <h2 class="ds-heading" data-size="sm">{i18n.t("journey.steps_title")}</h2>
            <p class="ds-paragraph">{i18n.t("journey.steps_hint")}</p>
            {steps}
            {(step_count < MAX_STEPS).then(|| view! {
                <button class="ds-button" data-variant="secondary" type="submit" name="action" value="add">
                    {i18n.t("journey.step.add")}
                </button>
            })}
            <RadioGroup name="result" legend="journey.result" choices=choices(JourneyResult::CHOICES) selected=form.result.clone()
                error=errors.for_field("result")/>
            <TextArea name="what_would_have_helped" label="journey.helped" hint="journey.helped_hint"
                value=form.what_would_have_helped.clone() error=errors.for_field("what_would_have_helped") rows=5/>
            <Select name="theme" label="form.theme" hint="form.theme_hint" choices=themes selected=form.theme.clone()
                error=errors.for_field("theme") placeholder="form.theme_unknown"/>
            <Select name="area" label="journey.area" hint="journey.area_hint" choices=areas selected=form.area.clone()
                error=errors.for_field("area") placeholder="journey.area_unknown"/>
            <AboutYou values=AboutYouValues::from_journey(&form) errors=errors.clone()/>
            <button class="ds-button" data-variant="primary" type="submit" name="action" value="send">{i18n.t("journey.submit")}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn steps_are_read_in_order_and_gaps_closed() {
        let form = JourneyForm::from_pairs(&pairs(&[("step-3-what", "third"), ("step-1-what", "first"), ("step-99-what", "x"), ("goal", "start_loan")]));
        assert_eq!(form.steps.iter().map(|s| s.what.as_str()).collect::<Vec<_>>(), ["first", "third"]);
        assert_eq!(form.goal, "start_loan");
        assert_eq!(JourneyForm::from_pairs(&[]).steps.len(), 1, "always at least one step");
    }

    #[test]
    fn edits_add_remove_and_move_steps() {
        let mut form = JourneyForm::from_pairs(&pairs(&[("step-1-what", "a"), ("step-2-what", "b"), ("step-3-what", "c")]));
        let whats = |f: &JourneyForm| f.steps.iter().map(|s| s.what.clone()).collect::<Vec<_>>().join("");
        form.action = "up-3".into();
        assert_eq!(form.apply_edit(), Some(2));
        assert_eq!(whats(&form), "acb");
        form.action = "down-1".into();
        assert_eq!(form.apply_edit(), Some(2));
        assert_eq!(whats(&form), "cab");
        form.action = "remove-2".into();
        form.apply_edit();
        assert_eq!(whats(&form), "cb");
        form.action = "add".into();
        assert_eq!(form.apply_edit(), Some(3));
        form.action = "up-1".into();
        assert_eq!(form.apply_edit(), None, "the first step cannot move up: treated as send");
        form.action = "send".into();
        assert_eq!(form.apply_edit(), None);
    }

    #[test]
    fn there_are_never_more_than_twenty_steps_or_fewer_than_one() {
        let mut form = JourneyForm::default();
        form.steps.push(StepValues::default());
        form.action = "remove-1".into();
        form.apply_edit();
        assert_eq!(form.steps.len(), 1);
        form.action = "add".into();
        for _ in 0..30 {
            form.apply_edit();
        }
        assert_eq!(form.steps.len(), MAX_STEPS);
    }
}
