//! Local time in Norway (Europe/Oslo) from the time-zone database
//! (`chrono-tz`), so a change of the rules is a dependency update, not code.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Europe::Oslo;

/// The instant in Norwegian local time.
pub fn norway(instant: DateTime<Utc>) -> DateTime<FixedOffset> {
    let local = instant.with_timezone(&Oslo);
    local.with_timezone(&local.offset().fix())
}

/// Midnight at the start of `day` in Norway, as an instant. Summer time
/// never starts or ends at midnight in Norway, so local midnight exists
/// exactly once; `earliest` only matters for zones where it does not.
pub fn start_of_norwegian_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Oslo.from_local_datetime(&midnight).earliest().map(|local| local.with_timezone(&Utc)).unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn winter_is_utc_plus_one_and_summer_utc_plus_two() {
        assert_eq!(norway(utc("2026-01-15T12:00:00Z")).to_rfc3339(), "2026-01-15T13:00:00+01:00");
        assert_eq!(norway(utc("2026-07-15T12:00:00Z")).to_rfc3339(), "2026-07-15T14:00:00+02:00");
    }

    #[test]
    fn days_start_at_local_midnight() {
        assert_eq!(start_of_norwegian_day("2026-01-15".parse().unwrap()).to_rfc3339(), "2026-01-14T23:00:00+00:00");
        assert_eq!(start_of_norwegian_day("2026-07-15".parse().unwrap()).to_rfc3339(), "2026-07-14T22:00:00+00:00");
    }

    #[test]
    fn the_switch_happens_at_one_utc_on_the_last_sundays() {
        // 2026: summer time from 29 March to 25 October.
        assert_eq!(norway(utc("2026-03-29T00:59:00Z")).offset().local_minus_utc(), 3600);
        assert_eq!(norway(utc("2026-03-29T01:00:00Z")).offset().local_minus_utc(), 7200);
        assert_eq!(norway(utc("2026-10-25T00:59:00Z")).offset().local_minus_utc(), 7200);
        assert_eq!(norway(utc("2026-10-25T01:00:00Z")).offset().local_minus_utc(), 3600);
        // 2024 and 2027: the month's last day is itself the Sunday.
        assert_eq!(norway(utc("2024-03-31T00:59:00Z")).offset().local_minus_utc(), 3600);
        assert_eq!(norway(utc("2024-03-31T01:00:00Z")).offset().local_minus_utc(), 7200);
        assert_eq!(norway(utc("2027-10-31T00:59:00Z")).offset().local_minus_utc(), 7200);
        assert_eq!(norway(utc("2027-10-31T01:00:00Z")).offset().local_minus_utc(), 3600);
    }
}
