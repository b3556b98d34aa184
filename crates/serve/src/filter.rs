//! Query parameters of event listings and their checks; the condition of
//! one actor on one side (dyads).

use crate::{ApiError, MAX_LIMIT, MAX_OFFSET};
use dateline_store::{EventFilter, Side};
use rusqlite::types::Value;
use serde::Deserialize;

/// The event filters of `/events`, `/stats` and `/export`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventParams {
    pub actor: Option<String>,
    pub side: Option<String>,
    pub other: Option<String>,
    pub cameo: Option<String>,
    pub plover: Option<String>,
    pub quadclass: Option<u8>,
    pub modality: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub place: Option<String>,
    pub bbox: Option<String>,
    pub q: Option<String>,
    pub article: Option<i64>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    pub sort: Option<String>,
    /// Keyset paging: the `next` cursor of the previous page.
    pub after: Option<String>,
    /// Whether to count the matches (default false: counting can cost a scan).
    pub total: Option<bool>,
    /// Export format.
    pub format: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_day(name: &str, s: &Option<String>) -> Result<Option<jiff::civil::Date>, ApiError> {
    match nonempty(s) {
        None => Ok(None),
        Some(v) => jiff::civil::Date::strptime("%Y-%m-%d", &v)
            .map(Some)
            .map_err(|_| ApiError::bad_param(format!("{name}: expected a date YYYY-MM-DD, got {v:?}"))),
    }
}

/// Checks `limit` (default `default`, at most [`MAX_LIMIT`]) and `offset`.
pub(crate) fn paging(limit: Option<u32>, offset: Option<u32>, default: u32) -> Result<(u32, u32), ApiError> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_param(format!("limit: must be 1..={MAX_LIMIT}, got {limit}")));
    }
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::bad_param(format!(
            "offset: at most {MAX_OFFSET} (narrow the filters instead)"
        )));
    }
    Ok((limit, offset))
}

/// How to order an event listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    /// Newest day first (the store's order).
    DayDesc,
    DayAsc,
    MentionsDesc,
    GoldsteinAsc,
    GoldsteinDesc,
}

impl Sort {
    fn parse(s: Option<&str>) -> Result<Sort, ApiError> {
        Ok(match s.unwrap_or("-day") {
            "-day" | "" => Sort::DayDesc,
            "day" => Sort::DayAsc,
            "-mentions" => Sort::MentionsDesc,
            "goldstein" => Sort::GoldsteinAsc,
            "-goldstein" => Sort::GoldsteinDesc,
            other => {
                return Err(ApiError::bad_param(format!(
                    "sort: one of -day, day, -mentions, goldstein, -goldstein; got {other:?}"
                )))
            }
        })
    }

    pub(crate) fn order_by(self) -> &'static str {
        match self {
            Sort::DayDesc => "e.day DESC, e.id",
            Sort::DayAsc => "e.day, e.id DESC",
            Sort::MentionsDesc => "e.n_mentions DESC, e.day DESC, e.id",
            Sort::GoldsteinAsc => "e.goldstein, e.day DESC, e.id",
            Sort::GoldsteinDesc => "e.goldstein DESC, e.day DESC, e.id",
        }
    }
}

/// Checked event parameters.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub filter: EventFilter,
    pub sort: Sort,
    pub total: bool,
    pub after: Option<dateline_store::EventCursor>,
}

