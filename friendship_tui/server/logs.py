"""Keep tokens out of logs.

uvicorn logs each request line with its query string, and the live channel is opened
as ``/xapi2/ch?token=pat_…``. The filter rewrites any record mentioning a token before a
handler sees it (``token=***``); it is attached to uvicorn's loggers and to ours.

The record keeps its shape: uvicorn's access formatter unpacks ``record.args`` as
(client, method, path, version, status), so the arguments are redacted one by one
rather than folded into the message (which broke every access line).
"""

from __future__ import annotations

import logging
import re

TOKEN_PATTERN = re.compile(r"(token=)[^&\s\"']+|pat_[A-Za-z0-9_\-]{6,}", re.IGNORECASE)
LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "friendship_tui.server")


def redact(text: str) -> str:
    return TOKEN_PATTERN.sub(lambda m: (m.group(1) or "pat_") + "***", text)


def _redact_arg(value: object) -> object:
    if isinstance(value, str):
        return redact(value)
    return value


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(_redact_arg(a) for a in args)
        elif isinstance(args, dict):
            record.args = {k: _redact_arg(v) for k, v in args.items()}
        return True


_FILTER = RedactTokens()


def install_redaction() -> None:
    """Attach the filter to every logger that may print a request line (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
