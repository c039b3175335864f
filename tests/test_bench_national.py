"""The national-density generator keeps real density and mints unique, deterministic IRIs.

Built from the invented example documents (never from ../shared): 3 authorities x 2 reports
plus letters and news, into ``KgStore(None)``."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.authorities import by_code
from kg.mapping import map_extraction
from kg.store import KgStore

ROOT = Path(__file__).resolve().parents[1]
KG = "https://w3id.org/ofsted-kg/def#"


def _national():
    spec = importlib.util.spec_from_file_location("bench_national_gen", ROOT / "bench" / "national.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


national = _national()


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    files = national.corpus_files(ROOT / "examples" / "reports", [ROOT / "examples" / "texts"])
    cache = tmp_path_factory.mktemp("cache")
    found = national.load_sources(files, cache, jobs=1, log=lambda m: None)
    assert sum(s.genre == "report" for s in found) == 2
    return found


def _generate(sources, tmp_path: Path, seed: int = 3):
    store = KgStore(None)
    nt_dir = tmp_path / f"nt-{seed}"
    g = national.generate(store, sources, n_reports=6, n_texts=3, seed=seed, jobs=1,
                          nt_dir=nt_dir, n_authorities=3)
    graphs = {}
    for line in (nt_dir / "graphs.tsv").read_text(encoding="utf-8").splitlines():
        file, _iri, name = line.split("\t")
        graphs[name] = list(ox.parse(path=str(nt_dir / file), format=ox.RdfFormat.N_TRIPLES))
    return store, g, graphs


def _objects(triples, predicate: str) -> list[str]:
    return [t.object.value for t in triples if t.predicate.value == KG + predicate]


def test_each_synthetic_report_keeps_the_density_of_its_source(sources, tmp_path):
    store, g, graphs = _generate(sources, tmp_path)
    assert (g.reports, g.texts, g.authorities) == (6, 3, 3)
    real = {len(map_extraction(s.doc, s.extraction)): s for s in sources if s.genre == "report"}
    reports = {n: t for n, t in graphs.items() if "_report-" in n}
    assert len(reports) == 6
    for name, triples in reports.items():
        assert len(triples) in real, name  # same number of triples as one real report
        src = real[len(triples)]
        findings = sum(len(i.findings) for i in src.extraction.inspections)
        points = sum(len(i.recommendations) for i in src.extraction.inspections)
        assert len(_objects(triples, "hasFinding")) == findings > 0
        assert len(_objects(triples, "hasRecommendation")) == points > 0
    stored = store.query(f"SELECT (COUNT(?f) AS ?n) WHERE {{ ?i <{KG}hasFinding> ?f }}")
    assert int(next(iter(stored))["n"].value) == g.findings


def test_reports_are_reissued_under_three_authorities_two_each_in_2012_to_2025(sources, tmp_path):
    _, _, graphs = _generate(sources, tmp_path)
    per_authority: Counter[str] = Counter()
    for name, triples in graphs.items():
        if "_report-" not in name:
            continue
        codes = set(_objects(triples, "authority"))
        assert len(codes) == 1, name
        gss = codes.pop().rsplit("/", 1)[-1]
        assert by_code(gss) is not None
        per_authority[by_code(gss).ofsted_urn] += 1
        starts = [date.fromisoformat(t.object.value) for t in triples
                  if t.predicate.value == "https://schema.org/startDate"]
        assert starts and all(date(2012, 1, 1) <= d <= date(2025, 12, 31) for d in starts)
    assert sorted(per_authority.values()) == [2, 2, 2]


def test_iris_are_unique_across_documents_and_the_same_for_the_same_seed(sources, tmp_path):
    _, _, first = _generate(sources, tmp_path / "a")
    _, _, again = _generate(sources, tmp_path / "b")
    _, _, other = _generate(sources, tmp_path / "c", seed=4)
    assert first == again  # same seed: the same documents, byte for byte the same triples
    assert set(first) != set(other)
    findings = [f for t in first.values() for f in _objects(t, "hasFinding")]
    assert len(findings) == len(set(findings))
    inspections = [s for name, t in first.items() if "_report-" in name
                   for s in {x.subject.value for x in t
                             if x.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                             and x.object.value == KG + "Inspection"}]
    assert len(inspections) == len(set(inspections)) == 6
    doc_ids = [t.object.value for ts in first.values() for t in ts
               if t.predicate.value == "http://purl.org/dc/terms/identifier"]
    assert len(doc_ids) == len(set(doc_ids)) == len(first)
