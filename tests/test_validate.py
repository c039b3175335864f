from kg.mapping import map_extraction, to_ntriples
from kg.records import Extraction, Inspection, Judgement
from kg.reference import reference_ntriples
from kg.store import KgStore
from kg.validate import store_graph, validate_graph

from conftest import sample_document


def test_fixture_graph_conforms(memory_store):
    report = validate_graph(store_graph(memory_store))
    assert report.conforms and report.violations == 0


def test_unknown_grade_is_a_violation():
    store = KgStore(None)
    store.set_reference(reference_ntriples())
    doc = sample_document()
    bad = Extraction(inspections=(Inspection("E09000009", "Ealing", "ilacs-standard",
                                             judgements=(Judgement("overall-effectiveness", "excellent"),)),))
    store.put_document("/x", doc.name, doc.sha256, to_ntriples(map_extraction(doc, bad)))
    report = validate_graph(store_graph(store))
    assert not report.conforms
    assert any("grade" in i.path for i in report.issues if i.severity == "Violation")


def test_missing_lead_inspector_is_only_a_warning():
    store = KgStore(None)
    store.set_reference(reference_ntriples())
    doc = sample_document()
    ok = Extraction(inspections=(Inspection("E09000009", "Ealing", "focused-visit"),))
    store.put_document("/x", doc.name, doc.sha256, to_ntriples(map_extraction(doc, ok)))
    report = validate_graph(store_graph(store))
    assert report.conforms and report.warnings >= 1
