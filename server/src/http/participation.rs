//! The public side of participation: approved ideas with supports,
//! pre-moderated comments and flags, and "you said, we did". Supports,
//! comments and flags are limited per client address (only a hash of the
//! address is kept); a support needs the signed supporter cookie.

use super::format::format_datetime;
use super::labels::{flag_key, theme_and_area_choices};
use super::limits::client_key;
use super::redirect::see_other;
use super::visitor::IDEAS;
use super::Query;
use super::{render_page, AppError, AppState, OkQuery, RequestInfo};
use crate::catalog::Catalog;
use crate::http::extract::AppForm;
use crate::usecase::participate::{self, ParticipateError, Participation};
use app::forms::{Choice, FormErrors, Named};
use app::i18n::{I18n, Locale};
use app::pages::{CommentForm, IdeaCard, IdeaFilters, IdeasPage, IdeasPageData, PublicIdeaData, PublicIdeaPage, SummariesPage, SummariesPageData, SummaryCard};
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::participation::{PublicIdeaQuery, FLAG_REASONS};
use domain::submission::{BoundedText, TextLimits};
use domain::workspace::Status;
use leptos::prelude::*;

/// Ideas per public page.
const PER_PAGE: i64 = 20;
/// Longest comment, in characters.
pub const COMMENT_MAX_CHARS: usize = 2000;
fn slug_id<'a>(slug: &str, mut items: impl Iterator<Item = (&'a str, i64)>) -> Option<i64> {
    items.find(|(s, _)| *s == slug).map(|(_, id)| id)
}

fn theme_name(catalog: &Catalog, id: Option<i64>, locale: Locale) -> Option<Named> {
    id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)).map(|t| Named::of(&t.names, locale))
}

fn area_name(catalog: &Catalog, id: Option<i64>, locale: Locale) -> Option<Named> {
    id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)).map(|a| Named::of(&a.names, locale))
}

/// The first `EXCERPT_CHARS` characters, ended at a word break near the end
/// when there is one: half a word read aloud by a screen reader confuses.
fn excerpt(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(domain::participation::EXCERPT_CHARS) else {
        return text.to_string();
    };
    let short = &text[..cut];
    let short = match short.rfind(char::is_whitespace) {
        Some(space) if space > cut * 3 / 4 => &short[..space],
        _ => short,
    };
    format!("{}…", short.trim_end())
}

pub async fn ideas(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Query(filters): Query<IdeaFilters>,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let page = filters.side.parse::<i64>().ok().filter(|p| (1..=10_000).contains(p)).unwrap_or(1);
    let query = PublicIdeaQuery {
        theme_id: slug_id(&filters.tema, catalog.themes.iter().map(|t| (t.slug.as_str(), t.id))),
        area_id: slug_id(&filters.omrade, catalog.areas.iter().map(|a| (a.slug.as_str(), a.id))),
        by_support: filters.sorter == "stotte",
        page,
        per_page: PER_PAGE,
    };
    let (ideas, total) = state.store.public_ideas(&query).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let link = |page: i64| {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("tema", &filters.tema), ("omrade", &filters.omrade), ("sorter", &filters.sorter)] {
            if !value.is_empty() {
                serializer.append_pair(name, value);
            }
        }
        serializer.append_pair("side", &page.to_string());
        format!("/ideer?{}", serializer.finish())
    };
    let cards = ideas
        .iter()
        .map(|idea| IdeaCard {
            href: format!("/ideer/{}", idea.id),
            title: idea.title.clone(),
            excerpt: excerpt(&idea.body_start),
            theme: theme_name(&catalog, idea.theme_id, locale),
            area: area_name(&catalog, idea.area_id, locale),
            supports: idea.supports,
            comments: idea.comments,
            status_key: Status::parse(&idea.status).unwrap_or(Status::New).key(),
            answered: idea.answered,
            published: format_datetime(&i18n, idea.published_at),
        })
        .collect();
    let (themes, areas) = theme_and_area_choices(&catalog, locale);
    let data = IdeasPageData {
        themes,
        areas,
        sorts: vec![Choice::new("stotte", i18n.t("ideas.sort.supported"))],
        cards,
        total,
        page,
        pages,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        filters,
    };
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "ideas.title", move || view! { <IdeasPage data=data/> }).await)
}

