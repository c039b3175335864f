"""``kg view ...`` and ``kg analyse``: thin Typer commands over :mod:`kg.views`.

``kg.cli`` calls :func:`register` once; nothing heavy (networkx, pyvis) is imported until a
command runs, and ``kg.cli``'s helpers are imported inside the commands so the two modules can
import each other in either order.
"""
from __future__ import annotations

import re
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import KgError, QueryError

STORE_HELP = "Store folder (default: $KG_STORE or ./kg-store)."
OUTPUT_HELP = "File to write (default: NAME.html, .graphml or .gexf in the current folder)."
FORMAT_HELP = "html: interactive offline page; graphml / gexf: for Gephi or Cytoscape."
SINCE_HELP = ("Read weaknesses from every inspection on or after this date (YYYY-MM-DD or YYYY) "
              "instead of each authority's most recent one.")
UNTIL_HELP = ("With --since, the end of the window; alone, each authority's most recent inspection "
              "on or before this date (YYYY-MM-DD or YYYY).")
REGION_HELP = "Only authorities in this region (name such as 'London', or code E12000007)."
GRADE_HELP = "Only authorities whose latest overall effectiveness grade is this (e.g. inadequate)."

view_app = typer.Typer(
    name="view",
    help="Interactive network views written as self-contained HTML pages that work offline "
         "(or GraphML/GEXF for Gephi and Cytoscape).",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)


class ViewFormat(str, Enum):
    html = "html"
    graphml = "graphml"
    gexf = "gexf"


class Weight(str, Enum):
    similarity = "similarity"
    shared = "shared"


class Size(str, Enum):
    weaknesses = "weaknesses"
    degree = "degree"


class AnalyseFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


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


def _selection(since: Optional[str], until: Optional[str]):
    from .projections import Selection

    sel = Selection(_day(since, False, "--since"), _day(until, True, "--until"))
    if sel.since and sel.until and sel.since > sel.until:
        raise QueryError("--since is after --until")
    return sel


def _data(store: Optional[Path]):
    from .. import cli as kcli
    from .projections import KgData

    return KgData(kcli._open(store))


def _write(G, name: str, fmt: Optional[ViewFormat], output: Optional[Path]) -> None:
    from .render import write_view

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = ViewFormat(suffix) if suffix in ViewFormat.__members__ else ViewFormat.html
    path = output or Path(f"{name}.{fmt.value}")
    write_view(G, path, fmt.value)
    typer.echo(f"wrote {path} ({fmt.value}: {G.number_of_nodes()} nodes, "
               f"{G.number_of_edges()} links)")
    if G.number_of_nodes() == 0:
        typer.echo("note: nothing matched; check the filters (--region, --grade, --since, "
                   "--until) and that the store has weakness statements", err=True)


def _run(fn) -> None:
    from .. import cli as kcli

    try:
        fn()
    except KgError as e:
        kcli._fail(e)


def _slug(text: str) -> str:
    from ..vocab import slug

    return slug(text)


# ------------------------------------------------------------------ kg view ...

