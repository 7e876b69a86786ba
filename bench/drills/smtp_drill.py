"""An aiosmtpd handler for the fault drills: each message's bytes, as received, into a
maildir (like bench/smtp_raw_maildir.py), after holding it DRILL_SMTP_DELAY seconds
(default 0), so that a drill can find many messages on the wire.

    DRILL_SMTP_DELAY=0.5 python -m aiosmtpd -n -l 127.0.0.1:2525 -c smtp_drill.DrillMaildir DIR
"""

import asyncio
import os
import time


class DrillMaildir:
    def __init__(self, path: str):
        self.path = path
        self.count = 0
        self.delay = float(os.environ.get("DRILL_SMTP_DELAY", "0"))
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(path, sub), exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("DrillMaildir takes the maildir's path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = f"{time.time_ns()}.P{os.getpid()}Q{self.count}"
        staged = os.path.join(self.path, "tmp", name)
        with open(staged, "wb") as f:
            f.write(envelope.original_content)
        os.rename(staged, os.path.join(self.path, "new", name))
        return "250 Message accepted for delivery"
