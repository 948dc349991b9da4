#!/usr/bin/env python3
"""Reads an XLSX file with openpyxl and prints what a spreadsheet user would see, as JSON on stdout.

    python3 tests/support/read_xlsx.py FILE.xlsx

An independent reader for VROOM's audit export test (crates/vroom-server/tests/audit_export.rs): nothing of
the writer is shared with it. Prints one object:

    {"sheets": [names], "title": str, "freeze_panes": "A2" | null, "auto_filter": "A1:G9" | null,
     "max_row": int, "max_column": int,
     "widths": {"A": float | null, ...}, "heights": {"2": float | null, ...},
     "rows": [[cell, ...], ...], "shared_strings": [str, ...]}

where each cell is {"type": openpyxl's data_type ("n", "s", "d", "f", ...), "python": the value's Python type
name, "value": the value (a datetime as ISO 8601 text), "unix": for a datetime, its seconds since the epoch
read as UTC, "format": the number format, "bold": bool, "wrap": bool}.

openpyxl hands text over as stored, with Excel's escapes of control characters (`_x000D_` for a carriage
return) left in, and only the escape of a literal `_x` undone. So "shared_strings" also gives the file's
shared strings decoded here, from the XML, as Excel reads them (ECMA-376 ST_Xstring: `_xHHHH_` is the
character U+HHHH, `_x005F_` an underscore).
"""

import datetime
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter

EPOCH = datetime.datetime(1970, 1, 1)
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XSTRING_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def shared_strings(path):
    """The shared strings of the file, each as Excel shows it."""
    with zipfile.ZipFile(path) as z:
        if "xl/sharedStrings.xml" not in z.namelist():
            return []
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    out = []
    for si in root.iter(MAIN + "si"):
        raw = "".join(t.text or "" for t in si.iter(MAIN + "t"))
        out.append(XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw))
    return out


def cell_json(cell):
    value = cell.value
    out = {
        "type": cell.data_type,
        "python": type(value).__name__,
        "format": cell.number_format,
        "bold": bool(cell.font and cell.font.b),
        "wrap": bool(cell.alignment and cell.alignment.wrap_text),
        "unix": None,
    }
    if isinstance(value, datetime.datetime):
        # openpyxl gives a naive datetime: the cell holds no zone, the export writes UTC.
        out["unix"] = (value - EPOCH).total_seconds()
        out["value"] = value.isoformat()
    else:
        out["value"] = value
    return out


def main():
    (path,) = sys.argv[1:]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    columns = range(1, sheet.max_column + 1)
    print(
        json.dumps(
            {
                "sheets": workbook.sheetnames,
                "title": sheet.title,
                "freeze_panes": sheet.freeze_panes,
                "auto_filter": sheet.auto_filter.ref,
                "max_row": sheet.max_row,
                "max_column": sheet.max_column,
                "widths": {
                    get_column_letter(c): (
                        sheet.column_dimensions[get_column_letter(c)].width
                        if get_column_letter(c) in sheet.column_dimensions
                        else None
                    )
                    for c in columns
                },
                "heights": {
                    str(r): (sheet.row_dimensions[r].height if r in sheet.row_dimensions else None)
                    for r in range(1, sheet.max_row + 1)
                },
                "rows": [[cell_json(cell) for cell in row] for row in sheet.iter_rows()],
                "shared_strings": shared_strings(path),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
