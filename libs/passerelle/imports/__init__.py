"""Imports of past activity: a spreadsheet (CSV or XLSX) of one documented layout turned into the same
facts as the pages make, through the same use cases and rules (docs/imports.md).

`tables` reads a file into rows under their French headers; `layouts` describes each layout's
columns, its template and how a row becomes a use case's fields; `jobs` keeps an import's rows, its
progress and its errors, and `runner` checks, then applies, them in the background."""
