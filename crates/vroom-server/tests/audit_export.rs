//! The audit export (admin/export.rs) read back by independent readers: openpyxl for the XLSX file and
//! Python's csv module for the CSV file (tests/support/read_xlsx.py and read_csv.py).
//!
//! They need a Python with openpyxl: `$VROOM_TEST_PYTHON` (which `./scripts/test` sets to its venv), or else
//! `python3` if it can import openpyxl. Without one the tests say they are skipped and pass, unless
//! `VROOM_TEST_REQUIRE_PYTHON` is set (CI), when they fail.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;
use vroom_server::admin::export::{self, COLUMNS, SHEET_NAME};
use vroom_store::AuditRecord;

const PYTHON_ENV: &str = "VROOM_TEST_PYTHON";
const REQUIRE_ENV: &str = "VROOM_TEST_REQUIRE_PYTHON";

fn support_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/support")
        .join(name)
}

/// The interpreter with openpyxl, or why there is none (looked for once).
fn python() -> Result<PathBuf, String> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let python = match std::env::var_os(PYTHON_ENV) {
                Some(p) if !p.is_empty() => PathBuf::from(p),
                _ => PathBuf::from("python3"),
            };
            match Command::new(&python)
                .args(["-c", "import openpyxl"])
                .stdin(Stdio::null())
                .output()
            {
                Ok(out) if out.status.success() => Ok(python),
                Ok(out) => Err(format!(
                    "{} cannot import openpyxl: {}",
                    python.display(),
                    String::from_utf8_lossy(&out.stderr).trim()
                )),
                Err(e) => Err(format!("cannot run {}: {e}", python.display())),
            }
        })
        .clone()
}

/// The interpreter, or `None` after saying the test is skipped (a failure when Python is required).
fn python_or_skip() -> Option<PathBuf> {
    match python() {
        Ok(p) => Some(p),
        Err(why) => {
            if std::env::var(REQUIRE_ENV).is_ok_and(|v| !v.is_empty() && v != "0") {
                panic!("openpyxl is required (${REQUIRE_ENV} is set) but unavailable: {why}");
            }
            let _ = writeln!(
                std::io::stderr(),
                "skipped: openpyxl not available (run ./scripts/test, which installs it, or set \
                 ${PYTHON_ENV}): {why}"
            );
            None
        }
    }
}

