//! The API on a temporary store with hand-coded events.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use dateline_doc::{
    Block, BlockKind, DateBasis, Entity, EntityType, Event, EventActor, EventDate, Layer, Layers, Meta,
    Modality, Place, Plover, Published, TextRange,
};
use dateline_serve::{router, AppState, ServeOptions};
use dateline_store::{NewArticle, Store};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

// "Niamey" follows non-ASCII text, one character outside the BMP (two
// UTF-16 units, four UTF-8 bytes) and accented letters (one unit, two bytes).
const MEETING: &str =
    "Un délégué 𝕏 said: a Russian delegation held a meeting with Niger's military leaders in \
    Niamey on Monday, hosted by General Abdourahamane Tiani.";
const STRIKE: &str = "Russian forces shelled positions near Kharkiv on Tuesday, Ukrainian officials said.";
const TALKS: &str = "Niger's foreign minister held talks with Russian officials in Moscow on Wednesday.";

struct Coded<'a> {
    title: &'a str,
    body: &'a str,
    day: &'a str,
    cameo: &'a str,
    quadclass: u8,
    goldstein: f32,
    source: (&'a str, &'a str, &'a str),
    target: (&'a str, &'a str, &'a str),
    trigger: &'a str,
    place: (&'a str, f64, f64, &'a str),
}

fn article(c: &Coded<'_>) -> NewArticle {
    let text = format!("{}\n\n{}", c.title, c.body);
    let meta = Meta {
        origin: format!("{}.txt", c.title),
        title: Some(c.title.into()),
        published: Published::parse_iso(c.day),
        source: Some("Test Wire".into()),
        language: Some("en".into()),
        ..Meta::default()
    };
    let mut d = dateline_doc::Document::new(text.clone(), meta).unwrap();
    let h = c.title.len();
    d.blocks.push(Block { range: d.range(0, h).unwrap(), kind: BlockKind::Headline });
    d.blocks.push(Block { range: d.range(h + 2, text.len()).unwrap(), kind: BlockKind::Paragraph });
    // The body is one sentence (no tokens: the layer is not claimed).
    d.sentences.push(dateline_doc::Sentence { range: d.range(h + 2, text.len()).unwrap(), tokens: 0..0 });
    let find = |s: &str| {
        let i = text.rfind(s).unwrap_or_else(|| panic!("{s} not in {text}"));
        TextRange::checked(&text, i, i + s.len()).unwrap()
    };
    let side = |(words, code, country): (&str, &str, &str)| EventActor {
        mention: None,
        range: find(words),
        code: code.into(),
        country: Some(country.into()),
        kb_id: Some(format!("country:{country}")),
        text: words.into(),
    };
    let (pname, lat, lon, pcountry) = c.place;
    d.places.push(Place {
        range: find(pname),
        name: pname.into(),
        geonameid: None,
        lat,
        lon,
        country: Some(pcountry.into()),
        admin1: None,
        feature: "P.PPLC".into(),
        confidence: 0.9,
        metonym: false,
    });
    if let Some(i) = text.find("Abdourahamane Tiani") {
        d.entities.push(Entity {
            range: TextRange::checked(&text, i, i + "Abdourahamane Tiani".len()).unwrap(),
            kind: EntityType::Per,
            score: 0.99,
        });
    }
    d.events.push(Event {
        cameo: c.cameo.into(),
        goldstein: c.goldstein,
        quadclass: c.quadclass,
        plover: Plover { kind: "CONSULT".into(), mode: None, context: None },
        source: Some(side(c.source)),
        target: Some(side(c.target)),
        reciprocal: false,
        trigger: find(c.trigger),
        sentence: 0,
        evidence: vec![find(c.trigger), find(pname)],
        modality: Modality::Asserted,
        attribution: None,
        date: Some(EventDate {
            value: c.day.into(),
            precision: "day".into(),
            timex: None,
            basis: DateBasis::Timex,
        }),
        place: Some(0),
        rule: "test:rule".into(),
        merged: Vec::new(),
        confidence: 1.0,
    });
    d.mark_assigned(Layers::of(&[Layer::Events, Layer::Places, Layer::Entities]));
    NewArticle::new(d)
}

fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).unwrap();
    let arts = [
        Coded {
            title: "Russia and Niger",
            body: MEETING,
            day: "2023-12-04",
            cameo: "043",
            quadclass: 1,
            goldstein: 2.8,
            source: ("Russian delegation", "RUSGOV", "RUS"),
            target: ("Niger's military leaders", "NERGOVMIL", "NER"),
            trigger: "held a meeting",
            place: ("Niamey", 13.5137, 2.1098, "NER"),
        },
        Coded {
            title: "Shelling near Kharkiv",
            body: STRIKE,
            day: "2023-12-05",
            cameo: "195",
            quadclass: 4,
            goldstein: -10.0,
            source: ("Russian forces", "RUSMIL", "RUS"),
            target: ("positions", "UKRMIL", "UKR"),
            trigger: "shelled",
            place: ("Kharkiv", 49.98, 36.25, "UKR"),
        },
        Coded {
            title: "Niger in Moscow",
            body: TALKS,
            day: "2023-12-06",
            cameo: "043",
            quadclass: 1,
            goldstein: 2.8,
            source: ("Niger's foreign minister", "NERGOV", "NER"),
            target: ("Russian officials", "RUSGOV", "RUS"),
            trigger: "held talks",
            place: ("Moscow", 55.75, 37.62, "RUS"),
        },
    ];
    store.put_batch(&arts.iter().map(article).collect::<Vec<_>>()).unwrap();
    (dir, db)
}

