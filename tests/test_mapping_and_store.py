from rdflib import Graph
from rdflib.compare import isomorphic

from kg.records import Extraction
from kg.mapping import inspection_iri, map_extraction, to_graph, to_ntriples
from kg.store import KgStore
from rdflib import Namespace

from kg import vocab
from kg.vocab import document_graph

KG, OA = Namespace(vocab.KG), Namespace(vocab.OA)  # rdflib terms, for rdflib graphs

from conftest import PAGE_1, sample_document, sample_extraction


def test_mapping_is_deterministic():
    doc = sample_document()
    a = map_extraction(doc, sample_extraction(doc))
    b = map_extraction(doc, sample_extraction(doc))
    assert a == b and isomorphic(to_graph(a), to_graph(b))


def test_inspection_iri_comes_from_code_type_and_start_date():
    doc = sample_document()
    insp = sample_extraction(doc).inspections[0]
    assert str(inspection_iri(insp, doc.sha256)).endswith("inspection/E09000009/ilacs-standard/2024-03-04")


def test_every_recommendation_has_evidence_quote_and_page():
    doc = sample_document()
    g = to_graph(map_extraction(doc, sample_extraction(doc)))
    recs = list(g.subjects(None, KG.Recommendation))
    assert len(recs) == 2
    for r in recs:
        anno = g.value(r, KG.evidence)
        target = g.value(anno, OA.hasTarget)
        exacts = [g.value(s, OA.exact) for s in g.objects(target, OA.hasSelector) if g.value(s, OA.exact)]
        assert exacts and str(exacts[0]) in doc.text
        assert int(g.value(r, KG.page)) == 2


def test_rebuilding_a_changed_document_replaces_its_graph():
    store = KgStore(None)
    old = sample_document()
    store.put_document("/x/report.pdf", old.name, old.sha256,
                       to_ntriples(map_extraction(old, sample_extraction(old))))
    new = sample_document(pages=(PAGE_1.replace("Ada Quill", "Bo Quill"), "Nothing here.\n"))
    store.put_document("/x/report.pdf", new.name, new.sha256,
                       to_ntriples(map_extraction(new, Extraction(genre="report"))))
    graphs = store.named_graphs()
    assert str(document_graph(new.sha256)) in graphs
    assert str(document_graph(old.sha256)) not in graphs
    store.remove_source("/x/report.pdf")
    assert store.named_graphs() == []


def test_store_persists_and_reopens_read_only(tmp_path):
    doc = sample_document()
    store = KgStore(tmp_path / "s")
    store.put_document("/x/a.pdf", doc.name, doc.sha256,
                       to_ntriples(map_extraction(doc, sample_extraction(doc))))
    store.flush()
    n = len(store)
    del store
    again = KgStore(tmp_path / "s", read_only=True)
    assert len(again) == n and again.sources["/x/a.pdf"]["sha256"] == doc.sha256


def test_turtle_export_reimports_isomorphic(memory_store):
    turtle = memory_store.dump("turtle", {"kg": str(KG)})
    nt = memory_store.dump("ntriples")
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), Graph().parse(data=nt, format="nt"))


def test_quad_exports_keep_one_graph_per_document(memory_store):
    from rdflib import Dataset
    ds = Dataset()
    ds.parse(data=memory_store.dump("nquads"), format="nquads")
    names = {str(c.identifier) for c in ds.graphs()}
    assert any("/graph/document/" in n for n in names) and any(n.endswith("/graph/reference") for n in names)
