"""The outreach service's imports (passerelle.imports.jobs: one class per service, each maps its own)."""

from passerelle.imports.jobs import ImportJob


class OutreachImport(ImportJob):
    """An import of outreach actions or of partners."""
