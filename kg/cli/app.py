"""The ``kg`` application: build, query, queries, prefixes, export, validate, stats.

Data goes to standard output (or ``-o FILE``); progress and status go to standard error.
Errors are one ``kg: ...`` line and an exit code from :mod:`kg.cli.exits`.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .. import __version__
from ..errors import QueryError, ValidationFailed
from . import exits
from .exits import EXIT_CODES_HELP, handle_errors
from .options import (OUTPUT_HELP, EngineOptions, Output, StoreOption, engine_options,
                      open_store, output_options, store_path)
from .output import (GRAPH_FORMATS, ResultFormat, open_output, result_kind, safe, status,
                     on_terminal, write_boolean, write_rows, write_solutions, write_triples)


def examples(*lines: str) -> str:
    """An ``Examples:`` epilog kept as written (``\\b`` stops the help formatter rewrapping)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def _clean_argument_types() -> None:
    """Typer prints an argument's Python type after its metavar (``PATH... <list[Path]>``);
    where we give a metavar it already says what to type, so print only that."""
    original = typer.core.TyperArgument.display_type_rich
    if getattr(original, "_kg_clean", False):
        return

    def display_type_rich(self, ctx):
        return None if self.metavar else original(self, ctx)

    display_type_rich._kg_clean = True  # type: ignore[attr-defined]
    typer.core.TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign]


_clean_argument_types()

EXIT_EPILOG = "Exit codes:\n\n\b\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES_HELP)

app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of Ofsted inspections of English local authority "
         "children's services from reports, letters and news.",
    epilog=EXIT_EPILOG + "\n\n" + examples("kg build reports/ --store kg-store",
                                           "kg query judged -p grade=inadequate --format csv"),
    invoke_without_command=True, add_completion=True, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an error (for bug reports)."),
    update_url: Optional[str] = typer.Option(None, "--update-url", envvar="KG_STORE_UPDATE_URL", metavar="URL",
                                             help="SPARQL Update endpoint of a --store URL (default: the server's usual one)."),
    gsp_url: Optional[str] = typer.Option(None, "--gsp-url", envvar="KG_STORE_GSP_URL", metavar="URL",
                                          help="Graph Store Protocol endpoint of a --store URL (default: the server's usual one)."),
) -> None:
    """Build and query a knowledge graph of Ofsted inspections of English local authority
    children's services from reports, letters and news."""
    from .options import REMOTE

    exits.debug = debug
    REMOTE.clear()
    REMOTE.update({k: v for k, v in (("update_url", update_url), ("gsp_url", gsp_url)) if v})
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(exits.OK)


# ------------------------------------------------------------------ build

@app.command(epilog=examples("kg build reports/ letters/ --store kg-store",
                             "kg build reports/ --prune --quiet"))