struct App {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    router: axum::Router,
}

fn app(token: Option<&str>) -> App {
    let (dir, db) = fixture();
    let opts = ServeOptions { token: token.map(str::to_owned), max_body: 4096, ..ServeOptions::new(&db) };
    let state = AppState::open(&opts).unwrap();
    App { _dir: dir, db, router: router(state, opts.max_body) }
}

async fn call(app: &App, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let ctype =
        resp.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ctype, body)
}

async fn get(app: &App, uri: &str) -> (StatusCode, Value) {
    let (status, ctype, body) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
    (status, serde_json::from_slice(&body).unwrap())
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error: {v}"))
}

#[tokio::test]
async fn health_and_openapi() {
    let app = app(None);
    let (s, v) = get(&app, "/api/v1/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (v["articles"].as_u64(), v["events"].as_u64(), v["writable"].as_bool()),
        (Some(3), Some(3), Some(false))
    );
    let (s, v) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["openapi"], "3.0.3");
    for path in [
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/articles/{id}",
        "/api/v1/dyads",
        "/api/v1/stats",
        "/api/v1/export",
        "/api/v1/actors",
        "/api/v1/places",
        "/api/v1/feeds",
    ] {
        assert!(v["paths"][path].is_object(), "{path} undocumented");
    }
}

#[tokio::test]
async fn event_filters_and_paging() {
    let app = app(None);
    let count = |v: &Value| v["events"].as_array().unwrap().len();
    let (_, v) = get(&app, "/api/v1/events?total=true").await;
    assert_eq!((v["total"].as_u64(), count(&v)), (Some(3), 3));
    let (_, v) = get(&app, "/api/v1/events").await;
    assert!(v["total"].is_null(), "counting is asked for");
    // Newest first.
    assert_eq!(v["events"][0]["day"], "2023-12-06");
    let (_, v) = get(&app, "/api/v1/events?actor=RUS&side=source&total=true").await;
    assert_eq!(v["total"], 2);
    let (_, v) = get(&app, "/api/v1/events?actor=RUS&side=target&total=true").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(&app, "/api/v1/events?actor=NER&other=RUS&total=true").await;
    assert_eq!(v["total"], 2, "a dyad, either direction");
    let (_, v) = get(&app, "/api/v1/events?quadclass=4").await;
    assert_eq!(v["events"][0]["place"]["name"], "Kharkiv");
    let (_, v) = get(&app, "/api/v1/events?cameo=04&since=2023-12-05&total=true").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(&app, "/api/v1/events?bbox=0,10,5,15").await;
    assert_eq!(v["events"][0]["place"]["name"], "Niamey");
    let (_, v) = get(&app, "/api/v1/events?place=moscow&total=true").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(&app, "/api/v1/events?q=Tiani&total=true").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(&app, "/api/v1/events?limit=1&offset=1&total=true").await;
    assert_eq!((count(&v), v["next_offset"].as_u64(), v["total"].as_u64()), (1, Some(2), Some(3)));
    assert_eq!(v["events"][0]["day"], "2023-12-05");
    let (_, v) = get(&app, "/api/v1/events?sort=day&limit=1").await;
    assert_eq!(v["events"][0]["day"], "2023-12-04");
    let (_, v) = get(&app, "/api/v1/events?sort=goldstein&limit=1&total=false").await;
    assert_eq!((v["events"][0]["cameo"].as_str(), v["total"].is_null()), (Some("195"), true));
}

