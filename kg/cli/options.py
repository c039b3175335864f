"""Options shared by several commands, declared once (as sqlite-utils' ``output_options``).

``@output_options`` adds ``--format`` and ``--output/-o`` to a command that prints rows and
passes them as one :class:`Output`; ``@view_options`` adds the seven options every view
shares (``--since --until --region --grade --format --output --store``) as one
:class:`ViewOptions`. :func:`open_store` is the only way the commands open a store.
"""
from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .output import RowFormat

STORE_HELP = ("Store folder, or the URL of a SPARQL server's query endpoint "
              "(default: $KG_STORE, else ./kg-store).")
OUTPUT_HELP = "Write to this file instead of standard output ('-': standard output); folders are created."

StoreOption = Annotated[Optional[str], typer.Option(
    "--store", "-s", help=STORE_HELP, metavar="DIR|URL", show_default=False)]


def store_path(store: Optional[str | Path]) -> str | Path:
    """A folder as a Path, a server URL as it was given."""
    from ..store import is_url

    location = str(store) if store is not None else (os.environ.get("KG_STORE") or "kg-store")
    return location if is_url(location) else Path(location)


REMOTE: dict[str, str] = {}  # --update-url / --gsp-url, set by the app's callback


def remote_options() -> dict[str, str]:
    """The endpoints given for a store that is a server URL."""
    return dict(REMOTE)


def open_store(store: Optional[str | Path], read_only: bool = True, **options):
    """The store named by ``--store`` (or $KG_STORE, or ./kg-store): a folder or a server."""
    from ..store import is_url
    from ..store import open_store as open_location

    location = store_path(store)
    if is_url(location):
        options = {**REMOTE, **options}
    return open_location(location, read_only=read_only, **options)


def _add_options(command: Callable, extra: list[inspect.Parameter], group: Callable,
                 names: tuple[str, ...], into: str) -> Callable:
    """Give ``command`` the ``extra`` parameters, packed by ``group`` into its ``into`` argument."""
    sig = inspect.signature(command, eval_str=True)
    own = [p for p in sig.parameters.values() if p.name != into]

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        kwargs[into] = group(**{n: kwargs.pop(n) for n in names})
        return command(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=own + extra)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**{k: v for k, v in command.__annotations__.items() if k != into},
                               **{p.name: p.annotation for p in extra}}
    return wrapper


def _option(name: str, annotation, default: typer.models.OptionInfo) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)


# ------------------------------------------------------------------ rows: --format, -o

@dataclass(frozen=True)
class Output:
    format: str
    path: Optional[Path]


def output_options(command: Callable) -> Callable:
    """``--format table|csv|tsv|json|jsonl`` and ``-o FILE`` as one ``out: Output`` argument."""
    extra = [
        _option("fmt", RowFormat, typer.Option(RowFormat.table, "--format", "-f",
                                               help="Output format.")),
        _option("output", Optional[Path], typer.Option(None, "--output", "-o", help=OUTPUT_HELP,
                                                       metavar="FILE")),
    ]
    return _add_options(command, extra, lambda fmt, output: Output(fmt.value, output),
                        ("fmt", "output"), "out")


# ------------------------------------------------------------------ views: the seven

class ViewFormat(str, Enum):
    html = "html"
    graphml = "graphml"
    gexf = "gexf"


SINCE_HELP = ("Read weaknesses from every inspection on or after this date (YYYY-MM-DD or YYYY) "
              "instead of each authority's most recent one.")
UNTIL_HELP = ("With --since, the end of the window; alone, each authority's most recent inspection "
              "on or before this date (YYYY-MM-DD or YYYY).")
REGION_HELP = "Only authorities in this region (name such as 'London', or code E12000007)."
GRADE_HELP = "Only authorities whose latest overall effectiveness grade is this (e.g. inadequate)."
VIEW_FORMAT_HELP = "html: interactive offline page; graphml / gexf: for Gephi or Cytoscape (default: from the file name, else html)."
VIEW_OUTPUT_HELP = "File to write (default: NAME.html, .graphml or .gexf in the current folder; '-': standard output)."


