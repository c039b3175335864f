"""The ``kg`` command line: a thin Typer layer over the library.

Exit codes: 0 ok; 1 validation found violations; 2 bad input, or some files failed.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import KgError

app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of Ofsted inspections of English local authority "
         "children's services from reports, letters and news.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)

STORE_HELP = "Store folder (default: $KG_STORE or ./kg-store)."


def _store_path(store: Optional[Path]) -> Path:
    return store or Path(os.environ.get("KG_STORE", "kg-store"))


_REMOTE: dict[str, str] = {}  # --update-url / --gsp-url, for a store given as a server URL


@app.callback()
def _options(
    update_url: Optional[str] = typer.Option(None, "--update-url", envvar="KG_STORE_UPDATE_URL", help="SPARQL Update endpoint of a --store URL (default: the server's usual one)."),
    gsp_url: Optional[str] = typer.Option(None, "--gsp-url", envvar="KG_STORE_GSP_URL", help="Graph Store Protocol endpoint of a --store URL (default: the server's usual one)."),
) -> None:
    """Options for every command."""
    _REMOTE.clear()
    _REMOTE.update({k: v for k, v in (("update_url", update_url), ("gsp_url", gsp_url)) if v})


def _location(store: Optional[Path]) -> str:
    """The store folder or server URL (a URL survives being parsed as a Path: 'http:/h/q')."""
    import re

    return re.sub(r"^(https?):/(?!/)", r"\1://", str(_store_path(store)))


def _open(store: Optional[Path], read_only: bool = True):
    from .store import is_url, open_store

    location = _location(store)
    return open_store(location, read_only=read_only, **(_REMOTE if is_url(location) else {}))


def _fail(e: KgError) -> None:
    typer.echo(f"kg: {e}", err=True)
    raise typer.Exit(e.exit_code)


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def render_rows(columns: list[str], rows: list[list[str]], fmt: OutFormat) -> str:
    """One shared output helper for every command that prints rows."""
    if fmt in (OutFormat.csv, OutFormat.tsv):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == OutFormat.csv else "\t", lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
        return buf.getvalue()
    if fmt == OutFormat.json:
        return json.dumps([dict(zip(columns, r)) for r in rows], indent=1, ensure_ascii=False) + "\n"
    from rich.console import Console
    from rich.table import Table

    from .vocab import PREFIXES

    def short(cell: str) -> str:  # IRIs as prefixed names, for reading on a terminal
        for prefix, ns in PREFIXES.items():
            if cell.startswith(ns):
                return f"{prefix}:{cell[len(ns):]}"
        return cell

    table = Table(*columns, show_lines=False)
    for r in rows:
        table.add_row(*map(short, r))
    buf = io.StringIO()
    Console(file=buf, width=max(100, min(220, 24 * len(columns))), markup=False).print(table)
    return buf.getvalue() + f"{len(rows)} row(s)\n"


# ------------------------------------------------------------------ build

@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files or folders (folders recurse): .pdf, .txt, .md, .html."),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
    prune: bool = typer.Option(False, "--prune", help="Drop documents built from these folders that are gone."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes for reading and extraction (default: cores, at most 4)."),
) -> None:
    """Read documents, extract facts and store one named graph per document."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .build import build as run_build

    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)

    class Callbacks:
        def __init__(self, progress: Progress | None) -> None:
            self.progress, self.task = progress, None

        def start(self, total: int) -> None:
            if self.progress:
                self.task = self.progress.add_task("reading", total=total)

        def done(self, path: Path, facts: int, warnings: tuple[str, ...]) -> None:
            for w in warnings:
                err.print(f"warning: {path.name}: {w}")
            if self.progress:
                self.progress.advance(self.task)

        def failed(self, path: Path, message: str) -> None:
            err.print(f"error: {message if message.startswith(path.name) else f'{path}: {message}'}")
            if self.progress and self.task is not None:
                self.progress.advance(self.task)

    try:
        with _open(store, read_only=False) as kg_store:
            if not quiet and sys.stderr.isatty():
                with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              console=err, transient=True) as progress:
                    summary = run_build(paths, kg_store, Callbacks(progress), prune=prune, jobs=jobs)
            else:
                summary = run_build(paths, kg_store, Callbacks(None), prune=prune, jobs=jobs)
    except KgError as e:
        _fail(e)
    typer.echo(
        f"built {summary.documents} document(s) into {_location(store)}: "
        f"{summary.inspections} inspection(s), {summary.judgements} judgement(s), "
        f"{summary.recommendations} improvement point(s), {summary.findings} finding(s), "
        f"{summary.inspectors} inspector role(s); {summary.triples_added} triples"
        + (f"; {summary.removed} removed" if summary.removed else ""))
    if summary.failures:
        typer.echo(f"{len(summary.failures)} file(s) failed; the others were stored.", err=True)
        raise typer.Exit(2)


