//! Where events happened: the clause's own locative, a locative inside the
//! visited actor's description, and the place shared by one occasion.

use dateline_doc::{Document, Meta, Published};
use dateline_pipeline::PipelineConfig;
use jiff::civil::date;

fn analyse(text: &str) -> Document {
    let pipeline = PipelineConfig::default().build().expect("the shipped models and KB load");
    let meta = Meta { published: Some(Published::date(date(2023, 12, 5))), ..Meta::default() };
    let mut doc = Document::new(text.to_owned(), meta).expect("a valid text");
    pipeline.run(&mut doc);
    doc
}

/// (CAMEO, place name) of each event, in text order.
fn coded(doc: &Document) -> Vec<(String, Option<String>)> {
    let mut events: Vec<_> = doc.events.iter().collect();
    events.sort_by_key(|e| e.trigger.start());
    events
        .into_iter()
        .map(|e| {
            let place =
                e.place.and_then(|i| doc.places.get(i as usize)).map(|p| doc.slice(p.range).to_owned());
            (e.cameo.clone(), place)
        })
        .collect()
}

#[test]
fn events_of_one_occasion_share_its_place() {
    let doc = analyse(
        "A Russian delegation on Monday held a meeting with Niger's military leaders in Niamey, \
         with the two countries agreeing to strengthen military cooperation.\n\n\
         The parties signed documents on Monday to strengthen military cooperation between the \
         Republic of Niger and the Russian Federation.",
    );
    let events = coded(&doc);
    let niamey = Some("Niamey".to_owned());
    assert!(events.iter().any(|(c, p)| c.starts_with("04") && *p == niamey), "{events:?}");
    assert!(events.iter().any(|(c, p)| c.starts_with("03") && *p == niamey), "{events:?}");
    assert!(events.iter().any(|(c, p)| c == "057" && *p == niamey), "{events:?}");
}

#[test]
fn a_visit_to_leaders_in_a_country_is_in_that_country() {
    let doc = analyse("The Russian delegation on Sunday also visited the military leaders in Mali.");
    let events = coded(&doc);
    assert!(events.iter().any(|(c, p)| c.starts_with("04") && p.as_deref() == Some("Mali")), "{events:?}");
}

#[test]
fn a_name_containing_a_place_word_is_no_place() {
    let doc = analyse(
        "The Commission on International Religious Freedom on Monday condemned China for the \
         detention of Uyghurs.",
    );
    for (cameo, place) in coded(&doc) {
        assert_eq!(place, None, "{cameo} placed at {place:?}");
    }
}

#[test]
fn a_withdrawal_happens_in_the_country_the_troops_leave() {
    let doc = analyse(
        "Relations between Niger and France soured after the July coup. France has begun withdrawing \
         its 1,500 troops from the country.",
    );
    let events = coded(&doc);
    assert!(events.iter().any(|(c, p)| c.starts_with("087") && p.as_deref() == Some("Niger")), "{events:?}");
}

#[test]
fn a_trip_abroad_is_a_visit_to_the_country_of_the_place() {
    let doc = analyse("German Chancellor Olaf Scholz travelled to Kyiv on Monday.");
    let e = doc.events.iter().find(|e| e.cameo == "042").expect("a visit");
    assert_eq!(e.source.as_ref().and_then(|s| s.country.as_deref()), Some("DEU"));
    assert_eq!(e.target.as_ref().and_then(|s| s.country.as_deref()), Some("UKR"));
    // Travel at home, or by people who are no actor, is no visit.
    let doc = analyse("The Nigerien president travelled to Agadez on Monday. Hundreds of refugees arrived in Greece on Monday.");
    assert!(doc.events.iter().all(|e| e.cameo != "042"), "{:#?}", doc.events);
}

#[test]
fn a_curfew_is_on_the_people_of_its_place() {
    let doc = analyse("Turkish authorities imposed a curfew in the town of Cizre on Sunday.");
    let e = doc.events.iter().find(|e| e.cameo == "1723").expect("a curfew");
    assert_eq!(e.target.as_ref().and_then(|s| s.country.as_deref()), Some("TUR"), "{e:#?}");
}

#[test]
fn immigrants_arriving_make_no_visit_and_a_dateline_is_no_actor() {
    let doc = analyse("The two Kenyan citizens arrived in the United States in 1999.");
    assert!(doc.events.iter().all(|e| e.cameo != "042"), "{:#?}", doc.events);
    let doc = analyse("LEBANON (AP) — A pathologist said on Monday that prosecutors accused an Ohio man of drowning his wife.");
    assert!(
        doc.events.iter().all(|e| e.source.as_ref().and_then(|s| s.country.as_deref()) != Some("LBN")),
        "{:#?}",
        doc.events
    );
}

#[test]
fn people_named_by_their_sector_where_they_are_belong_to_that_country() {
    let doc = analyse("News\n\nDemonstrators in Baghdad blocked a road on Monday.");
    let e = doc.events.iter().find(|e| e.cameo.starts_with("14")).expect("a protest");
    let src = e.source.as_ref().expect("a source");
    assert_eq!((src.code.as_str(), src.country.as_deref()), ("IRQOPP", Some("IRQ")));
    // Troops somewhere may be anyone's.
    let doc = analyse("News\n\nTroops in Baghdad shelled a village on Monday.");
    assert!(
        doc.events.iter().all(|e| e.source.as_ref().is_none_or(|s| s.country.is_none())),
        "{:#?}",
        doc.events
    );
}
