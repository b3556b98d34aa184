//! Hermetic tests over the committed `data/kb` files.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dateline_actors::{Kb, KbError, Kind, Match, RoleStatus};
use jiff::civil::{date, Date};

fn kb_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/kb"))
}

fn kb() -> &'static Kb {
    static KB: OnceLock<Kb> = OnceLock::new();
    KB.get_or_init(|| match Kb::load(&kb_dir()) {
        Ok(kb) => kb,
        Err(e) => panic!("KB failed to load: {e}"),
    })
}

fn first(name: &str, d: Option<Date>) -> Match {
    let all = kb().lookup(name, d);
    match all.into_iter().next() {
        Some(m) => m,
        None => panic!("{name:?} not in the KB"),
    }
}

fn codes(name: &str, d: Option<Date>) -> Vec<String> {
    kb().lookup(name, d).into_iter().map(|m| m.code).collect()
}

#[test]
fn loads_with_every_un_member() {
    let kb = kb();
    assert!(kb.countries().len() >= 193, "{}", kb.countries().len());
    for code in ["NER", "MLI", "BFA", "RUS", "FRA", "SSD", "UKR", "TLS", "KSV"] {
        assert!(kb.country(code).is_some(), "{code}");
    }
    assert!(kb.alias_count() > 10_000);
}

#[test]
fn countries_adjectives_and_possessives() {
    for name in ["Russia", "Russian Federation", "Russian", "russian"] {
        assert_eq!(first(name, None).code, "RUS", "{name}");
    }
    for name in ["Niger", "Nigerien", "Niger's", "Niger’s", "Republic of Niger"] {
        let m = first(name, None);
        assert_eq!(m.code, "NER", "{name}");
        assert_eq!(m.entry.kind, Kind::Country);
        assert!(!m.entry.metonym);
    }
    assert_eq!(first("Malian", None).code, "MLI");
    assert_eq!(first("Burkina Faso", None).code, "BFA");
    assert_eq!(first("Côte d'Ivoire", None).code, "CIV");
    assert_eq!(first("Ivory Coast", None).code, "CIV");
}

#[test]
fn capitals_are_government_metonyms() {
    let paris = first("Paris", None);
    assert_eq!(paris.code, "FRAGOV");
    assert!(paris.entry.metonym);
    assert_eq!(first("Bamako", None).code, "MLIGOV");
    assert_eq!(first("Moscow", None).code, "RUSGOV");
    assert_eq!(first("the Kremlin", None).code, "RUSGOV");
    assert_eq!(first("Downing Street", None).code, "GBRGOV");
    assert_eq!(first("White House", None).code, "USAGOV");
    // Niamey is Niger's capital: flagged as a metonym, so the linker can
    // treat "in Niamey" as the place and "Niamey said" as the government.
    let niamey = first("Niamey", None);
    assert_eq!(niamey.country.as_deref(), Some("NER"));
    assert!(niamey.entry.metonym);
}

#[test]
fn organisations() {
    let g5 = first("G5", None);
    assert_eq!(g5.entry.kind, Kind::Organisation);
    assert!(g5.code.starts_with("IGO"), "{}", g5.code);
    assert_eq!(g5.name, "G5 Sahel");
    assert_eq!(first("G5 Sahel force", None).name, "G5 Sahel");
    let aes = first("Alliance of Sahel States", None);
    assert!(aes.code.starts_with("IGO"));
    assert_eq!(first("AES", None).name, "Alliance of Sahel States");
    assert_eq!(first("ECOWAS", None).code, "IGOWAFWAS");
    assert_eq!(first("African Union", None).code, "IGOAFRAFU");
    assert_eq!(first("UN", None).code, "IGOUNO");
    assert_eq!(first("Wagner Group", None).country.as_deref(), Some("RUS"));
    assert_eq!(first("JNIM", None).code, "IMGMUSALQ");
    assert_eq!(first("ISWAP", None).code, "IMGMUSISI");
    assert!(codes("Boko Haram", None).contains(&"NGAREB".to_owned()));
}

