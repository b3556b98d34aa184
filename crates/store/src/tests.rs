use super::*;
use dateline_doc::{BlockKind, TextRange};

const MEETING: &str = "A Russian delegation led by the deputy defence minister on Monday evening held a meeting \
    with Niger's military leaders in Niamey, Nigerien authorities confirmed, with the two countries agreeing to \
    strengthen military cooperation. The delegation led by Colonel-General Yunus-Bek Yevkurov was hosted for talks \
    by the head of Niger's military government General Abdourahamane Tiani.";

const RATES: &str =
    "The central bank raised interest rates by half a percentage point on Thursday, its fourth \
    increase this year, as inflation stayed well above target and wages rose faster than expected.";

fn doc(origin: &str, title: &str, body: &str, day: &str) -> NewArticle {
    let text = format!("{title}\n\n{body}");
    let meta = Meta {
        origin: origin.into(),
        title: Some(title.into()),
        published: Published::parse_iso(day),
        source: Some("Africa Today News".into()),
        language: Some("en".into()),
        authors: vec!["A. Writer".into()],
        ..Meta::default()
    };
    let mut d = Document::new(text, meta).unwrap();
    let h = title.len();
    d.blocks.push(Block { range: d.range(0, h).unwrap(), kind: BlockKind::Headline });
    d.blocks.push(Block { range: d.range(h + 2, d.text().len()).unwrap(), kind: BlockKind::Paragraph });
    d.boilerplate.push(Boilerplate { text: "Leave a Reply".into(), reason: "comment-form".into() });
    NewArticle::new(d)
}

#[test]
fn new_duplicate_and_copy() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let a = doc("a.txt", "Russia and Niger", MEETING, "2023-12-05");
    let out = store.put_batch(&[a.clone(), a.clone()]).unwrap();
    let PutOutcome::New { id, story_id, near_duplicate_of: None } = out[0] else { panic!("{out:?}") };
    assert_eq!(id, story_id);
    assert_eq!(out[1], PutOutcome::Duplicate { id, new_copy: false });
    // The same text read from another file is recorded as a copy, once.
    let mut b = a.clone();
    b.doc.meta.origin = "b.txt".into();
    assert_eq!(store.put_batch(&[b.clone()]).unwrap(), vec![PutOutcome::Duplicate { id, new_copy: true }]);
    assert_eq!(store.put_batch(&[b]).unwrap(), vec![PutOutcome::Duplicate { id, new_copy: false }]);
    assert_eq!(store.count_articles().unwrap(), 1);
    let stored = store.article(id).unwrap().unwrap();
    assert_eq!(stored.copies, ["a.txt", "b.txt"]);
}

#[test]
fn near_duplicates_share_a_story() {
    let mut store = Store::open_in_memory().unwrap();
    let original = doc("wire.html", "Russia and Niger", MEETING, "2023-12-05");
    let republished = doc(
        "blog.html",
        "Russian officials storm Niger",
        &format!("{MEETING} Follow us for more news from the Sahel region every day."),
        "2023-12-05",
    );
    let other = doc("rates.html", "Rates up", RATES, "2023-12-06");
    let out = store.put_batch(&[original, republished, other]).unwrap();
    let PutOutcome::New { id: first, .. } = out[0] else { panic!() };
    assert_eq!(out[1], PutOutcome::New { id: first + 1, story_id: first, near_duplicate_of: Some(first) });
    let PutOutcome::New { story_id: rates_story, near_duplicate_of: None, .. } = out[2] else {
        panic!("{out:?}")
    };
    assert_ne!(rates_story, first);
    assert_eq!(store.count_articles().unwrap(), 3);
    assert_eq!(store.count_stories().unwrap(), 2);
}