async fn render_idea(
    state: &AppState,
    locale: Locale,
    id: i64,
    form: CommentForm,
    errors: FormErrors,
    notice_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (idea, comments) = state.store.public_idea(id).await?.ok_or(AppError::NotFound)?;
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let form = if form.idempotency_key.is_empty() { CommentForm { idempotency_key: state.keys.issue_form_key().as_str().to_string(), ..form } } else { form };
    let data = PublicIdeaData {
        id: idea.id,
        title: idea.title,
        body: idea.body,
        theme: theme_name(&catalog, idea.theme_id, locale),
        area: area_name(&catalog, idea.area_id, locale),
        status_key: Status::parse(&idea.status).unwrap_or(Status::New).key(),
        published: format_datetime(&i18n, idea.published_at),
        supports: idea.supports,
        official_answer: idea.official_answer,
        comments: comments.into_iter().map(|c| (c.id, c.body, format_datetime(&i18n, c.at))).collect(),
        comment_form: form,
        errors,
        flag_reasons: FLAG_REASONS.iter().map(|r| Choice::new(*r, i18n.t(flag_key(r)))).collect(),
        notice_key,
    };
    let info = RequestInfo { locale, uri: format!("/ideer/{id}").parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "ideas.title", move || view! { <PublicIdeaPage data=data.clone()/> }).await)
}

fn notice(ok: Option<&str>) -> Option<&'static str> {
    Some(match ok? {
        "stottet" => "ideas.notice.supported",
        "allerede" => "ideas.notice.already",
        "kommentar" => "ideas.notice.comment",
        "flagget" => "ideas.notice.flagged",
        _ => return None,
    })
}

pub async fn idea(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<i64>,
    Query(query): Query<OkQuery>,
) -> Result<Response, AppError> {
    render_idea(&state, locale, id, CommentForm::default(), FormErrors::default(), notice(query.ok.as_deref()), StatusCode::OK).await
}

/// One support per person: the signed cookie says who, the address limit how often.
fn participation(state: &AppState) -> Participation<'_> {
    Participation { store: state.store.as_ref(), flags_to_hide: state.settings.flags_to_hide }
}

/// Over the hour's limit: the idea page again, 429, saying when to try again.
async fn over_limit(state: &AppState, locale: Locale, id: i64, form: CommentForm) -> Result<Response, AppError> {
    let mut page = render_idea(state, locale, id, form, FormErrors::default(), Some("ideas.notice.limited"), StatusCode::TOO_MANY_REQUESTS).await?;
    // The hour counts from the sender's first action in it: at most an hour.
    super::limits::retry_after(&mut page, participate::LIMIT_WINDOW.to_std().unwrap_or_default());
    Ok(page)
}

pub async fn support(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(id): Path<i64>, request: Request) -> Result<Response, AppError> {
    let visitor = IDEAS.visitor(&state, request.headers())?;
    let client = client_key(state.tracking_secret.as_bytes(), request.extensions(), "support");
    if state.participation_buckets.take(&client, std::time::Instant::now()).is_err() {
        return over_limit(&state, locale, id, CommentForm::default()).await;
    }
    let counted = match participate::support(&participation(&state), id, &visitor.hash, &client, chrono::Utc::now()).await {
        Err(ParticipateError::Limited) => return over_limit(&state, locale, id, CommentForm::default()).await,
        other => other?,
    };
    let response = see_other(&format!("/ideer/{id}?ok={}", if counted { "stottet" } else { "allerede" }));
    Ok(IDEAS.keep(&state, response, &visitor))
}

