//! Accessible form controls in Digdir's designsystemet style. Each control
//! takes the value to show (what the person typed, when a form comes back
//! with errors) and its error's translation key; errors are tied to their
//! field with `aria-describedby` and listed in an `ErrorSummary` at the top
//! whose links move focus to the field.

use crate::context::use_i18n;
use leptos::prelude::*;

/// Field errors of a form being shown again: (field name, text key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors(pub Vec<(String, &'static str)>);

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first error's key for `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(name, _)| name == field).map(|(_, key)| *key)
    }
}

/// Why a resident form came back without being stored, with everything
/// that was typed still in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FormNotice {
    #[default]
    None,
    /// The post carried no form key we issued (an old copy of the page, or a forged post).
    Stale,
    /// This connection has sent many items lately: wait this many minutes.
    Busy { minutes: i64 },
    /// The database did not answer: try again in a moment.
    Unavailable,
}

/// The notice above a form that came back (see `FormNotice`).
#[component]
pub fn FormNoticeView(notice: FormNotice) -> impl IntoView {
    let i18n = use_i18n();
    let text = match notice {
        FormNotice::None => return None,
        FormNotice::Stale => i18n.t("form.stale").to_string(),
        FormNotice::Busy { minutes } => i18n.t_count("form.busy", minutes, &[]),
        FormNotice::Unavailable => i18n.t("form.unavailable").to_string(),
    };
    Some(view! {
        <div class="ds-alert" data-color="warning" role="alert">
            <p class="ds-paragraph">{text}</p>
        </div>
    })
}

/// The hidden parts of a resident form: the signed form key, and a field
/// people never see or reach (hidden from screen readers and the keyboard
/// too) that a script filling every field fills in.
#[component]
pub fn FormGuard(key: String, trap: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <input type="hidden" name="idempotency_key" value=key/>
        <div class="form-trap" aria-hidden="true">
            <label for="field-homepage">{i18n.t("form.trap")}</label>
            <input id="field-homepage" type="text" name="homepage" value=trap tabindex="-1" autocomplete="off"/>
        </div>
    }
}

/// The id of a field's control; the summary links to it.
pub fn field_id(name: &str) -> String {
    format!("field-{name}")
}

