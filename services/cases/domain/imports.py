"""The cases service's imports (passerelle.imports.jobs: one class per service, each maps its own)."""

from passerelle.imports.jobs import ImportJob


class CaseImport(ImportJob):
    """An import of case files or of their activities."""
