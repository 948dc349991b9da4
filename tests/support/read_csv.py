#!/usr/bin/env python3
"""Reads a CSV file as a spreadsheet importer would, with Python's csv module, and prints JSON on stdout.

    python3 tests/support/read_csv.py FILE.csv

An independent reader for VROOM's audit export test (crates/vroom-server/tests/audit_export.rs). Prints
{"bom": whether the file starts with a UTF-8 byte-order mark, "rows": [[field, ...], ...]}, the rows read
with the default dialect (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) from the
text decoded as UTF-8 without the mark.
"""

import csv
import json
import sys


def main():
    (path,) = sys.argv[1:]
    with open(path, "rb") as f:
        bom = f.read(3) == b"\xef\xbb\xbf"
    # newline="" hands line breaks inside quoted fields to the csv module untouched.
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    print(json.dumps({"bom": bom, "rows": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
