"""Errors that ``kg`` raises for people to read.

Hierarchy::

    KgError                     root of every error kg raises on purpose
    ├── DocumentError           a source file cannot be read (names the file and why)
    ├── QueryError              a query cannot be run
    │   ├── QueryNotFound       no saved query of that name, or no such query file
    │   ├── ParameterError      a parameter is unknown, missing or has a bad value
    │   ├── ServiceNotAllowed   the query calls a SERVICE that was not allowed
    │   └── ServiceFailed       an allowed SERVICE could not be reached or answered badly
    ├── StoreError              the store folder cannot be opened (locked, not a store)
    ├── OutputError             a result cannot be written where it was asked for
    ├── LimitExceeded           a configured limit (time, rows, size) was reached
    └── ValidationFailed        SHACL validation found violations

Errors carry their context as attributes (path, parameter, allowed values) so a front end can
phrase them; the messages never name command-line flags, and exit codes are the command
line's business (``kg.cli.exits``), not the library's.
"""
from __future__ import annotations

from collections.abc import Sequence
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
    """A query cannot be run; subclasses say why and carry the query, parameter or endpoint."""


class QueryNotFound(QueryError):
    """``name`` is what was asked for; ``path`` is set when it was a file path."""

    def __init__(self, message: str, *, name: str, path: Path | None = None,
                 suggestion: str | None = None) -> None:
        self.name, self.path, self.suggestion = name, path, suggestion
        super().__init__(message)


class ParameterError(QueryError):
    """A query parameter is unknown, missing or has a value outside its type or scheme
    (``problem``: "unknown", "missing" or "invalid")."""

    def __init__(self, message: str, *, query: str, parameter: str, value: str | None = None,
                 allowed: Sequence[str] = (), suggestion: str | None = None,
                 problem: str = "invalid") -> None:
        self.query, self.parameter, self.value, self.problem = query, parameter, value, problem
        self.allowed, self.suggestion = tuple(allowed), suggestion
        super().__init__(message)


class ServiceNotAllowed(QueryError):
    """The query has ``SERVICE`` calls to endpoints outside the allow-list (``None``: a variable)."""

    def __init__(self, message: str, *, endpoints: Sequence[str | None]) -> None:
        self.endpoints = tuple(endpoints)
        super().__init__(message)


class ServiceFailed(QueryError):
    def __init__(self, message: str, *, reason: str) -> None:
        self.reason = reason
        super().__init__(message)


class StoreError(KgError):
    """``path``: the store folder or file concerned, when known."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(message)


class OutputError(KgError):
    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: cannot write ({reason})")


class LimitExceeded(KgError):
    """``limit`` names the limit (e.g. "timeout"), ``value`` its configured value."""

    def __init__(self, message: str, *, limit: str, value: object = None) -> None:
        self.limit, self.value = limit, value
        super().__init__(message)


class ValidationFailed(KgError):
    pass
