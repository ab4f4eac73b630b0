"""The outreach actions and the partners a territory kept in spreadsheets, imported through the same use
cases and rules as the pages (passerelle.imports; the layouts: docs/imports.md). Each row is keyed by
the identifier the file gives it, or one derived from what it says: a file imported twice creates
nothing twice."""

from __future__ import annotations

from pydantic import ValidationError

from outreach.domain.imports import OutreachImport
from outreach.domain.model import OutreachAction, Partner
from outreach.entrypoints.pages import KINDS, PARTNER_TYPES, THEMES
from outreach.entrypoints.schemas import ActionIn, PartnerIn
from outreach.service_layer import actions, partners
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput
from passerelle.imports.layouts import Column, Layout, RowError
from passerelle.imports.rows import derived_key, existing_ids, imported_id, refusals
from passerelle.imports.runner import Applied, Importer, run_imports

YES_NO = {"yes": "oui", "no": "non"}

ACTIONS = Layout(
    name="actions",
    title="Actions d'aller-vers",
    description="Une ligne par action passée (maraude, permanence, action collective…), avec ses comptes anonymes.",
    columns=(
        Column("Identifiant de l'action", "key", "M-0001"),
        Column("Type", "kind", KINDS["street_outreach"], required=True, choices=KINDS),
        Column("Date", "occurred_on", "14/06/2022", required=True, is_day=True),
        Column("Commune", "commune", "Alès"),
        Column("Quartier", "neighbourhood", "Près-Saint-Jean"),
        Column("Durée (minutes)", "duration_minutes", "120"),
        Column("Personnes rencontrées", "people_met", "12", required=True),
        Column("dont réorientées", "people_redirected", "2"),
        Column("Thèmes", "themes", THEMES["nutrition"], choices=THEMES, many=True),
        Column("Notes", "notes", ""),
    ),
)

PARTNERS = Layout(
    name="partenaires",
    title="Partenaires",
    description="Une ligne par structure de l'annuaire (jamais une personne).",
    columns=(
        Column("Nom", "name", "CCAS d'Alès", required=True),
        Column("Type", "type", PARTNER_TYPES["social"], required=True, choices=PARTNER_TYPES),
        Column("Secteur", "sector", "Accès aux droits"),
        Column("Commune", "commune", "Alès"),
        Column("Accueil", "contact_point", "Accueil du CCAS, 04 66 00 00 00"),
        Column("Partagé avec le département", "shared", "non", choices=YES_NO),
    ),
)


class ActionImporter:
    layout = ACTIONS

    async def apply(self, uow: UnitOfWork, rows, *, by: str) -> Applied:
        applied, readable = Applied(), []
        for line, row in rows:
            fields, errors = self.layout.fields_of(line, row)
            key = fields.pop("key", "")
            if not errors:
                try:
                    action = ActionIn.model_validate(fields)
                except ValidationError as exc:
                    errors = refusals(self.layout, line, exc)
            if errors:
                applied.errors += errors
                continue
            readable.append((line, imported_id(uow, f"action {key or derived_key(fields)}"), action.model_dump()))
        existing = await existing_ids(uow, OutreachAction, [action_id for _, action_id, _ in readable])
        for line, action_id, fields in readable:
            if action_id in existing:
                applied.already += 1
                continue
            try:
                actions.add_action(uow, recorded_by=by, fields=fields, action_id=action_id)
            except InvalidInput as exc:
                applied.errors.append(RowError(line, self.layout.header_of(exc.field), exc.reason))
                continue
            existing.add(action_id)
            applied.created += 1
        return applied


class PartnerImporter:
    layout = PARTNERS

    async def apply(self, uow: UnitOfWork, rows, *, by: str) -> Applied:
        applied, readable = Applied(), []
        for line, row in rows:
            fields, errors = self.layout.fields_of(line, row)
            if "shared" in fields:
                fields["shared"] = fields["shared"] == "yes"
            if not errors:
                try:
                    partner = PartnerIn.model_validate(fields)
                except ValidationError as exc:
                    errors = refusals(self.layout, line, exc)
            if errors:
                applied.errors += errors
                continue
            # one structure once: its name and type, as people write them, name it
            name = f"partenaire {partner.name.casefold()} {partner.type}"
            readable.append((line, imported_id(uow, name), partner.model_dump()))
        existing = await existing_ids(uow, Partner, [partner_id for _, partner_id, _ in readable])
        for _line, partner_id, fields in readable:
            if partner_id in existing:
                applied.already += 1
                continue
            partners.add_partner(uow, fields=fields, partner_id=partner_id)
            existing.add(partner_id)
            applied.created += 1
        return applied


IMPORTERS: dict[str, Importer] = {i.layout.name: i for i in (ActionImporter(), PartnerImporter())}


async def run_outreach_imports(state) -> None:
    """The service's background pass over its imports (passerelle.imports.runner)."""
    await run_imports(state.db, OutreachImport, IMPORTERS)
