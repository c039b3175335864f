"""Records -> RDF triples for one source document's named graph.

IRIs come from record keys only (authority code, type, dates, document hash, character span),
so mapping is deterministic. Triples are built as pyoxigraph terms (the store's own), which is
several times faster than going through rdflib; ``to_graph`` gives an rdflib Graph for
comparison and serialisation. Vocabulary terms still come from rdflib's closed namespaces, so a
misspelt property fails loudly."""
from __future__ import annotations

from datetime import date

from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD

from . import __version__
from .documents import Document
from .records import Evidence, Extraction, Finding, Inspection, Person, Recommendation
from .vocab import (ID, KG, OA, PREFIXES, authority_iri, concept, document_graph, document_iri,
                    person_iri, person_key, slug)

RFC3778 = "http://tools.ietf.org/rfc/rfc3778"
MIME = {"pdf": "application/pdf", "text": "text/plain", "html": "text/html"}
SOFTWARE = ID["software/kg"]



@lru_cache(maxsize=4096)
def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


class _Terms:
    """A namespace's terms as cached pyoxigraph nodes (``_KG.fileName``); rdflib's closed
    namespaces still reject a misspelt name."""

    def __init__(self, namespace) -> None:
        self._ns = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(str(self._ns[name]))
        setattr(self, name, node)
        return node


def L(value: object, datatype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=N(XSD.boolean))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(datatype or XSD.integer))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=N(XSD.date))
    return ox.Literal(str(value), datatype=N(datatype)) if datatype else ox.Literal(str(value))


def _node(term):
    return term if isinstance(term, (ox.NamedNode, ox.Literal)) else ox.NamedNode(str(term))


def canonical_inspection_iri(insp: Inspection) -> str | None:
    """The inspection itself: (GSS, type, start date); falls back to the year for full
    inspections (at most one a year), then to the end or publication date. None when the
    source gives no date at all: then nothing identifies the inspection beyond that source."""
    if insp.start_date:
        key = insp.start_date.isoformat()
    elif insp.year and insp.type in ("ilacs-standard", "ilacs-short", "ilacs", "sif",
                                     "looked-after-children", "lscb-review"):
        key = str(insp.year)
    elif insp.end_date or insp.publication_date:
        key = (insp.end_date or insp.publication_date).isoformat()
    else:
        return None
    return ID[f"inspection/{insp.authority_code}/{insp.type}/{key}"]


def inspection_iri(insp: Inspection, doc_sha: str, genre: str = "report") -> str:
    """A report is the inspection's own record and uses the canonical IRI. A letter or news
    text gives its account of an inspection under an IRI of its own (what it says, for example
    that an inspection was an earlier one, belongs to that text), linked to the canonical IRI
    with kg:canonicalInspection so that trajectories join the accounts."""
    canonical = canonical_inspection_iri(insp)
    base = canonical or ID[f"inspection/{insp.authority_code}/{insp.type}/undated"]
    if genre != "report":
        return f"{base}/as-reported-in/{doc_sha[:12]}"
    return canonical or f"{base}-{doc_sha[:12]}"


def fact_iri(doc_sha: str, ev: Evidence | None, kind: str, fallback: str) -> str:
    span = f"{ev.start}-{ev.end}" if ev else fallback
    return ID[f"{kind}/{doc_sha[:16]}/{span}"]


_KG, _RDF, _RDFS, _PROV = _Terms(KG), _Terms(RDF), _Terms(RDFS), _Terms(PROV)
_DCTERMS, _SDO, _OA = _Terms(DCTERMS), _Terms(SDO), _Terms(OA)


