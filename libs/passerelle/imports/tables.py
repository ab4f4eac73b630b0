"""A spreadsheet read into rows: {header: text}, each with its line number as the person sees it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot be read as a table: said in French to the person who sent it."""


def read_table(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line, {header: value}) for each non-empty row under the first line's headers."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile("Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.")
    name = filename.lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        lines = _csv_lines(content)
    else:
        raise UnreadableFile("Le fichier doit être un tableur .xlsx ou un fichier .csv.")
    if not lines:
        raise UnreadableFile("Le fichier est vide.")
    headers = [_clean(h) for h in lines[0]]
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        row = {h: _clean(v) for h, v in zip(headers, values, strict=False) if h}
        if any(row.values()):
            rows.append((number, row))
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"Le fichier a plus de {MAX_ROWS:,} lignes : découpez-le.".replace(",", " "))
    return rows


def _csv_lines(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):  # a spreadsheet saved as CSV on Windows
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise UnreadableFile("Le fichier CSV n'est ni en UTF-8 ni en Windows-1252.")
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon  # what a French spreadsheet writes
    return [list(line) for line in csv.reader(io.StringIO(text), dialect)]


class _Semicolon(csv.excel):
    delimiter = ";"


def _xlsx_lines(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only where a spreadsheet is read

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # a corrupt or disguised file: openpyxl's own errors vary
        raise UnreadableFile("Le tableur ne peut pas être lu (fichier .xlsx abîmé ?).") from exc
    return [[_cell(v) for v in line] for line in sheet.iter_rows(values_only=True)]


def _cell(value) -> str:
    """A cell as text: a date as the ISO day, a whole number without its decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(value: str | None) -> str:
    return (value or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in text
