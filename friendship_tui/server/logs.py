"""Keep tokens out of logs.

uvicorn logs each request line with its query string, and the live channel is opened
as ``/xapi2/ch?token=pat_…``. The filter rewrites any record mentioning a token before a
handler sees it; it is attached to uvicorn's loggers and to ours.
"""

from __future__ import annotations

import logging
import re

TOKEN_PATTERN = re.compile(r"(token=)[^&\s\"']+|pat_[A-Za-z0-9_\-]{6,}", re.IGNORECASE)
LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "friendship_tui.server")


def redact(text: str) -> str:
    return TOKEN_PATTERN.sub(lambda m: (m.group(1) or "") + "[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix; let it through as is
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True


_FILTER = RedactTokens()


def install_redaction() -> None:
    """Attach the filter to every logger that may print a request line (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
