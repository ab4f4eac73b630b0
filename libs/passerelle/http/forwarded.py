"""The reverse proxy serves each service under a prefix (/referral/…) and says so in
X-Forwarded-Prefix; the prefix becomes the ASGI root_path so that pages link through the proxy."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^/[a-z][a-z-]{0,30}$")


class ForwardedPrefix:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                if name == b"x-forwarded-prefix" and _PREFIX.match(prefix := value.decode(errors="replace")):
                    scope = {**scope, "root_path": prefix}
                    break
        await self.app(scope, receive, send)