#[test]
fn round_trip_keeps_text_meta_and_layers() {
    let mut store = Store::open_in_memory().unwrap();
    let a = doc("a.txt", "Niger’s junta meets Russia", MEETING, "2023-12-05T10:30:00+01:00");
    let PutOutcome::New { id, .. } = store.put_batch(std::slice::from_ref(&a)).unwrap()[0] else { panic!() };
    let back = store.article(id).unwrap().unwrap();
    assert_eq!(back.doc.text(), a.doc.text());
    assert_eq!(back.doc.meta, a.doc.meta);
    assert_eq!(back.doc.blocks, a.doc.blocks);
    assert_eq!(back.doc.boilerplate, a.doc.boilerplate);
    assert_eq!(back.doc.body(), MEETING);
    assert!(store.article(id + 100).unwrap().is_none());
    let r = back.doc.blocks[0].range;
    assert_eq!(back.doc.slice(r), "Niger’s junta meets Russia");
    assert_eq!(TextRange::checked(back.doc.text(), 0, 3).unwrap().len(), 3);
}

#[test]
fn filters() {
    let mut store = Store::open_in_memory().unwrap();
    let mut rates = doc("rates.txt", "Rates up", RATES, "2023-12-07");
    rates.doc.meta.source = Some("Wire".into());
    rates.doc.meta.language = Some("fr".into());
    store
        .put_batch(&[doc("a.txt", "Russia and Niger", MEETING, "2023-12-05"), rates, {
            let mut undated = doc("u.txt", "Undated", "Something happened somewhere today.", "");
            undated.doc.meta.published = None;
            undated
        }])
        .unwrap();
    let titles = |f: ArticleFilter| -> Vec<String> {
        store.articles(&f).unwrap().into_iter().filter_map(|a| a.title).collect()
    };
    assert_eq!(titles(ArticleFilter::default()), ["Rates up", "Russia and Niger", "Undated"]);
    let day = |s: &str| Some(s.parse::<jiff::civil::Date>().unwrap());
    assert_eq!(titles(ArticleFilter { since: day("2023-12-06"), ..Default::default() }), ["Rates up"]);
    assert_eq!(
        titles(ArticleFilter { until: day("2023-12-06"), ..Default::default() }),
        ["Russia and Niger"]
    );
    assert_eq!(titles(ArticleFilter { source: Some("wire".into()), ..Default::default() }), ["Rates up"]);
    assert_eq!(titles(ArticleFilter { language: Some("FR".into()), ..Default::default() }), ["Rates up"]);
    assert_eq!(
        titles(ArticleFilter { words: Some("yevkurov NIAMEY".into()), ..Default::default() }),
        ["Russia and Niger"]
    );
    // FTS syntax in user input is quoted, not interpreted.
    assert!(titles(ArticleFilter { words: Some("Niamey OR rates".into()), ..Default::default() }).is_empty());
    assert_eq!(
        titles(ArticleFilter { limit: Some(1), offset: 1, ..Default::default() }),
        ["Russia and Niger"]
    );
}

#[test]
fn reopening_keeps_data_and_refuses_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut store = Store::open(&path).unwrap();
        let run = store.begin_run(&["a.txt".into()]).unwrap();
        store.put_batch(&[doc("a.txt", "Russia and Niger", MEETING, "2023-12-05")]).unwrap();
        store.record_failures(run, &[("bad.gz".into(), "truncated gzip".into())]).unwrap();
        store.finish_run(run, &RunTotals { n_read: 1, n_new: 1, n_duplicate: 0, n_failed: 1 }).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_articles().unwrap(), 1);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    assert!(matches!(Store::open(&path), Err(Error::TooNew { .. })));
}

#[test]
fn failed_batch_leaves_store_unchanged() {
    let mut store = Store::open_in_memory().unwrap();
    store.put_batch(&[doc("a.txt", "Russia and Niger", MEETING, "2023-12-05")]).unwrap();
    // A trigger makes the second article of the batch fail midway.
    store.conn.execute_batch("CREATE TRIGGER boom BEFORE INSERT ON article_copies WHEN NEW.origin = 'boom.txt' BEGIN SELECT RAISE(ABORT, 'boom'); END;").unwrap();
    let batch = [
        doc("r.txt", "Rates up", RATES, "2023-12-06"),
        doc("boom.txt", "Other", "Another story entirely about rain in the hills.", "2023-12-06"),
    ];
    assert!(store.put_batch(&batch).is_err());
    assert_eq!(store.count_articles().unwrap(), 1, "the batch's first article must be rolled back");
}

