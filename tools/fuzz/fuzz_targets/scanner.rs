//! The personal-data scanner on any text: it never panics, its findings lie
//! inside the text on character boundaries, in order, without overlaps, and
//! masking removes every one of them.
#![no_main]

use domain::personal_data::{mask, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let findings = scan(text);
    let mut last_end = 0;
    for finding in &findings {
        assert!(finding.range.start >= last_end && finding.range.start < finding.range.end && finding.range.end <= text.len());
        assert!(text.is_char_boundary(finding.range.start) && text.is_char_boundary(finding.range.end));
        last_end = finding.range.end;
    }
    let masked = mask(text, |_| "\u{2588}".to_string());
    assert_eq!(masked.matches('\u{2588}').count() - text.matches('\u{2588}').count(), findings.len());
});
