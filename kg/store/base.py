"""The one store interface that every engine implements (embedded Oxigraph, SPARQL servers).

In the spirit of rdflib's ``Store`` with its capability flags: a subclass implements a handful
of primitives (run a query, run an update, replace or drop one named graph, list and dump
graphs); document bookkeeping (the manifest), building and exporting are written once here, so
``kg build``, ``query``, ``export``, ``view``, ``analyse`` and ``stats`` run unchanged on any of
them.

A store holds:

* one named graph per source document (``kgg:document/<sha256>``), replaced whole on rebuild;
* the reference graph (ontology, schemes, authorities), ``kgg:reference``;
* the analysis graph (corpus-wide summaries recomputed after each build), ``kgg:analysis``;
* the manifest graph (which source file produced which graph, with which extractor version),
  ``kgg:manifest``; it is bookkeeping, so exports leave it out.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import GRAPH, REFERENCE_GRAPH, document_graph

MANIFEST_GRAPH = GRAPH["manifest"]
REFERENCE_SOURCE = "kg:reference"  # the manifest's entry for the reference graph
ANALYSIS_GRAPH = GRAPH["analysis"]

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nquads", "trig"}

# the manifest's own terms, apart from the data's (a query for kg:fileName never meets them)
MANIFEST_NS = "https://w3id.org/ofsted-kg/manifest#"
_SHA, _NAME, _VERSION = (ox.NamedNode(MANIFEST_NS + t) for t in ("sha256", "fileName", "extractorVersion"))
_FORMAT = ox.NamedNode(MANIFEST_NS + "formatVersion")
STORE_NODE = ox.NamedNode("urn:kg:store")
FORMAT_VERSION = "1"  # how kg lays out a store's graphs; a store of another layout is rebuilt


@dataclass(frozen=True)
class SourceEntry:
    """What the manifest knows of one source file."""

    sha256: str
    name: str
    version: str = ""

    def __getitem__(self, key: str) -> str:  # entry["sha256"], as the JSON manifest had it
        return getattr(self, key)


def source_iri(source: str) -> ox.NamedNode:
    """The manifest's node for a source path (a file: IRI, percent-encoded)."""
    from pathlib import Path

    p = Path(source)
    return ox.NamedNode(p.as_uri() if p.is_absolute() else "urn:kg:source:" + source.replace(" ", "%20"))


def source_path(iri: str) -> str:
    from urllib.parse import unquote, urlparse

    if iri.startswith("file:"):
        return unquote(urlparse(iri).path)
    return unquote(iri.removeprefix("urn:kg:source:"))


