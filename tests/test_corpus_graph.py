"""Whole-graph properties on the real report corpus (skipped when ../shared is absent)."""
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.store import KgStore
from kg.validate import store_graph, validate_graph
from kg.vocab import PREFIXES

from conftest import CORPUS, needs_corpus


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    needs_corpus()
    store = KgStore(tmp_path_factory.mktemp("corpus") / "store")
    summary = build([CORPUS / "reports"], store)
    assert summary.documents >= 45
    assert [Path(f).name for f, _ in summary.failures] == ["birmingham_2012-10-19.pdf"]
    return store


def test_corpus_graph_conforms_to_the_shapes(corpus_store):
    report = validate_graph(store_graph(corpus_store))
    assert report.conforms, [i for i in report.issues if i.severity == "Violation"][:5]


def test_turtle_export_reimports_isomorphic(corpus_store):
    turtle = corpus_store.dump("turtle", PREFIXES)
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), store_graph(corpus_store))


def test_trig_export_keeps_the_document_graphs(corpus_store):
    ds = Dataset()
    ds.parse(data=corpus_store.dump("trig", PREFIXES), format="trig")
    docs = [g for g in ds.graphs() if "/graph/document/" in str(g.identifier)]
    assert len(docs) == 45


def test_building_twice_gives_the_same_graph(corpus_store, tmp_path):
    needs_corpus()
    again = KgStore(tmp_path / "again")
    build([CORPUS / "reports"], again)
    assert corpus_store.dump("nquads") and sorted(corpus_store.dump("nquads").splitlines()) == \
        sorted(again.dump("nquads").splitlines())
