"""The case files and activities a territory kept in spreadsheets, imported through the same use cases
and rules as the case file's pages (passerelle.imports; the layouts: docs/imports.md).

Each row is keyed by the identifier the file gives it (a case's), or one derived from what it says
(an activity without one): importing the same file twice creates nothing twice."""

from __future__ import annotations

import uuid

from pydantic import TypeAdapter, ValidationError

from cases.domain.imports import CaseImport
from cases.domain.model import Activity, Case
from cases.entrypoints import labels
from cases.entrypoints.schemas import ActivityIn, CaseOpenIn, CloseIn
from cases.service_layer import lifecycle, opening, queries, timeline
from passerelle import clock
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.imports.layouts import Column, Layout, RowError
from passerelle.imports.rows import derived_key, existing_ids, imported_id, refusals
from passerelle.imports.runner import Applied, Importer, run_imports

CASE_KEY = Column("Identifiant du dossier", "case_key", "D-0001", required=True)
SATISFACTION = {str(n): str(n) for n in range(1, 6)}
ACTIVITY = TypeAdapter(ActivityIn)
REFUSED = {  # the case file's rules (labels.REFUSALS), as a person reads them in an import's report
    **labels.REFUSALS,
    "cannot be before the case was opened": "la clôture ne peut pas précéder l'ouverture",
}

CASES = Layout(
    name="dossiers",
    title="Personnes et dossiers",
    description="Une ligne par dossier : la personne, le jour où son accompagnement a commencé, sa clôture.",
    columns=(
        CASE_KEY,
        Column("Nom", "beneficiary.last_name", "Durand", required=True),
        Column("Prénom", "beneficiary.first_name", "Aline", required=True),
        Column("Date de naissance", "beneficiary.birth_date", "12/04/1961", required=True, is_day=True),
        Column("Téléphone", "beneficiary.phone", "06 12 34 56 78"),
        Column("Adresse", "beneficiary.address", "3 rue du Pont"),
        Column("Code postal", "beneficiary.postal_code", "30100", required=True),
        Column("Commune", "beneficiary.commune", "Alès"),
        Column("Ouvert le", "opened_on", "03/03/2022", required=True, is_day=True),
        Column("Clôturé le", "closure.closed_on", "30/09/2022", is_day=True),
        Column("Issue", "closure.outcome", labels.CLOSURES["improved"], choices=labels.CLOSURES),
        Column("Satisfaction (1 à 5)", "closure.satisfaction", "4", choices=SATISFACTION),
    ),
)

ACTIVITIES = Layout(
    name="activites",
    title="Activités",
    description="Une ligne par activité, avec son jour ; son dossier, importé d'abord, par son identifiant.",
    columns=(
        CASE_KEY,
        Column("Identifiant de l'activité", "key", "A-0001"),
        Column("Type", "kind", labels.KINDS["appointment"], required=True, choices=labels.KINDS),
        Column("Date", "occurred_on", "15/03/2022", required=True, is_day=True),
        Column("Modalité", "mode", labels.MODES["drop_in"], choices=labels.MODES),
        Column("Durée (minutes)", "duration_minutes", "45"),
        Column("Dispositif", "scheme", "", choices=labels.SCHEMES),
        Column("Voie", "channel", "", choices=labels.CHANNELS),
        Column("Type de partenaire", "partner_type", "", choices=labels.PARTNER_TYPES),
        Column("Structure", "partner_name", ""),
        Column("Destination", "destination", ""),
        Column("Spécialité", "specialty", ""),
        Column("Réunion", "meeting", "", choices=labels.MEETINGS),
        Column("Commentaire", "comment", "Premier entretien"),
    ),
)


def case_id_of(uow: UnitOfWork, case_key: str) -> uuid.UUID:
    """The case a file's identifier names, in this tenant: the same whichever file or import names it."""
    return imported_id(uow, f"dossier {case_key}")


