"""Writing results: where (``-o FILE`` or standard output) and how (the output formats).

SPARQL results go through Oxigraph's own W3C serialisers (CSV, TSV, JSON, XML results; Turtle,
N-Triples, JSON-LD, RDF/XML for graphs). ``table`` is for reading: on a terminal IRIs are
shortened to the project's prefixes and long cells wrap; piped, every value is printed whole on
one line. ``jsonl`` is one JSON object per row with typed values, for scripts. Text that reaches
a terminal (tables, ``error:`` lines) has its control characters escaped, so a document cannot
send escape sequences to the user's terminal.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ..errors import OutputError
from ..store.base import term_text
from ..vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_DECIMALS = {XSD + t for t in ("decimal", "double", "float")}

# C0/C1 controls, DEL, bidirectional overrides and line/paragraph separators.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


class RowFormat(str, Enum):
    """Formats for commands that print rows of their own (stats, queries, prefixes, analyse)."""
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    ndjson = "ndjson"


class ResultFormat(str, Enum):
    """Formats for SPARQL results: rows, a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    jsonl = "jsonl"
    ndjson = "ndjson"
    turtle = "turtle"
    ntriples = "ntriples"
    nquads = "nquads"
    jsonld = "jsonld"
    rdfxml = "rdfxml"


RESULTS_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
                 "rdfxml": ox.RdfFormat.RDF_XML}
ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl", "ndjson")


# ------------------------------------------------------------------ terminal safety

def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def safe(text: str, keep_newlines: bool = False) -> str:
    """Text with control characters shown as escapes (``\\x1b``), safe to print on a terminal."""
    pattern = _CONTROLS_BUT_NEWLINE if keep_newlines else _CONTROLS
    return pattern.sub(lambda m: _escape(m[0]), text)


def status(message: str) -> None:
    """Progress and status go to standard error, never mixed with data."""
    print(safe(message), file=sys.stderr)


# ------------------------------------------------------------------ where

def is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


@contextlib.contextmanager
def open_output(path: Path | None) -> Iterator[IO[bytes]]:
    """A binary stream to ``path`` (``None`` or ``-``: standard output).

    A file is written next to its destination and renamed when complete, so a failed command
    never leaves half a file; missing parent folders are created.
    """
    if is_stdout(path):
        sys.stdout.flush()
        out = sys.stdout.buffer
        yield out
        out.flush()
        return
    assert path is not None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as e:
        raise OutputError(path, e.strerror or str(e)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path, e.strerror or str(e)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def on_terminal(path: Path | None) -> bool:
    return is_stdout(path) and sys.stdout.isatty()


# ------------------------------------------------------------------ rows of our own

def write_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, out: IO[bytes],
               terminal: bool = False) -> int:
    """Rows of plain Python values in a row format; returns how many were written."""
    rows = [list(r) for r in rows]
    text = io.StringIO(newline="")
    if fmt == "csv":
        w = csv.writer(text)
        w.writerow(columns)
        w.writerows([["" if v is None else v for v in r] for r in rows])
    elif fmt == "tsv":
        text.write("\t".join(columns) + "\n")
        for r in rows:
            text.write("\t".join(_tsv_cell(v) for v in r) + "\n")
    elif fmt == "json":
        json.dump([dict(zip(columns, r)) for r in rows], text, indent=1, ensure_ascii=False)
        text.write("\n")
    elif fmt in ("jsonl", "ndjson"):
        for r in rows:
            text.write(json.dumps(dict(zip(columns, r)), ensure_ascii=False) + "\n")
    else:
        text.write(render_table(columns, [[_plain(v) for v in r] for r in rows], terminal))
    out.write(text.getvalue().encode("utf-8"))
    return len(rows)


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _tsv_cell(value: Any) -> str:
    """One line per row: backslash, tab and line breaks escaped as in the W3C TSV results."""
    s = _plain(value)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render_table(columns: Sequence[str], rows: Sequence[Sequence[str]], terminal: bool) -> str:
    """A table for reading. On a terminal: rich, wrapped to the width, IRIs as prefixed names.
    Piped: plain aligned columns, every value whole on one line (nothing cut)."""
    if not terminal:
        cells = [[safe(c) for c in columns]] + [[safe(c) for c in r] for r in rows]
        from rich.cells import cell_len

        widths = [max(cell_len(r[i]) for r in cells) for i in range(len(columns))]
        lines = []
        for n, r in enumerate(cells):
            lines.append("  ".join(c + " " * (w - cell_len(c)) for c, w in zip(r, widths)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n"
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(safe(c), overflow="fold")
    for r in rows:
        table.add_row(*(safe(short_iri(c), keep_newlines=True) for c in r))
    buf = io.StringIO()
    width = shutil.get_terminal_size((120, 24)).columns
    Console(file=buf, width=width, markup=False, emoji=False, highlight=False,
            force_terminal=True).print(table)
    return buf.getvalue()


def short_iri(cell: str) -> str:
    """An IRI as a prefixed name (kg:Inspection), for reading on a terminal."""
    for prefix, ns in PREFIXES.items():
        if cell.startswith(ns) and len(cell) > len(ns):
            return f"{prefix}:{cell[len(ns):]}"
    return cell


# ------------------------------------------------------------------ SPARQL results

def result_kind(result) -> str:
    if isinstance(result, (bool, ox.QueryBoolean)):
        return "boolean"
    if hasattr(result, "variables"):
        return "solutions"
    return "triples"


cell_text = term_text  # a result cell as plain text: IRIs whole, literals' lexical form (as W3C CSV)


def typed(term: object) -> Any:
    """A result cell as a JSON value: numbers and booleans typed, everything else its text."""
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        try:
            if dt in _INTEGERS:
                return int(term.value)
            if dt in _DECIMALS:
                number = float(term.value)
                return number if math.isfinite(number) else term.value
        except ValueError:
            return term.value
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
    return None if term is None else cell_text(term)


def write_solutions(result, fmt: str, out: IO[bytes], terminal: bool) -> int | None:
    """SELECT results; returns the row count when it is known without re-reading."""
    if fmt in RESULTS_FORMATS:
        result.serialize(out, format=RESULTS_FORMATS[fmt])
        return None
    columns = [v.value for v in result.variables]
    if fmt in ("jsonl", "ndjson"):
        n = 0
        for solution in result:
            line = {c: typed(solution[c]) for c in columns}
            out.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
            n += 1
        return n
    rows = [[cell_text(solution[c]) for c in columns] for solution in result]
    out.write(render_table(columns, rows, terminal).encode("utf-8"))
    return len(rows)


def write_boolean(result, fmt: str, out: IO[bytes]) -> None:
    if fmt in RESULTS_FORMATS and isinstance(result, ox.QueryBoolean):
        result.serialize(out, format=RESULTS_FORMATS[fmt])
        if fmt in ("csv", "tsv"):
            out.write(b"\n")
        return
    out.write(b"true\n" if bool(result) else b"false\n")


def write_triples(triples, fmt: str, out: IO[bytes]) -> None:
    rdf = GRAPH_FORMATS[fmt]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    ox.serialize(triples, out, format=rdf, prefixes=prefixes)
