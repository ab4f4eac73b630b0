"""One error format for every service: 422 lists each faulty field with its reason."""

from __future__ import annotations

import logging

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from passerelle.errors import InvalidInput, InvalidTransition, NotFound
from passerelle.outages import is_connection_lost
from passerelle.signing_keys import ProviderUnreachable
from passerelle.web.french import french_errors
from passerelle.web.pages import render_error, wants_html

log = logging.getLogger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        if wants_html(request):  # a page's address was edited by hand (forms show their errors themselves)
            messages = french_errors(exc)
            return _unprocessable_page(request, [f"{field} : {message}" for field, message in messages.items()])
        errors = [{"field": _field(e["loc"]), "reason": _reason(e)} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": "invalid request", "errors": errors})

    @app.exception_handler(InvalidInput)
    async def invalid_input(request: Request, exc: InvalidInput):
        if wants_html(request):
            return _unprocessable_page(request, [f"{exc.field} : {exc.reason}"])
        return JSONResponse(
            status_code=422,
            content={"detail": "invalid request", "errors": [{"field": exc.field, "reason": exc.reason}]},
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        if wants_html(request):
            return render_error(request, 404, "Introuvable", "Cette page n'existe pas, ou pas pour votre structure.")
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    # every class an outage can surface as mid-request; the other errors of these classes stay 500s
    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeout)
    @app.exception_handler(asyncpg.PostgresError)
    @app.exception_handler(asyncpg.InterfaceError)
    @app.exception_handler(OSError)
    async def database_unavailable(request: Request, exc: Exception):
        if not is_connection_lost(exc):
            raise exc
        log.warning("database unavailable: %s", type(exc).__name__)
        return _unavailable(
            request,
            ("Service momentanément indisponible", "Rien n'a été enregistré. Réessayez dans quelques instants."),
            "temporarily unavailable, nothing was recorded; try again shortly",
        )

    @app.exception_handler(ProviderUnreachable)
    async def provider_unreachable(request: Request, exc: ProviderUnreachable):
        log.warning("%s", exc)
        return _unavailable(
            request,
            ("Connexion momentanément indisponible", "Le service d'identité ne répond pas. Réessayez dans un instant."),
            "the identity provider cannot be reached to check the token; try again shortly",
        )

    @app.exception_handler(InvalidTransition)
    async def conflict(_request: Request, exc: InvalidTransition) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc), "current_state": exc.current_state})


def _unavailable(request: Request, page: tuple[str, str], detail: str):
    """503: a French page (title, message) or the API's answer, to try again in a few seconds."""
    if wants_html(request):
        return render_error(request, 503, *page)
    return JSONResponse(status_code=503, headers={"Retry-After": "5"}, content={"detail": detail})


def _unprocessable_page(request: Request, reasons: list[str]):
    return render_error(request, 422, "Demande à corriger", " ; ".join(reasons) + ".")


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _reason(error: dict) -> str:
    message = error["msg"]
    return message.removeprefix("Value error, ")
