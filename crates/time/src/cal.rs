//! Small proleptic Gregorian calendar helpers on day numbers (days since
//! 1970-01-01), so that date arithmetic never fails or allocates.

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> Ymd {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Ymd { y: (y + i64::from(m <= 2)) as i32, m, d }
}

impl Ymd {
    pub(crate) fn new(y: i32, m: u32, d: u32) -> Ymd {
        Ymd { y, m, d }
    }
    pub(crate) fn days(self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }
    pub(crate) fn add_days(self, n: i64) -> Ymd {
        civil_from_days(self.days() + n)
    }
    /// 1 = Monday .. 7 = Sunday.
    pub(crate) fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.days() + 3).rem_euclid(7) + 1) as u32
    }
    /// ISO 8601 week-numbering year and week.
    pub(crate) fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday()));
        let jan1 = Ymd::new(thursday.y, 1, 1);
        let week = (thursday.days() - jan1.days()) / 7 + 1;
        (thursday.y, week as u32)
    }
    /// Adds `n` months, keeping the day when it exists (clamped otherwise).
    pub(crate) fn add_months(self, n: i64) -> Ymd {
        let total = i64::from(self.y) * 12 + i64::from(self.m) - 1 + n;
        let y = total.div_euclid(12) as i32;
        let m = (total.rem_euclid(12) + 1) as u32;
        Ymd { y, m, d: self.d.min(days_in_month(y, m)) }
    }
    pub(crate) fn date_str(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    pub(crate) fn valid(self) -> bool {
        (1..=12).contains(&self.m) && self.d >= 1 && self.d <= days_in_month(self.y, self.m)
    }
}

pub(crate) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The Monday of ISO week `w` of ISO year `y`.
pub(crate) fn iso_week_monday(y: i32, w: u32) -> Ymd {
    let jan4 = Ymd::new(y, 1, 4);
    jan4.add_days(-(i64::from(jan4.weekday()) - 1) + 7 * (i64::from(w) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for n in -800_000..800_000i64 {
            if n % 997 == 0 {
                assert_eq!(civil_from_days(n).days(), n);
            }
        }
        assert_eq!(Ymd::new(2023, 12, 5).weekday(), 2);
        assert_eq!(Ymd::new(2023, 12, 5).iso_week(), (2023, 49));
        assert_eq!(Ymd::new(2021, 1, 1).iso_week(), (2020, 53));
        assert_eq!(Ymd::new(2024, 1, 31).add_months(1), Ymd::new(2024, 2, 29));
        assert_eq!(iso_week_monday(2023, 49), Ymd::new(2023, 12, 4));
    }
}