class GraphStore(ABC):
    """A dataset of named graphs that kg writes documents into and queries over their union."""

    #: capability flags, read by callers that need to know (e.g. ``kg serve``)
    persistent: bool = False
    remote: bool = False
    read_only: bool = False

    def __init__(self) -> None:
        self._manifest: dict[str, SourceEntry] | None = None
        self._changed = False
        self._writes = 0  # graphs written since the store was opened
        self.notes: list[str] = []  # things a writer did that its user should hear of

    # ---------------------------------------------------------------- primitives
    @abstractmethod
    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
              *, prefixes: dict[str, str] | None = None):
        """SPARQL over the union of all graphs; returns pyoxigraph's result objects
        (QuerySolutions, QueryBoolean or QueryTriples). Parameters are bound as RDF terms,
        never spliced into the query text."""

    @abstractmethod
    def _update(self, sparql: str) -> None:
        """A SPARQL Update, applied atomically where the engine can."""

    @abstractmethod
    def _replace_graph(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        """Make ``graph`` hold exactly these triples."""

    @abstractmethod
    def _drop_graph(self, graph: ox.NamedNode) -> None:
        ...

    @abstractmethod
    def _graph_quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        """Quads of one graph, or of every graph when ``graph`` is None."""

    @abstractmethod
    def _named_graphs(self) -> list[str]:
        """Every named graph, the manifest included."""

    def named_graphs(self) -> list[str]:
        """The graphs of the data: reference, analysis and one per document."""
        return [g for g in self._named_graphs() if g != str(MANIFEST_GRAPH)]

    @abstractmethod
    def __len__(self) -> int:
        ...

    def data_quads(self) -> int:
        """How many quads the data holds (every graph but the manifest's bookkeeping)."""
        return len(self) - sum(1 for _ in self._graph_quads(ox.NamedNode(str(MANIFEST_GRAPH))))

    def commit(self) -> None:
        """Make what was written since the last commit visible to readers (snapshot, flush)."""

    def flush(self) -> None:
        self.commit()

    def close(self) -> None:
        """Release files, locks and connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- manifest
    @property
    def sources(self) -> dict[str, SourceEntry]:
        """source path -> its entry, for every document in the store."""
        return {k: v for k, v in self._entries().items() if k != REFERENCE_SOURCE}

    def _entries(self) -> dict[str, SourceEntry]:
        """The manifest itself (callers must not change it)."""
        if self._manifest is None:
            self._manifest = self._read_manifest()
        return self._manifest

    def _format(self) -> str | None:
        for q in self._graph_quads(ox.NamedNode(str(MANIFEST_GRAPH))):
            if q.subject == STORE_NODE and q.predicate == _FORMAT:
                return q.object.value
        return None

    def check_format(self) -> None:
        """Readers: refuse a store laid out by another kg, with what to do."""
        if self._format() != FORMAT_VERSION and self._named_graphs():
            raise StoreError("this store was written by another version of kg; run 'kg build' "
                             "on your documents again to rebuild it")

    def prepare_for_writing(self) -> None:
        """Writers: a store of another layout, or with a damaged manifest, is cleared and
        rebuilt from the documents (a store is derived data), with a note saying so."""
        try:
            ok = self._format() == FORMAT_VERSION and self._read_manifest() is not None
        except StoreError:
            ok = False
        if not ok and self._named_graphs():
            for g in self._named_graphs():
                self._drop_graph(ox.NamedNode(g))
            self.notes.append("the store was written by another version of kg or its manifest "
                              "was damaged: it is rebuilt from the documents")
        if not ok:
            self._manifest = {}
            self._update(f"INSERT DATA {{ GRAPH <{MANIFEST_GRAPH}> {{ {STORE_NODE} <{_FORMAT.value}> "
                         f"{ox.Literal(FORMAT_VERSION)} }} }}")
            self._changed = True

    def _read_manifest(self) -> dict[str, SourceEntry]:
        fields: dict[str, dict[str, str]] = {}
        for q in self._graph_quads(ox.NamedNode(str(MANIFEST_GRAPH))):
            if q.subject == STORE_NODE:
                continue
            f = fields.setdefault(q.subject.value, {})
            if q.predicate == _SHA:
                f["sha256"] = q.object.value
            elif q.predicate == _NAME:
                f["name"] = q.object.value
            elif q.predicate == _VERSION:
                f["version"] = q.object.value
        out = {}
        for iri, f in fields.items():
            if "sha256" not in f:
                raise StoreError(f"the store's manifest is damaged (no hash for {source_path(iri)}); "
                                 "run 'kg build' on your documents again: it rebuilds the store")
            out[source_path(iri)] = SourceEntry(f["sha256"], f.get("name", ""), f.get("version", ""))
        return out

    def _set_manifest_entry(self, source: str, entry: SourceEntry | None) -> None:
        node = str(source_iri(source))
        graph = f"<{MANIFEST_GRAPH}>"
        update = f"DELETE WHERE {{ GRAPH {graph} {{ {node} ?p ?o }} }}"
        if entry is not None:
            triples = " ".join(f"{node} {p} {ox.Literal(v)} ." for p, v in (
                (_SHA, entry.sha256), (_NAME, entry.name), (_VERSION, entry.version)))
            update += f" ; INSERT DATA {{ GRAPH {graph} {{ {triples} }} }}"
        self._update(update)
        if self._manifest is None:
            self._manifest = self._read_manifest()
        if entry is None:
            self._manifest.pop(source, None)
        else:
            self._manifest[source] = entry

    # ---------------------------------------------------------------- writing
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")

    def set_reference(self, ntriples: bytes, version: str = "") -> None:
        """Replace the reference graph, unless the store already has these very triples."""
        import hashlib

        sha = hashlib.sha256(ntriples).hexdigest()
        if self.is_current(REFERENCE_SOURCE, sha, version) and str(REFERENCE_GRAPH) in self.named_graphs():
            return
        self.put_graph(str(REFERENCE_GRAPH), ntriples)
        self._set_manifest_entry(REFERENCE_SOURCE, SourceEntry(sha, "reference", version))

    def reference_version(self) -> str | None:
        """The version the reference graph was made for (None: no reference graph)."""
        entry = self._entries().get(REFERENCE_SOURCE)
        return entry.version if entry else None

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        """Replace one whole named graph (reference, analysis)."""
        self._check_writable()
        self._replace_graph(ox.NamedNode(str(graph_iri)), ntriples)
        self._changed = True
        self._writes += 1

    def is_current(self, source: str, sha256: str, version: str) -> bool:
        """Is this source stored from these very bytes by this extractor version?"""
        entry = self._entries().get(source)
        return entry is not None and entry.sha256 == sha256 and entry.version == version

    def put_document(self, source: str, name: str, sha256: str, ntriples: bytes,
                     version: str = "") -> None:
        """Store a document's graph and point the manifest at it; the graph this source produced
        before is dropped afterwards, so a crash in between leaves an orphan graph, which
        :meth:`repair` removes, never a source without its graph."""
        self._check_writable()
        old = self._entries().get(source)
        self._replace_graph(ox.NamedNode(str(document_graph(sha256))), ntriples)
        self._writes += 1
        self._set_manifest_entry(source, SourceEntry(sha256, name, version))
        if old and old.sha256 != sha256:
            self._drop_if_unused(old.sha256)
        self._changed = True

    def remove_source(self, source: str) -> None:
        self._check_writable()
        old = self.sources.get(source)
        if old:
            self._set_manifest_entry(source, None)
            self._drop_if_unused(old.sha256)
            self._changed = True

    def _drop_if_unused(self, sha256: str) -> None:
        if not any(e.sha256 == sha256 for e in self._entries().values()):
            self._drop_graph(ox.NamedNode(str(document_graph(sha256))))

    def repair(self) -> int:
        """Drop document graphs no manifest entry points to (left by a build that was killed
        between storing a graph and recording it). Returns how many were dropped."""
        self._check_writable()
        wanted = {str(document_graph(e.sha256)) for e in self._entries().values()}
        prefix = str(document_graph(""))
        orphans = [g for g in self.named_graphs() if g.startswith(prefix) and g not in wanted]
        for g in orphans:
            self._drop_graph(ox.NamedNode(g))
        if orphans:
            self._changed = True
        return len(orphans)

    # ---------------------------------------------------------------- reading
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad except the manifest's bookkeeping."""
        manifest = ox.NamedNode(str(MANIFEST_GRAPH))
        return (q for q in self._graph_quads(None) if q.graph_name != manifest)

    def document_graphs(self) -> Iterable[tuple[str, list[ox.Triple]]]:
        """(graph IRI, triples) for the reference graph and each document graph, one at a time
        (validation reads them so, never the whole dataset at once)."""
        for g in self.named_graphs():
            yield g, [q.triple for q in self._graph_quads(ox.NamedNode(g))]

    def dump(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """Serialise: triple formats merge every graph (a triple stated by several documents
        once); quad formats keep one graph per document."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        kwargs = {"prefixes": prefixes} if fmt in ("turtle", "trig") and prefixes else {}
        if fmt in QUAD_FORMATS:
            return ox.serialize(list(self.quads()), format=FORMATS[fmt], **kwargs) or b""
        union = ox.Store()
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in self.quads())
        return union.dump(format=FORMATS[fmt], from_graph=ox.DefaultGraph(), **kwargs) or b""


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
