"""Nothing typed is lost (passerelle.js keeps each creating form's draft in the browser, per person and
page). The server says when a draft can go: the answer to a form it took sets `passerelle_taken` to the
form's creation key (passerelle.http.idempotency), which names the draft; nothing personal is in it."""

from __future__ import annotations

import hashlib

from fastapi import Request
from starlette.responses import Response

TAKEN_COOKIE = "passerelle_taken"


def taken(request: Request, response: Response, key: str | None) -> Response:
    """The form with this creation key was taken: its draft may go (a redirection, Post/Redirect/Get)."""
    if key and response.status_code == 303:
        secure = request.app.state.settings.served_over_https
        response.set_cookie(TAKEN_COOKIE, key, max_age=120, samesite="lax", secure=secure, path="/")
    return response


def owner(subject: str) -> str:
    """Whose drafts these are, without saying who: another person signing in on the browser finds none."""
    return hashlib.sha256(subject.encode()).hexdigest()[:16]