#[test]
fn agents() {
    assert_eq!(first("deputy defence minister", None).code, "GOVMIL");
    assert_eq!(first("junta", None).code, "GOVMIL");
    assert_eq!(first("military leaders", None).code, "GOVMIL");
    assert_eq!(first("army", None).code, "MIL");
    // Curated phrases name the agent.
    assert_eq!(first("authorities", None).name, "government");
    assert_eq!(first("troops", None).code, "MIL");
    assert_eq!(first("authorities", None).code, "GOV");
    assert_eq!(first("insurgents", None).code, "INS");
    assert_eq!(first("jihadists", None).code, "RAD");
    assert_eq!(first("militia", None).code, "UAF");
    assert_eq!(first("civilians", None).code, "CVL");
    assert_eq!(first("refugees", None).code, "REF");
    // A generated (PETRARCH) phrase not overridden by hand.
    assert_eq!(first("riot police", None).code, "COP");
}

#[test]
fn dated_roles() {
    let before = first("Bazoum", Some(date(2023, 6, 1)));
    assert_eq!(before.code, "NERGOV");
    assert_eq!(before.status, Some(RoleStatus::Current));
    assert_eq!(before.role.as_deref(), Some("President"));
    let last_day = first("Mohamed Bazoum", Some(date(2023, 7, 26)));
    assert_eq!(last_day.code, "NERGOV");
    let after = first("Bazoum", Some(date(2023, 12, 5)));
    assert_eq!(after.code, "NERELI");
    assert_eq!(after.status, Some(RoleStatus::Former));
    assert_eq!(after.role_code.as_deref(), Some("NERGOV"));
    assert_eq!(after.country.as_deref(), Some("NER"));
    assert_eq!(first("Alousseni Sanou", Some(date(2023, 12, 5))).code, "MLIGOV");

    let tiani = first("Abdourahamane Tiani", Some(date(2023, 12, 5)));
    assert_eq!(tiani.code, "NERGOVMIL");
    assert_eq!(tiani.status, Some(RoleStatus::Current));
    assert_eq!(first("Tiani", Some(date(2023, 12, 5))).code, "NERGOVMIL");
    let early = first("Tiani", Some(date(2023, 1, 1)));
    assert_eq!(early.status, Some(RoleStatus::Future));
    // Before his first role in the KB he is known by his country only.
    assert_eq!(early.code, "NER");

    let yev = first("Yevkurov", Some(date(2023, 12, 5)));
    assert_eq!(yev.code, "RUSGOVMIL");
    assert_eq!(yev.role.as_deref(), Some("Deputy Defence Minister"));
    assert_eq!(first("Yunus-Bek Yevkurov", Some(date(2015, 1, 1))).code, "RUSGOV");

    assert_eq!(first("Assimi Goïta", Some(date(2023, 12, 5))).code, "MLIGOVMIL");
    assert_eq!(
        first("Assimi Goita", Some(date(2023, 12, 5))).role.as_deref(),
        Some("Transitional President")
    );
    assert_eq!(first("Ibrahim Traoré", Some(date(2023, 12, 5))).code, "BFAGOVMIL");
    assert_eq!(first("Damiba", Some(date(2023, 12, 5))).code, "BFAELI");
    assert_eq!(first("Putin", Some(date(2023, 12, 5))).code, "RUSGOV");
    assert_eq!(first("Guterres", Some(date(2023, 12, 5))).code, "IGOUNO");
    // Without a date: the latest role.
    assert_eq!(first("Bazoum", None).status, Some(RoleStatus::Undated));
}

