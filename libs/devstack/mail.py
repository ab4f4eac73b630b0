"""A real SMTP server on 127.0.0.1 (aiosmtpd, a development dependency): the relay the services send
their mail through on this machine. Each message it accepts is kept in a Maildir, where the tests read
what arrived and where `bin/run` says to look.

Run alone: python -m devstack.mail <maildir> <port>
"""

from __future__ import annotations

import asyncio
import mailbox
import subprocess
import sys
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from devstack import processes


@dataclass
class MailServer:
    data_dir: Path
    port: int = 0
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def maildir(self) -> Path:
        return self.data_dir / "maildir"

    def start(self) -> MailServer:
        self.port = self.port or processes.free_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = processes.start(
            [sys.executable, "-m", "devstack.mail", str(self.maildir), str(self.port)],
            log=self.data_dir / "smtp.log",
        )
        processes.wait_until(
            lambda: processes.port_open(self.port), timeout=20, what="the SMTP server", log=self.data_dir / "smtp.log"
        )
        return self

    def stop(self) -> None:
        processes.stop(self.proc)
        self.proc = None

    def received(self) -> list[EmailMessage]:
        """Every message accepted so far."""
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(self.maildir, create=False)
        return [message_from_bytes(box.get_bytes(key), policy=policy.default) for key in box.iterkeys()]


def serve(maildir: Path, port: int) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]))
