//! The audit log as a file to download, XLSX or CSV: pure functions from records to bytes (the
//! HTTP side, which picks the records, is in `audit_export.rs`).
//!
//! Both have one row per record under a header row with [`COLUMNS`]. In XLSX the id is a number
//! and the time a real date-time cell in UTC; in CSV the time is ISO 8601 (`2026-11-25T10:00:00Z`).

use std::borrow::Cow;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use vroom_store::AuditRecord;

use crate::clock;

/// The header row of both formats, in column order.
pub const COLUMNS: [&str; 7] = [
    "ID",
    "Date (UTC)",
    "Event",
    "Room",
    "Address",
    "User",
    "Message",
];

/// The most records one worksheet holds (Excel's 1,048,576 rows, less the header).
pub const XLSX_MAX_RECORDS: usize = 1_048_575;

/// The sheet's name, as Excel shows it on its tab.
pub const SHEET_NAME: &str = "Audit";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{rows} audit entries do not fit in one worksheet (at most {XLSX_MAX_RECORDS})")]
    TooManyRows { rows: usize },
    #[error("cannot build the XLSX file: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Column widths in characters of the default font: `(fixed, or content-sized between min and max)`.
const ID_MIN_WIDTH: f64 = 8.0;
const DATE_WIDTH: f64 = 20.0;
const MESSAGE_WIDTH: f64 = 80.0;
/// Event, Room, Address, User: sized to their longest value within these bounds.
const TEXT_WIDTHS: [(f64, f64); 4] = [(12.0, 30.0), (12.0, 30.0), (12.0, 40.0), (10.0, 34.0)];
/// Room for the autofilter's drop-down button beside a header.
const FILTER_BUTTON: f64 = 2.0;

/// Excel's default row height (Calibri 11), in points.
const LINE_HEIGHT: f64 = 15.0;
/// Excel refuses rows taller than 409 points: 27 lines.
const MAX_LINES: usize = 27;

/// Excel's limit on the length of a cell's text, in UTF-16 units.
const MAX_CELL_UTF16: usize = 32_767;

/// The records as an XLSX workbook: one sheet, "Audit", with a bold, frozen header row and an
/// autofilter over the whole table. IDs are numbers; times are date-time cells (format
/// `yyyy-mm-dd hh:mm:ss`, UTC) except outside Excel's years 1900–9999, where they are ISO 8601
/// text; everything else is text, never a formula, whatever it starts with. Messages wrap in a
/// wide column, their row as tall as their lines (up to Excel's limit).
pub fn xlsx(records: &[AuditRecord]) -> Result<Vec<u8>, ExportError> {
    if records.len() > XLSX_MAX_RECORDS {
        return Err(ExportError::TooManyRows {
            rows: records.len(),
        });
    }
    let header = Format::new().set_bold();
    let top = Format::new().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd hh:mm:ss")
        .set_align(FormatAlign::Top);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    for (col, name) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, col, name, &header)?;
    }
    for (row, record) in (1u32..).zip(records) {
        // Ids are far below 2^53, where an f64 stops holding every integer.
        sheet.write_number_with_format(row, 0, record.id as f64, &top)?;
        match ExcelDateTime::from_timestamp(record.at) {
            Ok(at) => sheet.write_datetime_with_format(row, 1, &at, &date)?,
            Err(_) => sheet.write_string_with_format(row, 1, iso_utc(record.at), &top)?,
        };
        let texts = [
            Some(record.event.as_str()),
            record.room.as_deref(),
            record.ip.as_deref(),
            record.user_ref.as_deref(),
        ];
        for (col, text) in (2u16..).zip(texts) {
            if let Some(text) = text {
                sheet.write_string_with_format(row, col, cell_text(text), &top)?;
            }
        }
        sheet.write_string_with_format(row, 6, cell_text(&record.message), &wrapped)?;
        let lines = message_lines(&record.message);
        if lines > 1 {
            sheet.set_row_height(row, LINE_HEIGHT * lines as f64)?;
        }
    }
    set_widths(sheet, records)?;
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(records.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, 6)?;
    Ok(workbook.save_to_buffer()?)
}