@dataclass(frozen=True)
class ViewOptions:
    since: Optional[str]
    until: Optional[str]
    region: Optional[str]
    grade: Optional[str]
    format: Optional[ViewFormat]
    output: Optional[Path]
    store: Optional[str]


def view_options(since_help: str = SINCE_HELP, until_help: str = UNTIL_HELP,
                 filters: bool = True) -> Callable:
    """The seven options of every view as one ``opts: ViewOptions`` argument
    (``filters=False``: without ``--region`` and ``--grade``, which that view does not apply)."""
    def decorate(command: Callable) -> Callable:
        extra = [
            _option("since", Optional[str], typer.Option(None, "--since", help=since_help, metavar="DATE")),
            _option("until", Optional[str], typer.Option(None, "--until", help=until_help, metavar="DATE")),
            _option("region", Optional[str], typer.Option(None, "--region", help=REGION_HELP, metavar="REGION")),
            _option("grade", Optional[str], typer.Option(None, "--grade", help=GRADE_HELP, metavar="GRADE")),
            _option("fmt", Optional[ViewFormat], typer.Option(None, "--format", "-f", help=VIEW_FORMAT_HELP)),
            _option("output", Optional[Path], typer.Option(None, "--output", "-o", help=VIEW_OUTPUT_HELP, metavar="FILE")),
            _option("store", Optional[str], typer.Option(None, "--store", "-s", help=STORE_HELP, metavar="DIR|URL")),
        ]
        names = ("since", "until", "region", "grade", "fmt", "output", "store")
        if not filters:
            extra = [p for p in extra if p.name not in ("region", "grade")]
            names = tuple(n for n in names if n not in ("region", "grade"))

        def group(fmt, region=None, grade=None, **kw) -> ViewOptions:
            return ViewOptions(format=fmt, region=region, grade=grade, **kw)
        return _add_options(command, extra, group, names, "opts")
    return decorate


# ------------------------------------------------------------------ query engine: SERVICE (limits later)

@dataclass(frozen=True)
class EngineOptions:
    """How a query may run: the SERVICE allow-list and the limits."""
    allow_service: tuple[str, ...] = ()
    timeout: float = 60.0
    max_rows: int = 250_000

    def run_kwargs(self) -> dict:
        """Keyword arguments for :func:`kg.queries.run_query`."""
        from ..limits import Limits

        return {"allow_service": self.allow_service,
                "limits": Limits(timeout=self.timeout or None, max_rows=self.max_rows or None)}


ALLOW_SERVICE_HELP = ("Let SERVICE call these hosts (comma-separated or repeated). Without it a "
                      "query with SERVICE is refused: no query reaches the network unless you say so.")


TIMEOUT_HELP = "Stop a query that runs longer than this many seconds (exit 3); 0: no limit."
MAX_ROWS_HELP = "Stop a query that answers more rows or triples than this (exit 3); 0: no limit."


def engine_options(command: Callable) -> Callable:
    """``--allow-service HOST[,HOST]``, ``--timeout S`` and ``--max-rows N`` as one
    ``engine: EngineOptions`` argument."""
    extra = [
        _option("allow_service", list[str], typer.Option([], "--allow-service", metavar="HOST[,HOST]",
                                                         help=ALLOW_SERVICE_HELP, show_default=False)),
        _option("timeout", float, typer.Option(EngineOptions.timeout, "--timeout", min=0,
                                               metavar="SECONDS", help=TIMEOUT_HELP)),
        _option("max_rows", int, typer.Option(EngineOptions.max_rows, "--max-rows", min=0,
                                              metavar="N", help=MAX_ROWS_HELP)),
    ]

    def group(allow_service: list[str], timeout: float, max_rows: int) -> EngineOptions:
        hosts = tuple(h.strip() for item in allow_service for h in item.split(",") if h.strip())
        return EngineOptions(allow_service=hosts, timeout=timeout, max_rows=max_rows)

    return _add_options(command, extra, group, ("allow_service", "timeout", "max_rows"), "engine")
