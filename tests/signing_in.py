"""Signing in as a person does, through the identity provider's own login page: with httpx (no
JavaScript needed) or with the browser."""

from __future__ import annotations

import html
import re

import httpx

from devstack.platform import SERVICES
from passerelle.web.current_session import session_cookie


def loopback_is_secure(client: httpx.Client) -> None:
    """The provider's cookies are `Secure; SameSite=None`: browsers send them to http://127.0.0.1 (a
    potentially trustworthy origin); httpx sends them over https only, unless told as here."""

    def unmark(_response: httpx.Response) -> None:
        for cookie in client.cookies.jar:
            if cookie.domain == "127.0.0.1":
                cookie.secure = False

    if unmark.__qualname__ not in {hook.__qualname__ for hook in client.event_hooks["response"]}:
        client.event_hooks["response"] = [*client.event_hooks["response"], unmark]


LOGIN_FORM = re.compile(r'<form\b[^>]*\bid="kc-form-login"[^>]*>', re.S)


def login_form_action(page: str) -> str | None:
    """Where the provider's login page posts the username and password (None: not its login page)."""
    form = LOGIN_FORM.search(page)
    if form is None:
        return None
    action = re.search(r'\baction="([^"]+)"', form.group(0))
    assert action, form.group(0)
    return html.unescape(action.group(1))


def sign_in(client: httpx.Client, username: str, password: str, *, services=SERVICES) -> httpx.Response:
    """Sign `client` in to each service's pages: the provider asks once, then its single sign-on
    answers for the others. Returns the answer of the first service's sign-in (its landing page)."""
    loopback_is_secure(client)
    first = None
    for service in services:
        answer = client.get(f"/{service}/connexion", follow_redirects=True)
        if (action := login_form_action(answer.text)) is not None:
            answer = client.post(action, data={"username": username, "password": password}, follow_redirects=True)
        assert session_cookie(service) in client.cookies, f"not signed in to {service}: {answer.text[:300]}"
        first = first or answer
    assert first is not None
    return first


def sign_in_with_browser(page, origin: str, username: str, password: str, *, next: str = "") -> None:
    """The provider's login page, filled in and sent as a person would."""
    page.goto(f"{origin}/referral/connexion" + (f"?next={next}" if next else ""))
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#kc-login")
    page.wait_for_url(f"{origin}/**")