fn set_widths(sheet: &mut Worksheet, records: &[AuditRecord]) -> Result<(), XlsxError> {
    let widest_id = records.iter().map(|r| r.id.to_string().len()).max();
    sheet.set_column_width(0, ID_MIN_WIDTH.max(widest_id.unwrap_or(0) as f64 + 1.0))?;
    sheet.set_column_width(1, DATE_WIDTH)?;
    let columns: [fn(&AuditRecord) -> Option<&str>; 4] = [
        |r| Some(&r.event),
        |r| r.room.as_deref(),
        |r| r.ip.as_deref(),
        |r| r.user_ref.as_deref(),
    ];
    for ((col, value), (min, max)) in (2u16..).zip(columns).zip(TEXT_WIDTHS) {
        let header = COLUMNS[usize::from(col)].chars().count() as f64 + FILTER_BUTTON;
        let widest = records
            .iter()
            .filter_map(value)
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(0) as f64
            + 1.0;
        sheet.set_column_width(col, widest.max(header).clamp(min, max))?;
    }
    sheet.set_column_width(6, MESSAGE_WIDTH)?;
    Ok(())
}

/// How many lines a message takes in the wrapped Message column: each of its lines, wrapped at
/// about the column's width, at least one, at most what Excel lets a row hold.
fn message_lines(message: &str) -> usize {
    let per_line = MESSAGE_WIDTH as usize;
    let lines: usize = message
        .split('\n')
        .map(|line| line.chars().count().div_ceil(per_line).max(1))
        .sum();
    lines.clamp(1, MAX_LINES)
}

/// `text` as a cell may hold it: XML has no way to write U+FFFE or U+FFFF (they become U+FFFD),
/// and Excel refuses more than 32,767 UTF-16 units (the rest is cut). Control characters need
/// nothing here: the writer escapes them as Excel does.
fn cell_text(text: &str) -> Cow<'_, str> {
    let fits = text.len() <= MAX_CELL_UTF16 || text.encode_utf16().count() <= MAX_CELL_UTF16;
    if fits && !text.contains(['\u{FFFE}', '\u{FFFF}']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(MAX_CELL_UTF16 * 2));
    let mut units = 0;
    for c in text.chars() {
        units += c.len_utf16();
        if units > MAX_CELL_UTF16 {
            break;
        }
        out.push(match c {
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c => c,
        });
    }
    Cow::Owned(out)
}

/// The records as CSV: UTF-8 with a byte-order mark (without one, spreadsheet programs read the
/// file in a legacy code page and garble accents), a header row, CRLF line ends and RFC 4180
/// quoting (fields with commas, quotes or line breaks in double quotes, quotes doubled). Times are
/// ISO 8601 in UTC, absent values empty.
///
/// Against formula injection, a text field that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, as OWASP advises for CSV meant for spreadsheets: a
/// spreadsheet would otherwise run `=HYPERLINK(...)` typed into a chat message by anyone. The
/// quote shows in the cell, so such a value reads with one more character than it was recorded
/// with. IDs and times are made by the server and left alone.
pub fn csv(records: &[AuditRecord]) -> Vec<u8> {
    match write_csv(records) {
        Ok(bytes) => bytes,
        // Writing into memory has no I/O to fail, and every row has the header's length.
        Err(e) => unreachable!("CSV into a Vec cannot fail: {e}"),
    }
}