# ------------------------------------------------------------------ query

@app.command()
def query(
    name: Optional[str] = typer.Argument(None, help="A saved query name (see 'kg queries') or a .rq file."),
    sparql: Optional[str] = typer.Option(None, "--sparql", help="SPARQL text to run instead of a saved query."),
    param: list[str] = typer.Option([], "--param", "-p", help="name=value for a query parameter (repeatable)."),
    fmt: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="Output format."),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Run a saved query, a .rq file or --sparql text; parameters are bound, never spliced."""
    from .queries import SavedQuery, bind_params, load_query
    from .store import iter_rows

    try:
        if sparql:
            q = SavedQuery("sparql", Path("-"), "", (), sparql)
        elif name:
            q = load_query(name)
        else:
            raise KgError("give a saved query name, a .rq file or --sparql TEXT")
        given = {}
        for item in param:
            key, sep, value = item.partition("=")
            if not sep:
                raise KgError(f"--param {item!r}: write it as name=value")
            given[key.strip()] = value
        bindings = bind_params(q, given)
        with _open(store) as kg_store:
            result = kg_store.query(q.text, bindings)
            if isinstance(result, bool):
                typer.echo("true" if result else "false")
                return
            if not hasattr(result, "variables"):  # CONSTRUCT / DESCRIBE
                for t in result:
                    typer.echo(f"{t} .")
                return
            columns, rows = iter_rows(result)
            rows = list(rows)
        sys.stdout.write(render_rows(columns, rows, fmt))
    except KgError as e:
        _fail(e)


@app.command()
def queries(fmt: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="Output format.")) -> None:
    """List the saved queries with their descriptions and parameters."""
    from .queries import saved_queries

    rows = []
    for q in saved_queries().values():
        params = "; ".join(f"{p.name} ({p.type}{', default ' + repr(p.default) if p.default is not None else ''})"
                           for p in q.params)
        rows.append([q.name, q.summary, params])
    sys.stdout.write(render_rows(["name", "summary", "parameters"], rows, fmt))


# ------------------------------------------------------------------ export / validate / stats

class ExportFormat(str, Enum):
    turtle = "turtle"
    ntriples = "ntriples"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"


@app.command()
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.turtle, "--format", "-f", help="RDF format; nquads and trig keep one graph per document."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Export the graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""
    from .vocab import PREFIXES

    try:
        with _open(store) as kg_store:
            data = kg_store.dump(fmt.value, PREFIXES)
    except KgError as e:
        _fail(e)
    if output:
        output.write_bytes(data)
        typer.echo(f"wrote {len(data):,} bytes of {fmt.value} to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def validate(
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the SHACL report graph (Turtle) here."),
    show: int = typer.Option(20, "--show", help="How many results to print."),
) -> None:
    """Check the graph against the SHACL shapes; exit 1 when there are violations."""
    from .validate import store_graph, validate_graph

    try:
        with _open(store) as kg_store:
            graph = store_graph(kg_store)
        result = validate_graph(graph)
    except KgError as e:
        _fail(e)
    for issue in result.issues[:show]:
        typer.echo(f"{issue.severity}: {issue.focus} {issue.path}: {issue.message}")
    if len(result.issues) > show:
        typer.echo(f"... {len(result.issues) - show} more (use --show or --report)")
    if report:
        result.report_graph.serialize(report, format="turtle")
    verdict = "conforms" if result.conforms else "does not conform"
    typer.echo(f"graph {verdict}: {result.violations} violation(s), {result.warnings} warning(s)")
    if not result.conforms:
        raise typer.Exit(1)


@app.command()
def stats(
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
    fmt: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Counts of documents, authorities, inspections, judgements, findings and triples."""
    from .stats import graph_stats

    try:
        with _open(store) as kg_store:
            counts = graph_stats(kg_store)
    except KgError as e:
        _fail(e)
    sys.stdout.write(render_rows(["what", "count"], [[k, str(v)] for k, v in counts.items()], fmt))


def _register_views() -> None:
    """``kg view ...`` and ``kg analyse`` live in kg.views.cli (heavy imports stay inside)."""
    from .views.cli import register

    register(app)
    from .serve_cli import register as register_serve

    register_serve(app)


_register_views()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
