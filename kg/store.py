"""The store: one N-Triples file per named graph in a folder, queried with Oxigraph in memory.

Why this shape (measured, see bench/RESULTS.md): rdflib's SPARQL engine does not finish the
shared-theme joins on a graph of our shape at scale, while Oxigraph answers them in well under a
second in memory. Oxigraph's on-disk RocksDB store was 10-60x slower than its in-memory store on
our contract queries (5-25 s against 0.4 s for the findings table of the 46 dev reports) and
slow to write, while loading the N-Triples files into memory takes about 2 s for that corpus.
So the durable store is plain files, written atomically one per document, and every command
that reads loads them into an in-memory Oxigraph. rdflib stays for serialising and comparing.

Layout of a store folder::

    manifest.json            source path -> {"sha256", "name"}
    graphs/reference.nt      ontology, concept schemes, authorities table
    graphs/<sha256>.nt       one source document's named graph

Rebuilding a changed file replaces its graph; a graph no source points to any more is deleted.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .vocab import REFERENCE_GRAPH, document_graph

MANIFEST = "manifest.json"
GRAPHS = "graphs"
REFERENCE_FILE = "reference"

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nquads", "trig"}


class KgStore:
    """Document graphs kept as files (or only in memory when ``path`` is None)."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._read_only = read_only
        self._ox: ox.Store | None = ox.Store() if self.path is None else None
        if self.path is not None:
            if read_only and not (self.path / MANIFEST).is_file():
                raise StoreError(f"{self.path}: no kg store here (run 'kg build' first)")
            if not read_only:
                try:
                    (self.path / GRAPHS).mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreError(f"{self.path}: cannot create the store: {e.strerror}") from None
        self._manifest: dict[str, dict] = self._read_manifest()

    # ---------------------------------------------------------------- files
    def _read_manifest(self) -> dict[str, dict]:
        if self.path is None or not (self.path / MANIFEST).exists():
            return {}
        try:
            return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StoreError(f"{self.path / MANIFEST}: unreadable store manifest ({e})") from None

    def _write_manifest(self) -> None:
        if self.path is not None:
            _atomic_write(self.path / MANIFEST,
                          json.dumps(self._manifest, indent=1, sort_keys=True).encode("utf-8"))

    def _graph_file(self, key: str) -> Path:
        assert self.path is not None
        return self.path / GRAPHS / f"{key}.nt"

    @property
    def sources(self) -> dict[str, dict]:
        """source path -> {"sha256": ..., "name": ...} for every document in the store."""
        return dict(self._manifest)

    # ---------------------------------------------------------------- writing
    def _put_graph(self, key: str, graph_iri: str, ntriples: bytes) -> None:
        if self._read_only:
            raise StoreError(f"{self.path}: store opened read-only")
        if self.path is not None:
            _atomic_write(self._graph_file(key), ntriples)
        if self._ox is not None:
            g = ox.NamedNode(str(graph_iri))
            if self._ox.contains_named_graph(g):
                self._ox.remove_graph(g)
            if ntriples:
                self._ox.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=g)

    def set_reference(self, ntriples: bytes) -> None:
        self._put_graph(REFERENCE_FILE, str(REFERENCE_GRAPH), ntriples)

    def put_document(self, source: str, name: str, sha256: str, ntriples: bytes) -> None:
        """Store a document's graph; drop the graph this source produced before, if changed."""
        old = self._manifest.get(source)
        self._put_graph(sha256, str(document_graph(sha256)), ntriples)
        self._manifest[source] = {"sha256": sha256, "name": name}
        if old and old["sha256"] != sha256:
            self._drop_if_unused(old["sha256"])
        self._write_manifest()

    def remove_source(self, source: str) -> None:
        old = self._manifest.pop(source, None)
        if old:
            self._drop_if_unused(old["sha256"])
            self._write_manifest()

    def _drop_if_unused(self, sha256: str) -> None:
        if any(v["sha256"] == sha256 for v in self._manifest.values()):
            return
        if self.path is not None:
            self._graph_file(sha256).unlink(missing_ok=True)
        if self._ox is not None:
            g = ox.NamedNode(str(document_graph(sha256)))
            if self._ox.contains_named_graph(g):
                self._ox.remove_graph(g)

    def flush(self) -> None:
        """Files are written as documents arrive; nothing is buffered."""

    def close(self) -> None:
        self._ox = None if self.path is not None else self._ox

    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- reading
    @property
    def ox(self) -> ox.Store:
        """The in-memory Oxigraph store, loaded from the files on first use."""
        if self._ox is None:
            self._ox = ox.Store()
            keys = [REFERENCE_FILE] + sorted({v["sha256"] for v in self._manifest.values()})
            for key in keys:
                f = self._graph_file(key)
                if not f.exists():
                    if key == REFERENCE_FILE:
                        continue
                    raise StoreError(f"{f}: graph file missing; rebuild with 'kg build'")
                iri = REFERENCE_GRAPH if key == REFERENCE_FILE else document_graph(key)
                try:
                    # lenient: kg wrote these files itself, so IRI re-validation is skipped
                    self._ox.load(path=str(f), format=ox.RdfFormat.N_TRIPLES,
                                  to_graph=ox.NamedNode(str(iri)), lenient=True)
                except (OSError, SyntaxError) as e:
                    raise StoreError(f"{f}: damaged graph file ({e}); rebuild with 'kg build'") from None
        return self._ox

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
              prefixes: dict[str, str] | None = None):
        """Run SPARQL over the union of all graphs; parameters are bound as RDF terms
        (SEP-0007 substitution), never spliced into the query text; ``prefixes`` are
        predeclared (the query's own PREFIX lines win)."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self.ox.query(sparql, use_default_graph_as_union=True, substitutions=subs,
                                 prefixes=prefixes)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except RuntimeError as e:
            raise QueryError(f"query failed: {e}") from None

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.ox)

    def __len__(self) -> int:
        return len(self.ox)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    def dump(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """Serialise: triple formats merge every graph; quad formats keep them apart."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        kwargs = {}
        if fmt in ("turtle", "trig") and prefixes:
            kwargs["prefixes"] = prefixes
        if fmt in QUAD_FORMATS:
            return self.ox.dump(format=FORMATS[fmt], **kwargs)
        union = ox.Store()
        union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                     for q in self.ox)
        return union.dump(format=FORMATS[fmt], from_graph=ox.DefaultGraph(), **kwargs)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a graph."""
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write ({e.strerror})") from None


def term_text(term: object) -> str:
    """A result cell as plain text: IRIs whole, literals as their lexical form."""
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def iter_rows(result) -> tuple[list[str], Iterable[list[str]]]:
    variables = [v.value for v in result.variables]
    return variables, ([term_text(sol[v]) for v in variables] for sol in result)