/// Writes `bytes` to a file and returns what `script` prints about it.
fn read_back(python: &Path, script: &str, bytes: &[u8], file_name: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(python)
        .arg(support_file(script))
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const EPOCH: i64 = 0;
/// 2038-01-19T03:14:08Z, one second past what a signed 32-bit time holds.
const Y2038: i64 = 2_147_483_648;
/// 2100-03-01T12:30:45Z.
const Y2100: i64 = 4_107_587_445;
/// 9999-12-31T23:59:59Z, Excel's last second.
const LAST_EXCEL_SECOND: i64 = 253_402_300_799;
/// 10000-01-01T00:00:00Z: no Excel date, written as text.
const AFTER_EXCEL: i64 = 253_402_300_800;

fn tricky() -> Vec<AuditRecord> {
    let record = |id, at, event: &str, message: &str| AuditRecord {
        id,
        at,
        event: event.to_owned(),
        ip: None,
        user_ref: None,
        room: None,
        message: message.to_owned(),
    };
    vec![
        AuditRecord {
            ip: Some("192.0.2.1".to_owned()),
            user_ref: Some("ref-Zoë".to_owned()),
            room: Some("équipe".to_owned()),
            ..record(
                1,
                EPOCH,
                "room_created",
                "Élodie a créé « café » 🎉 (日本語)",
            )
        },
        AuditRecord {
            ip: Some("2001:db8::42".to_owned()),
            ..record(2, Y2038, "chat", "=1+1")
        },
        AuditRecord {
            room: Some("team".to_owned()),
            ..record(
                3,
                Y2100,
                "join",
                "He said \"hi\", then left\nsecond line, with a comma\nthird line",
            )
        },
        AuditRecord {
            user_ref: Some("+33".to_owned()),
            ip: Some("::ffff:192.0.2.128".to_owned()),
            ..record(4, LAST_EXCEL_SECOND, "@event", "@SUM(A1:A2)")
        },
        record(5, AFTER_EXCEL, "-leave", "\ttab first"),
        record(6, 1_795_600_800, "join", "-2 people, 'quoted' \"twice\""),
        record(
            9_007_199_254_740_000,
            1_795_600_801,
            "join",
            "literal _x0041_ and a\r\nCRLF; control \u{1} here",
        ),
        record(8, 1_795_600_802, "join", ""),
    ]
}

/// `text` as openpyxl gives it: with the `_xHHHH_` escapes of control characters (all but tab and line
/// feed) that Excel and the writer use left in (see read_xlsx.py).
fn as_openpyxl_shows(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' => c.to_string(),
            c if c.is_ascii_control() && c != '\u{7f}' => format!("_x{:04X}_", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

fn cells(row: &Value) -> &Vec<Value> {
    row.as_array().unwrap()
}

#[test]
fn xlsx_reads_back_with_real_dates_numbers_and_verbatim_text() {
    let Some(python) = python_or_skip() else {
        return;
    };
    let records = tricky();
    let book = read_back(
        &python,
        "read_xlsx.py",
        &export::xlsx(&records).unwrap(),
        "audit.xlsx",
    );
    assert_eq!(book["sheets"], serde_json::json!([SHEET_NAME]));
    assert_eq!(book["title"], "Audit");
    assert_eq!(book["freeze_panes"], "A2", "the header row stays in view");
    assert_eq!(book["max_row"], records.len() + 1);
    assert_eq!(book["max_column"], 7);
    assert_eq!(
        book["auto_filter"],
        format!("A1:G{}", records.len() + 1),
        "the filter covers the header and every row"
    );

    let rows = book["rows"].as_array().unwrap();
    let header: Vec<&str> = cells(&rows[0])
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(header, COLUMNS);
    assert!(cells(&rows[0]).iter().all(|c| c["bold"] == true));

    for (record, row) in records.iter().zip(&rows[1..]) {
        let row = cells(row);
        let what = format!("record {}", record.id);
        // ID: a whole number.
        assert_eq!(row[0]["type"], "n", "{what}");
        assert_eq!(row[0]["python"], "int", "{what}");
        assert_eq!(row[0]["value"], record.id, "{what}");
        // Date: a real date-time cell equal to the UTC time, to the millisecond.
        if record.at == AFTER_EXCEL {
            assert_eq!(row[1]["type"], "s", "{what}");
            assert_eq!(row[1]["value"], "10000-01-01T00:00:00Z");
        } else {
            assert_eq!(row[1]["type"], "d", "{what}");
            assert_eq!(row[1]["python"], "datetime", "{what}");
            assert_eq!(row[1]["format"], "yyyy-mm-dd hh:mm:ss", "{what}");
            let unix = row[1]["unix"].as_f64().unwrap();
            assert!(
                (unix - record.at as f64).abs() < 0.001,
                "{what}: {unix} read back for {}",
                record.at
            );
        }
        // The rest: text exactly as recorded (never a formula), or an empty cell. Excel's reading of
        // each is checked against the shared strings below.
        let texts = [
            Some(&record.event),
            record.room.as_ref(),
            record.ip.as_ref(),
            record.user_ref.as_ref(),
            Some(&record.message).filter(|m| !m.is_empty()),
        ];
        for (cell, text) in row[2..].iter().zip(texts) {
            match text {
                Some(text) => {
                    assert_eq!(cell["type"], "s", "{what}: {text:?}");
                    assert_eq!(cell["value"], as_openpyxl_shows(text), "{what}");
                }
                None => assert_eq!(cell["value"], Value::Null, "{what}"),
            }
        }
        assert_eq!(row[6]["wrap"], true, "{what}: messages wrap");
    }
    assert_eq!(rows[2][6]["value"], "=1+1");
    let strings: Vec<&str> = book["shared_strings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for record in &records {
        for text in [
            Some(&record.event),
            record.room.as_ref(),
            record.ip.as_ref(),
        ]
        .into_iter()
        .chain([record.user_ref.as_ref(), Some(&record.message)])
        .flatten()
        .filter(|t| !t.is_empty())
        {
            assert!(
                strings.contains(&text.as_str()),
                "Excel reads {text:?} as written: {strings:?}"
            );
        }
    }

    let widths = book["widths"].as_object().unwrap();
    for (letter, name) in ["A", "B", "C", "D", "E", "F", "G"].iter().zip(COLUMNS) {
        let width = widths[*letter].as_f64();
        assert!(
            width.is_some_and(|w| w > name.chars().count() as f64),
            "column {letter} ({name}) has a width fitting its header: {width:?}"
        );
    }
    let date_width = widths["B"].as_f64().unwrap();
    assert!(date_width >= "2026-11-25 10:00:00".len() as f64);
    let message_width = widths["G"].as_f64().unwrap();
    assert!(
        widths
            .values()
            .all(|w| w.as_f64().unwrap() <= message_width)
    );
    assert!(message_width >= 60.0, "messages get a wide column");

    let heights = book["heights"].as_object().unwrap();
    let three_lines = heights["4"].as_f64().unwrap();
    assert!(three_lines >= 45.0, "three lines need three lines' height");
    let two_lines = heights["8"].as_f64().unwrap();
    assert!(two_lines >= 30.0 && two_lines < three_lines);
}

#[test]
fn empty_xlsx_has_the_header_only() {
    let Some(python) = python_or_skip() else {
        return;
    };
    let book = read_back(
        &python,
        "read_xlsx.py",
        &export::xlsx(&[]).unwrap(),
        "empty.xlsx",
    );
    assert_eq!(book["title"], "Audit");
    assert_eq!(book["max_row"], 1);
    assert_eq!(book["auto_filter"], "A1:G1");
    let header: Vec<&str> = cells(&book["rows"][0])
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(header, COLUMNS);
}

#[test]
fn csv_reads_back_with_bom_quoting_iso_times_and_formula_guards() {
    let Some(python) = python_or_skip() else {
        return;
    };
    let records = tricky();
    let bytes = export::csv(&records);
    assert!(bytes.starts_with("\u{FEFF}ID,Date (UTC),".as_bytes()));
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.contains("\"He said \"\"hi\"\", then left\nsecond line, with a comma\nthird line\""),
        "RFC 4180: the field in quotes, quotes doubled, line breaks kept"
    );
    let table = read_back(&python, "read_csv.py", &bytes, "audit.csv");
    assert_eq!(table["bom"], true);
    let rows: Vec<Vec<String>> = serde_json::from_value(table["rows"].clone()).unwrap();
    assert_eq!(rows[0], COLUMNS);
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "1",
            "1970-01-01T00:00:00Z",
            "room_created",
            "équipe",
            "192.0.2.1",
            "ref-Zoë",
            "Élodie a créé « café » 🎉 (日本語)",
        ],
        vec![
            "2",
            "2038-01-19T03:14:08Z",
            "chat",
            "",
            "2001:db8::42",
            "",
            "'=1+1",
        ],
        vec![
            "3",
            "2100-03-01T12:30:45Z",
            "join",
            "team",
            "",
            "",
            "He said \"hi\", then left\nsecond line, with a comma\nthird line",
        ],
        vec![
            "4",
            "9999-12-31T23:59:59Z",
            "'@event",
            "",
            "::ffff:192.0.2.128",
            "'+33",
            "'@SUM(A1:A2)",
        ],
        vec![
            "5",
            "10000-01-01T00:00:00Z",
            "'-leave",
            "",
            "",
            "",
            "'\ttab first",
        ],
        vec![
            "6",
            "2026-11-25T10:00:00Z",
            "join",
            "",
            "",
            "",
            "'-2 people, 'quoted' \"twice\"",
        ],
        vec![
            "9007199254740000",
            "2026-11-25T10:00:01Z",
            "join",
            "",
            "",
            "",
            "literal _x0041_ and a\r\nCRLF; control \u{1} here",
        ],
        vec!["8", "2026-11-25T10:00:02Z", "join", "", "", "", ""],
    ];
    assert_eq!(rows[1..], expected);
    assert_eq!(rows.len(), records.len() + 1);

    let empty = read_back(&python, "read_csv.py", &export::csv(&[]), "empty.csv");
    assert_eq!(empty["bom"], true);
    assert_eq!(empty["rows"], serde_json::json!([COLUMNS]));
}

