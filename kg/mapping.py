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
from .vocab import (ID, KG, OA, PREFIXES, authority_iri, concept, document_iri, person_iri,
                    person_key, slug)

RFC3778 = "http://tools.ietf.org/rfc/rfc3778"
MIME = {"pdf": "application/pdf", "text": "text/plain", "html": "text/html"}
SOFTWARE = ID["software/kg"]


@lru_cache(maxsize=4096)
def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def L(value: object, datatype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=N(XSD.boolean))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(datatype or XSD.integer))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=N(XSD.date))
    return ox.Literal(str(value), datatype=N(datatype)) if datatype else ox.Literal(str(value))


def inspection_iri(insp: Inspection, doc_sha: str) -> str:
    """(GSS, type, start date); falls back to the year, then to the reporting document."""
    if insp.start_date:
        key = insp.start_date.isoformat()
    elif insp.year and insp.type in ("ilacs-standard", "ilacs-short", "ilacs", "sif",
                                     "looked-after-children", "lscb-review"):
        key = str(insp.year)  # full inspections happen at most once a year
    elif insp.end_date or insp.publication_date:
        key = (insp.end_date or insp.publication_date).isoformat()
    else:
        key = f"{insp.year or 'undated'}-doc-{doc_sha[:12]}"
    return ID[f"inspection/{insp.authority_code}/{insp.type}/{key}"]


def fact_iri(doc_sha: str, ev: Evidence | None, kind: str, fallback: str) -> str:
    span = f"{ev.start}-{ev.end}" if ev else fallback
    return ID[f"{kind}/{doc_sha[:16]}/{span}"]


