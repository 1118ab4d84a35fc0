//! Finds personal data in free text: Norwegian national identity numbers
//! (fødselsnummer, D- and H-numbers, synthetic test persons), Norwegian
//! phone numbers and e-mail addresses. Items with findings are flagged for
//! staff; before anything is published the findings are masked.
//!
//! Recall beats precision: any 11-digit run that starts with a plausible
//! date counts as an identity number even when its mod-11 check digits are
//! wrong (people mistype them, and a mistyped number is still theirs).

use std::collections::BTreeSet;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PersonalDataKind {
    NationalId,
    Phone,
    Email,
}

impl PersonalDataKind {
    /// Stable name used in the database's `personal_data_flags`.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalDataKind::NationalId => "national_id",
            PersonalDataKind::Phone => "phone",
            PersonalDataKind::Email => "email",
        }
    }
}

/// One finding: its kind and byte range in the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: PersonalDataKind,
    pub range: Range<usize>,
}

/// All findings in `text`, in order, without overlaps.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut findings = emails(text);
    for run in digit_runs(text) {
        if findings.iter().any(|f| f.range.start < run.range.end && run.range.start < f.range.end) {
            continue;
        }
        if let Some(kind) = classify(&run.digits).filter(|k| !run.punctuated || *k == PersonalDataKind::NationalId) {
            findings.push(Finding { kind, range: run.range });
        }
    }
    findings.sort_by_key(|f| f.range.start);
    findings
}

/// The kinds found, for the item's flags.
pub fn kinds(text: &str) -> BTreeSet<PersonalDataKind> {
    scan(text).into_iter().map(|f| f.kind).collect()
}

/// `text` with every finding replaced by `replacement(kind)`.
pub fn mask(text: &str, replacement: impl Fn(PersonalDataKind) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for finding in scan(text) {
        out.push_str(&text[last..finding.range.start]);
        out.push_str(&replacement(finding.kind));
        last = finding.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// True when an 11-digit number passes the mod-11 checks of a fødselsnummer.
pub fn national_id_checksum_ok(digits: &[u8; 11]) -> bool {
    const W1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const W2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let check = |weights: &[u32], upto: usize| -> Option<u32> {
        let sum: u32 = weights.iter().zip(&digits[..upto]).map(|(w, d)| w * u32::from(*d)).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    check(&W1, 9) == Some(u32::from(digits[9])) && check(&W2, 10) == Some(u32::from(digits[10]))
}

/// Day and month of a plausible birth date, allowing D-numbers (day + 40),
/// H-numbers (month + 40) and synthetic test persons (month + 80).
fn plausible_birth_date(digits: &[u8]) -> bool {
    let day = digits[0] * 10 + digits[1];
    let month = digits[2] * 10 + digits[3];
    let day_ok = (1..=31).contains(&day) || (41..=71).contains(&day);
    let month_ok = (1..=12).contains(&month) || (41..=52).contains(&month) || (81..=92).contains(&month);
    day_ok && month_ok
}

fn classify(digits: &[u8]) -> Option<PersonalDataKind> {
    match digits.len() {
        11 if plausible_birth_date(digits) => Some(PersonalDataKind::NationalId),
        // +47 / 0047 followed by eight digits.
        10 if digits[..2] == [4, 7] && (2..=9).contains(&digits[2]) => Some(PersonalDataKind::Phone),
        12 if digits[..4] == [0, 0, 4, 7] && (2..=9).contains(&digits[4]) => Some(PersonalDataKind::Phone),
        8 if (2..=9).contains(&digits[0]) => Some(PersonalDataKind::Phone),
        _ => None,
    }
}

struct DigitRun {
    digits: Vec<u8>,
    /// Joined by dots or hyphens: a date range ("2020-2026") or an identity
    /// number, never a Norwegian phone number.
    punctuated: bool,
    range: Range<usize>,
}

/// Runs of digits joined by spaces, dots or dashes ("912 34 567",
/// "010190-12345", "+47 912 34 567"), as phone numbers and identity numbers
/// are commonly written — also with non-breaking or thin spaces, en dashes
/// and doubled spaces, which word processors and phones put in. A leading
/// `+` belongs to the run.
fn digit_runs(text: &str) -> Vec<DigitRun> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_plus = bytes[i] == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[i].is_ascii_digit() || starts_plus) || text[..i].chars().next_back().is_some_and(is_word_char) {
            i += 1;
            continue;
        }
        let start = i;
        if starts_plus {
            i += 1;
        }
        let mut digits = Vec::new();
        let mut punctuated = false;
        let mut end = i;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                digits.push(bytes[i] - b'0');
                i += 1;
                end = i;
            } else if let Some((length, punctuation)) = separator(&text[i..]) {
                punctuated |= punctuation;
                i += length;
            } else {
                break;
            }
        }
        // A number glued to letters ("abc12345678x") is a code, not a phone.
        if !text[end..].chars().next().is_some_and(is_word_char) {
            runs.push(DigitRun { digits, punctuated, range: start..end });
        }
        i = end.max(start + 1);
    }
    runs
}

