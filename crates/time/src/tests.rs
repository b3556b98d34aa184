//! Hermetic tests with inline markup: `@DCT` (or `@none`) then text with
//! `<t TYPE VALUE>...</t>` around every expected time expression (`VALUE`
//! `-` for none).

use crate::TimeTagger;
use dateline_doc::{Document, Meta, Published, Stage};

fn check(markup: &str) {
    let (dct, rest) = markup.split_once(' ').expect("@DCT then text");
    let dct = dct.strip_prefix('@').expect("starts with @");
    let mut text = String::new();
    let mut expected = Vec::new();
    let mut s = rest;
    while let Some(open) = s.find("<t ") {
        text.push_str(&s[..open]);
        let close_tag = s[open..].find('>').expect(">") + open;
        let head: Vec<&str> = s[open + 3..close_tag].split(' ').collect();
        let end = s[close_tag..].find("</t>").expect("</t>") + close_tag;
        let start = text.len();
        text.push_str(&s[close_tag + 1..end]);
        let value = if head[1] == "-" { None } else { Some(head[1].to_string()) };
        expected.push((start, text.len(), head[0].to_string(), value));
        s = &s[end + 4..];
    }
    text.push_str(s);
    let published = if dct == "none" { None } else { Published::parse_iso(dct) };
    let mut doc = Document::new(text.clone(), Meta { published, ..Meta::default() }).unwrap();
    TimeTagger::new().run(&mut doc);
    let got: Vec<(usize, usize, String, Option<String>)> = doc
        .timexes
        .iter()
        .map(|t| {
            (
                t.range.start().to_usize(),
                t.range.end().to_usize(),
                t.kind.as_str().to_string(),
                t.value.as_deref().map(str::to_string),
            )
        })
        .collect();
    let show = |v: &[(usize, usize, String, Option<String>)]| {
        v.iter()
            .map(|(a, b, k, val)| format!("[{}] {k} {val:?}", &text[*a..*b]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    assert_eq!(show(&got), show(&expected), "in {text:?}");
}

#[test]
fn absolute_dates() {
    check("@2023-12-05 Troops seized power on <t DATE 2023-07-26>July 26</t>.");
    check("@2023-12-05 The coup of <t DATE 2023-07-26>26 July 2023</t> and <t DATE 2023-07-26>July 26, 2023</t>.");
    check("@2023-12-05 Filed <t DATE 2023-07-26>2023-07-26</t> and <t DATE 2023-07-26>07/26/2023</t>.");
    check("@2023-12-05 It happened on <t DATE 2023-12-04>Dec. 4</t> in <t DATE 1998>1998</t>.");
    check("@2023-12-05 Elections are due by <t DATE 2024>mid-2024</t>, as in <t DATE 199>the 1990s</t>.");
    check(
        "@2023-12-05 They met in <t DATE 2023-03>March</t> and again in <t DATE 2022-09>September 2022</t>.",
    );
}

#[test]
fn weekdays_follow_tense() {
    check("@2023-12-05 The army left on <t DATE 2023-12-04>Monday</t>.");
    check("@2023-12-05 The army will leave on <t DATE 2023-12-11>Monday</t>.");
    check("@2023-12-05 A delegation on <t TIME 2023-12-04TEV>Monday evening</t> held a meeting.");
    check("@2023-12-05 Talks are to resume on <t DATE 2023-12-08>Friday</t>.");
}

#[test]
fn relative_dates() {
    check("@2023-12-05 <t DATE 2023-12-05>Today</t>, <t DATE 2023-12-04>yesterday</t> and <t DATE 2023-12-06>tomorrow</t>.");
    // Names with "Today" in them are not dates.
    check("@2023-12-05 Africa Today News reports that USA Today and the Today Show agreed <t DATE 2023-12-05>today</t>.");
    check("@2023-12-05 It rose <t DATE 2023-W48>last week</t> and will fall <t DATE 2024>next year</t>.");
    check("@2023-12-05 He came <t DATE 2023-12-03>two days ago</t>, <t DATE 2023-12>earlier this month</t>.");
    check("@2023-12-05 Sales <t DATE 2023>this year</t> beat <t DATE 2022>the past year</t>.");
    check("@2023-12-05 We met <t TIME 2023-12-05TMO>this morning</t> and meet again <t TIME 2023-12-05TNI>tonight</t>.");
}

#[test]
fn times_seasons_quarters() {
    check("@2023-12-05 It starts at <t TIME 2023-12-05T10:00>10 a.m.</t> and ends at <t TIME 2023-12-05T14:00Z>14:00 GMT</t>.");
    check(
        "@2023-12-05 Profit rose in <t DATE 2023-Q3>the third quarter</t> after <t DATE 2023-SU>summer</t>.",
    );
    check("@none Every <t DATE XXXX-SU>summer</t> is hot.");
}

#[test]
fn durations_and_sets() {
    check("@2023-12-05 He served <t DURATION P3Y>three years</t> and <t DURATION P18M>18 months</t>.");
    check("@2023-12-05 It took <t DURATION P10Y>a decade</t> to build.");
    check("@2023-12-05 They meet <t SET P1W>every week</t> and report <t SET P1Y>annually</t>.");
}

#[test]
fn vague_references() {
    check("@2023-12-05 He <t DATE PAST_REF>recently</t> said that <t DATE PRESENT_REF>now</t> is the time.");
    check("@2023-12-05 It is <t DATE PRESENT_REF>currently</t> unclear what <t DATE FUTURE_REF>the future</t> holds.");
}

#[test]
fn datelines() {
    let text = "NIAMEY, Dec 4 (Reuters) - Niger's junta said.";
    let meta = Meta { published: Published::parse_iso("2023-12-05"), ..Meta::default() };
    let doc = Document::new(text.into(), meta).unwrap();
    let t = TimeTagger::new().tag(&doc);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].value.as_deref(), Some("2023-12-04"));
    assert_eq!(&*t[0].rule, "dateline");
}

#[test]
fn without_dct() {
    check("@none It happened on <t DATE XXXX-07-26>July 26</t> and <t DATE ->yesterday</t>, <t DATE 1998>1998</t>.");
    check("@none The army left on <t DATE XXXX-WXX-1>Monday</t>.");
}

#[test]
fn not_timexes() {
    check("@2023-12-05 You may go. They march on. He read the Sunday Times.");
    check("@2023-12-05 Some 1,500 troops and 2.4 percent growth; 2000 soldiers died.");
    check("@2023-12-05 The 6-year-old boy was found.");
}

#[test]
fn reference_article_sentences() {
    check("@2023-12-05 A Russian delegation led by the deputy defence minister on <t TIME 2023-12-04TEV>Monday evening</t> held a meeting.");
    check("@2023-12-05 Burkina Faso and Niger on <t DATE 2023-12-02>Saturday</t> joined Mali in quitting the G5.");
}

#[test]
fn precision_and_interval() {
    use crate::{interval, Precision};
    assert_eq!(Precision::of("2023-12-04TEV"), Precision::Time);
    assert_eq!(Precision::of("2023-12-04"), Precision::Day);
    assert_eq!(Precision::of("2023-W48"), Precision::Week);
    assert_eq!(Precision::of("2023-12"), Precision::Month);
    assert_eq!(Precision::of("2023-Q3"), Precision::Range);
    assert_eq!(Precision::of("2023"), Precision::Year);
    assert_eq!(Precision::of("199"), Precision::Decade);
    assert_eq!(Precision::of("P3Y"), Precision::Duration);
    assert_eq!(Precision::of("PAST_REF"), Precision::Reference);
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    assert_eq!(interval("2023-W48"), Some((d("2023-11-27"), d("2023-12-03"))));
    assert_eq!(interval("2023-Q3"), Some((d("2023-07-01"), d("2023-09-30"))));
    assert_eq!(interval("199"), Some((d("1990-01-01"), d("1999-12-31"))));
    assert_eq!(interval("2023-12-04TEV"), Some((d("2023-12-04"), d("2023-12-04"))));
    assert_eq!(interval("P3Y"), None);
}

#[test]
fn governing_timex_nearest_in_sentence() {
    let text = "On Monday the army left. Talks ended on Saturday in Niamey.";
    let meta = Meta { published: Published::parse_iso("2023-12-05"), ..Meta::default() };
    let mut doc = Document::new(text.into(), meta).unwrap();
    TimeTagger::new().run(&mut doc);
    let start = text.find("Talks ended").unwrap();
    let clause = doc.range(start, start + 11).unwrap();
    let (i, p) = crate::governing_timex(&doc, clause).unwrap();
    assert_eq!(doc.slice(doc.timexes[i].range), "Saturday");
    assert_eq!(p, crate::Precision::Day);
}

#[test]
fn scorer_counts() {
    use crate::score::{score, JsonTimex, Record};
    let t = |s, e, v: &str| JsonTimex {
        start: s,
        end: e,
        kind: Some("DATE".into()),
        value: Some(v.into()),
        text: None,
    };
    let gold =
        vec![Record { id: "a".into(), dct: None, text: None, timexes: vec![t(0, 5, "X"), t(10, 15, "Y")] }];
    let pred = vec![Record {
        id: "a".into(),
        dct: None,
        text: None,
        timexes: vec![t(0, 5, "X"), t(12, 20, "Z"), t(30, 31, "W")],
    }];
    let s = score(&gold, &pred).unwrap();
    assert_eq!((s.counts.strict, s.counts.relaxed, s.counts.value), (1, 2, 1));
    assert!((s.relaxed.f1 - 0.8).abs() < 1e-9);
}

#[test]
fn narrative_reference_time() {
    check("@1998-04-18 On <t DATE 1995-05-22>May 22, 1995</t>, he was promoted, and <t DATE 1996>the following year</t> he left.");
    check("@1989-11-02 Imports were $1 billion in <t DATE 1988>1988</t>, a small share of sales <t DATE 1988>that year</t>.");
    check(
        "@2000-01-28 He fled in <t DATE 1998-06>June 1998</t> and returned <t DATE 1998>later that year</t>.",
    );
    check("@2011-05-29 It will be final by <t DATE 2011-06-10>June 10</t>. If not agreed by <t DATE 2011-06-10>that time</t>, it ends.");
    check("@2000-02-24 He was held on <t DATE 2000-02-22>Feb. 22</t> and appeared in court <t TIME 2000-02-23TMO>the next morning</t>.");
    check("@1999-02-06 Nobody came. It was closed <t DATE 1999-02-06>that same day</t>.");
}

#[test]
fn month_with_relative_year() {
    check("@1998-02-19 But in <t DATE 1997-06>June last year</t>, and in <t DATE 1998-01>January this year</t>, it fell.");
    check("@2009-05-15 Franchises end after <t DATE 2010-10>October</t> of <t DATE 2010>next year</t>.");
}

#[test]
fn short_years() {
    check("@2008-10-27 Nikkei at lowest level since <t DATE 1982>'82</t>; rock'82 is a name.");
}

#[test]
fn weekday_tense_cues() {
    check("@1998-03-22 The peace process is set to resume <t DATE 1998-03-23>Monday</t> in Belfast.");
    check("@1989-10-30 The offer had been due to expire <t DATE 1989-10-27>Friday</t>.");
    check("@2000-01-07 They will appeal against <t DATE 2000-01-05>Wednesday</t>'s ruling.");
    check("@2000-04-03 The group might come as soon as <t DATE 2000-04-04>Tuesday</t>.");
    check("@2000-04-05 ''He will leave at dawn on <t DATE 2000-04-06>Thursday</t>,'' Castro said.");
    check("@2000-04-05 New Zealand said <t DATE 2000-03-31>Friday</t> it would act.");
}

#[test]
fn recent_units() {
    check(
        "@1989-10-30 Prices fell in <t DURATION PXM>recent months</t> and <t DATE PAST_REF>recent years</t>.",
    );
}

#[test]
fn halves_long_and_later() {
    check("@1998-02-27 It lasted <t DURATION P2Y6M>2 1/2 years</t>, then <t DURATION PT5H30M>five and a half hours</t>.");
    check("@1998-01-14 But <t DURATION PT1M30S>a minute and a half</t> later, and <t DURATION PT30M>half an hour</t> on, it fell.");
    check("@1989-10-30 <t DURATION P3D>Three days</t> later, the <t DURATION PXY>decades-long</t> feud and a <t DURATION P1D>day-long</t> meeting ended.");
    check("@1998-01-11 They will live without it for <t DURATION PXX>a while</t>.");
}

#[test]
fn not_durations() {
    check("@1998-02-13 It adds 700 seats a week, at $1.76 a year; a second group came. Iraq imports about three-quarters of its food.");
    check("@1998-02-13 James Baker said on \"This Week\" that Kopp, in his 30s, left.");
    check("@2009-05-15 The move comes <t DURATION P1D>a day</t> after the list.");
}

#[test]
fn week_of_and_last_date() {
    check("@2000-02-24 It may be resolved in a hearing <t DATE 2000-W10>the week of March 6</t>.");
    check("@1999-04-19 He was shot to death last <t DATE 1998-10-23>Oct. 23</t> at home.");
}

#[test]
fn year_earlier_follows_the_period() {
    check("@1989-10-26 Profit rose in <t DATE 1989-Q3>the third quarter</t> from <t DATE 1988-Q3>a year earlier</t>. For <t DATE 1989>1989</t>, sales rose from <t DATE 1988>a year earlier</t>.");
}

#[test]
fn conventions_from_the_gold() {
    // a weekday with morning or night is the day; evening keeps TEV
    check("@1998-08-08 A bomb ripped through a building next to the embassy <t DATE 1998-08-07>Friday morning</t>.");
    check("@1989-10-30 The offer expired <t TIME 1989-10-27TEV>Friday evening</t>.");
    // "the week" is some week of the year
    check("@1989-10-27 Stocks rose for <t DATE 1989-WXX>the week</t>.");
    // vague counts keep the direction of "ago"
    check("@1998-02-13 They might meet him <t DATE PAST_REF>several years ago</t>.");
    check("@1989-10-27 It will slow in <t DATE FUTURE_REF>coming months</t>.");
    // year-end as a point
    check("@1989-11-02 It will close by <t DATE 1989-12-31>year-end</t>; shares rose since <t DATE 1988-12-31>year-end</t>.");
    check("@1989-11-02 Sales rose in <t DATE 1989>the current fiscal year</t>.");
}

#[test]
fn nine_months_compare_with_the_year() {
    check("@1989-10-26 In <t DATE 1989-Q3>the third quarter</t> net rose. For <t DURATION P9M>the nine months</t>, net rose from <t DATE 1988>a year earlier</t>.");
}

#[test]
fn passive_infinitive_points_ahead() {
    check("@1998-03-04 Collins will be named commander for a mission in <t DATE 1998-12>December</t>.");
}