impl EventParams {
    /// Checks the parameters; `default_limit` when `limit` is not given.
    pub(crate) fn check(&self, default_limit: u32) -> Result<Checked, ApiError> {
        let (limit, offset) = paging(self.limit, self.offset, default_limit)?;
        let side = match self.side.as_deref().unwrap_or("either") {
            "source" => Side::Source,
            "target" => Side::Target,
            "either" | "" => Side::Either,
            other => {
                return Err(ApiError::bad_param(format!(
                    "side: one of source, target, either; got {other:?}"
                )))
            }
        };
        if let Some(q) = self.quadclass {
            if !(1..=4).contains(&q) {
                return Err(ApiError::bad_param(format!("quadclass: 1 to 4, got {q}")));
            }
        }
        if let Some(m) = nonempty(&self.modality) {
            if !["asserted", "negated", "future", "hypothetical"].contains(&m.to_lowercase().as_str()) {
                return Err(ApiError::bad_param(format!(
                    "modality: one of asserted, negated, future, hypothetical; got {m:?}"
                )));
            }
        }
        let bbox = match nonempty(&self.bbox) {
            None => None,
            Some(b) => Some(parse_bbox(&b)?),
        };
        let other = nonempty(&self.other);
        let actor = nonempty(&self.actor);
        if other.is_some() && actor.is_none() {
            return Err(ApiError::bad_param("other: needs actor too (a dyad)"));
        }
        let filter = EventFilter {
            actor,
            side,
            other,
            cameo: nonempty(&self.cameo),
            plover: nonempty(&self.plover),
            quadclass: self.quadclass,
            modality: nonempty(&self.modality),
            since: parse_day("since", &self.since)?,
            until: parse_day("until", &self.until)?,
            place: nonempty(&self.place),
            bbox,
            text: nonempty(&self.q),
            article: self.article,
            limit: Some(limit),
            offset,
        };
        let sort = Sort::parse(self.sort.as_deref())?;
        let after = match nonempty(&self.after) {
            None => None,
            Some(a) => {
                if !matches!(sort, Sort::DayDesc | Sort::DayAsc) {
                    return Err(ApiError::bad_param("after: only with sort=-day or sort=day"));
                }
                if offset > 0 {
                    return Err(ApiError::bad_param("after: not with offset (a cursor replaces it)"));
                }
                Some(dateline_store::EventCursor::parse(&a).ok_or_else(|| {
                    ApiError::bad_param(format!("after: expected a cursor DAY_ID from `next`, got {a:?}"))
                })?)
            }
        };
        Ok(Checked { filter, sort, total: self.total.unwrap_or(false), after })
    }
}

fn parse_bbox(s: &str) -> Result<[f64; 4], ApiError> {
    let bad = || ApiError::bad_param(format!("bbox: expected minLon,minLat,maxLon,maxLat, got {s:?}"));
    let v: Vec<f64> =
        s.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    let [a, b, c, d] = <[f64; 4]>::try_from(v).map_err(|_| bad())?;
    let ok = a.is_finite() && b.is_finite() && c.is_finite() && d.is_finite() && a <= c && b <= d;
    if !ok {
        return Err(bad());
    }
    Ok([a, b, c, d])
}

/// The condition for one actor (country, CAMEO code prefix or KB id) on
/// one side, as the store reads it.
pub(crate) fn actor_sql(side: &str, value: &str, args: &mut Vec<Value>) -> String {
    args.push(Value::Text(value.to_owned()));
    let a = args.len();
    args.push(Value::Text(format!("{}%", like_escape(value))));
    let b = args.len();
    // Code prefixes count at whole three-letter parts, as in the store.
    if value.len() % 3 == 0 {
        format!("(e.{side}_country = ?{a} OR e.{side}_code LIKE ?{b} ESCAPE '\\' OR e.{side}_kb = ?{a})")
    } else {
        format!("(e.{side}_country = ?{a} OR e.{side}_kb = ?{a} OR ?{b} IS NULL)")
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_checked() {
        let p = EventParams { limit: Some(5000), ..Default::default() };
        assert!(p.check(100).is_err());
        let p = EventParams { quadclass: Some(7), ..Default::default() };
        assert!(p.check(100).is_err());
        let p = EventParams { bbox: Some("1,2,3".into()), ..Default::default() };
        assert!(p.check(100).is_err());
        let p = EventParams {
            bbox: Some("0,10,5,15".into()),
            since: Some("2023-12-01".into()),
            ..Default::default()
        };
        let c = p.check(100).unwrap();
        assert_eq!(c.filter.bbox, Some([0.0, 10.0, 5.0, 15.0]));
        assert_eq!(c.filter.limit, Some(100));
        let p = EventParams { since: Some("yesterday".into()), ..Default::default() };
        assert!(p.check(100).is_err());
    }

    #[test]
    fn like_patterns_are_escaped() {
        let mut args = Vec::new();
        let sql = actor_sql("source", "R_S%XY", &mut args);
        assert!(sql.contains("ESCAPE"));
        assert_eq!(args[1], Value::Text("R\\_S\\%XY%".into()));
    }
}
