"""``kg serve``: a thin Typer command over :mod:`kg.serve` (imported when the command runs)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

STORE_HELP = "Store folder or SPARQL server URL (default: $KG_STORE or ./kg-store)."


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    store: Optional[Path] = typer.Option(None, "--store", "-s", help=STORE_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: loopback only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run before it is stopped."),
    max_rows: int = typer.Option(100_000, "--max-rows", help="Largest result (rows or triples) answered."),
    workers: int = typer.Option(2, "--workers", help="Query worker processes."),
) -> None:
    """Serve the graph read-only over the SPARQL 1.1 Protocol at /sparql, with a query page at /."""
    from . import cli as kcli
    from .errors import KgError
    from .serve import ServeConfig
    from .serve import serve as run
    from .store import is_url

    location = kcli._location(store)
    config = ServeConfig(location, timeout=timeout, max_rows=max_rows, workers=workers,
                         remote_options=dict(kcli._REMOTE) if is_url(location) else {})
    typer.echo(f"serving {location} at http://{host}:{port}/sparql (query page at "
               f"http://{host}:{port}/; Ctrl-C stops)", err=True)
    try:
        run(config, host=host, port=port)
    except KgError as e:
        kcli._fail(e)
