"""A layout: the columns of one kind of file, under their French headers, and how a row becomes the
fields a use case takes. Choices are written as the pages show them (« Permanence sans rendez-vous »)
or as their codes; days as 31/12/2025 or 2025-12-31."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell (or one row: `column` empty), said as a person reads the file."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        message = self.message.rstrip(".")
        message = message[:1].lower() + message[1:]
        return (
            f"ligne {self.row}, {self.column.lower()} : {message}" if self.column else f"ligne {self.row} : {message}"
        )


@dataclass(frozen=True)
class Column:
    header: str  # as written on the file's first line
    path: str  # the use case's field it fills (a dotted path: beneficiary.last_name)
    example: str
    required: bool = False
    choices: dict[str, str] = field(default_factory=dict)  # code: label, either accepted
    is_day: bool = False
    many: bool = False  # several choices in the cell, separated by commas


@dataclass(frozen=True)
class Layout:
    name: str  # in addresses: /import/modele/<name>.csv
    title: str
    description: str
    columns: tuple[Column, ...]

    def header_of(self, field_path: str) -> str:
        name = field_path.rsplit(".", 1)[-1]  # a schema's path: beneficiary.birth_date, appointment.mode
        for column in self.columns:
            if column.path.rsplit(".", 1)[-1] == name:
                return column.header
        return ""

    def check_headers(self, row: dict[str, str]) -> list[RowError]:
        """The file's first line names every required column (others may be missing, extra are refused)."""
        known = {c.header.lower() for c in self.columns}
        given = {h.lower() for h in row}
        errors = [
            RowError(1, c.header, "colonne absente du fichier (voir le modèle)")
            for c in self.columns
            if c.required and c.header.lower() not in given
        ]
        errors += [RowError(1, h, "colonne inconnue de ce modèle") for h in row if h.lower() not in known]
        return errors

    def fields_of(self, number: int, row: dict[str, str]) -> tuple[dict, list[RowError]]:
        """The row as nested fields for the use case's schema; the cells that cannot be read."""
        by_header = {h.lower(): v for h, v in row.items()}
        fields: dict = {}
        errors = []
        for column in self.columns:
            text = by_header.get(column.header.lower(), "")
            if not text:
                continue
            value: str | list[str] | None = text
            if column.choices:
                found = [_choice(part, column.choices) for part in (text.split(",") if column.many else [text])]
                chosen = [code for code in found if code is not None]
                if len(chosen) < len(found):
                    shown = ", ".join(f"« {label} »" for label in column.choices.values())
                    errors.append(RowError(number, column.header, f"valeur inconnue ; valeurs possibles : {shown}"))
                    continue
                value = chosen if column.many else chosen[0]
            elif column.is_day:
                value = _day(text)
                if value is None:
                    errors.append(RowError(number, column.header, "date illisible (31/12/2025 ou 2025-12-31)"))
                    continue
            _put(fields, column.path, value)
        return fields, errors

    def template_csv(self) -> bytes:
        """The headers and an example row, separated by semicolons as a French spreadsheet expects."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.header for c in self.columns])
        writer.writerow([c.example for c in self.columns])
        return out.getvalue().encode("utf-8-sig")


def _choice(text: str, choices: dict[str, str]) -> str | None:
    wanted = text.strip().lower()
    for code, label in choices.items():
        if wanted in (code.lower(), label.lower()):
            return code
    return None


def _day(text: str) -> str | None:
    if matched := DAY.match(text):
        day, month, year = (int(part) for part in matched.groups())
    else:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _put(fields: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for parent in parents:
        fields = fields.setdefault(parent, {})
    fields[last] = value
