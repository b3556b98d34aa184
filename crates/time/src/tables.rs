//! Word tables the rules read: months, weekdays, numbers, units, parts of
//! day, seasons, vague references. Extend the rules by extending these.

use crate::value::Unit;

/// Month names and abbreviations → month number. Abbreviations are marked
/// `true` (they need a following "." or number to count as a month).
pub(crate) const MONTHS: &[(&str, u32, bool)] = &[
    ("january", 1, false),
    ("february", 2, false),
    ("march", 3, false),
    ("april", 4, false),
    ("may", 5, false),
    ("june", 6, false),
    ("july", 7, false),
    ("august", 8, false),
    ("september", 9, false),
    ("october", 10, false),
    ("november", 11, false),
    ("december", 12, false),
    ("jan", 1, true),
    ("feb", 2, true),
    ("mar", 3, true),
    ("apr", 4, true),
    ("jun", 6, true),
    ("jul", 7, true),
    ("aug", 8, true),
    ("sep", 9, true),
    ("sept", 9, true),
    ("oct", 10, true),
    ("nov", 11, true),
    ("dec", 12, true),
];

/// Weekday names and abbreviations → 1 (Monday) .. 7 (Sunday).
pub(crate) const WEEKDAYS: &[(&str, u32)] = &[
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sunday", 7),
    ("mon", 1),
    ("tue", 2),
    ("tues", 2),
    ("wed", 3),
    ("thu", 4),
    ("thur", 4),
    ("thurs", 4),
    ("fri", 5),
    ("sat", 6),
    ("sun", 7),
];

/// Capitalised words after a weekday that make it a name, not a date
/// ("Sunday Times", "Bloody Sunday" is handled by the preceding word).
pub(crate) const WEEKDAY_NAME_FOLLOWERS: &[&str] = &[
    "times",
    "telegraph",
    "mirror",
    "express",
    "post",
    "herald",
    "tribune",
    "independent",
    "mail",
    "star",
    "sport",
    "people",
    "observer",
    "school",
    "night live",
    "football",
    "club",
    "league",
];

/// Number words → value.
pub(crate) const NUMBERS: &[(&str, i64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("a", 1),
    ("an", 1),
    ("half", 0),
];

/// Words standing for an unspecified number ("several years" → PXY).
pub(crate) const VAGUE_NUMBERS: &[&str] = &["several", "few", "many", "some", "numerous", "couple"];

/// Ordinals → value.
pub(crate) const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("1st", 1),
    ("2nd", 2),
    ("3rd", 3),
    ("4th", 4),
    ("final", 4),
];

/// Unit words (singular and plural).
pub(crate) const UNITS: &[(&str, Unit)] = &[
    ("second", Unit::Second),
    ("seconds", Unit::Second),
    ("minute", Unit::Minute),
    ("minutes", Unit::Minute),
    ("hour", Unit::Hour),
    ("hours", Unit::Hour),
    ("day", Unit::Day),
    ("days", Unit::Day),
    ("week", Unit::Week),
    ("weeks", Unit::Week),
    ("month", Unit::Month),
    ("months", Unit::Month),
    ("quarter", Unit::Quarter),
    ("quarters", Unit::Quarter),
    ("year", Unit::Year),
    ("years", Unit::Year),
    ("decade", Unit::Decade),
    ("decades", Unit::Decade),
    ("century", Unit::Century),
    ("centuries", Unit::Century),
    ("weekend", Unit::Weekend),
    ("weekends", Unit::Weekend),
];

/// Parts of the day → TimeML suffix.
pub(crate) const PARTS_OF_DAY: &[(&str, &str)] =
    &[("morning", "MO"), ("afternoon", "AF"), ("evening", "EV"), ("night", "NI"), ("overnight", "NI")];

/// Seasons → TimeML code.
pub(crate) const SEASONS: &[(&str, &str)] =
    &[("spring", "SP"), ("summer", "SU"), ("fall", "FA"), ("autumn", "FA"), ("winter", "WI")];

