"""Records -> RDF. One rdflib Graph per source document; IRIs come from record keys only
(authority code, type, dates, document hash, character span), so mapping is deterministic."""
from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD

from . import __version__
from .documents import Document
from .records import Evidence, Extraction, Finding, Inspection, Person, Recommendation
from .vocab import (ID, KG, OA, PREFIXES, authority_iri, concept, document_iri, person_iri,
                    person_key, slug)

RFC3778 = URIRef("http://tools.ietf.org/rfc/rfc3778")
MIME = {"pdf": "application/pdf", "text": "text/plain", "html": "text/html"}
SOFTWARE = ID["software/kg"]


def inspection_iri(insp: Inspection, doc_sha: str) -> URIRef:
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


def fact_iri(doc_sha: str, ev: Evidence | None, kind: str, fallback: str) -> URIRef:
    span = f"{ev.start}-{ev.end}" if ev else fallback
    return ID[f"{kind}/{doc_sha[:16]}/{span}"]


class _Mapper:
    def __init__(self, doc: Document, extraction: Extraction) -> None:
        self.doc = doc
        self.ex = extraction
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.doc_iri = document_iri(doc.sha256)

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    # ---------------------------------------------------------------- document
    def document(self) -> None:
        d, ex = self.doc_iri, self.ex
        self.add(d, RDF.type, KG.SourceDocument)
        self.add(d, KG.fileName, Literal(self.doc.name))
        self.add(d, DCTERMS.identifier, Literal(f"sha256:{self.doc.sha256}"))
        self.add(d, DCTERMS["format"], Literal(MIME.get(self.doc.kind, "text/plain")))
        self.add(d, KG.pageCount, Literal(self.doc.page_count, datatype=XSD.integer))
        self.add(d, KG.genre, Literal(ex.genre))
        if ex.title:
            self.add(d, DCTERMS.title, Literal(ex.title))
        if ex.published:
            self.add(d, DCTERMS.issued, _date(ex.published))
        run = ID[f"extraction/{self.doc.sha256}/{__version__}"]
        self.add(run, RDF.type, KG.ExtractionRun)
        self.add(run, PROV.used, d)
        self.add(run, PROV.wasAssociatedWith, SOFTWARE)
        self.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
        self.add(SOFTWARE, RDFS.label, Literal(f"kg {__version__}"))
        self.run = run

    # ---------------------------------------------------------------- evidence
    def evidence(self, subject: URIRef, ev: Evidence | None) -> None:
        """W3C Web Annotation: quote, character position and PDF page of the source."""
        self.add(subject, PROV.wasDerivedFrom, self.doc_iri)
        self.add(subject, PROV.wasGeneratedBy, self.run)
        if ev is None:
            return
        text = self.doc.text
        anno, target = URIRef(subject + "/evidence"), URIRef(subject + "/target")
        quote_sel, pos_sel = URIRef(subject + "/quote"), URIRef(subject + "/position")
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
        self.add(quote_sel, OA.exact, Literal(ev.quote))
        self.add(quote_sel, OA.prefix, Literal(text[max(0, ev.start - 32):ev.start]))
        self.add(quote_sel, OA.suffix, Literal(text[ev.end:ev.end + 32]))
        self.add(pos_sel, RDF.type, OA.TextPositionSelector)
        self.add(pos_sel, OA.start, Literal(ev.start, datatype=XSD.nonNegativeInteger))
        self.add(pos_sel, OA.end, Literal(ev.end, datatype=XSD.nonNegativeInteger))
        page = ev.page or (self.doc.page_of(ev.start) if self.doc.kind == "pdf" else None)
        if page:
            self.add(subject, KG.page, Literal(page, datatype=XSD.integer))
            if self.doc.kind == "pdf":
                frag = URIRef(subject + "/page")
                self.add(target, OA.hasSelector, frag)
                self.add(frag, RDF.type, OA.FragmentSelector)
                self.add(frag, DCTERMS.conformsTo, RFC3778)
                self.add(frag, RDF.value, Literal(f"page={page}"))

    # ---------------------------------------------------------------- inspections
    def inspection(self, insp: Inspection) -> None:
        i = inspection_iri(insp, self.doc.sha256)
        auth = authority_iri(insp.authority_code)
        self.add(i, RDF.type, KG.Inspection)
        self.add(i, KG.authority, auth)
        self.add(i, KG.inspectionType, concept("inspection-type", insp.type))
        self.add(i, DCTERMS.isReferencedBy, self.doc_iri)
        when = insp.start_date or insp.year or ""
        self.add(i, RDFS.label, Literal(f"{insp.authority_name} {insp.type} {when}".strip()))
        if insp.start_date:
            self.add(i, SDO.startDate, _date(insp.start_date))
        if insp.end_date:
            self.add(i, SDO.endDate, _date(insp.end_date))
        if insp.publication_date:
            self.add(i, DCTERMS.issued, _date(insp.publication_date))
        year = insp.best_year
        if year:
            self.add(i, KG.year, Literal(str(year), datatype=XSD.gYear))
        if insp.previous:
            self.add(i, KG.previousMention, Literal(True))
        for j in insp.judgements:
            node = URIRef(f"{i}/judgement/{j.area}")
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

    def person(self, insp: URIRef | None, p: Person) -> None:
        node = person_iri(p.name)
        self.add(node, RDF.type, SDO.Person)
        self.add(node, SDO.name, Literal(p.name))
        if not p.is_inspector:
            self.add(node, KG.role, Literal(p.role))
            return
        self.add(node, RDF.type, KG.Inspector)
        if insp is None:
            return
        assoc = URIRef(f"{insp}/association/{person_key(p.name)}")
        self.add(insp, PROV.wasAssociatedWith, node)
        self.add(insp, PROV.qualifiedAssociation, assoc)
        self.add(assoc, RDF.type, PROV.Association)
        self.add(assoc, PROV.agent, node)
        self.add(assoc, PROV.hadRole, concept("role", slug(p.role)))
        self.add(assoc, RDFS.label, Literal(p.role))
        if p.title:
            self.add(assoc, SDO.jobTitle, Literal(p.title))
        if p.lead:
            self.add(insp, KG.leadInspector, node)
        if p.evidence:
            self.evidence(assoc, p.evidence)

    def recommendation(self, insp: URIRef, r: Recommendation) -> None:
        node = fact_iri(self.doc.sha256, r.evidence, "recommendation", f"{r.section}-{r.index}")
        self.add(insp, KG.hasRecommendation, node)
        self.add(node, RDF.type, KG.Recommendation)
        self.add(node, KG.polarity, concept("polarity", "weakness"))
        self.add(node, SDO.text, Literal(r.text))
        self.add(node, KG.section, Literal(r.section))
        self.add(node, KG["index"], Literal(r.index, datatype=XSD.integer))
        self._themes(node, r.themes)
        self.evidence(node, r.evidence)

    def finding(self, insp: URIRef, f: Finding) -> None:
        node = URIRef(fact_iri(self.doc.sha256, f.evidence, "finding", "") + f"/{f.polarity}")
        self.add(insp, KG.hasFinding, node)
        self.add(node, RDF.type, KG.Weakness if f.polarity == "weakness" else KG.Strength)
        self.add(node, KG.polarity, concept("polarity", f.polarity))
        if f.area:
            self.add(node, KG.inArea, concept("area", f.area))
        self._themes(node, f.themes)
        self.evidence(node, f.evidence)

    def _themes(self, node: URIRef, themes: tuple[str, ...]) -> None:
        for rank, theme in enumerate(themes):
            self.add(node, KG.theme, concept("theme", theme))
            if rank == 0:
                self.add(node, KG.primaryTheme, concept("theme", theme))


def _date(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def map_extraction(doc: Document, extraction: Extraction) -> Graph:
    """The named-graph content for one document."""
    m = _Mapper(doc, extraction)
    m.document()
    for insp in extraction.inspections:
        m.inspection(insp)
    for person in extraction.people:
        m.person(None, person)
    return m.g
