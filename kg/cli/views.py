"""``kg view ...`` and ``kg analyse``: thin Typer commands over :mod:`kg.views`.

:func:`register` adds them to an application; nothing heavy (networkx, pyvis) is imported
until a command runs. This module imports the shared options and output helpers, never
:mod:`kg.cli.app`.
"""
from __future__ import annotations

import re
import tempfile
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import QueryError
from .exits import handle_errors
from .options import (Output, StoreOption, ViewFormat, ViewOptions, open_store, output_options,
                      view_options)
from .output import on_terminal, open_output, safe, status, write_rows


def examples(*lines: str) -> str:
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


view_app = typer.Typer(
    name="view",
    help="Interactive network views written as self-contained HTML pages that work offline "
         "(or GraphML/GEXF for Gephi and Cytoscape).",
    epilog=examples("kg view shared-weaknesses --min-shared 2 -o shared.html",
                    "kg view authority Ealing"),
    invoke_without_command=True, add_completion=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@view_app.callback()
def view_group(ctx: typer.Context) -> None:
    """Interactive network views written as self-contained HTML pages that work offline
    (or GraphML/GEXF for Gephi and Cytoscape)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


class Weight(str, Enum):
    similarity = "similarity"
    shared = "shared"


class Size(str, Enum):
    weaknesses = "weaknesses"
    degree = "degree"


class Part(str, Enum):
    all = "all"
    communities = "communities"
    themes = "themes"
    summary = "summary"


def _day(value: Optional[str], end: bool, option: str) -> Optional[date]:
    if value is None:
        return None
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}", v):
            return date(int(v), 12, 31) if end else date(int(v), 1, 1)
        return date.fromisoformat(v)
    except ValueError:
        raise QueryError(f"{option} {value!r}: give a date as YYYY-MM-DD or a year") from None


def _selection(opts: ViewOptions):
    from ..views.projections import Selection

    sel = Selection(_day(opts.since, False, "--since"), _day(opts.until, True, "--until"))
    if sel.since and sel.until and sel.since > sel.until:
        raise QueryError("--since is after --until")
    return sel


def _data(store: Optional[Path]):
    from ..views.projections import KgData

    return KgData(open_store(store))


def _filters(data, opts: ViewOptions) -> dict:
    return {"region": data.resolve_region(opts.region) if opts.region else None,
            "grade": data.resolve_grade(opts.grade) if opts.grade else None}


def _write(G, name: str, opts: ViewOptions) -> None:
    from ..views.render import write_view

    fmt, output = opts.format, opts.output
    to_stdout = output is not None and str(output) == "-"
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output and not to_stdout else ""
        fmt = ViewFormat(suffix) if suffix in ViewFormat.__members__ else ViewFormat.html
    path = Path(f"{name}.{fmt.value}") if output is None else output
    if to_stdout:
        with tempfile.TemporaryDirectory() as tmp:
            written = write_view(G, Path(tmp) / f"{name}.{fmt.value}", fmt.value)
            with open_output(None) as out:
                out.write(written.read_bytes())
    else:
        try:
            write_view(G, path, fmt.value)
        except OSError as e:
            from ..errors import OutputError

            raise OutputError(path, e.strerror or str(e)) from None
    status(f"wrote {'standard output' if to_stdout else path} ({fmt.value}: "
           f"{G.number_of_nodes()} nodes, {G.number_of_edges()} links)")
    if G.number_of_nodes() == 0:
        status("note: nothing matched; check the filters (--region, --grade, --since, "
               "--until) and that the store has weakness statements")


def _slug(text: str) -> str:
    from ..vocab import slug

    return slug(text)


# ------------------------------------------------------------------ kg view ...

@view_app.command("shared-weaknesses", epilog=examples(
    "kg view shared-weaknesses", "kg view shared-weaknesses --since 2022 --region London --k 5",
    "kg view shared-weaknesses -f graphml -o shared.graphml"))
@handle_errors
@view_options()
def shared_weaknesses_cmd(
    opts: ViewOptions,
    k: int = typer.Option(3, "--k", min=1, metavar="K", help="Links per authority: up to K of its most similar, the most similar pairs first (so no authority collects everyone's links)."),
    weight: Weight = typer.Option(Weight.similarity, "--weight", help="Link width: similarity (cosine of theme shares above the national share), or number of shared distinctive themes."),
    min_shared: int = typer.Option(1, "--min-shared", min=0, metavar="N", help="Fewest shared distinctive themes for a link (an authority with no such neighbour keeps its nearest, dashed)."),
    size: Size = typer.Option(Size.weaknesses, "--size", help="Node size: number of weakness statements, or number of links."),
) -> None:
    """Each authority linked to up to K of its most similar authorities by distinctive
    weaknesses, coloured by community (border: latest grade); hover a link for the shared
    themes with the strongest quote from each side and its source document and page."""
    from ..views.projections import shared_weaknesses

    data = _data(opts.store)
    G = shared_weaknesses(data, _selection(opts), k=k, weight=weight.value, min_shared=min_shared,
                          size=size.value, **_filters(data, opts))
    _write(G, "shared-weaknesses", opts)
    status(f"links: {G.graph['edge_meaning']}")


@view_app.command("authority", epilog=examples("kg view authority Ealing", "kg view authority E09000009 --top 12 -o ealing.html"))
@handle_errors
@view_options(since_help="Compare with peers on inspections since this date (default: most recent).",
              until_help="Compare with peers on inspections until this date.", filters=False)
def authority_cmd(
    opts: ViewOptions,
    name: str = typer.Argument(..., metavar="NAME", help="The authority, by name (Ealing) or GSS code (E09000009)."),
    top: int = typer.Option(8, "--top", min=0, metavar="N", help="How many of the most similar authorities to show."),
) -> None:
    """One authority's inspections over time with grades, its weakness themes, the inspectors
    who led each visit and the authorities that share most themes."""
    from ..views.projections import authority_view

    data = _data(opts.store)
    auth = data.resolve_authority(name)
    G = authority_view(data, auth, top=top, selection=_selection(opts))
    _write(G, f"authority-{_slug(data.authority(auth).name)}", opts)


@view_app.command("themes", epilog=examples("kg view themes", "kg view themes --min-authorities 3 --grade inadequate"))
@handle_errors
@view_options()
def themes_cmd(
    opts: ViewOptions,
    min_authorities: int = typer.Option(1, "--min-authorities", min=1, metavar="N", help="Only themes at least this many authorities have."),
    distinctive: bool = typer.Option(False, "--distinctive", help="Only the themes distinctive for each authority (its share well above the national share)."),
) -> None:
    """Bipartite network of authorities and the weakness themes they were told about."""
    from ..views.projections import themes_view

    data = _data(opts.store)
    G = themes_view(data, _selection(opts), min_authorities=min_authorities,
                    distinctive_only=distinctive, **_filters(data, opts))
    _write(G, "themes", opts)


@view_app.command("theme", epilog=examples("kg view theme workforce-stability", "kg view theme front-door --region London"))
@handle_errors
@view_options()
def theme_cmd(
    opts: ViewOptions,
    theme: str = typer.Argument(..., metavar="THEME", help="Theme id (e.g. workforce-stability; see 'kg query themes') or its label."),
) -> None:
    """The authorities with one weakness theme, coloured by grade, with their evidence."""
    from ..views.projections import theme_view

    data = _data(opts.store)
    t = data.resolve_theme(theme)
    G = theme_view(data, t, _selection(opts), **_filters(data, opts))
    _write(G, f"theme-{t}", opts)


@view_app.command("inspectors", epilog=examples("kg view inspectors --lead-only", "kg view inspectors --since 2020 -f gexf"))
@handle_errors
@view_options(since_help="Only inspections on or after this date (default: all).",
              until_help="Only inspections on or before this date.")
def inspectors_cmd(
    opts: ViewOptions,
    lead_only: bool = typer.Option(False, "--lead-only", help="Only lead inspectors."),
) -> None:
    """Inspectors and the authorities they inspected (link width: number of inspections)."""
    from ..views.projections import inspectors_view

    data = _data(opts.store)
    G = inspectors_view(data, _selection(opts), lead_only=lead_only, **_filters(data, opts))
    _write(G, "inspectors", opts)


# ------------------------------------------------------------------ kg analyse

@handle_errors
@output_options
def analyse_cmd(
    out: Output,
    part: Part = typer.Option(Part.all, "--part", help="What to print; csv/tsv/jsonl print one table: communities (default for all) or themes."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Read weaknesses from every inspection on or after this date (YYYY-MM-DD or YYYY) instead of each authority's most recent one."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Read weaknesses from every inspection on or before this date (YYYY-MM-DD or YYYY)."),
    region: Optional[str] = typer.Option(None, "--region", metavar="REGION", help="Only authorities in this region (name such as 'London', or code E12000007)."),
    grade: Optional[str] = typer.Option(None, "--grade", metavar="GRADE", help="Only authorities whose latest overall effectiveness grade is this (e.g. inadequate)."),
    min_shared: int = typer.Option(1, "--min-shared", min=0, metavar="N", help="Fewest shared distinctive themes for two authorities to count as similar."),
    neighbours: int = typer.Option(5, "--neighbours", min=1, metavar="N", help="Link each authority to its N most similar others for community detection."),
    seed: int = typer.Option(42, "--seed", metavar="N", help="Louvain random seed (same seed and graph, same communities)."),
    resolution: float = typer.Option(1.0, "--resolution", min=0.01, metavar="X", help="Louvain resolution: above 1 finds more, smaller communities."),
    store: StoreOption = None,
) -> None:
    """Communities of authorities with similar weakness profiles (Louvain), central themes
    (degree, betweenness) and a readable summary."""
    import json

    from ..views.analytics import analyse

    opts = ViewOptions(since, until, region, grade, None, None, store)
    data = _data(store)
    result = analyse(data, _selection(opts), min_shared=min_shared,
                     neighbours=neighbours, seed=seed, resolution=resolution,
                     **_filters(data, opts))
    with open_output(out.path) as f:
        if out.format == "json":
            doc = result.to_json()
            if part != Part.all:
                doc = {"summary": doc["summary"], "communities": doc["communities"],
                       "themes": doc["central_themes"]}[part.value]
            f.write((json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
            return
        comm_cols = ["community", "size", "shared_themes", "authorities", "summary"]
        comm_rows = [[c.number, c.size,
                      "; ".join(f"{t.label} ({t.members}/{c.size})" for t in c.themes),
                      "; ".join(n for _, n in c.authorities), c.summary]
                     for c in result.communities]
        theme_cols = ["theme", "label", "authorities", "distinctive", "degree", "betweenness"]
        theme_rows = [[t.theme, t.label, t.authorities, t.distinctive, round(t.degree, 3),
                       round(t.betweenness, 4)]
                      for t in result.central_themes]
        terminal = on_terminal(out.path)
        if out.format != "table":
            if part == Part.summary:
                write_rows(["summary"], [[s] for s in result.summary], out.format, f)
            elif part == Part.themes:
                write_rows(theme_cols, theme_rows, out.format, f)
            else:
                write_rows(comm_cols, comm_rows, out.format, f)
            return
        if part in (Part.all, Part.summary):
            text = "\n".join(safe(line, keep_newlines=True) for line in result.summary)
            f.write((text + "\n\n").encode("utf-8"))
        if part in (Part.all, Part.communities):
            write_rows(comm_cols[:4], [r[:4] for r in comm_rows], "table", f, terminal)
        if part in (Part.all, Part.themes):
            write_rows(theme_cols, theme_rows, "table", f, terminal)


ANALYSE_EPILOG = examples("kg analyse", "kg analyse --since 2022 --format json -o analysis.json",
                          "kg analyse --part themes --format csv")


def register(app: typer.Typer) -> None:
    """Add ``kg view ...`` and ``kg analyse`` to an application."""
    app.add_typer(view_app, name="view")
    app.command("analyse", epilog=ANALYSE_EPILOG)(analyse_cmd)
