//! Dates and times as people read them: Norwegian local time, in the
//! reader's language's format.

use app::i18n::I18n;

/// Date and time in Norway, in the reader's words.
pub fn format_datetime(i18n: &I18n, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = domain::time::norway(at);
    // The five numbers written into one stack buffer: list pages format a date per row.
    let mut digits = *b"ddmmyyyyhhmm";
    for (start, width, value) in
        [(0, 2, local.day()), (2, 2, local.month()), (4, 4, local.year().clamp(0, 9999) as u32), (8, 2, local.hour()), (10, 2, local.minute())]
    {
        let mut value = value;
        for slot in digits[start..start + width].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    let digits = std::str::from_utf8(&digits).unwrap_or_default();
    i18n.t_with(
        "date.datetime",
        &[("day", &digits[..2]), ("month", &digits[2..4]), ("year", &digits[4..8]), ("hour", &digits[8..10]), ("minute", &digits[10..])],
    )
}

/// A date in the reader's words.
pub fn format_date(i18n: &I18n, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    i18n.t_with("date.date", &[("day", &format!("{:02}", date.day())), ("month", &format!("{:02}", date.month())), ("year", &date.year().to_string())])
}

/// The months' names, January first.
pub const MONTH_KEYS: [&str; 12] =
    ["month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8", "month.9", "month.10", "month.11", "month.12"];

/// "March 2026" in the reader's language.
pub fn month_label(i18n: &I18n, month: domain::insight::Month) -> String {
    let text = month.to_string();
    let number: usize = text[5..].parse().unwrap_or(1);
    i18n.t_with("date.month", &[("name", i18n.t(MONTH_KEYS[number.clamp(1, 12) - 1])), ("year", &text[..4])])
}

#[cfg(test)]
mod tests {
    use super::format_datetime;
    use app::i18n::{I18n, Locale};

    #[test]
    fn dates_are_local_with_leading_zeros() {
        let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        assert_eq!(format_datetime(&I18n::new(Locale::Nb), at("2026-01-05T08:04:00Z")), "05.01.2026 kl. 09.04");
        assert_eq!(format_datetime(&I18n::new(Locale::En), at("2026-07-31T22:30:00Z")), "01/08/2026 at 00:30");
    }
}
