//! Values before and after normalisation: what a rule recognised ([`Val`]),
//! how it resolves against the document creation time, and what a TimeML
//! value means ([`Precision`], [`interval`]).

use crate::cal::{days_in_month, iso_week_monday, Ymd};

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Weekends.
    Weekend,
    /// Months.
    Month,
    /// Quarters.
    Quarter,
    /// Years.
    Year,
    /// Decades.
    Decade,
    /// Centuries.
    Century,
}

impl Unit {
    /// A TimeML duration of `n` units (`None`: unspecified, `PXY`).
    pub(crate) fn duration(self, n: Option<i64>) -> String {
        let num = |k: i64| n.map_or("X".to_string(), |n| (n * k).to_string());
        match self {
            Unit::Second => format!("PT{}S", num(1)),
            Unit::Minute => format!("PT{}M", num(1)),
            Unit::Hour => format!("PT{}H", num(1)),
            Unit::Day => format!("P{}D", num(1)),
            Unit::Week => format!("P{}W", num(1)),
            Unit::Weekend => format!("P{}WE", num(1)),
            Unit::Month => format!("P{}M", num(1)),
            Unit::Quarter => format!("P{}Q", num(1)),
            Unit::Year => format!("P{}Y", num(1)),
            Unit::Decade => match n {
                Some(_) => format!("P{}Y", num(10)),
                None => "PXY".to_string(),
            },
            Unit::Century => match n {
                Some(_) => format!("P{}Y", num(100)),
                None => "PXCE".to_string(),
            },
        }
    }
}

/// Which way an underspecified date points from the document date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Past,
    Future,
    Unknown,
}

/// Year of a quarter, season or half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    Abs(i32),
    Rel(i64),
    Guess,
    /// The last one before the document date ("last fall").
    Last,
    /// The next one after ("next spring").
    Next,
}

