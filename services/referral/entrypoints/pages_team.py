"""The team page (« Équipe »): a coordinator manages their tenant's accounts, the département's operator
the coordinators of any tenant; every change goes to the identity provider and into the journal."""

from __future__ import annotations

import re
import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from passerelle import registry
from passerelle.auth import Principal, Role
from passerelle.errors import InvalidInput
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep
from passerelle.web.forms import flat
from passerelle.web.pages import ROLE_LABELS, page_roles, render
from referral.adapters.keycloak_accounts import KeycloakAccounts
from referral.domain.accounts import (
    TEAM_ROLES,
    AccountChangeRefused,
    Refusal,
    managed_tenant,
    roles_given_by,
)
from referral.service_layer import accounts
from referral.service_layer.accounts import Invitation

router = APIRouter(prefix="/equipe", include_in_schema=False)
ManagerPage = Annotated[Principal, Depends(page_roles(Role.COORDINATOR, Role.OPERATOR))]
USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{2,99}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")
DONE = {
    "roles": "Rôles enregistrés. Ils s'appliquent à la prochaine connexion de la personne.",
    "desactive": "Compte désactivé : la personne ne peut plus se connecter, ses sessions sont fermées.",
    "approuve": "Compte approuvé : la personne accède à la structure à sa prochaine connexion.",
}
ACTIONS = {
    "invited": "Invitation",
    "roles_changed": "Rôles modifiés",
    "disabled": "Compte désactivé",
    "approved": "Compte approuvé",
}
REFUSALS = {
    Refusal.NOT_A_MANAGER: "Seuls les coordinateur·rices et l'opérateur départemental gèrent les comptes.",
    Refusal.OWN_COORDINATOR_ROLE: (
        "Vous ne pouvez pas retirer votre propre rôle de coordinateur·rice : demandez-le à un·e autre "
        "coordinateur·rice ou à l'opérateur départemental."
    ),
    Refusal.OWN_ACCOUNT: "Vous ne pouvez pas désactiver votre propre compte.",
    Refusal.NOT_PENDING: "Ce compte n'est plus en attente : il a déjà une structure ou un rôle.",
    Refusal.NO_ROLE: "Cochez au moins un rôle.",
    Refusal.TENANT_REQUIRED: "Choisissez d'abord une structure.",
}
CANNOT_GIVE = {
    Role.COORDINATOR: (
        "Ce rôle ne se donne pas depuis cette page : une structure gère les rôles professionnel orienteur, "
        "médiateur·rice et coordinateur·rice de ses membres."
    ),
    Role.OPERATOR: "L'opérateur départemental donne ou retire le rôle de coordinateur·rice, et lui seul.",
}
FIELDS = {"username": "identifiant", "email": "adresse électronique"}
STALE_FORM = "Ce formulaire n'est plus valable : saisissez l'invitation à nouveau."


def account_directory(request: Request) -> KeycloakAccounts:
    """The identity provider's accounts, as the service account of PASSERELLE_ACCOUNTS_CLIENT_ID."""
    found = getattr(request.app.state, "account_directory", None)
    if found is None:
        settings = request.app.state.settings
        if not (settings.accounts_client_id and settings.accounts_client_secret):
            raise HTTPException(503, "PASSERELLE_ACCOUNTS_CLIENT_ID and _SECRET are not set")
        found = request.app.state.account_directory = KeycloakAccounts(
            settings.oidc_issuer,
            client_id=settings.accounts_client_id,
            client_secret=settings.accounts_client_secret,
            admin_url=settings.accounts_admin_url,
        )
    return found


DirectoryDep = Annotated[KeycloakAccounts, Depends(account_directory)]


@router.get("")
async def team_page(
    request: Request,
    principal: ManagerPage,
    db: DatabaseDep,
    directory: DirectoryDep,
    structure: str = "",
    fait: str = "",
):
    return await _page(request, principal, db, directory, structure, done=DONE.get(fait))


@router.post("/inviter")
async def invite(request: Request, principal: ManagerPage, db: DatabaseDep, directory: DirectoryDep):
    form = await request.form()
    structure = str(form.get("structure", ""))
    values = flat(form, lists=frozenset({"roles"}))
    invitation, errors = _invitation(form)
    key = values.get(idempotency.FORM_FIELD) or None
    if invitation is not None:
        try:
            tenant = managed_tenant(principal, structure)
            account, password = await accounts.invite(
                directory=directory,
                db=db,
                by=principal,
                tenant=tenant,
                invitation=invitation,
                invitation_id=idempotency.created_id(key, tenant=tenant, caller=principal.subject),
            )
        except AccountChangeRefused as exc:
            errors = {"roles": _refusal(principal, exc)}
        except InvalidInput as exc:
            if exc.field not in FIELDS:  # the form's key, altered: a new display of the form gets a good one
                values.pop(idempotency.FORM_FIELD, None)
                return await _page(request, principal, db, directory, structure, 422, problem=STALE_FORM)
            errors = {exc.field: f"Cet·te {FIELDS[exc.field]} est déjà utilisé·e par un autre compte."}
        else:
            # shown once, in this answer only: never in an address, a log or the database
            return await _page(request, principal, db, directory, structure, invited=(account, password))
    status = 403 if "roles" in errors and invitation is not None else 422
    return await _page(request, principal, db, directory, structure, status, values=values, errors=errors)