/// Single words with a fixed reference value.
pub(crate) const VAGUE_WORDS: &[(&str, &str)] = &[
    ("now", "PRESENT_REF"),
    ("currently", "PRESENT_REF"),
    ("current", "PRESENT_REF"),
    ("nowadays", "PRESENT_REF"),
    ("recently", "PAST_REF"),
    ("lately", "PAST_REF"),
    ("recent", "PAST_REF"),
];

/// Phrases with a fixed reference value.
pub(crate) const VAGUE_PHRASES: &[(&[&str], &str)] = &[
    (&["the", "future"], "FUTURE_REF"),
    (&["the", "near", "future"], "FUTURE_REF"),
    (&["the", "long", "term"], "FUTURE_REF"),
    (&["the", "past"], "PAST_REF"),
    (&["the", "present"], "PRESENT_REF"),
    (&["these", "days"], "PRESENT_REF"),
    (&["recent", "years"], "PAST_REF"),
    // as annotated: recent years a past reference, recent months a span
    (&["recent", "months"], "PXM"),
    (&["recent", "weeks"], "PXW"),
    (&["recent", "days"], "PAST_REF"),
    (&["right", "now"], "PRESENT_REF"),
    (&["over", "the", "years"], "PXY"),
    (&["more", "recently"], "PAST_REF"),
    (&["most", "recently"], "PAST_REF"),
];

/// Adverbs of recurrence → (SET value).
pub(crate) const SET_WORDS: &[(&str, &str)] = &[
    ("daily", "P1D"),
    ("nightly", "P1D"),
    ("weekly", "P1W"),
    ("biweekly", "P2W"),
    ("monthly", "P1M"),
    ("annually", "P1Y"),
    ("yearly", "P1Y"),
    ("hourly", "PT1H"),
];

/// Time zones; the ones that are UTC add `Z` to the value.
pub(crate) const ZONES: &[(&str, bool)] = &[
    ("gmt", true),
    ("utc", true),
    ("z", true),
    ("est", false),
    ("edt", false),
    ("cst", false),
    ("cdt", false),
    ("mst", false),
    ("mdt", false),
    ("pst", false),
    ("pdt", false),
    ("et", false),
    ("pt", false),
    ("bst", false),
    ("cet", false),
    ("cest", false),
    ("wat", false),
    ("eat", false),
];

/// Modifiers before a time expression that are part of its span but do not
/// change its value. `dur_only`: only before durations and offsets.
pub(crate) const PREFIXES: &[(&[&str], Prefix)] = &[
    (&["the", "end", "of"], Prefix::Position),
    (&["the", "beginning", "of"], Prefix::Position),
    (&["the", "start", "of"], Prefix::Position),
    (&["the", "middle", "of"], Prefix::Position),
    (&["the", "early"], Prefix::Position),
    (&["the", "late"], Prefix::Position),
    (&["the", "mid"], Prefix::Position),
    (&["end", "of"], Prefix::Position),
    (&["sometime"], Prefix::Position),
    (&["early"], Prefix::Position),
    (&["late"], Prefix::Position),
    (&["mid"], Prefix::Position),
    (&["earlier"], Prefix::Relative),
    (&["later"], Prefix::Relative),
    (&["about"], Prefix::Approx),
    (&["around"], Prefix::Approx),
    (&["nearly"], Prefix::Approx),
    (&["almost"], Prefix::Approx),
    (&["approximately"], Prefix::Approx),
    (&["roughly"], Prefix::Approx),
    (&["more", "than"], Prefix::Approx),
    (&["less", "than"], Prefix::Approx),
    (&["at", "least"], Prefix::Approx),
    (&["over"], Prefix::Over),
];

/// What a prefix may precede.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prefix {
    /// early/late/mid, the end of: dates.
    Position,
    /// earlier/later: relative dates ("earlier this month").
    Relative,
    /// about, nearly: anything.
    Approx,
    /// over: durations only.
    Over,
}

pub(crate) fn lookup<T: Copy>(table: &[(&str, T)], w: &str) -> Option<T> {
    table.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}