/// Field names with their label texts in the reader's language, for `ErrorSummary`.
pub fn translate_labels(keys: &[(&str, &'static str)]) -> Vec<(String, String)> {
    let i18n = use_i18n();
    keys.iter().map(|(field, key)| (field.to_string(), i18n.t(key).to_string())).collect()
}

/// The list of errors at the top of a form. `labels` gives each field's label text.
#[component]
pub fn ErrorSummary(errors: FormErrors, labels: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    (!errors.is_empty()).then(|| {
        let items = errors
            .0
            .iter()
            .map(|(field, key)| {
                let label = labels.iter().find(|(f, _)| f == field).map(|(_, l)| l.clone()).unwrap_or_default();
                let href = format!("#{}", field_id(field));
                view! { <li><a class="ds-link" href=href>{format!("{label}: {}", i18n.t(key))}</a></li> }
            })
            .collect_view();
        view! {
            <div class="ds-error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-heading" autofocus>
                <h2 class="ds-heading" data-size="xs" id="error-summary-heading">{i18n.t("form.error_summary")}</h2>
                <ul class="ds-list">{items}</ul>
            </div>
        }
    })
}

/// Label, optional hint, error message and the `aria-describedby` linking them.
struct FieldParts {
    id: String,
    hint_id: Option<String>,
    error_id: Option<String>,
}

impl FieldParts {
    fn new(name: &str, hint: bool, error: bool) -> Self {
        let id = field_id(name);
        FieldParts { hint_id: hint.then(|| format!("{id}-hint")), error_id: error.then(|| format!("{id}-error")), id }
    }

    fn described_by(&self) -> Option<String> {
        let ids: Vec<&str> = [self.hint_id.as_deref(), self.error_id.as_deref()].into_iter().flatten().collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
fn Hint(id: Option<String>, key: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    id.zip(key).map(|(id, key)| view! { <p class="ds-paragraph field-hint" data-size="sm" id=id>{i18n.t(key)}</p> })
}

#[component]
fn ErrorMessage(id: Option<String>, key: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    id.zip(key).map(|(id, key)| view! { <p class="ds-validation-message" data-color="danger" id=id>{i18n.t(key)}</p> })
}

/// A one-line text input.
#[component]
pub fn TextInput(
    #[prop(into)] name: String,
    /// The label's text key; `label_text` instead gives a label already translated.
    #[prop(optional)]
    label: &'static str,
    #[prop(optional, into)] label_text: Option<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] value: String,
    error: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(default = 200)] max_chars: usize,
    /// The language and direction of what is typed, when it is not the page's.
    #[prop(optional)]
    lang: Option<&'static str>,
    #[prop(optional)] dir: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let parts = FieldParts::new(&name, hint.is_some(), error.is_some());
    let label = label_text.unwrap_or_else(|| i18n.t(label).to_string());
    view! {
        <div class="ds-field">
            <label class="ds-label" for=parts.id.clone()>{label}</label>
            <Hint id=parts.hint_id.clone() key=hint/>
            <ErrorMessage id=parts.error_id.clone() key=error/>
            <input
                class="ds-input"
                type=input_type
                id=parts.id.clone()
                name=name
                value=value
                autocomplete=autocomplete
                lang=lang
                dir=dir
                aria-describedby=parts.described_by()
                aria-invalid=error.map(|_| "true")
                maxlength=matches!(input_type, "text" | "email" | "tel" | "search" | "url" | "password").then(|| max_chars.to_string())
            />
        </div>
    }
}

/// `&`, `<` and `>` as entities: for text Leptos writes without escaping.
pub fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A multi-line text field. Leptos writes `<textarea>` children raw during
/// SSR (they are not escaped), so the value is escaped here; a leading line
/// break is doubled because HTML parsers drop the first one.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] value: String,
    error: Option<&'static str>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let parts = FieldParts::new(&name, hint.is_some(), error.is_some());
    view! {
        <div class="ds-field">
            <label class="ds-label" for=parts.id.clone()>{i18n.t(label)}</label>
            <Hint id=parts.hint_id.clone() key=hint/>
            <ErrorMessage id=parts.error_id.clone() key=error/>
            <textarea
                class="ds-input"
                id=parts.id.clone()
                name=name
                rows=rows.to_string()
                aria-describedby=parts.described_by()
                aria-invalid=error.map(|_| "true")
            >
                {if value.starts_with('\n') { format!("\n{}", escape_text(&value)) } else { escape_text(&value) }}
            </textarea>
        </div>
    }
}

/// One option of a select or radio group: the submitted value and the label shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// The label's language when it is not the page's (a name not yet translated).
    pub lang: Option<&'static str>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Choice { value: value.into(), label: label.into(), lang: None }
    }

    /// A team, theme or area by its name in `locale`, marked with the
    /// language it falls back to when it has none in `locale`.
    pub fn named(value: impl Into<String>, names: &domain::Names, locale: crate::i18n::Locale) -> Self {
        let name = Named::of(names, locale);
        Choice { value: value.into(), label: name.text, lang: name.lang }
    }
}

/// A team, theme or area name to show, with its language when it is not the page's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Named {
    pub text: String,
    pub lang: Option<&'static str>,
}

