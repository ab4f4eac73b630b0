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
                    # ASGI: `path` includes `root_path`; routing strips it again. In place, because the
                    # outer middleware reads the matched route from this very scope.
                    scope["root_path"] = prefix
                    scope["path"] = prefix + scope["path"]
                    scope["raw_path"] = prefix.encode() + scope.get("raw_path", scope["path"].encode())
                    break
        await self.app(scope, receive, send)