class _Mapper:
    def __init__(self, doc: Document, extraction: Extraction) -> None:
        self.doc = doc
        self.ex = extraction
        self.triples: dict[ox.Triple, None] = {}  # ordered set
        self.doc_iri = document_iri(doc.sha256)

    def add(self, s, p, o) -> None:
        """s and p are IRI strings; o is an IRI string (str) or an ox.Literal."""
        self.triples[ox.Triple(N(s), N(p), o if isinstance(o, ox.Literal) else N(o))] = None

    # ---------------------------------------------------------------- document
    def document(self) -> None:
        d, ex = self.doc_iri, self.ex
        self.add(d, RDF.type, KG.SourceDocument)
        self.add(d, KG.fileName, L(self.doc.name))
        self.add(d, DCTERMS.identifier, L(f"sha256:{self.doc.sha256}"))
        self.add(d, DCTERMS["format"], L(MIME.get(self.doc.kind, "text/plain")))
        self.add(d, KG.pageCount, L(self.doc.page_count))
        self.add(d, KG.genre, L(ex.genre))
        if ex.title:
            self.add(d, DCTERMS.title, L(ex.title))
        if ex.published:
            self.add(d, DCTERMS.issued, L(ex.published))
        run = ID[f"extraction/{self.doc.sha256}/{__version__}"]
        self.add(run, RDF.type, KG.ExtractionRun)
        self.add(run, PROV.used, d)
        self.add(run, PROV.wasAssociatedWith, SOFTWARE)
        self.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
        self.add(SOFTWARE, RDFS.label, L(f"kg {__version__}"))
        self.run = run

    # ---------------------------------------------------------------- evidence
    def evidence(self, subject: str, ev: Evidence | None) -> None:
        """W3C Web Annotation: quote, character position and PDF page of the source."""
        self.add(subject, PROV.wasDerivedFrom, self.doc_iri)
        self.add(subject, PROV.wasGeneratedBy, self.run)
        if ev is None:
            return
        text = self.doc.text
        anno, target = subject + "/evidence", subject + "/target"
        quote_sel, pos_sel = subject + "/quote", subject + "/position"
        self.add(subject, KG.evidence, anno)
        self.add(anno, RDF.type, OA.Annotation)
        self.add(anno, OA.hasBody, subject)
        self.add(anno, OA.motivatedBy, OA.describing)
        self.add(anno, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.doc_iri)
        self.add(target, OA.hasSelector, quote_sel)
        self.add(target, OA.hasSelector, pos_sel)
        self.add(quote_sel, RDF.type, OA.TextQuoteSelector)
        self.add(quote_sel, OA.exact, L(ev.quote))
        self.add(quote_sel, OA.prefix, L(text[max(0, ev.start - 32):ev.start]))
        self.add(quote_sel, OA.suffix, L(text[ev.end:ev.end + 32]))
        self.add(pos_sel, RDF.type, OA.TextPositionSelector)
        self.add(pos_sel, OA.start, L(ev.start, XSD.nonNegativeInteger))
        self.add(pos_sel, OA.end, L(ev.end, XSD.nonNegativeInteger))
        page = ev.page or (self.doc.page_of(ev.start) if self.doc.kind == "pdf" else None)
        if page:
            self.add(subject, KG.page, L(page))
            if self.doc.kind == "pdf":
                frag = subject + "/page"
                self.add(target, OA.hasSelector, frag)
                self.add(frag, RDF.type, OA.FragmentSelector)
                self.add(frag, DCTERMS.conformsTo, RFC3778)
                self.add(frag, RDF.value, L(f"page={page}"))

    # ---------------------------------------------------------------- inspections
    def inspection(self, insp: Inspection) -> None:
        i = inspection_iri(insp, self.doc.sha256)
        auth = authority_iri(insp.authority_code)
        self.add(i, RDF.type, KG.Inspection)
        self.add(i, KG.authority, auth)
        self.add(i, KG.inspectionType, concept("inspection-type", insp.type))
        self.add(i, DCTERMS.isReferencedBy, self.doc_iri)
        when = insp.start_date or insp.year or ""
        self.add(i, RDFS.label, L(f"{insp.authority_name} {insp.type} {when}".strip()))
        if insp.start_date:
            self.add(i, SDO.startDate, L(insp.start_date))
        if insp.end_date:
            self.add(i, SDO.endDate, L(insp.end_date))
        if insp.publication_date:
            self.add(i, DCTERMS.issued, L(insp.publication_date))
        year = insp.best_year
        if year:
            self.add(i, KG.year, L(year, XSD.gYear))
        if insp.previous:
            self.add(i, KG.previousMention, L(True))
        for j in insp.judgements:
            node = f"{i}/judgement/{j.area}"
            self.add(i, KG.hasJudgement, node)
            self.add(node, RDF.type, KG.Judgement)
            self.add(node, KG.area, concept("area", j.area))
            self.add(node, KG.grade, concept("grade", j.grade))
            self.evidence(node, j.evidence)
        for p in insp.people:
            self.person(i, p)
        for r in insp.recommendations:
            self.recommendation(i, r)
        for f in insp.findings:
            self.finding(i, f)

    def person(self, insp: str | None, p: Person) -> None:
        node = person_iri(p.name)
        self.add(node, RDF.type, SDO.Person)
        self.add(node, SDO.name, L(p.name))
        if not p.is_inspector:
            self.add(node, KG.role, L(p.role))
            return
        self.add(node, RDF.type, KG.Inspector)
        if insp is None:
            return
        assoc = f"{insp}/association/{person_key(p.name)}"
        self.add(insp, PROV.wasAssociatedWith, node)
        self.add(insp, PROV.qualifiedAssociation, assoc)
        self.add(assoc, RDF.type, PROV.Association)
        self.add(assoc, PROV.agent, node)
        self.add(assoc, PROV.hadRole, concept("role", slug(p.role)))
        self.add(assoc, RDFS.label, L(p.role))
        self.add(assoc, SDO.name, L(p.name))  # as printed in this document
        if p.title:
            self.add(assoc, SDO.jobTitle, L(p.title))
        if p.lead:
            self.add(insp, KG.leadInspector, node)
            self.add(assoc, KG.lead, L(True))
        self.evidence(assoc, p.evidence)

    def recommendation(self, insp: str, r: Recommendation) -> None:
        node = fact_iri(self.doc.sha256, r.evidence, "recommendation", f"{r.section}-{r.index}")
        self.add(insp, KG.hasRecommendation, node)
        self.add(node, RDF.type, KG.Recommendation)
        self.add(node, KG.polarity, concept("polarity", "weakness"))
        self.add(node, SDO.text, L(r.text))
        self.add(node, KG.section, L(r.section))
        self.add(node, KG["index"], L(r.index))
        self._themes(node, r.themes)
        self.evidence(node, r.evidence)

    def finding(self, insp: str, f: Finding) -> None:
        node = fact_iri(self.doc.sha256, f.evidence, "finding", "") + f"/{f.polarity}"
        self.add(insp, KG.hasFinding, node)
        self.add(node, RDF.type, KG.Weakness if f.polarity == "weakness" else KG.Strength)
        self.add(node, KG.polarity, concept("polarity", f.polarity))
        if f.area:
            self.add(node, KG.inArea, concept("area", f.area))
        self._themes(node, f.themes)
        self.evidence(node, f.evidence)

    def _themes(self, node: str, themes: tuple[str, ...]) -> None:
        for rank, theme in enumerate(themes):
            self.add(node, KG.theme, concept("theme", theme))
            if rank == 0:
                self.add(node, KG.primaryTheme, concept("theme", theme))




def map_extraction(doc: Document, extraction: Extraction) -> list[ox.Triple]:
    """The triples of one document's named graph, in a stable order."""
    m = _Mapper(doc, extraction)
    m.document()
    for insp in extraction.inspections:
        m.inspection(insp)
    for person in extraction.people:
        m.person(None, person)
    return list(m.triples)


def to_graph(triples: list[ox.Triple]) -> Graph:
    """An rdflib Graph of the triples (for comparison and pretty serialisation)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return g.parse(data=data, format="nt") if data else g