class _Mapper:
    def __init__(self, doc: Document, extraction: Extraction) -> None:
        self.doc = doc
        self.ex = extraction
        self.triples: dict[ox.Triple, None] = {}  # ordered set
        self.doc_iri = document_iri(doc.sha256)

    def add(self, s, p: ox.NamedNode, o) -> None:
        """s is an IRI string or node; o an IRI string, a node or an ox.Literal."""
        self.triples[ox.Triple(_node(s), p, _node(o))] = None

    # ---------------------------------------------------------------- document
    def document(self) -> None:
        d, ex = self.doc_iri, self.ex
        self.add(d, _RDF.type, _KG.SourceDocument)
        self.add(d, _KG.fileName, L(self.doc.name))
        self.add(d, _DCTERMS.identifier, L(f"sha256:{self.doc.sha256}"))
        self.add(d, _DCTERMS.format, L(MIME.get(self.doc.kind, "text/plain")))
        self.add(d, _KG.pageCount, L(self.doc.page_count))
        self.add(d, _KG.genre, L(ex.genre))
        if ex.title:
            self.add(d, _DCTERMS.title, L(ex.title))
        if ex.published:
            self.add(d, _DCTERMS.issued, L(ex.published))
        run = ID[f"extraction/{self.doc.sha256}/{__version__}"]
        self.add(run, _RDF.type, _KG.ExtractionRun)
        self.add(run, _PROV.used, d)
        self.add(run, _PROV.wasAssociatedWith, SOFTWARE)
        self.add(SOFTWARE, _RDF.type, _PROV.SoftwareAgent)
        self.add(SOFTWARE, _RDFS.label, L(f"kg {__version__}"))
        self.add(document_graph(self.doc.sha256), _PROV.wasGeneratedBy, run)
        self.add(document_graph(self.doc.sha256), _PROV.wasDerivedFrom, d)

    # ---------------------------------------------------------------- evidence
    def evidence(self, subject: str, ev: Evidence | None) -> None:
        """W3C Web Annotation: quote, character position and PDF page of the source. (The
        extraction run is stated once per document graph, not on every fact.)"""
        self.add(subject, _PROV.wasDerivedFrom, self.doc_iri)
        if ev is None:
            return
        self.add(subject, _KG.quote, L(ev.quote))  # the annotation's oa:exact, one hop away
        node = f"{subject}/evidence/{self.doc.sha256[:12]}"  # one per document: a fact may
        anno, target = node, node + "/target"                # be read in several documents
        quote_sel, pos_sel = node + "/quote", node + "/position"
        self.add(subject, _KG.evidence, anno)
        self.add(anno, _RDF.type, _OA.Annotation)
        self.add(anno, _OA.hasBody, subject)
        self.add(anno, _OA.hasTarget, target)
        self.add(target, _RDF.type, _OA.SpecificResource)
        self.add(target, _OA.hasSource, self.doc_iri)
        self.add(target, _OA.hasSelector, quote_sel)
        self.add(target, _OA.hasSelector, pos_sel)
        self.add(quote_sel, _RDF.type, _OA.TextQuoteSelector)
        self.add(quote_sel, _OA.exact, L(ev.quote))
        self.add(pos_sel, _RDF.type, _OA.TextPositionSelector)
        self.add(pos_sel, _OA.start, L(ev.start, XSD.nonNegativeInteger))
        self.add(pos_sel, _OA.end, L(ev.end, XSD.nonNegativeInteger))
        page = ev.page or (self.doc.page_of(ev.start) if self.doc.kind == "pdf" else None)
        if page:
            self.add(subject, _KG.page, L(page))
            if self.doc.kind == "pdf":
                frag = node + "/page"
                self.add(target, _OA.hasSelector, frag)
                self.add(frag, _RDF.type, _OA.FragmentSelector)
                self.add(frag, _DCTERMS.conformsTo, RFC3778)
                self.add(frag, _RDF.value, L(f"page={page}"))

    # ---------------------------------------------------------------- inspections
    def inspection(self, insp: Inspection) -> None:
        i = inspection_iri(insp, self.doc.sha256, self.ex.genre)
        canonical = canonical_inspection_iri(insp)
        if canonical and i != canonical:
            self.add(i, _KG.canonicalInspection, canonical)
        auth = authority_iri(insp.authority_code)
        self.add(i, _RDF.type, _KG.Inspection)
        self.add(i, _KG.authority, auth)
        self.add(i, _KG.inspectionType, concept("inspection-type", insp.type))
        self.add(i, _DCTERMS.isReferencedBy, self.doc_iri)
        when = insp.start_date or insp.year or ""
        self.add(i, _RDFS.label, L(f"{insp.authority_name} {insp.type} {when}".strip()))
        if insp.start_date:
            self.add(i, _SDO.startDate, L(insp.start_date))
        if insp.end_date:
            self.add(i, _SDO.endDate, L(insp.end_date))
        if insp.publication_date:
            self.add(i, _DCTERMS.issued, L(insp.publication_date))
        year = insp.best_year
        if year:
            self.add(i, _KG.year, L(year, XSD.gYear))
        if insp.previous:
            self.add(i, _KG.previousMention, L(True))
        for j in insp.judgements:
            node = f"{i}/judgement/{j.area}"
            self.add(i, _KG.hasJudgement, node)
            self.add(node, _RDF.type, _KG.Judgement)
            self.add(node, _KG.area, concept("area", j.area))
            self.add(node, _KG.grade, concept("grade", j.grade))
            self.evidence(node, j.evidence)
        for p in insp.people:
            self.person(i, p)
        for r in insp.recommendations:
            self.recommendation(i, r)
        for f in insp.findings:
            self.finding(i, f)
        self.theme_observations(i, auth, insp)

    def theme_observations(self, i: str, auth, insp: Inspection) -> None:
        """The inspection x theme x polarity summary the analytics read (kg.summaries)."""
        from .summaries import inspection_observations

        statements = [(self.recommendation_iri(r), "weakness", r.themes, r.evidence, True)
                      for r in insp.recommendations]
        statements += [(self.finding_iri(f), f.polarity, f.themes, f.evidence, False)
                       for f in insp.findings]
        for s, p, o in inspection_observations(i, str(auth), statements):
            self.add(s, N(p), L(o, XSD.decimal) if isinstance(o, float) else
                     L(o) if isinstance(o, int) else o)

    def recommendation_iri(self, r: Recommendation) -> str:
        return fact_iri(self.doc.sha256, r.evidence, "recommendation", f"{r.section}-{r.index}")

    def finding_iri(self, f: Finding) -> str:
        return fact_iri(self.doc.sha256, f.evidence, "finding", "") + f"/{f.polarity}"

    def person(self, insp: str | None, p: Person) -> None:
        node = person_iri(p.name)
        self.add(node, _RDF.type, _SDO.Person)
        self.add(node, _SDO.name, L(p.name))
        if not p.is_inspector:
            self.add(node, _KG.role, L(p.role))
            return
        self.add(node, _RDF.type, _KG.Inspector)
        if insp is None:
            return
        assoc = f"{insp}/association/{person_key(p.name)}"
        self.add(insp, _PROV.wasAssociatedWith, node)
        self.add(insp, _PROV.qualifiedAssociation, assoc)
        self.add(assoc, _RDF.type, _PROV.Association)
        self.add(assoc, _PROV.agent, node)
        self.add(assoc, _PROV.hadRole, concept("role", slug(p.role)))
        self.add(assoc, _RDFS.label, L(p.role))
        self.add(assoc, _SDO.name, L(p.name))  # as printed in this document
        if p.title:
            self.add(assoc, _SDO.jobTitle, L(p.title))
        if p.lead:
            self.add(insp, _KG.leadInspector, node)
            self.add(assoc, _KG.lead, L(True))
        self.evidence(assoc, p.evidence)

    def recommendation(self, insp: str, r: Recommendation) -> None:
        node = self.recommendation_iri(r)
        self.add(insp, _KG.hasRecommendation, node)
        self.add(node, _RDF.type, _KG.Recommendation)
        self.add(node, _KG.polarity, concept("polarity", "weakness"))
        self.add(node, _SDO.text, L(r.text))
        self.add(node, _KG.section, L(r.section))
        self.add(node, _KG.index, L(r.index))
        self._themes(node, r.themes)
        self.evidence(node, r.evidence)

    def finding(self, insp: str, f: Finding) -> None:
        node = self.finding_iri(f)
        self.add(insp, _KG.hasFinding, node)
        self.add(node, _RDF.type, _KG.Weakness if f.polarity == "weakness" else _KG.Strength)
        self.add(node, _KG.polarity, concept("polarity", f.polarity))
        if f.area:
            self.add(node, _KG.inArea, concept("area", f.area))
        self._themes(node, f.themes)
        if f.method:
            self.add(node, _KG.extractedBy, ox.Literal(f.method))
        self.evidence(node, f.evidence)

    def _themes(self, node: str, themes: tuple[str, ...]) -> None:
        for rank, theme in enumerate(themes):
            self.add(node, _KG.theme, concept("theme", theme))
            if rank == 0:
                self.add(node, _KG.primaryTheme, concept("theme", theme))




def map_extraction(doc: Document, extraction: Extraction) -> list[ox.Triple]:
    """The triples of one document's named graph, in a stable order."""
    m = _Mapper(doc, extraction)
    m.document()
    for insp in extraction.inspections:
        m.inspection(insp)
    for person in extraction.people:
        m.person(None, person)
    return list(m.triples)


def to_ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def to_graph(triples: list[ox.Triple]) -> Graph:
    """An rdflib Graph of the triples (for comparison and pretty serialisation)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return g.parse(data=data, format="nt") if data else g
