"""Exit codes, and the one place exception classes become them (as pySHACL's ``cli.py`` does).

The library raises :mod:`kg.errors` classes with context and no flag names; here each class
gets its exit code and, where it helps, a hint naming the option that fixes it.
"""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import typer

from ..errors import (KgError, LimitExceeded, ParameterError, QueryNotFound, ServiceFailed,
                      ServiceNotAllowed, ValidationFailed)
from .output import safe

OK, FAILED, BAD_INPUT, LIMIT = 0, 1, 2, 3

# Shown in the README and in ``kg --help``; tests/test_docs.py checks that the two agree.
EXIT_CODES_HELP = (
    (OK, "success"),
    (FAILED, "validation found violations, or an ASK query answered false with --exit-status"),
    (BAD_INPUT, "bad input (unknown query, bad parameter, bad SPARQL, missing store) or some files failed to build"),
    (LIMIT, "a limit was hit"),
)

_BY_CLASS: tuple[tuple[type[BaseException], int], ...] = (
    (ValidationFailed, FAILED),
    (LimitExceeded, LIMIT),
    (KgError, BAD_INPUT),
)

debug = False  # set by ``kg --debug``: let tracebacks through

F = TypeVar("F", bound=Callable)


def exit_code(error: BaseException) -> int:
    for cls, code in _BY_CLASS:
        if isinstance(error, cls):
            return code
    return BAD_INPUT


def hint(error: KgError) -> str | None:
    """How to fix it from the command line (the library never names flags)."""
    if isinstance(error, ServiceNotAllowed):
        hosts = sorted({urlsplit(e).netloc for e in error.endpoints if e and urlsplit(e).netloc})
        return f"allow it with --allow-service {','.join(hosts)}" if hosts else None
    if isinstance(error, ServiceFailed):
        return "check the endpoint, or leave SERVICE out to query only the local graph"
    if isinstance(error, ParameterError):
        if error.problem == "missing":
            return f"give it as --param {error.parameter}=VALUE"
        if error.problem == "unknown":
            return "see 'kg queries' for each query's parameters"
        return None
    if isinstance(error, QueryNotFound):
        return None if error.path else "see 'kg queries' for the saved queries"
    return None


def report(error: KgError) -> None:
    """One line on standard error, control characters escaped."""
    message = f"kg: {safe(str(error))}"
    extra = hint(error)
    if extra and extra not in message:
        message += f" ({extra})"
    print(message, file=sys.stderr)


def handle_errors(command: F) -> F:
    """Wrap a command so a KgError is one line on stderr and its class's exit code."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KgError as e:
            if debug:
                raise
            report(e)
            raise typer.Exit(exit_code(e)) from None
        except BrokenPipeError:  # `kg query ... | head`: the reader has gone, stop quietly
            try:  # point stdout at /dev/null so the final flush does not fail again
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                pass
            raise typer.Exit(OK) from None
    return wrapper  # type: ignore[return-value]