/// A meeting event coded by hand on `doc`'s text, as the event stage would.
fn with_meeting_event(mut a: NewArticle, place_name: &str) -> NewArticle {
    use dateline_doc::{DateBasis, Event, EventActor, EventDate, Layer, Layers, Modality, Place, Plover};
    let d = &mut a.doc;
    let text = d.text().to_owned();
    let find = |s: &str| {
        let i = text.find(s).unwrap();
        TextRange::checked(&text, i, i + s.len()).unwrap()
    };
    let side = |s: &str, code: &str, country: &str| EventActor {
        mention: None,
        range: find(s),
        code: code.into(),
        country: Some(country.into()),
        kb_id: Some(format!("country:{country}")),
        text: s.into(),
    };
    d.places.push(Place {
        range: find(place_name),
        name: place_name.into(),
        geonameid: Some(2440485),
        lat: 13.5137,
        lon: 2.1098,
        country: Some("NER".into()),
        admin1: Some("Niamey".into()),
        feature: "P.PPLC".into(),
        confidence: 0.9,
        metonym: false,
    });
    d.events.push(Event {
        cameo: "043".into(),
        goldstein: 2.8,
        quadclass: 1,
        plover: Plover { kind: "CONSULT".into(), mode: Some("visit".into()), context: None },
        source: Some(side("Russian delegation", "RUSGOV", "RUS")),
        target: Some(side("Niger's military leaders", "NERGOVMIL", "NER")),
        reciprocal: true,
        trigger: find("held a meeting"),
        sentence: 0,
        evidence: vec![find("held a meeting")],
        modality: Modality::Asserted,
        attribution: None,
        date: Some(EventDate {
            value: "2023-12-04TEV".into(),
            precision: "time".into(),
            timex: None,
            basis: DateBasis::Timex,
        }),
        place: Some(0),
        rule: "test:meet".into(),
        merged: Vec::new(),
        confidence: 1.0,
    });
    d.mark_assigned(Layers::of(&[Layer::Events, Layer::Places]));
    a
}

#[test]
fn events_are_stored_merged_across_articles_and_filtered() {
    let mut store = Store::open_in_memory().unwrap();
    let a = with_meeting_event(doc("a.txt", "Russia and Niger", MEETING, "2023-12-05"), "Niamey");
    let mut b = with_meeting_event(doc("b.txt", "Russians in Niamey", MEETING, "2023-12-05"), "Niamey");
    b.doc.meta.source = Some("Another Wire".into());
    let out = store.put_batch(&[a, b]).unwrap();
    assert!(out.iter().all(|o| matches!(o, PutOutcome::New { .. })), "{out:?}");
    let all = store.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 1, "the same meeting from two articles is one event");
    let e = &all[0];
    assert_eq!((e.n_mentions, e.n_articles, e.n_sources), (2, 2, 2));
    assert_eq!(e.day.as_deref(), Some("2023-12-04"));
    assert_eq!(e.place.as_ref().map(|p| (p.name.as_str(), p.precision.as_str())), Some(("Niamey", "point")));
    let filter = |f: EventFilter| store.count_events(&f).unwrap();
    assert_eq!(
        filter(EventFilter { actor: Some("RUS".into()), side: Side::Source, ..Default::default() }),
        1
    );
    assert_eq!(
        filter(EventFilter { actor: Some("RUS".into()), side: Side::Target, ..Default::default() }),
        0
    );
    assert_eq!(
        filter(EventFilter { actor: Some("NER".into()), other: Some("RUS".into()), ..Default::default() }),
        1
    );
    assert_eq!(filter(EventFilter { cameo: Some("04".into()), ..Default::default() }), 1);
    assert_eq!(filter(EventFilter { cameo: Some("19".into()), ..Default::default() }), 0);
    assert_eq!(
        filter(EventFilter { plover: Some("consult".into()), quadclass: Some(1), ..Default::default() }),
        1
    );
    let day = |s: &str| jiff::civil::Date::strptime("%Y-%m-%d", s).ok();
    assert_eq!(filter(EventFilter { since: day("2023-12-05"), ..Default::default() }), 0);
    assert_eq!(filter(EventFilter { bbox: Some([0.0, 10.0, 5.0, 15.0]), ..Default::default() }), 1);
    assert_eq!(filter(EventFilter { bbox: Some([30.0, 50.0, 40.0, 60.0]), ..Default::default() }), 0);
    assert_eq!(filter(EventFilter { place: Some("niamey".into()), ..Default::default() }), 1);
    assert_eq!(filter(EventFilter { text: Some("Yevkurov".into()), ..Default::default() }), 1);
    let (event, mentions) = store.event(e.id).unwrap().unwrap();
    assert_eq!(event.cameo, "043");
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[0].event.rule, "test:meet");
    // The article keeps its layers.
    let stored = store.article(mentions[0].article_id).unwrap().unwrap();
    assert_eq!(stored.doc.events.len(), 1);
    assert_eq!(stored.doc.places[0].geonameid, Some(2440485));
}

