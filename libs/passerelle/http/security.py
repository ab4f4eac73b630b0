"""What every answer of every service carries, behind any proxy: security headers; and the refusal
of a form posted from another origin (cross-site request forgery)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from passerelle.web.pages import render_error, wants_html

# No inline script or style anywhere: the pages' scripts are files (passerelle.js, htmx). Forms post
# to the platform only, and to the identity provider (sign-out redirects there, which form-action governs).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' {provider}; "
    "frame-ancestors 'none'"
)
# FastAPI's interactive API documentation loads Swagger UI from its CDN with an inline script; it
# shows no personal data, and the API behind it still wants a token.
API_DOCS_POLICY = (
    "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net 'unsafe-inline'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; frame-ancestors 'none'"
)
API_DOCS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=63072000; includeSubDomains"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SAME_ORIGIN_FETCHES = frozenset({"same-origin", "none"})  # `none`: typed in the address bar, a bookmark


class SecurityHeaders:
    """ASGI middleware: the headers above on every answer; HSTS where the platform is served over https."""

    def __init__(self, app, *, https: bool, provider_origin: str):
        self.app = app
        self.page_policy = CONTENT_SECURITY_POLICY.format(provider=provider_origin)
        self.fixed = [(name.encode(), value.encode()) for name, value in HEADERS.items()]
        if https:
            self.fixed.append((b"strict-transport-security", HSTS.encode()))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = API_DOCS_POLICY if _own_path(scope) in API_DOCS else self.page_policy

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", ())}
                added = [(n, v) for n, v in self.fixed if n not in present]
                if b"content-security-policy" not in present:
                    added.append((b"content-security-policy", policy.encode()))
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CrossOriginForms:
    """ASGI middleware: a state-changing request that a browser sent from another site is refused
    with 403 and never reaches a route. Browsers say where a request comes from in Sec-Fetch-Site
    and Origin, which a page of another site cannot change; a request with neither is not a
    browser's (curl, the API's clients with their bearer token), so it is no forgery."""

    def __init__(self, app, *, public_origin: str | None):
        self.app = app
        self.public_origin = public_origin.rstrip("/") if public_origin else None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and not self._same_origin(scope):
            return await _refusal(scope)(scope, receive, send)
        await self.app(scope, receive, send)

    def _same_origin(self, scope) -> bool:
        headers = Request(scope).headers
        if (site := headers.get("sec-fetch-site")) is not None:
            return site in SAME_ORIGIN_FETCHES
        if (origin := headers.get("origin")) is None:
            return True
        return origin.rstrip("/") == (self.public_origin or _own_origin(scope, headers))


def _own_origin(scope, headers) -> str:
    return f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"


def _own_path(scope) -> str:
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _refusal(scope):
    request = Request(scope)
    if wants_html(request):
        return render_error(
            request,
            403,
            "Formulaire refusé",
            (
                "Ce formulaire a été envoyé depuis un autre site que Passerelle : rien n'a été enregistré. "
                "Rouvrez la page depuis Passerelle et recommencez."
            ),
        )
    return JSONResponse(status_code=403, content={"detail": "cross-origin request refused"})