@handle_errors
def build(
    paths: list[Path] = typer.Argument(..., metavar="PATH", show_default=False, readable=False,
                                       help="Files or folders (folders recurse): .pdf, .txt, .md, .html."),
    store: StoreOption = None,
    prune: bool = typer.Option(False, "--prune", help="Drop documents built from these folders that are gone."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N",
                                       help="Worker processes for reading and extraction (default: cores, at most 4)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", min=1, metavar="N",
                                            help="Refuse a file larger than this many bytes (default 50000000)."),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", min=1, metavar="N",
                                            help="Refuse a PDF with more pages (default 500)."),
    max_findings: Optional[int] = typer.Option(None, "--max-findings", min=1, metavar="N",
                                               help="Keep at most this many findings per document, with a warning (default 5000)."),
) -> None:
    """Read documents, extract facts and store one named graph per document; a file that
    cannot be read gets one error line and the others are stored (exit 2). Files whose bytes
    and extractor are unchanged since the last build are skipped."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..build import Limits
    from ..build import build as run_build

    given = {"max_bytes": max_bytes, "max_pages": max_pages, "max_findings": max_findings}
    limits = Limits(**{k: v for k, v in given.items() if v is not None})
    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True, emoji=False)

    class Callbacks:
        def __init__(self, progress: Progress | None) -> None:
            self.progress, self.task = progress, None

        def start(self, total: int) -> None:
            if self.progress:
                self.task = self.progress.add_task("reading", total=total)

        def done(self, path: Path, facts: int, warnings: tuple[str, ...]) -> None:
            for w in warnings:
                err.print(safe(f"warning: {path.name}: {w}"))
            if self.progress:
                self.progress.advance(self.task)

        def failed(self, path: Path, message: str) -> None:
            from ..errors import printable

            text = message if message.startswith(printable(path.name)) else f"{path}: {message}"
            err.print(safe(f"error: {text}"))
            if self.progress and self.task is not None:
                self.progress.advance(self.task)

    with open_store(store, read_only=False) as kg_store:
        for note in kg_store.notes:
            status(f"note: {note}")
        if not quiet and sys.stderr.isatty():
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          console=err, transient=True) as progress:
                summary = run_build(paths, kg_store, Callbacks(progress), prune=prune, jobs=jobs,
                                    limits=limits)
        else:
            summary = run_build(paths, kg_store, Callbacks(None), prune=prune, jobs=jobs,
                                limits=limits)
    status(f"built {summary.documents} document(s) into {store_path(store)}: "
           f"{summary.inspections} inspection(s), {summary.judgements} judgement(s), "
           f"{summary.recommendations} improvement point(s), {summary.findings} finding(s), "
           f"{summary.inspectors} inspector role(s); {summary.triples_added} triples"
           + (f"; {summary.unchanged} unchanged" if summary.unchanged else "")
           + (f"; {summary.removed} removed" if summary.removed else ""))
    if summary.failures:
        status(f"{len(summary.failures)} file(s) failed; the others were stored.")
        raise typer.Exit(exits.BAD_INPUT)



@app.command(epilog=examples("kg remove old-letters/ --store kg-store",
                             "kg remove reports/ealing_2016-08-26.pdf"))
@handle_errors
def remove(
    paths: list[Path] = typer.Argument(..., metavar="PATH", show_default=False, readable=False,
                                       exists=False, help="Files or folders whose documents to drop (they need not exist any more)."),
    store: StoreOption = None,
) -> None:
    """Drop the documents built from these files, or from anything under these folders."""
    from ..build import remove as run_remove

    with open_store(store, read_only=False) as kg_store:
        gone = run_remove(paths, kg_store)
    for src in gone:
        status(f"removed {src}")
    status(f"removed {len(gone)} document(s) from {store_path(store)}")
    if not gone:
        raise typer.Exit(exits.BAD_INPUT)

# ------------------------------------------------------------------ query

ROW_RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "jsonl", "ndjson")
FORMAT_HELP = ("Rows (SELECT) and ASK: table (default), csv, tsv, json (SPARQL 1.1 JSON results), "
               "xml, jsonl/ndjson (one JSON object per row, typed); ASK as table prints true or "
               "false. Triples (CONSTRUCT, DESCRIBE): turtle (default), ntriples, nquads, jsonld, rdfxml.")


def _read_stdin() -> str:
    text = sys.stdin.read()
    if not text.strip():
        raise typer.BadParameter("standard input held no query")
    return text


def _params(items: list[str]) -> dict[str, str]:
    given: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"{item!r}: write it as NAME=VALUE", param_hint="'--param'")
        given[key.strip()] = value
    return given


@app.command(epilog=examples(
    "kg query inspections --format csv -o inspections.csv",
    "kg query judged -p grade=inadequate -p area=help-and-protection",
    "kg query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?i a kg:Inspection }'",
    "echo 'ASK { ?i kg:authority kgid:authority\\/E09000009 }' | kg query - --exit-status",
    "kg query my-question.rq --format jsonl | jq .authority"))
@handle_errors
@engine_options
def query(
    name: Optional[str] = typer.Argument(None, metavar="NAME|FILE|-", show_default=False,
                                         help="A saved query (see 'kg queries'), a query file, or - to read the query from standard input."),
    sparql: Optional[str] = typer.Option(None, "--sparql", metavar="TEXT",
                                         help="SPARQL text to run ('-': read it from standard input). The prefixes of 'kg prefixes' need no PREFIX lines."),
    param: list[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE", show_default=False,
                                    help="A query parameter (repeatable); values are checked and bound as RDF terms, never pasted into the query. Empty means the default."),
    fmt: Optional[ResultFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP, show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, metavar="FILE"),
    exit_status: bool = typer.Option(False, "--exit-status", help="For ASK: exit 1 when the answer is false (as grep -q does)."),
    store: StoreOption = None,
    engine: EngineOptions = None,  # type: ignore[assignment]  # filled by @engine_options
) -> None:
    """Run a saved query, a query file or SPARQL text over all the documents' graphs."""
    from ..queries import bind_params, inline_query, load_query, run_query

    if name and sparql:
        raise typer.BadParameter("give a query name or file, or --sparql TEXT, not both")
    if sparql is not None:
        q = inline_query(_read_stdin() if sparql == "-" else sparql, "sparql")
    elif name == "-":
        q = inline_query(_read_stdin(), "stdin")
    elif name:
        q = load_query(name)
    else:
        raise typer.BadParameter("give a saved query name, a query file, - or --sparql TEXT",
                                 param_hint="'NAME'")
    bindings = bind_params(q, _params(param))
    with open_store(store) as kg_store:
        result = run_query(kg_store, q.text, bindings, **engine.run_kwargs())
        kind = result_kind(result)
        chosen = fmt.value if fmt else ("turtle" if kind == "triples" else "table")
        allowed = tuple(GRAPH_FORMATS) if kind == "triples" else ROW_RESULT_FORMATS
        if chosen not in allowed:
            what = {"triples": "CONSTRUCT and DESCRIBE give triples", "boolean": "ASK gives true or false",
                    "solutions": "SELECT gives rows"}[kind]
            raise typer.BadParameter(f"{what}; choose one of {', '.join(allowed)}",
                                     param_hint="'--format'")
        try:
            with open_output(output) as out:
                if kind == "boolean":
                    write_boolean(result, chosen, out)
                elif kind == "triples":
                    write_triples(result, chosen, out)
                else:
                    n = write_solutions(result, chosen, out, on_terminal(output))
                    if chosen == "table" and n is not None:
                        status(f"{n} row(s)")
        except RuntimeError as e:
            raise QueryError(f"query failed: {e}") from None
    if kind == "boolean" and exit_status and not bool(result):
        raise typer.Exit(exits.FAILED)


