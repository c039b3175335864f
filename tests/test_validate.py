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


def _keys(report):
    return sorted({(i.severity, i.focus, i.path) for i in report.issues})


def test_store_engine_and_pyshacl_report_the_same_results(memory_store):
    """The SPARQL translation of the shapes agrees with pySHACL on good and broken graphs."""
    from kg.validate import validate_store

    store = KgStore(None)
    store.set_reference(reference_ntriples())
    doc = sample_document()
    bad = Extraction(inspections=(Inspection("E09000009", "Ealing", "ilacs-standard",
                                             judgements=(Judgement("overall-effectiveness", "excellent"),
                                                         Judgement("help-and-protection", "good"))),
                                  Inspection("E09000009", "Ealing", "focused-visit")))
    store.put_document("/x", doc.name, doc.sha256, to_ntriples(map_extraction(doc, bad)))
    for s in (memory_store, store):
        ours, theirs = validate_store(s), validate_graph(store_graph(s))
        assert ours.conforms == theirs.conforms
        assert _keys(ours) == _keys(theirs)
    assert not validate_store(store).conforms


def test_shapes_the_store_engine_cannot_check_are_refused():
    import pytest
    from rdflib import Graph

    from kg.shacl_sparql import compile_shapes

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .""", format="turtle")
    with pytest.raises(ValueError, match="pyshacl"):
        compile_shapes(shapes, {})
