//! One component per page. Pages receive their data as props from the server
//! handler that loaded it, so a page renders in one pass with no loading state.

mod about_you;
mod accessibility;
mod concern;
pub mod consultation;
mod developers;
mod error;
mod home;
mod idea;
mod journey;
mod participation;
mod privacy;
pub mod staff;
mod tracking;

pub use accessibility::AccessibilityPage;
pub use concern::{ConcernForm, ConcernPage, ConcernPageData};
pub use consultation::{
    AnswerNotice, AnswerPage, AnswerPageData, ConsultationCard, ConsultationsPage, ConsultationsPageData, PublicResultsData, PublicResultsPage,
    QuestionResultView, QuestionView, ResultRow, ResultsData,
};
pub use developers::{DevelopersPage, DevelopersPageData, Operation};
pub use error::{ErrorKind, ErrorPage};
pub use home::HomePage;
pub use idea::{IdeaForm, IdeaPage, IdeaPageData, DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
pub use journey::{JourneyForm, JourneyPage, JourneyPageData, StepValues, MAX_STEPS};
pub use participation::{
    CommentForm, FlagForm, IdeaCard, IdeaFilters, IdeasPage, IdeasPageData, PublicIdeaData, PublicIdeaPage, SummariesPage, SummariesPageData, SummaryCard,
};
pub use privacy::PrivacyPage;
pub use tracking::{HelpRequest, TimelineEntry, TrackedJourney, TrackedStep, TrackingData, TrackingPage};

use leptos::prelude::*;

/// Paragraphs whose texts are the translation keys given, in order.
#[component]
pub fn Paragraphs(keys: &'static [&'static str]) -> impl IntoView {
    let i18n = crate::context::use_i18n();
    keys.iter().map(|key| view! { <p class="ds-paragraph">{i18n.t(key)}</p> }).collect_view()
}

/// A bulleted list whose items are the translation keys given, in order.
#[component]
pub fn BulletList(keys: &'static [&'static str]) -> impl IntoView {
    let i18n = crate::context::use_i18n();
    view! {
        <ul class="ds-list">
            {keys.iter().map(|key| view! { <li>{i18n.t(key)}</li> }).collect_view()}
        </ul>
    }
}