/// Spaces of every width that keep or break a line.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}')
}

/// Dots and every dash people type between groups of digits.
fn is_punctuation(c: char) -> bool {
    matches!(c, '.' | '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}')
}

/// Separators followed by a digit: one or two spaces, or one dot or dash
/// with a space either side ("010190 – 12345"). Their length in bytes, and
/// whether one was punctuation rather than space.
fn separator(rest: &str) -> Option<(usize, bool)> {
    let (mut length, mut spaces_in_a_row, mut punctuation) = (0, 0, 0);
    for (count, c) in rest.chars().enumerate() {
        if c.is_ascii_digit() && count > 0 {
            return Some((length, punctuation > 0));
        }
        if is_space(c) {
            spaces_in_a_row += 1;
        } else if is_punctuation(c) {
            spaces_in_a_row = 0;
            punctuation += 1;
        } else {
            return None;
        }
        if spaces_in_a_row > 2 || punctuation > 1 || count == 3 {
            return None;
        }
        length += c.len_utf8();
    }
    None
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// E-mail addresses, also with letters beyond ASCII in the name or the
/// domain (`kari@bråten.no`, internationalised addresses).
fn emails(text: &str) -> Vec<Finding> {
    let local = |c: char| c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at].char_indices().rev().take_while(|(_, c)| local(*c)).last().map_or(at, |(i, _)| i);
        let after = &text[at + 1..];
        let mut end = at + 1 + after.char_indices().find(|(_, c)| !domain(*c)).map_or(after.len(), |(i, _)| i);
        while end > at + 1 && text.as_bytes()[end - 1] == b'.' {
            end -= 1;
        }
        let host = &text[at + 1..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| !name.is_empty() && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
        if start < at && tld_ok && !found.iter().any(|f: &Finding| f.range.contains(&start)) {
            found.push(Finding { kind: PersonalDataKind::Email, range: start..end });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use PersonalDataKind::*;

    fn found(text: &str) -> Vec<(PersonalDataKind, &str)> {
        scan(text).into_iter().map(|f| (f.kind, &text[f.range])).collect()
    }

    #[test]
    fn identity_numbers_are_found_with_or_without_a_valid_checksum() {
        // 01010012356 is a valid synthetic-style example of the format; 01019012345 fails mod-11.
        assert_eq!(found("mitt fnr er 01010012356."), [(NationalId, "01010012356")]);
        assert_eq!(found("fnr 01019012345 (feil siffer)"), [(NationalId, "01019012345")]);
        assert_eq!(found("010190 12345"), [(NationalId, "010190 12345")]);
        assert_eq!(found("D-nummer 41019012345"), [(NationalId, "41019012345")]);
        assert_eq!(found("H-nummer 01419012345"), [(NationalId, "01419012345")]);
        assert_eq!(found("testperson 01819012345"), [(NationalId, "01819012345")]);
    }

    #[test]
    fn eleven_digits_without_a_plausible_date_are_not_identity_numbers() {
        assert_eq!(found("kontonummer 99999999999"), []);
        assert_eq!(found("32139012345"), []);
    }

    #[test]
    fn the_mod_11_check_is_right() {
        let digits = |s: &str| -> [u8; 11] {
            let v: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
            v.try_into().unwrap()
        };
        assert!(national_id_checksum_ok(&digits("01010012356")));
        assert!(!national_id_checksum_ok(&digits("01010012357")));
        assert!(!national_id_checksum_ok(&digits("01019012345")));
    }

    #[test]
    fn norwegian_phone_numbers_are_found_in_common_spellings() {
        for (text, number) in [
            ("ring meg på 91234567", "91234567"),
            ("tlf 912 34 567 etter fire", "912 34 567"),
            ("91 23 45 67", "91 23 45 67"),
            ("+47 912 34 567", "+47 912 34 567"),
            ("0047 91234567", "0047 91234567"),
            ("fast: 69 24 10 00", "69 24 10 00"),
        ] {
            assert_eq!(found(text), [(Phone, number)], "{text}");
        }
    }

    #[test]
    fn short_service_numbers_and_codes_are_not_phone_numbers() {
        for text in [
            "perioden 2020-2026",
            "1.500.000 kr",
            "ring 112",
            "politiet 02800",
            "legevakt 116117",
            "rom 12345678x",
            "kode ab91234567",
            "år 2026",
            "beløp 1 500 kr",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn email_addresses_are_found() {
        assert_eq!(found("skriv til kari.nordmann+moss@eksempel.no."), [(Email, "kari.nordmann+moss@eksempel.no")]);
        assert_eq!(found("a@b"), []);
        assert_eq!(found("@moss.no"), []);
        assert_eq!(found("ola@moss.kommune.no og 91234567"), [(Email, "ola@moss.kommune.no"), (Phone, "91234567")]);
    }

    #[test]
    fn masking_replaces_each_finding_and_keeps_the_rest() {
        let masked = mask("Kari (01010012356, 912 34 567, kari@eksempel.no) bråker.", |k| format!("[{}]", k.as_str()));
        assert_eq!(masked, "Kari ([national_id], [phone], [email]) bråker.");
    }

    #[test]
    fn numbers_with_typographic_spaces_and_dashes_are_found() {
        for (text, kind, number) in [
            ("tlf 912\u{a0}34\u{a0}567", Phone, "912\u{a0}34\u{a0}567"),
            ("tlf\u{a0}91234567", Phone, "91234567"),
            ("ring 912\u{202f}34\u{2009}567", Phone, "912\u{202f}34\u{2009}567"),
            ("ring 912  34  567 i kveld", Phone, "912  34  567"),
            ("fnr 010190\u{2013}12345", NationalId, "010190\u{2013}12345"),
            ("fnr 010190 \u{2013} 12345", NationalId, "010190 \u{2013} 12345"),
            ("fnr 010190\u{2011}12345", NationalId, "010190\u{2011}12345"),
        ] {
            assert_eq!(found(text), [(kind, number)], "{text:?}");
        }
        // Three spaces in a row end the number; a date range stays a range.
        assert_eq!(found("912   34 567"), []);
        assert_eq!(found("2020\u{2013}2026"), []);
    }

    #[test]
    fn internationalised_email_addresses_are_found() {
        assert_eq!(found("skriv til kari@bråtenbolig.no!"), [(Email, "kari@bråtenbolig.no")]);
        assert_eq!(found("ærlig.åse@eksempel.no"), [(Email, "ærlig.åse@eksempel.no")]);
        assert_eq!(found("ola@xn--brtenbolig-e5a.no"), [(Email, "ola@xn--brtenbolig-e5a.no")]);
        assert_eq!(found("الاسم@مثال.السعودية"), [(Email, "الاسم@مثال.السعودية")]);
    }

    #[test]
    fn non_ascii_text_around_findings_is_safe() {
        assert_eq!(found("blåbær 91234567 ærlig"), [(Phone, "91234567")]);
        assert_eq!(found("مرحبا 91234567 😀"), [(Phone, "91234567")]);
        assert_eq!(kinds("Ingen personopplysninger her, bare ærlige ord."), BTreeSet::new());
    }
}
