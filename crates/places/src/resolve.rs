//! Toponym resolution: each mention's candidates ranked by a prior
//! (feature class, population, main name or alternate spelling) plus the
//! document's evidence (containment "Agadez, Niger", the countries and
//! first-level divisions other mentions resolve to, nearby places, the
//! dateline), with one sense per discourse.

use crate::gazetteer::{distance_km, EntryId, Gazetteer, Kind};
use crate::metonym::is_metonym;
use crate::normalize::normalize;
use crate::recognize::Mention;
use dateline_doc::{Document, Place};
use std::collections::HashMap;

// Weights, set by hand and checked on the LGL and TR-News dev sets.
/// Base score of a capital (`P.PPLC`).
const CAPITAL: f64 = 4.0;
/// Base score of a first-level division.
const ADMIN1: f64 = 5.0;
/// Per log10 of population.
const POPULATION: f64 = 0.8;
/// Penalty for a match on an alternate name.
const ALTERNATE: f64 = 2.5;
/// Another mention resolved in the same country: base, and per mention (up to 4).
const SAME_COUNTRY: (f64, f64) = (2.5, 0.5);
/// Another mention resolved in the same first-level division.
const SAME_ADMIN1: (f64, f64) = (2.5, 0.5);
/// Another mention resolved to a place within 80 km.
const NEARBY: f64 = 1.5;
/// Per unit of [`Support`] (what other mentions could be) in the same division.
const SUPPORT: f64 = 2.0;

/// The prior score of an entry: feature class and population, less for a
/// match on an alternate name.
pub fn prior(gaz: &Gazetteer, id: EntryId, alternate: bool) -> f64 {
    let pop = gaz.population(id) as f64;
    let base = match gaz.kind(id) {
        Kind::Continent | Kind::Country => 9.0,
        // the hand-written news regions are few and chosen: they win
        Kind::Region if gaz.geonameid(id).is_none() => 20.0,
        Kind::Region => 11.0,
        Kind::Admin1 => ADMIN1,
        Kind::Admin2 => 1.0,
        Kind::Capital => CAPITAL,
        Kind::City => 0.0,
        Kind::Other => -1.0,
    };
    base + POPULATION * (pop + 1.0).log10() - if alternate { ALTERNATE } else { 0.0 }
}

/// Candidates of `name` with their prior scores, best first (for
/// `dateline places NAME`).
pub fn ranked_candidates(gaz: &Gazetteer, name: &str) -> Vec<(crate::Candidate, f64)> {
    let mut v: Vec<_> = gaz
        .candidates(name)
        .into_iter()
        .map(|c| {
            let s = prior(gaz, c.id, c.alternate);
            (c, s)
        })
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v
}

/// US postal codes ("Springfield, IL"), matched only after a comma.
const US_POSTAL: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("DC", "District of Columbia"),
];

struct Cand {
    id: EntryId,
    prior: f64,
    bonus: f64,
}

struct Group {
    cands: Vec<Cand>,
    choice: usize,
    margin: f64,
}

/// Resolves `mentions` of `doc` to places (one per mention that has a
/// candidate), in mention order.
pub fn resolve(gaz: &Gazetteer, doc: &Document, mentions: &[Mention]) -> Vec<Place> {
    // groups: one sense per discourse
    let mut group_of: Vec<usize> = Vec::with_capacity(mentions.len());
    let mut keys: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for m in mentions {
        let g = *keys.entry(m.key.as_str()).or_insert_with(|| {
            let mut cands: Vec<Cand> = gaz
                .postings(&m.key)
                .map(|(id, alt)| Cand { id, prior: prior(gaz, id, alt), bonus: 0.0 })
                .collect();
            homonym_divisions(gaz, &mut cands);
            cands.sort_by(|a, b| b.prior.total_cmp(&a.prior));
            cands.truncate(300);
            groups.push(Group { cands, choice: 0, margin: 0.0 });
            groups.len() - 1
        });
        group_of.push(g);
    }
    containment(gaz, doc, mentions, &group_of, &mut groups);
    let support = Support::build(gaz, &groups);
    let dateline = dateline_place(gaz, doc);
    for _ in 0..4 {
        let ctx = Context::build(gaz, &groups, dateline);
        let mut changed = false;
        for (gi, g) in groups.iter_mut().enumerate() {
            let own = g.cands.get(g.choice).map(|c| c.id);
            let mut best = (f64::NEG_INFINITY, 0usize);
            let mut second = f64::NEG_INFINITY;
            for (ci, c) in g.cands.iter().enumerate() {
                let s = c.prior
                    + c.bonus
                    + ctx.score(gaz, c.id, own, gi)
                    + SUPPORT * support.score(gaz, c.id, gi);
                if s > best.0 {
                    second = best.0;
                    best = (s, ci);
                } else if s > second {
                    second = s;
                }
            }
            if best.1 != g.choice {
                changed = true;
                g.choice = best.1;
            }
            g.margin = if second.is_finite() { best.0 - second } else { 10.0 };
        }
        if !changed {
            break;
        }
    }
    let mut places = Vec::with_capacity(mentions.len());
    for (m, &gi) in mentions.iter().zip(&group_of) {
        let g = &groups[gi];
        let Some(c) = g.cands.get(g.choice) else { continue };
        let kind = gaz.kind(c.id);
        let (lat, lon) = gaz.point(c.id);
        let metonym = matches!(kind, Kind::Country | Kind::Capital) && is_metonym(doc, m);
        places.push(Place {
            range: m.range,
            name: gaz.name(c.id).to_string(),
            geonameid: gaz.geonameid(c.id),
            lat,
            lon,
            country: gaz.country_str(c.id).map(str::to_string),
            admin1: gaz.admin1_str(c.id).map(str::to_string),
            feature: gaz.feature_str(c.id).to_string(),
            confidence: (1.0 / (1.0 + (-g.margin).exp())) as f32,
            metonym,
        });
    }
    places
}

