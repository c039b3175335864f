"""Bounded work: every query runs under a time limit and a row limit.

Oxigraph cannot interrupt a running query, but it releases the GIL while it works, so the
query runs on a daemon thread and the caller stops waiting when the time is up (a command then
ends its process; ``kg serve`` runs queries in worker processes it can kill). Rows are drained
through the engine's own TSV serialiser into a writer that refuses the row after the limit, so
a runaway answer never fills memory, and are handed back re-parsed as the engine's result
object, ready for any of its serialisers.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import LimitExceeded


@dataclass(frozen=True)
class Limits:
    """``None`` or 0 switches a limit off."""

    timeout: float | None = 60.0  # seconds
    max_rows: int | None = 250_000  # the national findings table is about 150,000 rows


class _RowCap(io.RawIOBase):
    """A binary sink that keeps at most ``cap`` lines after the first (the header)."""

    def __init__(self, cap: int | None) -> None:
        self.cap, self.lines, self.parts = cap, 0, []

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        b = bytes(b)
        self.lines += b.count(b"\n")
        self.parts.append(b)
        if self.cap and self.lines > self.cap + 1:
            raise _TooMany
        return len(b)


class _TooMany(Exception):
    pass


def _drain(result, cap: int | None) -> tuple[str, object]:
    """Plain bytes (engine objects must not cross threads): ("ask", bool), ("select", TSV)
    or ("graph", N-Triples)."""
    if isinstance(result, ox.QueryBoolean):
        return "ask", result.serialize(format=ox.QueryResultsFormat.JSON)
    sink = _RowCap(cap)
    if isinstance(result, ox.QuerySolutions):
        result.serialize(sink, ox.QueryResultsFormat.TSV)
        return "select", b"".join(sink.parts)
    sink.cap = cap and cap - 1  # N-Triples has no header line
    ox.serialize(result, sink, ox.RdfFormat.N_TRIPLES)  # CONSTRUCT / DESCRIBE
    return "graph", b"".join(sink.parts)


def _parse(kind: str, payload):
    if kind == "ask":
        return ox.parse_query_results(payload, ox.QueryResultsFormat.JSON)
    if kind == "select":
        return ox.parse_query_results(payload, ox.QueryResultsFormat.TSV)
    return list(ox.parse(payload, ox.RdfFormat.N_TRIPLES))


def bounded_query(store, sparql: str, bindings: dict | None = None, *,
                  prefixes: dict[str, str] | None = None, limits: Limits = Limits()):
    """``store.query`` under ``limits``: QuerySolutions, QueryBoolean, or a list of triples."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = _drain(store.query(sparql, bindings, prefixes=prefixes),
                                       limits.max_rows or None)
        except _TooMany:
            outcome["error"] = LimitExceeded(
                f"the query answered more than {limits.max_rows:,} rows (the row limit); "
                "narrow it with parameters or a LIMIT, or raise the limit",
                limit="rows", value=limits.max_rows)
        except OSError as e:
            if isinstance(e.__context__, _TooMany) or "_TooMany" in repr(e):
                outcome["error"] = LimitExceeded(
                    f"the query answered more than {limits.max_rows:,} rows (the row limit)",
                    limit="rows", value=limits.max_rows)
            else:
                outcome["error"] = e
        except BaseException as e:  # handed to the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    worker.start()
    worker.join(limits.timeout or None)
    if worker.is_alive():
        raise LimitExceeded(f"the query ran longer than the time limit ({limits.timeout:g} s); "
                            "narrow it with parameters, or raise the limit",
                            limit="timeout", value=limits.timeout)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return _parse(*outcome["result"])  # type: ignore[misc]