#[test]
fn scanner_finds_longest_mentions() {
    let kb = kb();
    let text = "A Russian delegation led by the deputy defence minister on Monday held a meeting \
                with Niger's military leaders in Niamey, Nigerien authorities said. The head of \
                Niger's military government General Abdourahamane Tiani, a key ally of Paris \
                until the coup, met Yunus-Bek Yevkurov. Burkina Faso and Niger quit the G5.";
    let found: Vec<(&str, Kind, bool)> =
        kb.find_mentions(text).into_iter().map(|(r, k)| (&text[r], k.kind, k.metonym)).collect();
    let texts: Vec<&str> = found.iter().map(|f| f.0).collect();
    for want in [
        "Russian",
        "delegation",
        "deputy defence minister",
        "Niger",
        "military leaders",
        "Niamey",
        "Nigerien",
        "authorities",
        "Abdourahamane Tiani",
        "Paris",
        "Yunus-Bek Yevkurov",
        "Burkina Faso",
        "G5",
    ] {
        assert!(texts.contains(&want), "{want:?} not in {texts:?}");
    }
    // "military government" is one agent, not "military" + "government".
    assert!(texts.contains(&"military government"), "{texts:?}");
    assert!(found.iter().any(|f| f.0 == "Paris" && f.2));
    assert!(found.iter().any(|f| f.0 == "Abdourahamane Tiani" && f.1 == Kind::Person));
}

#[test]
fn scanner_keeps_a_possessive_inside_a_name() {
    let kb = kb();
    let text = "Officials from the People's Republic of China met Niger's junta and the Republic of China.";
    let found: Vec<(&str, String)> =
        kb.find_mentions(text).into_iter().map(|(r, k)| (&text[r], kb.resolve(k, None).code)).collect();
    assert!(found.contains(&("People's Republic of China", "CHN".to_string())), "{found:?}");
    assert!(found.contains(&("Republic of China", "TWN".to_string())), "{found:?}");
    // A possessive still ends a name the KB does not spell with one.
    assert!(found.contains(&("Niger", "NER".to_string())), "{found:?}");
}