@router.post("/comptes/{account_id}/roles")
async def change_roles(
    request: Request, account_id: uuid.UUID, principal: ManagerPage, db: DatabaseDep, directory: DirectoryDep
):
    form = await request.form()

    async def act(tenant: str) -> None:
        checked = _roles(form.getlist("roles"))
        await accounts.change_roles(
            directory=directory, db=db, by=principal, tenant=tenant, account_id=str(account_id), checked=checked
        )

    return await _act(request, principal, db, directory, str(form.get("structure", "")), act, "roles")


@router.post("/comptes/{account_id}/desactiver")
async def disable(
    request: Request, account_id: uuid.UUID, principal: ManagerPage, db: DatabaseDep, directory: DirectoryDep
):
    form = await request.form()

    async def act(tenant: str) -> None:
        await accounts.disable(directory=directory, db=db, by=principal, tenant=tenant, account_id=str(account_id))

    return await _act(request, principal, db, directory, str(form.get("structure", "")), act, "desactive")


@router.post("/comptes/{account_id}/approuver")
async def approve(
    request: Request, account_id: uuid.UUID, principal: ManagerPage, db: DatabaseDep, directory: DirectoryDep
):
    form = await request.form()

    async def act(tenant: str) -> None:
        roles = _roles(form.getlist("roles"))
        await accounts.approve(
            directory=directory, db=db, by=principal, tenant=tenant, account_id=str(account_id), roles=roles
        )

    return await _act(request, principal, db, directory, str(form.get("structure", "")), act, "approuve")


async def _act(request, principal, db, directory, structure: str, act, done: str):
    """Run a change; answer with a redirection to the page and its message, or the page with the refusal."""
    try:
        tenant = managed_tenant(principal, structure)
        await act(tenant)
    except AccountChangeRefused as exc:
        return await _page(request, principal, db, directory, structure, 403, problem=_refusal(principal, exc))
    except InvalidInput:  # a role the platform does not know
        return await _page(request, principal, db, directory, structure, 422, problem="Rôle inconnu.")
    query = {"structure": tenant} if principal.tenant is None else {}
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/equipe?{urlencode({**query, 'fait': done})}", status_code=303)


async def _page(request, principal, db, directory, structure: str, status_code: int = 200, **context):
    async with db.unit_of_work(tenant=None) as lookup:
        tenants = await registry.list_tenants(uow=lookup)
    tenant = principal.tenant if principal.tenant is not None else (structure or None)
    team = await accounts.team(directory=directory, db=db, tenant=tenant) if tenant else None
    context.setdefault("values", {})
    context.setdefault("errors", {})
    return render(
        request,
        "equipe.html",
        status_code,
        team=team,
        tenants=tenants,
        structure=tenant or "",
        gives=[(role, ROLE_LABELS[role]) for role in sorted(roles_given_by(principal))],
        given=roles_given_by(principal),
        role_labels=ROLE_LABELS,
        actions=ACTIONS,
        **context,
    )


def _invitation(form) -> tuple[Invitation | None, dict[str, str]]:
    """The invitation the form describes, or the French reason beside each field to correct."""
    fields = {name: str(form.get(name, "")).strip() for name in ("username", "first_name", "last_name", "email")}
    errors = {name: "Ce champ est obligatoire." for name, value in fields.items() if not value}
    for name in ("first_name", "last_name"):
        if len(fields[name]) > 100:
            errors[name] = "Ce texte est trop long (100 caractères au plus)."
    username = fields["username"].lower()
    if username and not USERNAME.fullmatch(username):
        errors["username"] = "De 3 à 100 caractères : lettres minuscules sans accent, chiffres, point, tiret, @."
    if fields["email"] and not EMAIL.fullmatch(fields["email"]):
        errors["email"] = "Une adresse électronique ressemble à prenom.nom@structure.fr."
    try:
        roles = _roles(form.getlist("roles"))
    except InvalidInput:
        errors["roles"] = "Rôle inconnu."
        roles = frozenset()
    if not roles and "roles" not in errors:
        errors["roles"] = REFUSALS[Refusal.NO_ROLE]
    if errors:
        return None, errors
    return Invitation(
        username=username,
        first_name=fields["first_name"],
        last_name=fields["last_name"],
        email=fields["email"],
        roles=roles,
    ), {}


def _roles(values: list) -> frozenset[Role]:
    try:
        return frozenset(Role(str(value)) for value in values)
    except ValueError as exc:
        raise InvalidInput("roles", "unknown role") from exc


def _refusal(principal: Principal, exc: AccountChangeRefused) -> str:
    if exc.reason is Refusal.ROLE_NOT_YOURS_TO_GIVE:
        gives = roles_given_by(principal)
        return CANNOT_GIVE[Role.COORDINATOR] if gives == TEAM_ROLES else CANNOT_GIVE[Role.OPERATOR]
    return REFUSALS[exc.reason]