@view_app.command("shared-weaknesses")
def shared_weaknesses_cmd(
    k: int = typer.Option(3, "--k", min=1, help="Links per authority: up to K of its most similar, the most similar pairs first (so no authority collects everyone's links)."),
    weight: Weight = typer.Option(Weight.similarity, "--weight", help="Link width: similarity (cosine of theme shares above the national share), or number of shared distinctive themes."),
    since: Optional[str] = typer.Option(None, "--since", help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, "--until", help=UNTIL_HELP),
    min_shared: int = typer.Option(1, "--min-shared", min=0, help="Fewest shared distinctive themes for a link (an authority with no such neighbour keeps its nearest, dashed)."),
    region: Optional[str] = typer.Option(None, "--region", help=REGION_HELP),
    grade: Optional[str] = typer.Option(None, "--grade", help=GRADE_HELP),
    size: Size = typer.Option(Size.weaknesses, "--size", help="Node size: number of weakness statements, or number of links."),
    fmt: Optional[ViewFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Each authority linked to up to K of its most similar authorities by distinctive weaknesses,
    coloured by community (border: latest grade); hover a link for the shared themes with the
    strongest quote from each side and its source document and page."""
    def go():
        from .projections import shared_weaknesses

        data = _data(store)
        G = shared_weaknesses(
            data, _selection(since, until), k=k, weight=weight.value, min_shared=min_shared,
            region=data.resolve_region(region) if region else None,
            grade=data.resolve_grade(grade) if grade else None, size=size.value)
        _write(G, "shared-weaknesses", fmt, output)
        typer.echo(f"links: {G.graph['edge_meaning']}")
    _run(go)


@view_app.command("authority")
def authority_cmd(
    name: str = typer.Argument(..., help="The authority, by name (Ealing) or GSS code (E09000009)."),
    top: int = typer.Option(8, "--top", min=0, help="How many of the most similar authorities to show."),
    since: Optional[str] = typer.Option(None, "--since", help="Compare with peers on inspections since this date (default: most recent)."),
    until: Optional[str] = typer.Option(None, "--until", help="Compare with peers on inspections until this date."),
    fmt: Optional[ViewFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """One authority's inspections over time with grades, its weakness themes, the inspectors
    who led each visit and the authorities that share most themes."""
    def go():
        from .projections import authority_view

        data = _data(store)
        auth = data.resolve_authority(name)
        G = authority_view(data, auth, top=top, selection=_selection(since, until))
        _write(G, f"authority-{_slug(data.authority(auth).name)}", fmt, output)
    _run(go)


@view_app.command("themes")
def themes_cmd(
    since: Optional[str] = typer.Option(None, "--since", help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, "--until", help=UNTIL_HELP),
    region: Optional[str] = typer.Option(None, "--region", help=REGION_HELP),
    grade: Optional[str] = typer.Option(None, "--grade", help=GRADE_HELP),
    min_authorities: int = typer.Option(1, "--min-authorities", min=1, help="Only themes at least this many authorities have."),
    distinctive: bool = typer.Option(False, "--distinctive", help="Only the themes distinctive for each authority (its share well above the national share)."),
    fmt: Optional[ViewFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Bipartite network of authorities and the weakness themes they were told about."""
    def go():
        from .projections import themes_view

        data = _data(store)
        G = themes_view(data, _selection(since, until),
                        region=data.resolve_region(region) if region else None,
                        grade=data.resolve_grade(grade) if grade else None,
                        min_authorities=min_authorities, distinctive_only=distinctive)
        _write(G, "themes", fmt, output)
    _run(go)


@view_app.command("theme")
def theme_cmd(
    theme: str = typer.Argument(..., help="Theme id (e.g. workforce-stability; see 'kg query themes') or its label."),
    since: Optional[str] = typer.Option(None, "--since", help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, "--until", help=UNTIL_HELP),
    region: Optional[str] = typer.Option(None, "--region", help=REGION_HELP),
    grade: Optional[str] = typer.Option(None, "--grade", help=GRADE_HELP),
    fmt: Optional[ViewFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """The authorities with one weakness theme, coloured by grade, with their evidence."""
    def go():
        from .projections import theme_view

        data = _data(store)
        t = data.resolve_theme(theme)
        G = theme_view(data, t, _selection(since, until),
                       region=data.resolve_region(region) if region else None,
                       grade=data.resolve_grade(grade) if grade else None)
        _write(G, f"theme-{t}", fmt, output)
    _run(go)


@view_app.command("inspectors")
def inspectors_cmd(
    lead_only: bool = typer.Option(False, "--lead-only", help="Only lead inspectors."),
    since: Optional[str] = typer.Option(None, "--since", help="Only inspections on or after this date (default: all)."),
    until: Optional[str] = typer.Option(None, "--until", help="Only inspections on or before this date."),
    region: Optional[str] = typer.Option(None, "--region", help=REGION_HELP),
    grade: Optional[str] = typer.Option(None, "--grade", help=GRADE_HELP),
    fmt: Optional[ViewFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Inspectors and the authorities they inspected (link width: number of inspections)."""
    def go():
        from .projections import inspectors_view

        data = _data(store)
        G = inspectors_view(data, _selection(since, until), lead_only=lead_only,
                            region=data.resolve_region(region) if region else None,
                            grade=data.resolve_grade(grade) if grade else None)
        _write(G, "inspectors", fmt, output)
    _run(go)


# ------------------------------------------------------------------ kg analyse

def analyse_cmd(
    fmt: AnalyseFormat = typer.Option(AnalyseFormat.table, "--format", "-f", help="Output format."),
    part: Part = typer.Option(Part.all, "--part", help="What to print; csv/tsv print one table: communities (default for all) or themes."),
    since: Optional[str] = typer.Option(None, "--since", help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, "--until", help=UNTIL_HELP),
    region: Optional[str] = typer.Option(None, "--region", help=REGION_HELP),
    grade: Optional[str] = typer.Option(None, "--grade", help=GRADE_HELP),
    min_shared: int = typer.Option(1, "--min-shared", min=0, help="Fewest shared distinctive themes for two authorities to count as similar."),
    neighbours: int = typer.Option(5, "--neighbours", min=1, help="Link each authority to its N most similar others for community detection."),
    seed: int = typer.Option(42, "--seed", help="Louvain random seed (same seed and graph, same communities)."),
    resolution: float = typer.Option(1.0, "--resolution", min=0.01, help="Louvain resolution: above 1 finds more, smaller communities."),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Communities of authorities with similar weakness profiles (Louvain), central themes
    (degree, betweenness) and a readable summary."""
    def go():
        import json

        from .. import cli as kcli
        from .analytics import analyse

        data = _data(store)
        result = analyse(data, _selection(since, until), min_shared=min_shared,
                         neighbours=neighbours, seed=seed, resolution=resolution,
                         region=data.resolve_region(region) if region else None,
                         grade=data.resolve_grade(grade) if grade else None)
        if fmt == AnalyseFormat.json:
            doc = result.to_json()
            if part != Part.all:
                doc = {"summary": doc["summary"], "communities": doc["communities"],
                       "themes": doc["central_themes"]}[part.value]
            sys.stdout.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
            return
        comm_cols = ["community", "size", "shared_themes", "authorities", "summary"]
        comm_rows = [[str(c.number), str(c.size),
                      "; ".join(f"{t.label} ({t.members}/{c.size})" for t in c.themes),
                      "; ".join(n for _, n in c.authorities), c.summary]
                     for c in result.communities]
        theme_cols = ["theme", "label", "authorities", "distinctive", "degree", "betweenness"]
        theme_rows = [[t.theme, t.label, str(t.authorities), str(t.distinctive), f"{t.degree:.3f}",
                       f"{t.betweenness:.4f}"]
                      for t in result.central_themes]
        out = kcli.OutFormat(fmt.value)
        if fmt != AnalyseFormat.table:
            if part == Part.summary:
                sys.stdout.write(kcli.render_rows(["summary"], [[s] for s in result.summary], out))
            elif part == Part.themes:
                sys.stdout.write(kcli.render_rows(theme_cols, theme_rows, out))
            else:
                sys.stdout.write(kcli.render_rows(comm_cols, comm_rows, out))
            return
        if part in (Part.all, Part.summary):
            sys.stdout.write("\n".join(result.summary) + "\n\n")
        if part in (Part.all, Part.communities):
            sys.stdout.write(kcli.render_rows(comm_cols[:4], [r[:4] for r in comm_rows], out))
        if part in (Part.all, Part.themes):
            sys.stdout.write(kcli.render_rows(theme_cols, theme_rows, out))
    _run(go)


def register(app: typer.Typer) -> None:
    """Add ``kg view ...`` and ``kg analyse`` to the main app."""
    app.add_typer(view_app, name="view")
    app.command("analyse")(analyse_cmd)