/// What the other mentions could be: each spreads one unit of weight over
/// the first-level divisions its candidates lie in, so "Athens" and
/// "Henderson County" back each other in Texas whatever is chosen.
struct Support {
    total: HashMap<([u8; 3], u16), f64>,
    own: Vec<HashMap<([u8; 3], u16), f64>>,
}

impl Support {
    fn build(gaz: &Gazetteer, groups: &[Group]) -> Support {
        let mut total: HashMap<([u8; 3], u16), f64> = HashMap::new();
        let mut own = Vec::with_capacity(groups.len());
        for g in groups {
            let mut set: HashMap<([u8; 3], u16), f64> = HashMap::new();
            for c in g.cands.iter().take(40) {
                let a1 = gaz.admin1_code(c.id);
                if a1 != 0 && gaz.kind(c.id) != Kind::Country {
                    set.insert((gaz.country_code(c.id), a1), 0.0);
                }
            }
            let n = set.len() as f64;
            for (k, v) in set.iter_mut() {
                *v = 1.0 / n;
                *total.entry(*k).or_default() += 1.0 / n;
            }
            own.push(set);
        }
        Support { total, own }
    }

    fn score(&self, gaz: &Gazetteer, id: EntryId, group: usize) -> f64 {
        let a1 = gaz.admin1_code(id);
        if a1 == 0 || gaz.kind(id) == Kind::Country {
            return 0.0;
        }
        let k = (gaz.country_code(id), a1);
        let all = self.total.get(&k).copied().unwrap_or(0.0);
        let mine = self.own.get(group).and_then(|m| m.get(&k)).copied().unwrap_or(0.0);
        (all - mine).min(3.0)
    }
}

/// The evidence other mentions give.
struct Context {
    countries: HashMap<[u8; 3], f64>,
    admin1s: HashMap<([u8; 3], u16), f64>,
    points: Vec<(usize, (f64, f64))>,
}

impl Context {
    fn build(gaz: &Gazetteer, groups: &[Group], dateline: Option<EntryId>) -> Context {
        let mut ctx = Context { countries: HashMap::new(), admin1s: HashMap::new(), points: Vec::new() };
        let chosen = groups.iter().enumerate().filter_map(|(i, g)| g.cands.get(g.choice).map(|c| (i, c.id)));
        for (gi, id) in chosen.chain(dateline.map(|d| (usize::MAX, d))) {
            let cc = gaz.country_code(id);
            if cc != [0; 3] {
                *ctx.countries.entry(cc).or_default() += 1.0;
            }
            let a1 = gaz.admin1_code(id);
            if a1 != 0 && gaz.kind(id) != Kind::Country {
                *ctx.admin1s.entry((cc, a1)).or_default() += 1.0;
            }
            if matches!(gaz.kind(id), Kind::City | Kind::Capital | Kind::Admin2) {
                ctx.points.push((gi, gaz.point(id)));
            }
        }
        ctx
    }

    fn score(&self, gaz: &Gazetteer, id: EntryId, own: Option<EntryId>, group: usize) -> f64 {
        let cc = gaz.country_code(id);
        let a1 = gaz.admin1_code(id);
        let kind = gaz.kind(id);
        let mut s = 0.0;
        if cc != [0; 3] {
            let mut n = self.countries.get(&cc).copied().unwrap_or(0.0);
            if own.is_some_and(|o| gaz.country_code(o) == cc) {
                n -= 1.0;
            }
            if n > 0.0 {
                s += SAME_COUNTRY.0 + SAME_COUNTRY.1 * n.min(4.0);
            }
        }
        if a1 != 0 && kind != Kind::Country {
            let mut n = self.admin1s.get(&(cc, a1)).copied().unwrap_or(0.0);
            if own.is_some_and(|o| {
                gaz.country_code(o) == cc && gaz.admin1_code(o) == a1 && gaz.kind(o) != Kind::Country
            }) {
                n -= 1.0;
            }
            if n > 0.0 {
                s += SAME_ADMIN1.0 + SAME_ADMIN1.1 * n.min(4.0);
            }
        }
        if matches!(kind, Kind::City | Kind::Capital | Kind::Admin2) {
            let p = gaz.point(id);
            if self.points.iter().any(|(g, q)| *g != group && distance_km(p, *q) < 80.0) {
                s += NEARBY;
            }
        }
        s
    }
}

