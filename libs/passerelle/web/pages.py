"""Server-rendered pages: templates with the shared layout, assets, and the session cookie.

Pages are served on one origin behind the reverse proxy (deploy/nginx), each service under its
own prefix (`/referral/`, `/cases/`…), which the proxy announces in `X-Forwarded-Prefix`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from passerelle.auth import Principal, Role
from passerelle.clock import PARIS, paris_day
from passerelle.http import idempotency
from passerelle.web import drafts, glossary, team
from passerelle.web.current_session import session_principal

SIGN_IN_PATH = "/referral/connexion"  # every role signs in from the same page (passerelle.web.sign_in)
PENDING_PATH = "/referral/en-attente"
LANDINGS = (  # where each role's work is; first match wins
    (Role.OPERATOR, "/reporting/departement"),
    (Role.COORDINATOR, "/reporting/indicateurs"),
    (Role.MEDIATOR, "/referral/orientations"),
    (Role.REFERRER, "/referral/mes-orientations"),
)
SHARED_TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
VENDOR = {  # front-end packages from npm (package.json), installed by bin/bootstrap
    "pico.min.css": "@picocss/pico/css/pico.min.css",
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "idb-keyval.js": "idb-keyval/dist/umd.js",  # the maraude's entries kept offline (static/offline-queue.js)
}
TEAM = frozenset({Role.MEDIATOR, Role.COORDINATOR})
NAVIGATION = (  # (service, page, label, roles that see the link, where: the bar, or the account's menu)
    ("referral", "/referral/orientations", "Orientations", TEAM, "bar"),
    ("cases", "/cases/accompagnements", "Accompagnements", TEAM, "bar"),
    ("outreach", "/outreach/aller-vers", "Aller-vers", TEAM, "bar"),
    ("cases", "/cases/agenda", "Agenda", TEAM, "bar"),
    ("cases", "/cases/recherche", "Rechercher", TEAM, "bar"),
    ("reporting", "/reporting/indicateurs", "Indicateurs", frozenset({Role.COORDINATOR}), "bar"),
    ("reporting", "/reporting/departement", "Département", frozenset({Role.OPERATOR}), "bar"),
    ("cases", "/cases/journal", "Journal des accès", frozenset({Role.COORDINATOR}), "menu"),
    ("cases", "/cases/conservation", "Conservation", frozenset({Role.COORDINATOR}), "menu"),
    ("cases", "/cases/partenaires", "Partenaires des orientations", frozenset({Role.COORDINATOR}), "menu"),
    ("cases", "/cases/import", "Importer des dossiers", frozenset({Role.COORDINATOR}), "menu"),
    ("outreach", "/outreach/import", "Importer des actions", frozenset({Role.COORDINATOR}), "menu"),
    ("referral", "/referral/equipe", "Équipe", frozenset({Role.COORDINATOR, Role.OPERATOR}), "menu"),
    ("referral", "/referral/resume-quotidien", "Résumé quotidien", TEAM, "menu"),
)
# A link of the navigation with a count beside it, loaded by the page (htmx) from the service that has it.
NAVIGATION_COUNTS = {"/referral/orientations": "/referral/orientations/a-trier"}
ROLE_LABELS = {
    Role.REFERRER: "professionnel orienteur",
    Role.MEDIATOR: "médiateur·rice",
    Role.COORDINATOR: "coordinateur·rice",
    Role.OPERATOR: "opérateur départemental",
    Role.SUBSCRIBER: "abonné aux indicateurs",
}


class SignInRequired(Exception):
    """No valid session: the person is sent to the sign-in page, then back."""


class AccountPending(Exception):
    """Signed in, but no role given yet: nobody gets a tenant's data by signing in."""


class PageForbidden(Exception):
    """Signed in, but this page is not for this role."""


def templates_for(service_templates: Path) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(service_templates))
    templates.env.loader = ChoiceLoader([FileSystemLoader(service_templates), FileSystemLoader(SHARED_TEMPLATES)])
    templates.env.globals.update(
        navigation_for=navigation_for,
        role_labels=ROLE_LABELS,
        sign_in_path=SIGN_IN_PATH,
        landing=landing,
        new_form_key=idempotency.new_form_key,
        explain=glossary.explain,  # the help text that says what an abbreviation stands for
        navigation_counts=NAVIGATION_COUNTS,
    )
    templates.env.filters["jour"] = french_day
    templates.env.filters["heure"] = lambda moment: moment.astimezone(PARIS).strftime("%H:%M")
    templates.env.filters["jour_long"] = french_weekday
    templates.env.filters["nombre"] = french_number
    templates.env.filters["tel"] = phone_link
    templates.env.filters["person"] = team.person  # a subject shown as the team member's name
    return templates