/// What a rule recognised, before it meets the document date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    /// A complete value.
    Lit(String),
    /// A day of a month with or without a year.
    MonthDay { m: u32, d: u32, year: Option<i32> },
    /// A month of an unknown or relative year.
    Month { m: u32, year: YearRef },
    /// A weekday (1 = Monday), optionally with a part of day suffix.
    Weekday { wd: u32, pod: Option<&'static str>, rel: YearRef },
    /// A day relative to the document date (today = 0).
    RelDay { off: i64, pod: Option<&'static str> },
    /// This/last/next unit.
    RelUnit { unit: Unit, off: i64 },
    /// `n` units before (negative) or after the document date; `None`: some.
    Offset { unit: Unit, n: Option<i64> },
    /// A quarter.
    Quarter { q: u32, year: YearRef },
    /// The most recent complete quarter ("the latest quarter").
    LastQuarter,
    /// A half year.
    Half { h: u32, year: YearRef },
    /// A season.
    Season { s: &'static str, year: YearRef },
    /// A time of day on a day (the document date when `day` is None).
    Time { h: u32, m: u32, utc: bool, day: Option<Box<Val>> },
    /// Fourth Thursday of November.
    Thanksgiving,
    /// The reporting quarter of a given year ("the 1988 period").
    QuarterOfYear(i32),
    /// "that day", "the following month", "the next morning": `off` units
    /// after the narrative reference time (the latest date mentioned
    /// before, else the document date); `unit` None: "that time", the
    /// reference itself.
    Narrative { unit: Option<Unit>, off: i64, pod: Option<&'static str> },
    /// The latest complete quarter, a year before ("the year-ago quarter").
    QuarterYearAgo,
    /// The ISO week of a day ("the week of March 6").
    WeekOf(Box<Val>),
    /// Some week of the document's year ("the week", as in "for the week"):
    /// the year is known, the week is not.
    SomeWeek,
    /// The last day of the document's year, `off` years on ("by year-end").
    YearEnd(i64),
}

fn quarter_of(m: u32) -> u32 {
    (m - 1) / 3 + 1
}

fn season_months(s: &str) -> (u32, u32) {
    match s {
        "SP" => (3, 5),
        "SU" => (6, 8),
        "FA" => (9, 11),
        _ => (12, 14),
    }
}

fn fmt_week(y: i32, w: u32) -> String {
    format!("{y:04}-W{w:02}")
}

impl Val {
    /// Whether the value needs a document date.
    pub(crate) fn resolve(&self, dct: Option<Ymd>, dir: Dir) -> Option<String> {
        match self {
            Val::Lit(s) => Some(s.clone()),
            Val::MonthDay { m, d, year: Some(y) } => {
                let ymd = Ymd::new(*y, *m, *d);
                ymd.valid().then(|| ymd.date_str())
            }
            Val::MonthDay { m, d, year: None } => match dct {
                None => Some(format!("XXXX-{m:02}-{d:02}")),
                Some(dct) => {
                    let y = nearest_year(dct, dir, |y| {
                        Ymd::new(y, *m, (*d).min(days_in_month(y, *m))).days() - dct.days()
                    });
                    Some(format!("{y:04}-{m:02}-{d:02}"))
                }
            },
            Val::Month { m, year } => match (year, dct) {
                (YearRef::Abs(y), _) => Some(format!("{y:04}-{m:02}")),
                (_, None) => Some(format!("XXXX-{m:02}")),
                (YearRef::Rel(o), Some(dct)) => Some(format!("{:04}-{m:02}", i64::from(dct.y) + o)),
                (YearRef::Last, Some(dct)) => {
                    let y = if *m < dct.m { dct.y } else { dct.y - 1 };
                    Some(format!("{y:04}-{m:02}"))
                }
                (YearRef::Next, Some(dct)) => {
                    let y = if *m > dct.m { dct.y } else { dct.y + 1 };
                    Some(format!("{y:04}-{m:02}"))
                }
                (YearRef::Guess, Some(dct)) => {
                    let y = nearest_year(dct, dir, |y| {
                        30 * (i64::from(y) * 12 + i64::from(*m) - i64::from(dct.y) * 12 - i64::from(dct.m))
                    });
                    Some(format!("{y:04}-{m:02}"))
                }
            },
            Val::Weekday { wd, pod, rel } => {
                let suffix = pod.map(|p| format!("T{p}")).unwrap_or_default();
                let Some(dct) = dct else {
                    return Some(format!("XXXX-WXX-{wd}{suffix}"));
                };
                let cur = i64::from(dct.weekday());
                let wd = i64::from(*wd);
                let back = (cur - wd).rem_euclid(7); // days back to the last such day (0 = today)
                let fwd = (wd - cur).rem_euclid(7);
                let off = match rel {
                    YearRef::Last => -(if back == 0 { 7 } else { back }),
                    YearRef::Next => {
                        if fwd == 0 {
                            7
                        } else {
                            fwd
                        }
                    }
                    _ => match dir {
                        Dir::Future => fwd,
                        _ => -back,
                    },
                };
                Some(format!("{}{suffix}", dct.add_days(off).date_str()))
            }
            Val::RelDay { off, pod } => {
                let dct = dct?;
                let suffix = pod.map(|p| format!("T{p}")).unwrap_or_default();
                Some(format!("{}{suffix}", dct.add_days(*off).date_str()))
            }
            Val::RelUnit { unit, off } => {
                let dct = dct?;
                Some(unit_value(dct, *unit, *off))
            }
            Val::Offset { unit, n } => match n {
                None => Some(if dir == Dir::Future { "FUTURE_REF" } else { "PAST_REF" }.to_string()),
                Some(n) => {
                    let dct = dct?;
                    Some(match unit {
                        Unit::Decade => format!("{:04}", i64::from(dct.y) + 10 * n),
                        Unit::Century => format!("{:04}", i64::from(dct.y) + 100 * n),
                        Unit::Second | Unit::Minute | Unit::Hour => dct.date_str(),
                        u => unit_value(dct, *u, *n),
                    })
                }
            },
            Val::Quarter { q, year } => {
                let y = match (year, dct) {
                    (YearRef::Abs(y), _) => *y,
                    (_, None) => return Some(format!("XXXX-Q{q}")),
                    (YearRef::Rel(o), Some(dct)) => dct.y + *o as i32,
                    (_, Some(dct)) => {
                        if dir == Dir::Past && *q > quarter_of(dct.m) {
                            dct.y - 1
                        } else {
                            dct.y
                        }
                    }
                };
                Some(format!("{y:04}-Q{q}"))
            }
            Val::LastQuarter => {
                let dct = dct?;
                let q = quarter_of(dct.m);
                Some(if q == 1 { format!("{:04}-Q4", dct.y - 1) } else { format!("{:04}-Q{}", dct.y, q - 1) })
            }
            Val::Half { h, year } => {
                let y = match (year, dct) {
                    (YearRef::Abs(y), _) => *y,
                    (_, None) => return Some(format!("XXXX-H{h}")),
                    (YearRef::Rel(o), Some(dct)) => dct.y + *o as i32,
                    (_, Some(dct)) => dct.y,
                };
                Some(format!("{y:04}-H{h}"))
            }
            Val::Season { s, year } => {
                let y = match (year, dct) {
                    (YearRef::Abs(y), _) => *y,
                    (_, None) => return Some(format!("XXXX-{s}")),
                    (YearRef::Rel(o), Some(dct)) => dct.y + *o as i32,
                    (YearRef::Last, Some(dct)) => {
                        let (a, _) = season_months(s);
                        if a < dct.m {
                            dct.y
                        } else {
                            dct.y - 1
                        }
                    }
                    (YearRef::Next, Some(dct)) => {
                        let (a, _) = season_months(s);
                        if a > dct.m {
                            dct.y
                        } else {
                            dct.y + 1
                        }
                    }
                    (YearRef::Guess, Some(dct)) => dct.y,
                };
                Some(format!("{y:04}-{s}"))
            }
            Val::Time { h, m, utc, day } => {
                let z = if *utc { "Z" } else { "" };
                let date = match (day, dct) {
                    (Some(v), _) => v.resolve(dct, dir)?,
                    (None, Some(dct)) => dct.date_str(),
                    (None, None) => "XXXX-XX-XX".to_string(),
                };
                let date = date.split('T').next().unwrap_or_default().to_string();
                Some(format!("{date}T{h:02}:{m:02}{z}"))
            }
            Val::Narrative { unit, off, pod } => {
                let dct = dct?;
                Anchor { ymd: dct, level: Level::Day }.shift(*unit, *off, *pod)
            }
            Val::QuarterOfYear(y) => Some(match dct {
                Some(dct) => {
                    let q = quarter_of(dct.m);
                    format!("{y:04}-Q{}", if q == 1 { 4 } else { q - 1 })
                }
                None => format!("{y:04}"),
            }),
            Val::WeekOf(day) => {
                let v = day.resolve(dct, dir)?;
                match Anchor::of(&v) {
                    Some(a) if a.level == Level::Day => {
                        let (y, w) = a.ymd.iso_week();
                        Some(fmt_week(y, w))
                    }
                    _ => Some(v),
                }
            }
            Val::YearEnd(off) => {
                let dct = dct?;
                Some(format!("{:04}-12-31", i64::from(dct.y) + off))
            }
            Val::SomeWeek => Some(match dct {
                Some(dct) => format!("{:04}-WXX", dct.y),
                None => "XXXX-WXX".to_string(),
            }),
            Val::QuarterYearAgo => {
                let dct = dct?;
                let q = quarter_of(dct.m);
                Some(if q == 1 {
                    format!("{:04}-Q4", dct.y - 2)
                } else {
                    format!("{:04}-Q{}", dct.y - 1, q - 1)
                })
            }
            Val::Thanksgiving => {
                let Some(dct) = dct else { return Some("XXXX-11".to_string()) };
                let day = |y: i32| {
                    let first = Ymd::new(y, 11, 1);
                    first.add_days((4 - i64::from(first.weekday())).rem_euclid(7) + 21)
                };
                let y = nearest_year(dct, dir, |y| day(y).days() - dct.days());
                Some(day(y).date_str())
            }
        }
    }
}

/// How much of a date an anchor fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Year,
    Month,
    Day,
}

/// A narrative reference time: the date a story is at, from the latest
/// date mentioned ("On May 22, 1995, ... the following year").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub ymd: Ymd,
    pub level: Level,
}

impl Anchor {
    /// The anchor a resolved value sets: a calendar day, month or year
    /// (quarters, halves and seasons fix the year only).
    pub(crate) fn of(value: &str) -> Option<Anchor> {
        let date = value.split('T').next()?;
        let b = date.as_bytes();
        if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || b.get(4).is_some_and(|c| *c != b'-') {
            return None;
        }
        let y: i32 = date[..4].parse().ok()?;
        let rest = date.get(5..).unwrap_or("");
        let mut parts = rest.split('-');
        let (m, d) = (parts.next().unwrap_or(""), parts.next());
        if m.is_empty() {
            return Some(Anchor { ymd: Ymd::new(y, 1, 1), level: Level::Year });
        }
        let Ok(m) = m.parse::<u32>() else {
            // 1988-Q3, 1988-SU, 1988-H1: the year
            let year_part =
                m.starts_with('Q') || m.starts_with('H') || matches!(m, "SP" | "SU" | "FA" | "WI");
            return year_part.then_some(Anchor { ymd: Ymd::new(y, 1, 1), level: Level::Year });
        };
        if !(1..=12).contains(&m) {
            return None;
        }
        match d.map(str::parse::<u32>) {
            None => Some(Anchor { ymd: Ymd::new(y, m, 1), level: Level::Month }),
            Some(Ok(d)) => {
                let ymd = Ymd::new(y, m, d);
                ymd.valid().then_some(Anchor { ymd, level: Level::Day })
            }
            Some(Err(_)) => None,
        }
    }

    /// Whether the anchor is precise enough for `unit` ("that day" needs a
    /// day, "that year" any date).
    pub(crate) fn fits(&self, unit: Option<Unit>) -> bool {
        let need = match unit {
            None | Some(Unit::Year | Unit::Quarter | Unit::Decade | Unit::Century) => Level::Year,
            Some(Unit::Month) => Level::Month,
            Some(_) => Level::Day,
        };
        self.level >= need
    }

    /// The value `off` units after the anchor, at the unit's precision.
    pub(crate) fn shift(&self, unit: Option<Unit>, off: i64, pod: Option<&'static str>) -> Option<String> {
        let a = self.ymd;
        let suffix = pod.map(|p| format!("T{p}")).unwrap_or_default();
        Some(match unit {
            None => match self.level {
                Level::Day => a.date_str(),
                Level::Month => format!("{:04}-{:02}", a.y, a.m),
                Level::Year => format!("{:04}", a.y),
            },
            Some(Unit::Year | Unit::Quarter | Unit::Decade | Unit::Century) => {
                format!("{:04}", i64::from(a.y) + off)
            }
            Some(Unit::Month) => {
                let d = Ymd::new(a.y, a.m, 1).add_months(off);
                format!("{:04}-{:02}", d.y, d.m)
            }
            Some(Unit::Week | Unit::Weekend) => {
                let (y, w) = a.add_days(7 * off).iso_week();
                fmt_week(y, w)
            }
            Some(_) => format!("{}{suffix}", a.add_days(off).date_str()),
        })
    }
}

/// The year (DCT year ± 1) whose candidate is nearest the DCT, distances
/// against the clause's tense counting double.
fn nearest_year(dct: Ymd, dir: Dir, diff: impl Fn(i32) -> i64) -> i32 {
    let cost = |y: i32| {
        let d = diff(y);
        let against = (dir == Dir::Past && d > 1) || (dir == Dir::Future && d < -1);
        d.abs() * if against { 4 } else { 1 }
    };
    [dct.y, dct.y - 1, dct.y + 1].into_iter().min_by_key(|&y| cost(y)).unwrap_or(dct.y)
}

fn unit_value(dct: Ymd, unit: Unit, off: i64) -> String {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => dct.add_days(off).date_str(),
        Unit::Week => {
            let (y, w) = dct.add_days(7 * off).iso_week();
            fmt_week(y, w)
        }
        Unit::Weekend => {
            // the weekend last begun (this one when the DCT is on it)
            let back = (i64::from(dct.weekday()) - 6).rem_euclid(7);
            let (y, w) = dct.add_days(7 * off - back).iso_week();
            format!("{}-WE", fmt_week(y, w))
        }
        Unit::Month => {
            let d = Ymd::new(dct.y, dct.m, 1).add_months(off);
            format!("{:04}-{:02}", d.y, d.m)
        }
        Unit::Quarter => {
            let idx = i64::from(dct.y) * 4 + i64::from(quarter_of(dct.m)) - 1 + off;
            format!("{:04}-Q{}", idx.div_euclid(4), idx.rem_euclid(4) + 1)
        }
        Unit::Year => format!("{:04}", i64::from(dct.y) + off),
        Unit::Decade => format!("{:03}", (i64::from(dct.y) / 10) + off),
        Unit::Century => format!("{:02}", (i64::from(dct.y) / 100) + off),
    }
}