/// Many varied events (codes, sides, days, places), for comparing the
/// indexed listings with a plain scan.
fn varied_store() -> Store {
    use dateline_doc::{Event, EventActor, Layer, Layers, Modality, Place, Plover};
    let mut store = Store::open_in_memory().unwrap();
    let actors = [("RUSGOV", "RUS"), ("NERGOVMIL", "NER"), ("USA", "USA"), ("FRAMIL", "FRA"), ("", "NER")];
    let places = [("Niamey", "NER", 13.5, 2.1), ("Moscow", "RUS", 55.7, 37.6), ("Paris", "FRA", 48.8, 2.3)];
    let codes = [("043", 1, "CONSULT"), ("190", 4, "ASSAULT"), ("0431", 1, "CONSULT"), ("112", 3, "ACCUSE")];
    let mut batch = Vec::new();
    for i in 0..90usize {
        let day = if i % 17 == 5 { String::new() } else { format!("2023-12-{:02}", 1 + i % 9) };
        let mut a = doc(&format!("v{i}.txt"), &format!("Story {i}"), &format!("{MEETING} Item {i}."), &day);
        let d = &mut a.doc;
        let text = d.text().to_owned();
        let find = |s: &str| {
            let i = text.find(s).unwrap();
            TextRange::checked(&text, i, i + s.len()).unwrap()
        };
        let side = |k: usize, s: &str| {
            let (code, country) = actors[k % actors.len()];
            EventActor {
                mention: None,
                range: find(s),
                code: code.into(),
                country: Some(country.into()),
                kb_id: (k % 2 == 0).then(|| format!("country:{country}")),
                text: s.into(),
            }
        };
        let (name, country, lat, lon) = places[i % places.len()];
        d.places.push(Place {
            range: find("Niamey"),
            name: name.into(),
            geonameid: None,
            lat: lat + (i % 5) as f64 * 0.1,
            lon,
            country: Some(country.into()),
            admin1: None,
            feature: "P.PPL".into(),
            confidence: 0.9,
            metonym: false,
        });
        let (cameo, quadclass, plover) = codes[i % codes.len()];
        d.events.push(Event {
            cameo: cameo.into(),
            goldstein: 1.0,
            quadclass,
            plover: Plover { kind: plover.into(), mode: None, context: None },
            source: Some(side(i, "Russian delegation")),
            target: (i % 7 != 3).then(|| side(i / 3 + 1, "Niger's military leaders")),
            reciprocal: false,
            trigger: find("held a meeting"),
            sentence: 0,
            evidence: vec![find("held a meeting")],
            modality: if i % 11 == 0 { Modality::Negated } else { Modality::Asserted },
            attribution: None,
            date: None,
            place: (i % 4 != 2).then_some(0),
            rule: "test:varied".into(),
            merged: Vec::new(),
            confidence: 1.0,
        });
        d.mark_assigned(Layers::of(&[Layer::Events, Layer::Places]));
        batch.push(a);
    }
    store.put_batch(&batch).unwrap();
    store
}