/// A comment waits for moderation; what was typed comes back with any error.
pub async fn comment(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(id): Path<i64>, request: Request) -> Result<Response, AppError> {
    let client = client_key(state.tracking_secret.as_bytes(), request.extensions(), "comment");
    let AppForm(form) = <AppForm<CommentForm> as axum::extract::FromRequest<AppState>>::from_request(request, &state).await?;
    let Some(idempotency) = state.keys.stored_form_key(&form.idempotency_key) else {
        let errors = FormErrors(vec![("comment".into(), "form.stale")]);
        let form = CommentForm { idempotency_key: String::new(), ..form };
        return render_idea(&state, locale, id, form, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let text = match BoundedText::parse("comment", &form.comment, TextLimits { required: true, max_chars: COMMENT_MAX_CHARS }) {
        Ok(Some(text)) => text,
        Ok(None) => {
            return render_idea(&state, locale, id, form, FormErrors(vec![("comment".into(), "validation.required")]), None, StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(error) => {
            return render_idea(&state, locale, id, form, FormErrors(vec![("comment".into(), error.key)]), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    };
    if state.participation_buckets.take(&client, std::time::Instant::now()).is_err() {
        return over_limit(&state, locale, id, form).await;
    }
    match participate::comment(&participation(&state), id, &text, locale.code(), &idempotency, &client, chrono::Utc::now()).await {
        Err(ParticipateError::Limited) => over_limit(&state, locale, id, form).await,
        other => {
            other?;
            Ok(see_other(&format!("/ideer/{id}?ok=kommentar")))
        }
    }
}

/// Flags an idea or comment (the reason field is named per form, so several
/// flag forms can share a page).
pub async fn flag(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(id): Path<i64>, request: Request) -> Result<Response, AppError> {
    let visitor = IDEAS.visitor(&state, request.headers())?;
    let client = client_key(state.tracking_secret.as_bytes(), request.extensions(), "flag");
    let AppForm(pairs) = <AppForm<Vec<(String, String)>> as axum::extract::FromRequest<AppState>>::from_request(request, &state).await?;
    let target = pairs.iter().find(|(k, _)| k == "target").map(|(_, v)| v.as_str()).unwrap_or("");
    let reason = pairs.iter().find(|(k, _)| k.starts_with("reason")).map(|(_, v)| v.as_str()).unwrap_or("");
    if state.participation_buckets.take(&client, std::time::Instant::now()).is_err() {
        return over_limit(&state, locale, id, CommentForm::default()).await;
    }
    match participate::flag(&participation(&state), id, target, reason, &visitor.hash, &client, chrono::Utc::now()).await {
        Err(ParticipateError::Limited) => over_limit(&state, locale, id, CommentForm::default()).await,
        other => {
            other?;
            Ok(IDEAS.keep(&state, see_other(&format!("/ideer/{id}?ok=flagget")), &visitor))
        }
    }
}

pub async fn summaries(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Query(filters): Query<IdeaFilters>,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let theme = slug_id(&filters.tema, catalog.themes.iter().map(|t| (t.slug.as_str(), t.id)));
    let area = slug_id(&filters.omrade, catalog.areas.iter().map(|a| (a.slug.as_str(), a.id)));
    let cards = state
        .store
        .public_summaries(theme, area, 100)
        .await?
        .into_iter()
        .map(|s| SummaryCard {
            text: s.summary,
            theme: theme_name(&catalog, s.theme_id, locale),
            area: area_name(&catalog, s.area_id, locale),
            kind_key: match s.kind.as_str() {
                "journey" => "kind.journey",
                "concern" => "kind.concern",
                _ => "kind.idea",
            },
            when: format_datetime(&i18n, s.at),
        })
        .collect();
    let (themes, areas) = theme_and_area_choices(&catalog, locale);
    let data = SummariesPageData { filters, themes, areas, cards };
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "summaries.title", move || view! { <SummariesPage data=data.clone()/> }).await)
}

#[cfg(test)]
mod tests {
    use super::excerpt;
    use domain::participation::EXCERPT_CHARS;

    #[test]
    fn excerpts_end_at_a_word_break_and_say_they_are_cut() {
        assert_eq!(excerpt("Kort tekst."), "Kort tekst.");
        let exact = "å".repeat(EXCERPT_CHARS);
        assert_eq!(excerpt(&exact), exact, "exactly the limit is the whole text");
        // 240 characters end inside the 13th "bakgården": the excerpt ends before it.
        let words = "Benker i bakgården ".repeat(20);
        assert_eq!(excerpt(&words), format!("{}Benker i…", "Benker i bakgården ".repeat(12)));
        // One long word has no break to end at: cut at the limit.
        let word = "ø".repeat(EXCERPT_CHARS + 10);
        assert_eq!(excerpt(&word), format!("{}…", "ø".repeat(EXCERPT_CHARS)));
    }
}