fn write_csv(records: &[AuditRecord]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut out = Vec::with_capacity(64 + records.len() * 128);
    out.extend_from_slice("\u{FEFF}".as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for r in records {
        let fields = [
            Cow::Owned(r.id.to_string()),
            Cow::Owned(iso_utc(r.at)),
            guard_formula(&r.event),
            optional(r.room.as_deref()),
            optional(r.ip.as_deref()),
            optional(r.user_ref.as_deref()),
            guard_formula(&r.message),
        ];
        writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}

/// A field that may be absent: empty then.
fn optional(value: Option<&str>) -> Cow<'_, str> {
    value.map(guard_formula).unwrap_or_default()
}

/// `value` with a `'` in front if a spreadsheet would take it for a formula (see [`csv`]).
fn guard_formula(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// `2026-11-25T10:00:00Z` for Unix seconds.
fn iso_utc(secs: i64) -> String {
    // The date is clock::format_utc's ("2026-11-25 10:00 UTC"), which has no seconds.
    let formatted = clock::format_utc(secs);
    let date = formatted
        .split_once(' ')
        .map_or(formatted.as_str(), |(d, _)| d);
    let time = secs.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: i64, at: i64, message: &str) -> AuditRecord {
        AuditRecord {
            id,
            at,
            event: "join".to_owned(),
            ip: Some("192.0.2.1".to_owned()),
            user_ref: None,
            room: Some("team".to_owned()),
            message: message.to_owned(),
        }
    }

    #[test]
    fn times_are_iso_8601_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_795_600_800), "2026-11-25T10:00:00Z");
        assert_eq!(iso_utc(2_147_483_648), "2038-01-19T03:14:08Z");
        assert_eq!(iso_utc(1_709_164_799), "2024-02-28T23:59:59Z");
        assert_eq!(iso_utc(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso_utc(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn formulas_get_a_quote_and_nothing_else_does() {
        for risky in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard_formula(risky), format!("'{risky}"));
        }
        for safe in ["", "a=1", " =1", "'=1", "1-1", "é"] {
            assert_eq!(guard_formula(safe), safe);
        }
    }

    #[test]
    fn csv_has_a_bom_a_header_crlf_and_rfc_4180_quoting() {
        let records = [
            record(7, 0, "plain"),
            record(8, 60, "a, \"quoted\"\nline"),
            AuditRecord {
                event: "=cmd".to_owned(),
                ip: None,
                room: None,
                ..record(9, 61, "-1")
            },
        ];
        let text = String::from_utf8(csv(&records)).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}ID,Date (UTC),Event,Room,Address,User,Message\r\n\
             7,1970-01-01T00:00:00Z,join,team,192.0.2.1,,plain\r\n\
             8,1970-01-01T00:01:00Z,join,team,192.0.2.1,,\"a, \"\"quoted\"\"\nline\"\r\n\
             9,1970-01-01T00:01:01Z,'=cmd,,,,'-1\r\n"
        );
        assert_eq!(
            String::from_utf8(csv(&[])).unwrap(),
            "\u{FEFF}ID,Date (UTC),Event,Room,Address,User,Message\r\n"
        );
    }

    #[test]
    fn message_rows_grow_with_their_lines() {
        assert_eq!(message_lines(""), 1);
        assert_eq!(message_lines("one line"), 1);
        assert_eq!(message_lines("a\nb\nc"), 3);
        assert_eq!(message_lines("a\n\nc"), 3);
        assert_eq!(message_lines(&"x".repeat(81)), 2, "a long line wraps");
        assert_eq!(message_lines(&"x\n".repeat(100)), MAX_LINES);
    }

    #[test]
    fn cell_text_fits_excel() {
        assert!(matches!(cell_text("=1+1 é"), Cow::Borrowed("=1+1 é")));
        assert_eq!(cell_text("a\u{FFFE}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
        let long = "🎉".repeat(20_000);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UTF16 - 1);
        assert!(long.starts_with(cut.as_ref()));
        let exact = "e".repeat(MAX_CELL_UTF16);
        assert!(matches!(cell_text(&exact), Cow::Borrowed(_)));
    }

    #[test]
    fn xlsx_is_a_zip_even_when_empty() {
        let empty = xlsx(&[]).unwrap();
        assert!(empty.starts_with(b"PK\x03\x04"));
        let some = xlsx(&[record(1, 0, "x\ny"), record(2, -10_000_000_000, "y")]).unwrap();
        assert!(some.starts_with(b"PK\x03\x04"));
        assert!(some.len() > empty.len());
    }
}