#[test]
fn indexed_listings_match_a_plain_scan() {
    let store = varied_store();
    let day = |s: &str| jiff::civil::Date::strptime("%Y-%m-%d", s).ok();
    let s = |v: &str| Some(v.to_owned());
    let filters = vec![
        EventFilter::default(),
        EventFilter { actor: s("RUS"), ..Default::default() },
        EventFilter { actor: s("rus"), ..Default::default() },
        EventFilter { actor: s("NER"), side: Side::Target, ..Default::default() },
        EventFilter { actor: s("RUSGOV"), side: Side::Source, ..Default::default() },
        EventFilter { actor: s("country:USA"), ..Default::default() },
        EventFilter { actor: s("RUS"), other: s("NER"), ..Default::default() },
        EventFilter { actor: s("NER"), other: s("NER"), ..Default::default() },
        EventFilter { cameo: s("04"), ..Default::default() },
        EventFilter { cameo: s("0431"), ..Default::default() },
        EventFilter { cameo: s("1"), ..Default::default() },
        EventFilter { quadclass: Some(4), since: day("2023-12-03"), ..Default::default() },
        EventFilter { plover: s("consult"), until: day("2023-12-05"), ..Default::default() },
        EventFilter { modality: s("negated"), ..Default::default() },
        EventFilter { place: s("niamey"), ..Default::default() },
        EventFilter { place: s("RUS"), actor: s("FRA"), ..Default::default() },
        EventFilter { bbox: Some([0.0, 10.0, 5.0, 15.0]), ..Default::default() },
        EventFilter { bbox: Some([0.0, 13.55, 5.0, 49.0]), ..Default::default() },
        EventFilter { bbox: Some([2.2, 10.0, 40.0, 60.0]), since: day("2023-12-04"), ..Default::default() },
        EventFilter { bbox: Some([-180.0, -90.0, 180.0, 90.0]), quadclass: Some(1), ..Default::default() },
        EventFilter { since: day("2023-12-02"), until: day("2023-12-04"), ..Default::default() },
        EventFilter { text: s("Yevkurov"), actor: s("USA"), ..Default::default() },
        EventFilter { article: Some(3), ..Default::default() },
    ];
    for f in filters {
        for order in [DayOrder::NewestFirst, DayOrder::OldestFirst] {
            let mut args = vec![rusqlite::types::Value::Null];
            let cond = events::conditions(&f, &mut args);
            let cond = if cond.is_empty() { "1".to_owned() } else { cond };
            let by = match order {
                DayOrder::NewestFirst => "e.day DESC, e.id",
                DayOrder::OldestFirst => "e.day, e.id DESC",
            };
            let sql = format!("SELECT e.id FROM events e WHERE ?1 IS NULL AND {cond} ORDER BY {by}");
            let mut stmt = store.conn.prepare(&sql).unwrap();
            let want: Vec<i64> = stmt
                .query_map(rusqlite::params_from_iter(args), |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let got: Vec<i64> =
                store.events_page(&f, order, None).unwrap().events.iter().map(|e| e.id).collect();
            assert_eq!(got, want, "{f:?} {order:?}");
            assert_eq!(store.count_events(&f).unwrap(), want.len() as u64, "{f:?}");
            let (n, exact) = store.count_events_capped(&f, 5).unwrap();
            assert_eq!((n, exact), ((want.len() as u64).min(5), want.len() <= 5), "{f:?}");
            // Keyset pages and offset pages give the same listing.
            let (mut paged, mut cursor, mut offset_paged) = (Vec::new(), None, Vec::new());
            loop {
                let page = EventFilter { limit: Some(7), ..f.clone() };
                let p = store.events_page(&page, order, cursor.as_ref()).unwrap();
                paged.extend(p.events.iter().map(|e| e.id));
                let Some(next) = p.next else { break };
                cursor = EventCursor::parse(&next.encode());
                assert!(cursor.is_some());
            }
            for k in 0.. {
                let page = EventFilter { limit: Some(7), offset: 7 * k, ..f.clone() };
                let p = store.events_page(&page, order, None).unwrap();
                offset_paged.extend(p.events.iter().map(|e| e.id));
                if p.events.len() < 7 {
                    break;
                }
            }
            assert_eq!(paged, want, "keyset {f:?} {order:?}");
            assert_eq!(offset_paged, want, "offset {f:?} {order:?}");
        }
    }
    let all = store.events(&EventFilter::default()).unwrap().len() as u64;
    assert!(all > 50);
    assert_eq!(store.count_all_events().unwrap(), all, "key_counts holds every event under `*`");
    let keys = store.keys_with_prefix("s:", 100).unwrap();
    assert!(keys.iter().any(|(k, n)| k == "s:RUS" && *n > 0), "{keys:?}");
    assert!(keys.iter().all(|(k, _)| k.starts_with("s:")));
}
