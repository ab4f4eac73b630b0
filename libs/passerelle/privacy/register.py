"""The register's tables (docs/privacy.md, section 1.5), generated from the inventory of personal data so
that they stay true: `passerelle privacy register` prints them, a test compares them with the file."""

from __future__ import annotations

from passerelle.privacy import Category, Field, Table
from passerelle.privacy.inventory import TABLES

BEGIN, END = "<!-- inventory: begin (passerelle privacy register) -->", "<!-- inventory: end -->"
CATEGORIES = {
    Category.IDENTITY: "identité",
    Category.HEALTH: "**santé ou précarité** (art. 9)",
    Category.FREE_TEXT: "**texte libre** (peut tout contenir, santé comprise)",
    Category.ACTIVITY: "activité auprès de la personne",
    Category.PSEUDONYM: "pseudonyme",
    Category.PROFESSIONAL: "professionnel ou structure",
}
SERVICES = {"*": "chaque service", "keystore": "base des clés"}


def fate(declared: Field) -> str:
    if declared.erased:
        return "**vidé**"
    if declared.kept_because:
        return f"gardé : {declared.kept_because}"
    return "gardé"


def rows(name: str, declared: Field) -> list[str]:
    if declared.category is Category.TECHNICAL:
        return []
    found = [f"| `{name}` | {declared.label} | {CATEGORIES[declared.category]} | {fate(declared)} |"]
    if declared.keys and not declared.erased:
        for key, inner in declared.keys.items():
            found += rows(f"{name}.{key}", inner)
    return found


def section(table: Table) -> str:
    where = SERVICES.get(table.service, f"service `{table.service}`")
    lines = [f"**Table `{table.name}`** ({where}) : {table.what}.", ""]
    body = [row for name, declared in table.fields.items() for row in rows(name, declared)]
    if body:
        lines += ["| champ | donnée | catégorie | à l'effacement ou l'anonymisation |", "|---|---|---|---|", *body]
    technical = [f"`{name}`" for name, declared in table.fields.items() if declared.category is Category.TECHNICAL]
    if technical:
        lines += ["", f"Colonnes qui ne concernent personne : {', '.join(technical)}."]
    return "\n".join(lines)


def markdown() -> str:
    """Every table of every database, field by field: what it tells of whom, and what an erasure does."""
    return "\n\n".join([BEGIN, *(section(t) for t in TABLES), END]) + "\n"


def register_command(commands) -> None:
    command = commands.add_parser("privacy", help="the inventory of personal data: print the register's tables")
    command.add_argument("action", choices=["register"])
    command.set_defaults(run=lambda _args: print(markdown(), end=""))