#[tokio::test]
async fn bad_params_are_400_json() {
    let app = app(None);
    for uri in [
        "/api/v1/events?limit=1001",
        "/api/v1/events?limit=abc",
        "/api/v1/events?limit=0",
        "/api/v1/events?since=yesterday",
        "/api/v1/events?quadclass=9",
        "/api/v1/events?bbox=1,2,3",
        "/api/v1/events?side=up&actor=RUS",
        "/api/v1/events?other=RUS",
        "/api/v1/events?sort=random",
        "/api/v1/events?colour=red",
        "/api/v1/events?offset=999999999",
        "/api/v1/articles?limit=-1",
        "/api/v1/dyads?a=RUS",
        "/api/v1/dyads?a=RUS&b=NER&by=fortnight",
        "/api/v1/export?format=xml",
        "/api/v1/stats?limit=5",
        "/api/v1/events/abc",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(!v["error"]["message"].as_str().unwrap_or("").is_empty(), "{uri}: {v}");
    }
    let (s, v) = get(&app, "/api/v1/events/999").await;
    assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"));
    let (s, v) = get(&app, "/api/v1/nothing").await;
    assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"));
    let long = format!("/api/v1/events?q={}", "a".repeat(9000));
    let (s, v) = get(&app, &long).await;
    assert_eq!((s, error_code(&v)), (StatusCode::URI_TOO_LONG, "uri_too_long"));
}