impl Named {
    pub fn of(names: &domain::Names, locale: crate::i18n::Locale) -> Self {
        let (text, shown) = names.shown(locale.code());
        let lang = (shown != locale.code()).then(|| crate::i18n::Locale::from_code(shown).map(|l| l.code())).flatten();
        Named { text: text.to_string(), lang }
    }
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Named {
    fn from(text: String) -> Self {
        Named { text, lang: None }
    }
}

/// Facts in one line, `separator` between them, each name in its own language.
pub fn joined(parts: Vec<Named>, separator: &'static str) -> impl IntoView {
    parts.into_iter().enumerate().map(|(index, part)| view! { {(index > 0).then_some(separator)} {named_view(part)} }).collect_view()
}

/// A name in running text: in a `<span lang>` when it is in another language.
pub fn named_view(name: Named) -> impl IntoView {
    match name.lang {
        Some(lang) => leptos::either::Either::Left(view! { <span lang=lang>{name.text}</span> }),
        None => leptos::either::Either::Right(name.text),
    }
}

/// A drop-down list; `placeholder` is the first, empty option's text key.
#[component]
pub fn Select(
    #[prop(into)] name: String,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    #[prop(into)] selected: String,
    error: Option<&'static str>,
    placeholder: &'static str,
    /// Focus this field when the page loads (after adding or moving a step).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let parts = FieldParts::new(&name, hint.is_some(), error.is_some());
    let options = choices
        .into_iter()
        .map(|choice| {
            let is_selected = choice.value == selected;
            view! { <option value=choice.value selected=is_selected lang=choice.lang>{choice.label}</option> }
        })
        .collect_view();
    view! {
        <div class="ds-field">
            <label class="ds-label" for=parts.id.clone()>{i18n.t(label)}</label>
            <Hint id=parts.hint_id.clone() key=hint/>
            <ErrorMessage id=parts.error_id.clone() key=error/>
            <select
                class="ds-input"
                autofocus=autofocus
                id=parts.id.clone()
                name=name
                aria-describedby=parts.described_by()
                aria-invalid=error.map(|_| "true")
            >
                <option value="">{i18n.t(placeholder)}</option>
                {options}
            </select>
        </div>
    }
}

/// Radio buttons in a fieldset; the legend is the question. The first
/// radio carries the field id so the error summary can focus it.
#[component]
pub fn RadioGroup(
    #[prop(into)] name: String,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    #[prop(into)] selected: String,
    error: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let parts = FieldParts::new(&name, hint.is_some(), error.is_some());
    let radios = choices
        .into_iter()
        .enumerate()
        .map(|(index, choice)| {
            let id = if index == 0 { parts.id.clone() } else { format!("{}-{index}", parts.id) };
            let checked = choice.value == selected;
            view! {
                <div class="ds-field choice">
                    <input class="ds-input" type="radio" id=id.clone() name=name.clone() value=choice.value checked=checked/>
                    <label class="ds-label" data-weight="regular" for=id lang=choice.lang>{choice.label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="ds-fieldset" aria-describedby=parts.described_by()>
            <legend class="ds-label">{i18n.t(legend)}</legend>
            <Hint id=parts.hint_id.clone() key=hint/>
            <ErrorMessage id=parts.error_id.clone() key=error/>
            {radios}
        </fieldset>
    }
}

/// A single checkbox whose label says what ticking it means.
#[component]
pub fn Checkbox(#[prop(into)] name: String, label: String, checked: bool, error: Option<&'static str>) -> impl IntoView {
    let parts = FieldParts::new(&name, false, error.is_some());
    view! {
        <div class="ds-field choice">
            <ErrorMessage id=parts.error_id.clone() key=error/>
            <input
                class="ds-input"
                type="checkbox"
                id=parts.id.clone()
                name=name
                value="yes"
                checked=checked
                aria-describedby=parts.described_by()
                aria-invalid=error.map(|_| "true")
            />
            <label class="ds-label" data-weight="regular" for=parts.id.clone()>{label}</label>
        </div>
    }
}

/// Several checkboxes in a fieldset, all posting under `name` (one pair per
/// ticked box). The first box carries the field id for the error summary.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] name: String,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    selected: Vec<String>,
    error: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let parts = FieldParts::new(&name, hint.is_some(), error.is_some());
    let boxes = choices
        .into_iter()
        .enumerate()
        .map(|(index, choice)| {
            let id = if index == 0 { parts.id.clone() } else { format!("{}-{index}", parts.id) };
            let checked = selected.contains(&choice.value);
            view! {
                <div class="ds-field choice">
                    <input class="ds-input" type="checkbox" id=id.clone() name=name.clone() value=choice.value checked=checked/>
                    <label class="ds-label" data-weight="regular" for=id lang=choice.lang>{choice.label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="ds-fieldset checkbox-group" aria-describedby=parts.described_by()>
            <legend class="ds-label">{i18n.t(legend)}</legend>
            <Hint id=parts.hint_id.clone() key=hint/>
            <ErrorMessage id=parts.error_id.clone() key=error/>
            {boxes}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn textarea_text_is_escaped() {
        assert_eq!(escape_text("</textarea><script>&amp;"), "&lt;/textarea&gt;&lt;script&gt;&amp;amp;");
    }
}