/// How precise a TimeML value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    /// A time of day or part of a day (`2023-12-04TEV`, `2023-12-04T10:00`).
    Time,
    /// A calendar day.
    Day,
    /// An ISO week or weekend.
    Week,
    /// A month.
    Month,
    /// A quarter, half or season: a range of months.
    Range,
    /// A year.
    Year,
    /// A decade or century.
    Decade,
    /// A duration or recurrence (`P3Y`), no place on the calendar.
    Duration,
    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    Reference,
    /// A value with unknown parts (`XXXX-07-26`) or unrecognised.
    Unknown,
}

impl Precision {
    /// The precision of a TimeML value.
    pub fn of(value: &str) -> Precision {
        let v = value.trim();
        if v.starts_with('P') && !v.ends_with("_REF") {
            return Precision::Duration;
        }
        if v.ends_with("_REF") {
            return Precision::Reference;
        }
        if v.contains('X') {
            return Precision::Unknown;
        }
        let (date, time) = match v.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (v, None),
        };
        if time.is_some() {
            return Precision::Time;
        }
        let parts: Vec<&str> = date.split('-').collect();
        match parts.as_slice() {
            [y] if y.len() == 4 => Precision::Year,
            [y] if y.len() <= 3 => Precision::Decade,
            [_, w] if w.starts_with('W') => Precision::Week,
            [_, w, we] if w.starts_with('W') && *we == "WE" => Precision::Week,
            [_, q]
                if q.starts_with('Q') || q.starts_with('H') || q.len() == 2 && q.parse::<u32>().is_err() =>
            {
                Precision::Range
            }
            [_, m] if m.len() == 2 => Precision::Month,
            [_, _, d] if d.len() == 2 => Precision::Day,
            _ => Precision::Unknown,
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// The first and last day a TimeML date value covers (`2023-W48` →
/// 2023-11-27..2023-12-03, `2023-Q3` → 2023-07-01..2023-09-30, `199` →
/// 1990-01-01..1999-12-31); `None` for durations, references and values
/// with unknown parts.
pub fn interval(value: &str) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
    let v = value.trim();
    if v.contains('X') || v.starts_with('P') || v.ends_with("_REF") {
        return None;
    }
    let date_part = v.split('T').next()?;
    let parts: Vec<&str> = date_part.split('-').collect();
    let num = |s: &str| s.parse::<i32>().ok();
    let month_range = |y: i32, a: u32, b: u32| {
        let (by, bm) = if b > 12 { (y + 1, b - 12) } else { (y, b) };
        Some((date(y, a, 1)?, date(by, bm, days_in_month(by, bm))?))
    };
    match parts.as_slice() {
        [y] => {
            let n = num(y)?;
            match y.len() {
                4 => Some((date(n, 1, 1)?, date(n, 12, 31)?)),
                3 => Some((date(n * 10, 1, 1)?, date(n * 10 + 9, 12, 31)?)),
                2 => Some((date(n * 100, 1, 1)?, date(n * 100 + 99, 12, 31)?)),
                _ => None,
            }
        }
        [y, rest] | [y, rest, "WE"] => {
            let y = num(y)?;
            let weekend = parts.len() == 3;
            if let Some(w) = rest.strip_prefix('W') {
                let mon = iso_week_monday(y, w.parse().ok()?);
                let (a, b) =
                    if weekend { (mon.add_days(5), mon.add_days(6)) } else { (mon, mon.add_days(6)) };
                return Some((date(a.y, a.m, a.d)?, date(b.y, b.m, b.d)?));
            }
            if weekend {
                return None;
            }
            if let Some(q) = rest.strip_prefix('Q') {
                let q: u32 = q.parse().ok()?;
                return month_range(y, 3 * q - 2, 3 * q);
            }
            if let Some(h) = rest.strip_prefix('H') {
                let h: u32 = h.parse().ok()?;
                return month_range(y, 6 * h - 5, 6 * h);
            }
            match *rest {
                "SP" | "SU" | "FA" | "WI" => {
                    let (a, b) = season_months(rest);
                    month_range(y, a, b)
                }
                m => {
                    let m: u32 = m.parse().ok()?;
                    month_range(y, m, m)
                }
            }
        }
        [y, m, d] => {
            let d = date(num(y)?, m.parse().ok()?, d.parse().ok()?)?;
            Some((d, d))
        }
        _ => None,
    }
}