def phone_link(number: str | None) -> Markup:
    """A phone number a phone calls in one tap (tel:, international form), shown in pairs of digits as
    the French write it (the numbers are kept as digits); nothing to show is a dash."""
    if not number:
        return Markup("—")
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    if len(digits) == 10 and digits.startswith("0"):
        dialled, shown = "+33" + digits[1:], " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    elif len(digits) == 12 and digits.startswith("+33"):
        dialled, shown = digits, f"+33 {digits[3]} " + " ".join(digits[i : i + 2] for i in range(4, 12, 2))
    else:
        dialled, shown = digits, number
    return Markup('<a href="tel:{}">{}</a>').format(dialled, shown)


def french_number(value: int | float | str | None, rate: bool = False) -> str:
    """1 505, 4,2, 58 % (a rate given as 0.58); nothing to show is a dash."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if rate:
        return f"{value * 100:.0f}\u202f%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def french_day(moment: datetime | date | str) -> str:
    """The day as people in France say it: Europe/Paris, dd/mm/yyyy (a date is shown as it is; an ISO
    date, as JSON details keep them, is read first)."""
    if isinstance(moment, str):
        moment = date.fromisoformat(moment)
    if isinstance(moment, datetime):
        moment = paris_day(moment)
    return moment.strftime("%d/%m/%Y")


WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_weekday(moment: datetime | date) -> str:
    """The day as an agenda says it: « lundi 7 décembre » (Europe/Paris)."""
    day = paris_day(moment) if isinstance(moment, datetime) else moment
    return f"{WEEKDAYS[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]}"


def landing(principal: Principal) -> str:
    """The page where this person's work is (the brand link, and after signing in)."""
    return next((path for role, path in LANDINGS if role in principal.roles), PENDING_PATH)


def navigation_for(principal: Principal) -> list[tuple[str, str, str, str]]:
    """The navigation's links that this person may open: (service, page, label, "bar" or "menu")."""
    return [
        (service, page, label, place) for service, page, label, roles, place in NAVIGATION if principal.roles & roles
    ]


def install_pages(app: FastAPI, *, service_name: str, templates: Jinja2Templates, node_modules: Path) -> None:
    """Assets, the service's name for the layout, and the French answers to page errors."""
    app.state.templates = templates
    templates.env.globals["service_name"] = service_name
    app.mount("/static/passerelle", StaticFiles(directory=STATIC), name="passerelle-static")

    @app.get("/static/vendor/{name}", include_in_schema=False)
    async def vendor_asset(name: str):
        if name not in VENDOR:
            return HTMLResponse("Introuvable", status_code=404)
        return FileResponse(node_modules / VENDOR[name], headers={"Cache-Control": "public, max-age=86400"})

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _exc: SignInRequired):
        # this service's own sign-in: the provider's single sign-on makes it silent after the first
        back = quote(_page_to_come_back_to(request))
        return RedirectResponse(f"{request.scope.get('root_path', '')}/connexion?next={back}", status_code=303)

    @app.exception_handler(AccountPending)
    async def pending(_request: Request, _exc: AccountPending):
        return RedirectResponse(PENDING_PATH, status_code=303)

    @app.exception_handler(PageForbidden)
    async def forbidden(request: Request, _exc: PageForbidden):
        return render_error(request, 403, "Accès refusé", "Cette page n'est pas ouverte à votre rôle.")


def _page_to_come_back_to(request: Request) -> str:
    """After signing in again: the page asked for, or, for a form sent when the session had ended,
    the page of the form (where passerelle.js puts back what was typed)."""
    if request.method == "GET":
        here = request.url.path  # includes the proxy's prefix
        return here + ("?" + request.url.query if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    origin = request.app.state.settings.public_origin or f"{request.url.scheme}://{request.url.netloc}"
    if f"{referer.scheme}://{referer.netloc}" == origin.rstrip("/") and referer.path.startswith("/"):
        return referer.path + ("?" + referer.query if referer.query else "")
    return SIGN_IN_PATH


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    context.setdefault("principal", getattr(request.state, "principal", None))
    context.setdefault("web_session", getattr(request.state, "web_session", None))
    if context["web_session"] is not None:
        context.setdefault("draft_owner", drafts.owner(context["web_session"].subject))
    response = request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
    if context["principal"] is not None:  # nothing of a tenant stays in the browser's cache (back button)
        response.headers["Cache-Control"] = "no-store"
    return response


def render_error(request: Request, status_code: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, title=title, message=message)


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and hasattr(request.app.state, "templates")


async def page_principal(request: Request) -> Principal:
    principal = await session_principal(request)
    if principal is None:
        raise SignInRequired()
    if principal.pending:
        raise AccountPending()
    request.state.principal = principal
    return principal


def page_roles(*roles: Role):
    async def check(principal: Annotated[Principal, Depends(page_principal)]) -> Principal:
        if not principal.roles & set(roles):
            raise PageForbidden()
        return principal

    return check


MediatorPage = Annotated[Principal, Depends(page_roles(Role.MEDIATOR, Role.COORDINATOR))]
CoordinatorPage = Annotated[Principal, Depends(page_roles(Role.COORDINATOR))]
OperatorPage = Annotated[Principal, Depends(page_roles(Role.OPERATOR))]
