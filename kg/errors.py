"""Errors that ``kg`` raises for people to read.

Hierarchy::

    KgError                     root; the CLI maps subclasses to exit codes
    ├── DocumentError           a source file cannot be read (names the file and why)
    ├── QueryError              a saved query is unknown, malformed, or a parameter is bad
    ├── StoreError              the store folder cannot be opened (locked, not a store)
    └── ValidationFailed        SHACL validation found violations (exit code 1)
"""
from __future__ import annotations

from pathlib import Path


def printable(name: object) -> str:
    """``name`` with control and other non-printable characters escaped repr-style (``\\n``,
    ``\\x1b``), so a file name can never split an error line or drive a terminal."""
    text = str(name)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class KgError(Exception):
    """Root of every error kg raises on purpose."""

    exit_code = 2


class DocumentError(KgError):
    def __init__(self, path: Path | str, reason: str, hint: str | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.hint = hint
        msg = f"{printable(self.path.name)}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class QueryError(KgError):
    pass


class StoreError(KgError):
    pass


class ValidationFailed(KgError):
    exit_code = 1