@app.command(epilog=examples("kg queries", "kg queries --format json"))
@handle_errors
@output_options
def queries(out: Output) -> None:
    """List the saved queries with what they answer and their parameters."""
    from ..queries import saved_queries

    rows = []
    for q in saved_queries().values():
        params = "; ".join(f"{p.name} ({p.type}{', default ' + repr(p.default) if p.default is not None else ''})"
                           for p in q.params)
        rows.append([q.name, q.summary, params])
    with open_output(out.path) as f:
        write_rows(["name", "summary", "parameters"], rows, out.format, f, on_terminal(out.path))


@app.command(epilog=examples("kg prefixes", "kg query --sparql 'SELECT * WHERE { ?a a kg:Inspection } LIMIT 3'"))
@handle_errors
@output_options
def prefixes(out: Output) -> None:
    """The prefixes every query may use without declaring them (a query's own PREFIX wins)."""
    from ..vocab import PREFIXES

    with open_output(out.path) as f:
        write_rows(["prefix", "namespace"], sorted(PREFIXES.items()), out.format, f,
                   on_terminal(out.path))


# ------------------------------------------------------------------ export / validate / stats

class ExportFormat(str, Enum):
    turtle = "turtle"
    ntriples = "ntriples"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"


@app.command(epilog=examples("kg export --format turtle -o kg.ttl", "kg export --format nquads | gzip > kg.nq.gz"))
@handle_errors
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.turtle, "--format", "-f", help="RDF format; nquads and trig keep one graph per document."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, metavar="FILE"),
    store: StoreOption = None,
) -> None:
    """Export the graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""
    from ..vocab import PREFIXES

    with open_store(store) as kg_store:
        data = kg_store.dump(fmt.value, PREFIXES)
    with open_output(output) as f:
        f.write(data)
    if output and str(output) != "-":
        status(f"wrote {len(data):,} bytes of {fmt.value} to {output}")


class ValidateEngine(str, Enum):
    store = "store"
    pyshacl = "pyshacl"


@app.command(epilog=examples("kg validate", "kg validate --report shacl-report.ttl --show 100"))
@handle_errors
def validate(
    store: StoreOption = None,
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE", help="Also write the SHACL report graph (Turtle) here ('-': standard output)."),
    show: int = typer.Option(20, "--show", metavar="N", help="How many results to print."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP, metavar="FILE"),
    engine: ValidateEngine = typer.Option(ValidateEngine.store, "--engine",
                                          help="store: the shapes as SPARQL on the store's own engine (seconds at national scale); "
                                               "pyshacl: full SHACL in pySHACL (loads the whole graph; minutes at national scale)."),
) -> None:
    """Check the graph against the SHACL shapes; exit 1 when there are violations."""
    from ..validate import store_graph, validate_graph, validate_store

    with open_store(store) as kg_store:
        if engine == ValidateEngine.pyshacl:
            result = validate_graph(store_graph(kg_store))
        elif sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("checking shapes", total=None)
                result = validate_store(kg_store, progress=lambda _check: bar.advance(task))
        else:
            result = validate_store(kg_store)
    lines = [f"{i.severity}: {i.focus} {i.path}: {i.message}" for i in result.issues[:show]]
    if len(result.issues) > show:
        lines.append(f"... {len(result.issues) - show} more (use --show or --report)")
    with open_output(output) as f:
        f.write("".join(safe(line) + "\n" for line in lines).encode("utf-8"))
    if report:
        with open_output(report) as f:
            f.write(result.report_graph.serialize(format="turtle").encode("utf-8"))
    verdict = (f"graph {'conforms' if result.conforms else 'does not conform'}: "
               f"{result.violations} violation(s), {result.warnings} warning(s)")
    if not result.conforms:
        raise ValidationFailed(verdict)
    status(verdict)


@app.command(epilog=examples("kg stats", "kg stats --format json"))
@handle_errors
@output_options
def stats(out: Output, store: StoreOption = None) -> None:
    """Counts of documents, authorities, inspections, judgements, findings and triples."""
    from ..stats import graph_stats

    with open_store(store) as kg_store:
        counts = graph_stats(kg_store)
    with open_output(out.path) as f:
        write_rows(["what", "count"], list(counts.items()), out.format, f, on_terminal(out.path))


def _register_views() -> None:
    from .serve import register as register_serve
    from .views import register

    register(app)
    register_serve(app)


_register_views()


def main() -> None:
    app(prog_name="kg")
