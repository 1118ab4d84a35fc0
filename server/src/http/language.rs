//! The language switcher's target: remembers the choice in a cookie and
//! sends the person back to the page they were on. A plain form post.

use super::{remember_language, AppError, AppState};
use crate::http::extract::AppForm;
use app::i18n::Locale;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(serde::Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    return_to: String,
}

pub async fn choose(State(state): State<AppState>, AppForm(form): AppForm<LanguageForm>) -> Result<Response, AppError> {
    // Any language the service has may be chosen (a staff member may pick English on a
    // resident page); each page then shows it only where it is offered.
    let locale =
        Locale::from_code(&form.lang).filter(|l| l.for_staff() || state.settings.languages.contains(l)).ok_or(AppError::BadRequest("unknown language"))?;
    let location = safe_return_path(&form.return_to);
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(header::LOCATION, HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/")));
    Ok(remember_language(&state, locale, response))
}

/// Only paths on this site: never `//evil.example` or `https://…` (open redirect).
fn safe_return_path(candidate: &str) -> &str {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.contains('\\')
        && candidate.len() <= 512
        && candidate.chars().all(|c| c.is_ascii_graphic());
    if ok {
        candidate
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(safe_return_path("/personvern"), "/personvern");
        for bad in ["", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/a b"] {
            assert_eq!(safe_return_path(bad), "/", "{bad}");
        }
    }
}