def _refused(line: int, column: str, exc: InvalidInput | InvalidTransition) -> RowError:
    if isinstance(exc, InvalidTransition):
        return RowError(line, column, "le dossier a été clos avant ce jour : ajoutez sa réouverture d'abord")
    return RowError(line, column, REFUSED.get(exc.reason, "cette valeur n'est pas acceptée"))


class CaseImporter:
    layout = CASES

    async def apply(self, uow: UnitOfWork, rows, *, by: str) -> Applied:
        applied, readable = Applied(), []
        for line, row in rows:
            fields, errors = self.layout.fields_of(line, row)
            closure = fields.pop("closure", None)
            key = fields.pop("case_key", "")
            if not errors:  # the cells read: the rules of the case file's forms
                try:
                    opened = CaseOpenIn.model_validate(fields)
                    closed = CloseIn.model_validate(closure) if closure else None
                except ValidationError as exc:
                    errors += refusals(self.layout, line, exc)
            if errors or not key:
                applied.errors += errors or [RowError(line, CASE_KEY.header, "ce champ est obligatoire")]
                continue
            readable.append((line, case_id_of(uow, key), opened, closed))
        existing = await existing_ids(uow, Case, [case_id for _, case_id, _, _ in readable])
        for line, case_id, opened, closed in readable:
            if case_id in existing:
                applied.already += 1
                continue
            existing.add(case_id)  # the same identifier twice in one file: the first row only
            case = opening.new_case(
                uow,
                by=by,
                identity=opened.beneficiary.model_dump(),
                barriers=[],
                opened_on=opened.opened_on,
                case_id=case_id,
            )
            if closed is not None:
                try:
                    case.close(
                        outcome=closed.outcome, satisfaction=closed.satisfaction, on=closed.closed_on, at=clock.now()
                    )
                except InvalidInput as exc:
                    applied.errors.append(_refused(line, "Clôturé le", exc))
                    continue
            opening.announce_opening(uow, case)
            if closed is not None:
                lifecycle.announce_closure(uow, case)
            applied.created += 1
        return applied


class ActivityImporter:
    layout = ACTIVITIES

    async def apply(self, uow: UnitOfWork, rows, *, by: str) -> Applied:
        applied, readable = Applied(), []
        for line, row in rows:
            fields, errors = self.layout.fields_of(line, row)
            case_key, key = fields.pop("case_key", ""), fields.pop("key", "")
            if not errors:
                try:
                    activity = ACTIVITY.validate_python(fields)
                except ValidationError as exc:
                    errors += refusals(self.layout, line, exc)
            if errors or not case_key:
                applied.errors += errors or [RowError(line, CASE_KEY.header, "ce champ est obligatoire")]
                continue
            key = key or derived_key(case_key, fields)
            activity_id = imported_id(uow, f"activite {key}")
            readable.append((line, case_id_of(uow, case_key), activity_id, activity.model_dump()))
        cases = await queries.cases_by_id(uow, {case_id for _, case_id, _, _ in readable})
        existing = await existing_ids(uow, Activity, [activity_id for _, _, activity_id, _ in readable])
        for line, case_id, activity_id, fields in readable:
            if activity_id in existing:
                applied.already += 1
                continue
            case = cases.get(case_id)
            if case is None:
                applied.errors.append(
                    RowError(line, CASE_KEY.header, "dossier inconnu : importez d'abord les dossiers")
                )
                continue
            try:
                await timeline.add_activity(uow, case, author=by, fields=fields, activity_id=activity_id)
            except (InvalidInput, InvalidTransition) as exc:
                applied.errors.append(_refused(line, "Date", exc))
                continue
            existing.add(activity_id)
            applied.created += 1
        return applied


IMPORTERS: dict[str, Importer] = {i.layout.name: i for i in (CaseImporter(), ActivityImporter())}


async def run_case_imports(state) -> None:
    """The service's background pass over its imports (passerelle.imports.runner)."""
    await run_imports(state.db, CaseImport, IMPORTERS)