/// A first-level division named like a city of its own country that is
/// its capital or a large share of its people ("Alexandria" governorate
/// and city, "Washington" state and the capital) gives way to the city.
fn homonym_divisions(gaz: &Gazetteer, cands: &mut [Cand]) {
    let cities: Vec<(EntryId, bool)> = cands
        .iter()
        .filter(|c| matches!(gaz.kind(c.id), Kind::City | Kind::Capital))
        .map(|c| (c.id, gaz.kind(c.id) == Kind::Capital))
        .collect();
    for c in cands.iter_mut().filter(|c| gaz.kind(c.id) == Kind::Admin1) {
        let cc = gaz.country_code(c.id);
        let pop = gaz.population(c.id) as f64;
        if cities.iter().any(|&(city, capital)| {
            gaz.country_code(city) == cc && (capital || gaz.population(city) as f64 >= 0.2 * pop)
        }) {
            c.prior -= 6.0;
        }
    }
}

/// True when entry `outer` contains entry `inner` (same country for a
/// country, same first-level division for an ADM1).
fn contains(gaz: &Gazetteer, outer: EntryId, inner: EntryId) -> bool {
    if outer == inner {
        return false;
    }
    let same_country =
        gaz.country_code(outer) == gaz.country_code(inner) && gaz.country_code(inner) != [0; 3];
    match gaz.kind(outer) {
        Kind::Country => same_country,
        Kind::Admin1 => {
            same_country
                && gaz.admin1_code(outer) == gaz.admin1_code(inner)
                && gaz.kind(inner) != Kind::Country
        }
        Kind::Admin2 => {
            same_country
                && gaz.admin1_code(outer) == gaz.admin1_code(inner)
                && matches!(gaz.kind(inner), Kind::City | Kind::Capital)
                && distance_km(gaz.point(outer), gaz.point(inner)) < 60.0
        }
        _ => false,
    }
}

/// "Agadez, Niger", "Springfield, Ill.", "Paris, TX": the second name
/// contains the first; both get a bonus on the candidates that fit.
fn containment(
    gaz: &Gazetteer,
    doc: &Document,
    mentions: &[Mention],
    group_of: &[usize],
    groups: &mut [Group],
) {
    const BONUS: f64 = 8.0;
    for (mi, m) in mentions.iter().enumerate() {
        let comma = m.tokens.end;
        if m.tokens.is_empty() || doc.tokens.get(comma).map(|t| doc.slice(t.range)) != Some(",") {
            continue;
        }
        let next = comma + 1;
        let inner = group_of[mi];
        // an explicit container mention
        let outer_ids: Vec<EntryId>;
        let outer_group = mentions.get(mi + 1).filter(|n| n.tokens.start == next).map(|_| group_of[mi + 1]);
        if let Some(og) = outer_group {
            outer_ids = groups[og].cands.iter().map(|c| c.id).collect();
        } else if let Some(t) = doc.tokens.get(next) {
            let w = doc.slice(t.range);
            match US_POSTAL.iter().find(|(code, _)| *code == w) {
                Some((_, state)) => {
                    outer_ids = gaz
                        .postings(&normalize(state))
                        .filter(|(id, _)| gaz.kind(*id) == Kind::Admin1)
                        .map(|p| p.0)
                        .collect();
                }
                None => continue,
            }
        } else {
            continue;
        }
        if outer_group == Some(inner) {
            continue;
        }
        let mut hit_outer = Vec::new();
        for c in groups[inner].cands.iter_mut() {
            if let Some(o) = outer_ids.iter().find(|o| contains(gaz, **o, c.id)) {
                c.bonus += BONUS;
                hit_outer.push(*o);
            }
        }
        if let Some(og) = outer_group {
            for c in groups[og].cands.iter_mut() {
                if hit_outer.contains(&c.id) {
                    c.bonus += BONUS / 2.0;
                }
            }
        }
    }
}

/// The dateline place (`doc.meta.dateline_place`, "NIAMEY" or
/// "Springfield, Ill."), resolved by prior and containment.
fn dateline_place(gaz: &Gazetteer, doc: &Document) -> Option<EntryId> {
    let d = doc.meta.dateline_place.as_deref()?;
    let mut parts = d.split(',');
    let first = normalize(parts.next()?);
    let outer: Vec<EntryId> =
        parts.next().map(|p| gaz.postings(&normalize(p)).map(|x| x.0).collect()).unwrap_or_default();
    gaz.postings(&first)
        .map(|(id, alt)| {
            let fit = outer.iter().any(|o| contains(gaz, *o, id));
            (id, prior(gaz, id, alt) + if fit { 8.0 } else { 0.0 })
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|x| x.0)
}