/// Through the server: the filtered range, exactly, from the admin API, read back by both readers.
#[tokio::test]
async fn the_exported_range_is_exactly_the_filtered_events() {
    let Some(python) = python_or_skip() else {
        return;
    };
    let s = common::TestServer::start().await;
    let store = vroom_store::Store::connect(&s.db_url, 1).await.unwrap();
    // Three recent days of joins and leaves (older ones would meet log.audit_retention_days), and
    // each a second either side.
    let day = 86_400;
    let base = vroom_server::clock::unix_now_i64() - 5 * day;
    for (at, event, room) in [
        (base - 1, "joined", "before"),
        (base, "joined", "first"),
        (base + 10, "left", "first"),
        (base + day, "joined", "second"),
        (base + 2 * day, "joined", "last"),
        (base + 2 * day + 1, "joined", "after"),
    ] {
        store
            .audit()
            .record(&vroom_store::AuditEntry {
                at,
                event: event.to_owned(),
                ip: Some("198.51.100.7".to_owned()),
                user_ref: Some("ref123".to_owned()),
                room: Some(room.to_owned()),
                message: format!("{event} {room}\nsecond line, \"quoted\""),
            })
            .await
            .unwrap();
    }
    let expected = store
        .audit()
        .matching(
            &vroom_store::AuditQuery {
                from: base,
                to: base + 2 * day,
                events: vec!["joined".into()],
                text: None,
            },
            100,
        )
        .await
        .unwrap();
    store.close().await;
    let rooms: Vec<&str> = expected.iter().filter_map(|r| r.room.as_deref()).collect();
    assert_eq!(rooms, ["first", "second", "last"]);

    let admin = common::admin::AdminClient::logged_in(&s, "ops").await;
    let query = format!("from={base}&to={}&event=joined", base + 2 * day);
    let download = |ext: &'static str| {
        let req = s
            .http
            .get(format!("{}/api/admin/audit/export.{ext}?{query}", s.base))
            .header("cookie", admin.cookie.clone().unwrap());
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200);
            let disposition = res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned();
            let name = format!(
                "attachment; filename=\"vroom-audit-{}-{}.{ext}\"",
                &vroom_server::clock::format_utc(base)[..10],
                &vroom_server::clock::format_utc(base + 2 * day)[..10]
            );
            assert_eq!(disposition, name);
            (
                res.headers()["content-type"].to_str().unwrap().to_owned(),
                res.bytes().await.unwrap(),
            )
        }
    };

    let (kind, xlsx) = download("xlsx").await;
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let book = read_back(&python, "read_xlsx.py", &xlsx, "export.xlsx");
    assert_eq!(book["title"], SHEET_NAME);
    assert_eq!(book["auto_filter"], "A1:G4");
    let rows = book["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(header, COLUMNS);
    assert_eq!(rows.len(), 1 + expected.len());
    for (row, record) in rows[1..].iter().zip(&expected) {
        let cell = |i: usize| &row[i];
        assert_eq!(cell(0)["type"], "n");
        assert_eq!(cell(0)["value"].as_f64().unwrap() as i64, record.id);
        assert_eq!(cell(1)["type"], "d", "a real date cell");
        assert_eq!(cell(1)["unix"].as_f64().unwrap() as i64, record.at);
        assert_eq!(cell(2)["value"], record.event.as_str());
        assert_eq!(cell(3)["value"], record.room.as_deref().unwrap());
        assert_eq!(cell(4)["value"], "198.51.100.7");
        assert_eq!(cell(5)["value"], "ref123");
        assert_eq!(cell(6)["value"], record.message.as_str());
    }

    let (kind, csv) = download("csv").await;
    assert_eq!(kind, "text/csv; charset=utf-8");
    let table = read_back(&python, "read_csv.py", &csv, "export.csv");
    assert_eq!(table["bom"], true);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1 + expected.len());
    assert_eq!(rows[0], serde_json::json!(COLUMNS));
    for (row, record) in rows[1..].iter().zip(&expected) {
        assert_eq!(row[0], record.id.to_string());
        assert_eq!(row[1], clock_iso(record.at));
        assert_eq!(row[2], record.event.as_str());
        assert_eq!(row[3], record.room.as_deref().unwrap());
        assert_eq!(row[6], record.message.as_str());
    }
}

/// `1970-01-12T13:46:40Z` for Unix seconds.
fn clock_iso(secs: i64) -> String {
    let text = vroom_server::clock::format_utc(secs); // "1970-01-12 13:46 UTC"
    let seconds = secs.rem_euclid(60);
    format!("{}T{}:{seconds:02}Z", &text[..10], &text[11..16])
}
