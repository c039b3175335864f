"""``kg serve``: a thin command over :mod:`kg.serve` (imported when the command runs)."""
from __future__ import annotations

import typer

from .exits import handle_errors
from .options import StoreOption, remote_options, store_path
from .output import status


def register(app: typer.Typer) -> None:
    from .app import examples

    app.command(epilog=examples("kg serve --store kg-store --port 8000",
                                "curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=ASK%7B%7D'"))(
        handle_errors(serve))


def serve(
    store: StoreOption = None,
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (default: loopback only)."),
    port: int = typer.Option(8000, "--port", metavar="N", help="Port to listen on."),
    timeout: float = typer.Option(30.0, "--timeout", metavar="SECONDS", help="Seconds a query may run before it is stopped (answered 503)."),
    max_rows: int = typer.Option(100_000, "--max-rows", metavar="N", help="Largest result (rows or triples) answered."),
    workers: int = typer.Option(2, "--workers", metavar="N", help="Query worker processes."),
) -> None:
    """Serve the graph read-only over the SPARQL 1.1 Protocol at /sparql, with a query page at /."""
    from ..serve import ServeConfig
    from ..serve import serve as run
    from ..store import is_url

    location = store_path(store)
    config = ServeConfig(str(location), timeout=timeout, max_rows=max_rows, workers=workers,
                         remote_options=remote_options() if is_url(location) else {})
    status(f"serving {location} at http://{host}:{port}/sparql (query page at "
           f"http://{host}:{port}/; Ctrl-C stops)")
    run(config, host=host, port=port)
