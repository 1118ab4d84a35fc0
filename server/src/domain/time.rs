//! Local time in Norway without a time-zone database: Central European Time
//! (UTC+1), with summer time (UTC+2) from 01:00 UTC on the last Sunday of
//! March to 01:00 UTC on the last Sunday of October, as EU rules fix it.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or_default();
    let last = first_of_next - Duration::days(1);
    last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
}

/// The instant in Norwegian local time.
pub fn norway(instant: DateTime<Utc>) -> DateTime<FixedOffset> {
    let year = instant.year();
    let at_one = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).unwrap_or_default());
    let summer = instant >= at_one(last_sunday(year, 3)) && instant < at_one(last_sunday(year, 10));
    let offset = FixedOffset::east_opt(if summer { 7200 } else { 3600 }).unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()));
    instant.with_timezone(&offset)
}

/// Midnight at the start of `day` in Norway, as an instant.
pub fn start_of_norwegian_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default());
    // Summer time never starts or ends at midnight, so the offset at
    // midnight local is the offset an hour either side of it.
    let winter = midnight - Duration::hours(1);
    if norway(winter).offset().local_minus_utc() == 3600 {
        winter
    } else {
        midnight - Duration::hours(2)
    }
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