#[tokio::test]
async fn article_offsets_are_utf16() {
    let app = app(None);
    let (_, list) = get(&app, "/api/v1/articles?q=Niamey").await;
    let id = list["articles"][0]["id"].as_i64().unwrap();
    let (s, a) = get(&app, &format!("/api/v1/articles/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(a["offsets"], "utf16");
    let text: Vec<u16> = a["text"].as_str().unwrap().encode_utf16().collect();
    let slice = |r: &Value| {
        let (s, e) = (r[0].as_u64().unwrap() as usize, r[1].as_u64().unwrap() as usize);
        String::from_utf16(&text[s..e]).unwrap()
    };
    assert_eq!(slice(&a["places"][0]["range"]), "Niamey");
    assert_eq!(slice(&a["entities"][0]["range"]), "Abdourahamane Tiani");
    let e = &a["events"][0];
    assert_eq!(slice(&e["trigger"]), "held a meeting");
    assert_eq!(slice(&e["source"]["range"]), "Russian delegation");
    assert!(e["event_id"].as_i64().is_some());
    let why = e["explanation"].as_str().unwrap();
    assert!(why.contains("RUSGOV") && why.contains("Niamey") && why.contains("test:rule"), "{why}");
    // The byte offset of "Niamey" is larger than its UTF-16 offset.
    let byte = a["text"].as_str().unwrap().find("Niamey").unwrap() as u64;
    assert!(a["places"][0]["range"][0].as_u64().unwrap() < byte);
    let (s, v) = get(&app, "/api/v1/articles/12345").await;
    assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"));
}

#[tokio::test]
async fn event_detail_has_evidence() {
    let app = app(None);
    let (_, v) = get(&app, "/api/v1/events?place=Niamey").await;
    let id = v["events"][0]["id"].as_i64().unwrap();
    let (s, d) = get(&app, &format!("/api/v1/events/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    let m = &d["mentions"][0];
    assert_eq!(m["trigger_text"], "held a meeting");
    let sentence: Vec<u16> = m["sentence_text"].as_str().unwrap().encode_utf16().collect();
    let ev: Vec<String> = m["evidence_in_sentence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            String::from_utf16(&sentence[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
                .unwrap()
        })
        .collect();
    assert!(ev.contains(&"held a meeting".to_owned()) && ev.contains(&"Niamey".to_owned()), "{ev:?}");
}

#[tokio::test]
async fn dyads_stats_and_export() {
    let app = app(None);
    let (_, d) = get(&app, "/api/v1/dyads?a=RUS&b=NER&by=day").await;
    assert_eq!(d["total"], 2);
    let b = &d["buckets"][0];
    assert_eq!(
        (b["bucket"].as_str(), b["a_to_b"].as_i64(), b["b_to_a"].as_i64()),
        (Some("2023-12-04"), Some(1), Some(0))
    );
    assert_eq!(d["buckets"][1]["b_to_a"], 1);
    assert_eq!(b["quadclass"], serde_json::json!([1, 0, 0, 0]));
    let (_, d) = get(&app, "/api/v1/dyads?a=RUS&b=NER&by=month").await;
    assert_eq!(
        (d["buckets"][0]["bucket"].as_str(), d["buckets"][0]["n"].as_i64()),
        (Some("2023-12"), Some(2))
    );
    assert_eq!(d["buckets"][0]["goldstein_sum"], 5.6);
    let (_, d) = get(&app, "/api/v1/dyads?a=RUS&b=NER&by=week").await;
    assert_eq!(d["buckets"][0]["bucket"], "2023-12-04", "weeks are named by their Monday");

    let (_, s) = get(&app, "/api/v1/stats").await;
    assert_eq!(s["total_dated"], 3);
    assert_eq!(s["by_day"].as_array().unwrap().len(), 3);
    assert_eq!(s["by_root"][0]["root"], "04");
    let (_, s) = get(&app, "/api/v1/stats?quadclass=4").await;
    assert_eq!(s["by_place_country"][0]["country"], "UKR");

    let (st, ctype, body) =
        call(&app, Request::get("/api/v1/export?format=csv").body(Body::empty()).unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    let csv = String::from_utf8(body).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.starts_with("id,day,cameo"));
    let (_, _, body) =
        call(&app, Request::get("/api/v1/export?format=jsonl&actor=UKR").body(Body::empty()).unwrap()).await;
    let lines: Vec<Value> =
        String::from_utf8(body).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["place_name"], "Kharkiv");

    // GDELT's Events table: 61 tab-separated columns, no header.
    let (st, ctype, body) =
        call(&app, Request::get("/api/v1/export?format=gdelt&place=Niamey").body(Body::empty()).unwrap())
            .await;
    assert_eq!(st, StatusCode::OK);
    assert!(ctype.starts_with("text/tab-separated-values"), "{ctype}");
    let tsv = String::from_utf8(body).unwrap();
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 1, "{tsv}");
    let row = &rows[0];
    assert_eq!(row.len(), 61);
    assert_eq!((row[1], row[5], row[15]), ("20231204", "RUSGOV", "NERGOVMIL"), "{row:?}");
    assert_eq!((row[26], row[28], row[29]), ("043", "04", "1"), "{row:?}");
    assert_eq!((row[51], row[52]), ("4", "Niamey, NER"), "{row:?}");
    assert_eq!(row[53], "NG", "FIPS country of the action");
    assert!(row[60].ends_with(".txt"), "the first article's origin: {row:?}");
    let (st, _, body) =
        call(&app, Request::get("/api/v1/export?format=gdelt&limit=2").body(Body::empty()).unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(String::from_utf8(body).unwrap().lines().count(), 2);
}

fn post(body: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/api/v1/articles").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn writes_need_the_token() {
    let body = r#"{"text": "Niger and Russia held talks.", "date": "2023-12-05"}"#;
    let read_only = app(None);
    let (s, _, b) = call(&read_only, post(body, Some("anything"))).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));
    let app = app(Some("s3cret"));
    let (s, _, b) = call(&app, post(body, None)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&serde_json::from_slice(&b).unwrap()), "unauthorized");
    let (s, _, _) = call(&app, post(body, Some("s3cre"))).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // With the token: malformed and oversize bodies are refused before any analysis.
    let (s, _, b) = call(&app, post("{\"text\": ", Some("s3cret"))).await;
    assert_eq!((s, error_code(&serde_json::from_slice(&b).unwrap())), (StatusCode::BAD_REQUEST, "bad_json"));
    let (s, _, b) = call(&app, post(r#"{"text": "a", "colour": "red"}"#, Some("s3cret"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&b));
    let (s, _, _) = call(&app, post(r#"{"title": "no body"}"#, Some("s3cret"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let big = format!(r#"{{"text": "{}"}}"#, "word ".repeat(2000));
    let (s, _, b) = call(&app, post(&big, Some("s3cret"))).await;
    assert_eq!(
        (s, error_code(&serde_json::from_slice(&b).unwrap())),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
    );
}

#[tokio::test]
async fn dashboard_is_served() {
    let app = app(None);
    let (s, ctype, body) = call(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/html"));
    assert!(String::from_utf8(body).unwrap().contains("/assets/app.js"));
    let (s, world) = get(&app, "/assets/world.json").await;
    assert_eq!(s, StatusCode::OK);
    let countries = world["countries"].as_array().unwrap();
    assert!(countries.iter().any(|c| c["iso3"] == "NER"));
    let (s, _, _) = call(&app, Request::get("/assets/app.js").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn cached_answers_follow_the_store() {
    let app = app(None);
    let (_, v) = get(&app, "/api/v1/events?total=true").await;
    assert_eq!(v["total"], 3);
    let (_, v) = get(&app, "/api/v1/events?total=true").await;
    assert_eq!(v["total"], 3, "the same answer from the cache");
    // Another process adds an event: the next answer sees it.
    let mut store = Store::open(&app.db).unwrap();
    store
        .put_batch(&[article(&Coded {
            title: "More shelling",
            body: "Russian forces shelled Kharkiv again on Thursday.",
            day: "2023-12-07",
            cameo: "195",
            quadclass: 4,
            goldstein: -10.0,
            source: ("Russian forces", "RUSMIL", "RUS"),
            target: ("Kharkiv", "UKR", "UKR"),
            trigger: "shelled",
            place: ("Kharkiv", 49.98, 36.25, "UKR"),
        })])
        .unwrap();
    let (_, v) = get(&app, "/api/v1/events?total=true").await;
    assert_eq!(v["total"], 4);
}

#[tokio::test]
async fn actors_and_places() {
    let app = app(None);
    let (s, v) = get(&app, "/api/v1/actors?q=RUS").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let actors = v["actors"].as_array().unwrap();
    let rus = actors.iter().find(|a| a["actor"] == "RUS").unwrap_or_else(|| panic!("{v}"));
    assert_eq!((rus["source_events"].as_u64(), rus["target_events"].as_u64()), (Some(2), Some(1)));
    assert!(actors.iter().any(|a| a["actor"] == "RUSGOV"), "{v}");
    assert!(actors.iter().all(|a| a["actor"].as_str().unwrap().starts_with("RUS")), "{v}");
    // The KB knows Russia: the events coded with its KB id are counted.
    let (_, v) = get(&app, "/api/v1/actors?q=Russia").await;
    let russia = v["kb"].as_array().unwrap().iter().find(|a| a["kb_id"] == "country:RUS");
    let russia = russia.unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        (russia["source_events"].as_u64(), russia["target_events"].as_u64()),
        (Some(2), Some(1)),
        "{v}"
    );
    // People come with their dated roles.
    let (_, v) = get(&app, "/api/v1/actors?q=Tiani&date=2023-12-05").await;
    let tiani = v["kb"].as_array().unwrap().iter().find(|a| a["kind"] == "person");
    let tiani = tiani.unwrap_or_else(|| panic!("{v}"));
    assert!(tiani["name"].as_str().unwrap().contains("Tiani"), "{v}");
    let roles = tiani["roles"].as_array().unwrap();
    assert!(
        roles.iter().any(|r| r["status"] == "current" && r["code"].as_str().unwrap().starts_with("NER")),
        "{v}"
    );
    // Names match at the start of a word: "Christiania" (Norway) is not Tiani.
    assert!(v["kb"].as_array().unwrap().iter().all(|a| a["kb_id"] != "country:NOR"), "{v}");
    for bad in [
        "/api/v1/actors?date=yesterday",
        "/api/v1/actors?limit=0",
        "/api/v1/actors?q=a%25b",
        "/api/v1/actors?x=1",
    ] {
        let (s, v) = get(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(!error_code(&v).is_empty(), "{bad}");
    }

    let (s, v) = get(&app, "/api/v1/places?q=nia").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let p = &v["places"][0];
    assert_eq!(
        (p["name"].as_str(), p["country"].as_str(), p["events"].as_u64()),
        (Some("Niamey"), Some("NER"), Some(1))
    );
    assert!((p["lat"].as_f64().unwrap() - 13.5137).abs() < 1e-9);
    let (_, v) = get(&app, "/api/v1/places?country=ukr").await;
    assert_eq!(v["places"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["places"][0]["name"], "Kharkiv");
    assert_eq!(v["countries"][0], serde_json::json!({"country": "UKR", "events": 1}));
    let (_, v) = get(&app, "/api/v1/places").await;
    assert_eq!(v["places"].as_array().unwrap().len(), 3, "{v}");
    let (s, _) = get(&app, "/api/v1/places?date=2023-01-01").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Fixture Wire</title><link>http://example.test/</link>
<item><title>Niger and Russia sign a defence pact</title><link>http://example.test/a</link>
<pubDate>Tue, 05 Dec 2023 10:00:00 GMT</pubDate>
<description>Niger and Russia signed a defence cooperation agreement in Niamey on Monday, officials said.</description></item>
<item><title>Floods in the north</title><link>http://example.test/b</link>
<pubDate>Wed, 06 Dec 2023 09:00:00 GMT</pubDate>
<description>Heavy rain flooded roads between two northern towns on Tuesday, cutting them off for a week.</description></item>
</channel></rss>"#;

/// A local HTTP server for the feed endpoint: `/feed.xml`, `/page.html`
/// (not a feed), `/big.xml` (over the size limit), `/gone` (404).
async fn feed_server() -> String {
    use axum::routing::get;
    let big = "x".repeat(dateline_serve::MAX_FEED_BYTES as usize + 10);
    let app = axum::Router::new()
        .route("/feed.xml", get(|| async { ([(header::CONTENT_TYPE, "application/rss+xml")], FEED) }))
        .route(
            "/page.html",
            get(|| async {
                ([(header::CONTENT_TYPE, "text/html")], "<html><body><p>Hello</p></body></html>")
            }),
        )
        .route("/big.xml", get(move || async move { big }))
        .route("/gone", get(|| async { (StatusCode::NOT_FOUND, "no") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn post_feed(body: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/api/v1/feeds").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_are_fetched_and_ingested_with_the_token() {
    let base = feed_server().await;
    let feed = format!(r#"{{"url": "{base}/feed.xml"}}"#);
    let read_only = app(None);
    let (s, _, _) = call(&read_only, post_feed(&feed, Some("t"))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (dir, db) = fixture();
    // A light analysis (tokens and times) keeps the test fast.
    let pipeline = dateline_pipeline::PipelineConfig {
        depth: dateline_pipeline::Depth::Tokens,
        entities: false,
        actors: false,
        places: false,
        events: false,
        ..Default::default()
    };
    let opts =
        ServeOptions { token: Some("s3cret".into()), max_body: 4096, pipeline, ..ServeOptions::new(&db) };
    let app =
        App { _dir: dir, db: db.clone(), router: router(AppState::open(&opts).unwrap(), opts.max_body) };
    let (s, _, b) = call(&app, post_feed(&feed, None)).await;
    assert_eq!(
        (s, error_code(&serde_json::from_slice(&b).unwrap())),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let (s, _, b) = call(&app, post_feed(&feed, Some("s3cret"))).await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["items"], 2, "{v}");
    assert_eq!(v["stored"].as_array().unwrap().len(), 2, "{v}");
    let (_, a) = get(&app, "/api/v1/articles?q=defence").await;
    assert_eq!(a["articles"][0]["title"], "Niger and Russia sign a defence pact", "{a}");
    // The same feed again stores nothing new.
    let (s, _, b) = call(&app, post_feed(&feed, Some("s3cret"))).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, h) = get(&app, "/api/v1/health").await;
    assert_eq!(h["articles"], 5, "{h} {}", String::from_utf8_lossy(&b));
    // Errors: JSON, each with its code.
    let cases = [
        (r#"{"url": "#.to_owned(), StatusCode::BAD_REQUEST),
        (r#"{"url": "ftp://example.test/feed"}"#.to_owned(), StatusCode::BAD_REQUEST),
        (r#"{"url": "http://x", "colour": 1}"#.to_owned(), StatusCode::BAD_REQUEST),
        (format!(r#"{{"url": "{base}/feed.xml", "max_items": 0}}"#), StatusCode::BAD_REQUEST),
        (format!(r#"{{"url": "{base}/page.html"}}"#), StatusCode::UNPROCESSABLE_ENTITY),
        (format!(r#"{{"url": "{base}/big.xml"}}"#), StatusCode::BAD_GATEWAY),
        (format!(r#"{{"url": "{base}/gone"}}"#), StatusCode::BAD_GATEWAY),
        (format!(r#"{{"url": "{}"}}"#, "http://x/".repeat(1000)), StatusCode::PAYLOAD_TOO_LARGE),
    ];
    for (body, want) in cases {
        let (s, ctype, b) = call(&app, post_feed(&body, Some("s3cret"))).await;
        assert_eq!(s, want, "{body}: {}", String::from_utf8_lossy(&b));
        assert!(ctype.starts_with("application/json"), "{body}: {ctype}");
        assert!(!error_code(&serde_json::from_slice(&b).unwrap()).is_empty());
    }
    let (_, _, b) = call(&app, post_feed(&format!(r#"{{"url": "{base}/big.xml"}}"#), Some("s3cret"))).await;
    assert_eq!(error_code(&serde_json::from_slice(&b).unwrap()), "feed_too_large");
}
