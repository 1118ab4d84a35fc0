//! The forms' field parsers on any input: fields split at NUL bytes, fed to
//! the idea, concern and journey parsers (and, when valid, to routing), to
//! the form-key check and to the e-mail and phone parsers. Nothing panics.
#![no_main]

use domain::intake::{parse_concern, parse_idea, parse_journey, Catalog, CommonFields, ConcernFields, IdeaFields, JourneyFields, StepFields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut fields = text.split('\0');
    let mut next = || fields.next().unwrap_or("");
    let common = CommonFields { theme: next(), area: next(), submitter: next(), contact: next(), email: next(), phone: next(), consent: next(), needs_help: next() };
    let catalog = Catalog::default();
    let now = chrono::Utc::now();
    let idea = IdeaFields { title: next(), description: next(), common };
    if let Ok(draft) = parse_idea(&idea, &catalog) {
        let _ = draft.route(&catalog, &draft.free_text(), now);
    }
    let concern = ConcernFields { concern_kind: next(), address: next(), occurred: next(), ongoing: next(), description: next(), on_behalf: next(), organisation: next(), common };
    if let Ok(draft) = parse_concern(&concern, &catalog) {
        let _ = draft.route(&catalog, &draft.free_text(), now);
    }
    let steps = (0..3).map(|_| StepFields { team: next(), channel: next(), what: next(), feeling: next(), went_wrong: next().is_empty() }).collect();
    let journey = JourneyFields { goal: next(), steps, result: next(), what_would_have_helped: next(), common };
    if let Ok(draft) = parse_journey(&journey, &catalog) {
        let _ = draft.route(&catalog, &draft.free_text(), now);
    }
    let _ = domain::submission::IdempotencyKey::verify(b"a fuzzing key", text);
    let _ = domain::Email::parse(text);
    let _ = domain::submission::Phone::parse(text);
});
