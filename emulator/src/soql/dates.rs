//! Relative date literals (`TODAY`, `LAST_N_DAYS:30`, `THIS_QUARTER`, ...) as date ranges.
//! Days are counted in UTC and weeks start on Sunday, as for an org with the en_US locale and a
//! UTC time zone.

use time::{Date, Duration, Month};

const FIXED: &[&str] = &[
    "YESTERDAY",
    "TODAY",
    "TOMORROW",
    "LAST_WEEK",
    "THIS_WEEK",
    "NEXT_WEEK",
    "LAST_MONTH",
    "THIS_MONTH",
    "NEXT_MONTH",
    "LAST_90_DAYS",
    "NEXT_90_DAYS",
    "LAST_QUARTER",
    "THIS_QUARTER",
    "NEXT_QUARTER",
    "LAST_YEAR",
    "THIS_YEAR",
    "NEXT_YEAR",
];

const WITH_AMOUNT: &[&str] = &[
    "LAST_N_DAYS",
    "NEXT_N_DAYS",
    "N_DAYS_AGO",
    "LAST_N_WEEKS",
    "NEXT_N_WEEKS",
    "N_WEEKS_AGO",
    "LAST_N_MONTHS",
    "NEXT_N_MONTHS",
    "N_MONTHS_AGO",
    "LAST_N_QUARTERS",
    "NEXT_N_QUARTERS",
    "LAST_N_YEARS",
    "NEXT_N_YEARS",
    "N_YEARS_AGO",
];

pub fn is_relative_date(word: &str) -> bool {
    FIXED
        .iter()
        .chain(WITH_AMOUNT)
        .any(|name| name.eq_ignore_ascii_case(word))
}

fn week_start(day: Date) -> Date {
    let back = day.weekday().number_days_from_sunday();
    day - Duration::days(i64::from(back))
}

fn month_start(day: Date) -> Date {
    day.replace_day(1).expect("day 1 exists in every month")
}

/// Moves the first day of a month by whole months.
fn add_months(first_of_month: Date, months: i64) -> Date {
    let index = i64::from(first_of_month.year()) * 12 + i64::from(first_of_month.month() as u8) - 1
        + months;
    let year = index.div_euclid(12) as i32;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("month index is 1 to 12");
    Date::from_calendar_date(year, month, 1).expect("day 1 exists in every month")
}

fn quarter_start(day: Date) -> Date {
    let month = day.month() as u8;
    let first_month = (month - 1) / 3 * 3 + 1;
    let month = Month::try_from(first_month).expect("quarter months are valid");
    Date::from_calendar_date(day.year(), month, 1).expect("day 1 exists in every month")
}

fn year_start(day: Date) -> Date {
    Date::from_calendar_date(day.year(), Month::January, 1).expect("January 1 exists")
}

fn add_years(first_of_year: Date, years: i64) -> Date {
    Date::from_calendar_date(first_of_year.year() + years as i32, Month::January, 1)
        .expect("January 1 exists")
}

/// Returns the half-open range `[start, end)` of days a relative date literal covers on `today`.
pub fn range(name: &str, amount: Option<i64>, today: Date) -> (Date, Date) {
    let n = amount.unwrap_or(0);
    let day = Duration::days(1);
    let this_week = week_start(today);
    let this_month = month_start(today);
    let this_quarter = quarter_start(today);
    let this_year = year_start(today);
    match name {
        "YESTERDAY" => (today - day, today),
        "TODAY" => (today, today + day),
        "TOMORROW" => (today + day, today + day * 2),
        "LAST_WEEK" => (this_week - Duration::weeks(1), this_week),
        "THIS_WEEK" => (this_week, this_week + Duration::weeks(1)),
        "NEXT_WEEK" => (
            this_week + Duration::weeks(1),
            this_week + Duration::weeks(2),
        ),
        "LAST_MONTH" => (add_months(this_month, -1), this_month),
        "THIS_MONTH" => (this_month, add_months(this_month, 1)),
        "NEXT_MONTH" => (add_months(this_month, 1), add_months(this_month, 2)),
        "LAST_90_DAYS" => (today - Duration::days(90), today + day),
        "NEXT_90_DAYS" => (today + day, today + Duration::days(91)),
        "LAST_QUARTER" => (add_months(this_quarter, -3), this_quarter),
        "THIS_QUARTER" => (this_quarter, add_months(this_quarter, 3)),
        "NEXT_QUARTER" => (add_months(this_quarter, 3), add_months(this_quarter, 6)),
        "LAST_YEAR" => (add_years(this_year, -1), this_year),
        "THIS_YEAR" => (this_year, add_years(this_year, 1)),
        "NEXT_YEAR" => (add_years(this_year, 1), add_years(this_year, 2)),
        // LAST_N_DAYS counts back n days and includes today, up to the current second.
        "LAST_N_DAYS" => (today - Duration::days(n), today + day),
        "NEXT_N_DAYS" => (today + day, today + day + Duration::days(n)),
        "N_DAYS_AGO" => (today - Duration::days(n), today - Duration::days(n) + day),
        "LAST_N_WEEKS" => (this_week - Duration::weeks(n), this_week),
        "NEXT_N_WEEKS" => (
            this_week + Duration::weeks(1),
            this_week + Duration::weeks(1 + n),
        ),
        "N_WEEKS_AGO" => (
            this_week - Duration::weeks(n),
            this_week - Duration::weeks(n - 1),
        ),
        "LAST_N_MONTHS" => (add_months(this_month, -n), this_month),
        "NEXT_N_MONTHS" => (add_months(this_month, 1), add_months(this_month, 1 + n)),
        "N_MONTHS_AGO" => (add_months(this_month, -n), add_months(this_month, 1 - n)),
        "LAST_N_QUARTERS" => (add_months(this_quarter, -3 * n), this_quarter),
        "NEXT_N_QUARTERS" => (
            add_months(this_quarter, 3),
            add_months(this_quarter, 3 + 3 * n),
        ),
        "LAST_N_YEARS" => (add_years(this_year, -n), this_year),
        "NEXT_N_YEARS" => (add_years(this_year, 1), add_years(this_year, 1 + n)),
        "N_YEARS_AGO" => (add_years(this_year, -n), add_years(this_year, 1 - n)),
        _ => (today, today + day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn last_n_days_includes_today() {
        assert_eq!(
            range("LAST_N_DAYS", Some(30), date!(2025 - 03 - 31)),
            (date!(2025 - 03 - 01), date!(2025 - 04 - 01))
        );
    }

    #[test]
    fn this_week_starts_sunday() {
        // 2025-01-08 is a Wednesday.
        assert_eq!(
            range("THIS_WEEK", None, date!(2025 - 01 - 08)),
            (date!(2025 - 01 - 05), date!(2025 - 01 - 12))
        );
    }

    #[test]
    fn last_month_crosses_year() {
        assert_eq!(
            range("LAST_MONTH", None, date!(2025 - 01 - 15)),
            (date!(2024 - 12 - 01), date!(2025 - 01 - 01))
        );
    }

    #[test]
    fn this_quarter_of_may() {
        assert_eq!(
            range("THIS_QUARTER", None, date!(2025 - 05 - 20)),
            (date!(2025 - 04 - 01), date!(2025 - 07 - 01))
        );
    }
}