#[test]
fn scanner_case_rules() {
    let kb = kb();
    let text = "Tell us what the US said. It is what IS claimed.";
    let found: Vec<&str> = kb.find_mentions(text).into_iter().map(|(r, _)| &text[r]).collect();
    assert!(found.contains(&"US"), "{found:?}");
    assert!(found.contains(&"IS"), "{found:?}");
    assert!(!found.contains(&"us"), "{found:?}");
    assert!(!found.contains(&"is"), "{found:?}");
    // A proper name in lower case is not a mention ("chad" as a word).
    let found = kb.find_mentions("a paper chad fell");
    assert!(found.is_empty(), "{found:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read kb dir").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "tsv") {
            let dest = to.join(entry.file_name());
            std::fs::copy(&path, &dest).expect("copy");
        }
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dateline-actors-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn user_added_lines_are_found_after_reload() {
    let dir = temp_dir("user");
    copy_dir(&kb_dir(), &dir);
    let before = Kb::load(&dir).expect("load copy");
    assert!(before.lookup("Jane Testperson", None).is_empty());
    let people = dir.join("people.tsv");
    let mut text = std::fs::read_to_string(&people).expect("read");
    text.push_str("testperson\tJane Testperson\tTestperson\tNER\tNERGOV\tMinister of Tests\t2024-01\t\n");
    std::fs::write(&people, text).expect("write");
    std::fs::write(
        dir.join("local-organisations.tsv"),
        "# a user's own file\nsahelwatch\tNGOHRI\tNGO\tSahel Watch\tSW Group\tNER\n",
    )
    .expect("write");
    let after = Kb::load(&dir).expect("reload");
    let m = after.lookup("Testperson", Some(date(2024, 6, 1)));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].code, "NERGOV");
    assert_eq!(m[0].status, Some(RoleStatus::Current));
    assert_eq!(after.lookup("Sahel Watch", None)[0].code, "NGOHRI");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_lines_report_file_and_line() {
    let cases = [
        ("countries.tsv", "# header\nNE\tNER\tNiger\n", 2, "ISO"),
        ("people.tsv", "x\tX Y\t\tNER\tNERGOV\tPresident\t2023-13-01\t\n", 1, "bad date"),
        ("people.tsv", "\nx\tX Y\t\tNER\tNERGOV\tPresident\t2023-05-01\t2022\n", 2, "ends"),
        ("agents.tsv", "GOVERNMENT\tgovernment\n", 1, "agent codes"),
        ("organisations.tsv", "un\tIGOUNO\n", 1, "4 to 6"),
    ];
    for (file, body, line, needle) in cases {
        let dir = temp_dir("bad");
        std::fs::write(dir.join(file), body).expect("write");
        match Kb::load(&dir) {
            Err(KbError::Parse { path, line: l, message }) => {
                assert!(path.ends_with(file), "{path:?}");
                assert_eq!(l, line, "{file}: {message}");
                assert!(message.contains(needle), "{message}");
                let shown = KbError::Parse { path, line: l, message }.to_string();
                assert!(shown.contains(&format!("{file}:{line}:")), "{shown}");
            }
            other => panic!("{file}: expected a parse error, got {other:?}"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn loads_fast_enough() {
    let t = std::time::Instant::now();
    let kb = Kb::load(&kb_dir()).expect("load");
    let ms = t.elapsed().as_millis();
    assert!(kb.people().len() > 100);
    // Generous for debug builds; release loads in well under 200 ms.
    assert!(ms < 5_000, "{ms} ms");
}

#[test]
fn curated_data_is_consistent() {
    let kb = kb();
    for p in kb.people() {
        for r in &p.roles {
            if r.country.is_empty() {
                assert!(r.code.starts_with("IGO") || r.code.starts_with("NGO"), "{}: {}", p.id, r.code);
            } else {
                assert!(kb.country(&r.country).is_some(), "{}: {}", p.id, r.country);
                assert!(r.code.starts_with(&r.country), "{}: {}", p.id, r.code);
            }
        }
    }
    for o in kb.organisations().iter().filter(|o| o.curated) {
        if !o.country.is_empty() {
            assert!(kb.country(&o.country).is_some(), "{}: {}", o.id, o.country);
        }
    }
    // Every agent code is a CAMEO sector code listed in the shared table's
    // spirit: three capital letters each.
    for a in kb.agents() {
        assert!(a.codes.iter().all(|c| c.len() == 3), "{:?}", a.codes);
    }
}

#[test]
fn double_barrelled_name_is_someone_else() {
    // Jacob Zuma's daughter is not Jacob Zuma.
    let text = "Duduzile Zuma-Sambudla was charged on Monday.";
    let people: Vec<_> =
        kb().find_mentions(text).into_iter().filter(|(_, r)| r.kind == Kind::Person).collect();
    assert!(people.is_empty(), "{people:?}");
    let text = "Jacob Zuma was charged on Monday.";
    assert!(kb().find_mentions(text).iter().any(|(_, r)| r.kind == Kind::Person));
}

#[test]
fn petrarch_dictionaries_in_the_kb_folder_are_read_as_they_are() {
    let dir = temp_dir("petrarch");
    copy_dir(&kb_dir(), &dir);
    std::fs::write(
        dir.join("middle-earth.actors.txt"),
        "# a PETRARCH actor dictionary\n\
         ARNOR_ [ARN]\n\
         +ARNORIAN_\n\
         GREY_COMPANY_ [ARNMIL]\n\
         ARAGORN_SON_OF_ARATHORN_  # CountryInfo.txt\n\
         \t[ARNELI 310101-950101]\n\
         \t[ARNGOV 950101-991231]\n\
         \t[ARNELI]\n",
    )
    .expect("write");
    std::fs::write(dir.join("middle-earth.agents.txt"), "RANGER [~MIL]\n").expect("write");
    let kb = Kb::load(&dir).expect("load with PETRARCH files");
    assert_eq!(kb.lookup("Arnorian", None)[0].code, "ARN");
    assert_eq!(kb.lookup("Grey Company", None)[0].code, "ARNMIL");
    // Dated roles: in office, then a former office holder.
    let at = |d| kb.lookup("Aragorn Son of Arathorn", Some(d))[0].code.clone();
    assert_eq!(at(date(1996, 6, 1)), "ARNGOV");
    assert_eq!(at(date(2001, 6, 1)), "ARNELI");
    assert!(kb.lookup("rangers", None).iter().any(|m| m.code == "MIL"), "{:?}", kb.lookup("rangers", None));
    let _ = std::fs::remove_dir_all(&dir);
}
