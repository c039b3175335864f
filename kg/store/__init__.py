"""Where the graph lives: one interface (:class:`GraphStore`), several engines.

``open_store(location)`` picks the engine: ``None`` for memory, a folder for the embedded
Oxigraph store (:mod:`kg.store.embedded`), an ``http(s)://`` URL for a SPARQL server
(:mod:`kg.store.remote`). ``KgStore(path)`` is the embedded store (``KgStore(None)`` in memory),
kept as the name the library and tests have always used.
"""
from __future__ import annotations

from pathlib import Path

from .base import (ANALYSIS_GRAPH, FORMATS, MANIFEST_GRAPH, QUAD_FORMATS, GraphStore, SourceEntry,
                   iter_rows, term_text)
from .embedded import EmbeddedStore

KgStore = EmbeddedStore


def is_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def open_store(location: str | Path | None, *, read_only: bool = True, wait: float = 0.0,
               **remote_options) -> GraphStore:
    """The store at ``location``: memory (None), a folder, or a SPARQL endpoint URL."""
    if is_url(location):
        from .remote import RemoteStore

        return RemoteStore(str(location), read_only=read_only, **remote_options)
    return EmbeddedStore(location, read_only=read_only, wait=wait)


__all__ = ["ANALYSIS_GRAPH", "FORMATS", "MANIFEST_GRAPH", "QUAD_FORMATS", "EmbeddedStore",
           "GraphStore", "KgStore", "SourceEntry", "is_url", "iter_rows", "open_store", "term_text"]
