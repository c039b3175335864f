"""The quad store: Oxigraph (pyoxigraph) on disk by default, or in memory for tests.

Why Oxigraph: on a million-triple graph shaped like ours rdflib's SPARQL engine did not finish
the shared-theme joins in 120 s, Oxigraph answered in under a second (shared/spec/measurements.md).
rdflib stays for parsing, serialising and comparing graphs.

Each source document lives in its own named graph; a small manifest (``manifest.json`` in the
store folder) remembers which file produced which graph, so rebuilding a changed file replaces
its graph and a deleted file can be dropped.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError
from .vocab import REFERENCE_GRAPH, document_graph

DEFAULT_STORE = Path("kg-store")
MANIFEST = "manifest.json"

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nquads", "trig"}


class KgStore:
    """A thin layer over ``pyoxigraph.Store`` with document-graph bookkeeping."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._read_only = read_only
        try:
            if self.path is None:
                self.ox = ox.Store()
            elif read_only:
                if not (self.path / "db").is_dir():
                    raise StoreError(f"{self.path}: no kg store here (run 'kg build' first)")
                self.ox = ox.Store.read_only(str(self.path / "db"))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(self.path / "db"))
        except OSError as e:
            raise StoreError(f"{self.path}: cannot open the store: {e}") from None
        self._manifest: dict[str, dict] = self._read_manifest()

    # ---------------------------------------------------------------- manifest
    def _read_manifest(self) -> dict[str, dict]:
        if self.path is None or not (self.path / MANIFEST).exists():
            return {}
        return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))

    def _write_manifest(self) -> None:
        if self.path is not None:
            tmp = self.path / (MANIFEST + ".tmp")
            tmp.write_text(json.dumps(self._manifest, indent=1, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path / MANIFEST)

    @property
    def sources(self) -> dict[str, dict]:
        """source path -> {"sha256": ..., "name": ...} for every document in the store."""
        return dict(self._manifest)

    # ---------------------------------------------------------------- writing
    def load_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        """Replace one named graph with the given triples."""
        g = ox.NamedNode(str(graph_iri))
        if self.ox.contains_named_graph(g):
            self.ox.remove_graph(g)
        self.ox.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)

    def set_reference(self, triples: Iterable[ox.Triple]) -> None:
        self.load_graph(str(REFERENCE_GRAPH), triples)

    def put_document(self, source: str, name: str, sha256: str,
                     triples: Iterable[ox.Triple]) -> None:
        """Store a document's graph; drop the graph this source produced before, if changed."""
        old = self._manifest.get(source)
        self.load_graph(str(document_graph(sha256)), triples)
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
        if not any(v["sha256"] == sha256 for v in self._manifest.values()):
            g = ox.NamedNode(str(document_graph(sha256)))
            if self.ox.contains_named_graph(g):
                self.ox.remove_graph(g)

    def flush(self) -> None:
        if self.path is not None:
            self.ox.flush()

    def close(self) -> None:
        """Release the on-disk store (its lock) now rather than when garbage is collected."""
        if self.path is not None and getattr(self, "ox", None) is not None:
            if not self._read_only:
                self.ox.flush()
        self.ox = None

    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- reading
    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
        """Run SPARQL over the union of all graphs; parameters are bound as RDF terms
        (SEP-0007 substitution), never spliced into the query text."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self.ox.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as e:
            from .errors import QueryError
            raise QueryError(f"SPARQL syntax error: {e}") from None

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
