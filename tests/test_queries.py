"""Every saved query parses, runs on the fixture graph, and binds parameters safely."""
import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.queries import bind_params, load_query, saved_queries
from kg.store import iter_rows

CONTRACT = {
    "inspections": ["source", "inspection", "authority_code", "inspection_type", "year",
                    "start_date", "end_date", "publication_date", "lead_inspector"],
    "judgements": ["source", "inspection", "authority_code", "area", "grade"],
    "inspectors": ["source", "inspection", "name", "role", "lead"],
    "recommendations": ["source", "inspection", "authority_code", "text", "themes"],
    "findings": ["source", "inspection", "authority_code", "polarity", "theme", "evidence"],
}
SAMPLE_PARAMS = {"authority": "Ealing", "other": "Ealing", "grade": "requires-improvement",
                 "inspector": "Ada Quill", "theme": "strategy-meetings", "area": "overall-effectiveness"}


def run(store, name, **params):
    q = load_query(name)
    cols, rows = iter_rows(store.query(q.text, bind_params(q, params)))
    return cols, [dict(zip(cols, r)) for r in rows]


def test_contract_queries_exist_with_their_columns(memory_store):
    for name, columns in CONTRACT.items():
        cols, _ = run(memory_store, name)
        assert set(columns) <= set(cols), name


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_has_a_summary_and_runs(memory_store, name):
    q = saved_queries()[name]
    assert q.summary
    params = {p.name: SAMPLE_PARAMS[p.name] for p in q.params if p.required}
    run(memory_store, name, **params)


def test_inspections_row_for_the_fixture_report(memory_store):
    _, rows = run(memory_store, "inspections")
    current = [r for r in rows if r["start_date"]]
    assert len(current) == 1
    r = current[0]
    assert (r["authority_code"], r["inspection_type"], r["year"], r["start_date"], r["end_date"],
            r["publication_date"], r["lead_inspector"]) == (
        "E09000009", "ilacs-standard", "2024", "2024-03-04", "2024-03-15", "2024-04-30", "Ada Quill")
    previous = [r for r in rows if not r["start_date"]]
    assert previous[0]["year"] == "2016" and previous[0]["previous"] == "true"


def test_recommendation_themes_are_joined_and_findings_one_row_per_theme(memory_store):
    _, recs = run(memory_store, "recommendations")
    assert sorted(r["themes"] for r in recs) == ["strategy-meetings", "workforce-stability"]
    _, found = run(memory_store, "findings")
    assert sorted(r["theme"] for r in found) == ["management-oversight", "recording-and-systems"]
    assert all(r["evidence"].startswith("Managers do not always") for r in found)


def test_trajectory_across_sources(memory_store):
    _, rows = run(memory_store, "trajectory", authority="E09000009")
    assert [(r["year"], r["grade"]) for r in rows] == [("2016", "good"), ("2024", "requires-improvement")]


def test_parameter_values_are_bound_not_spliced(memory_store):
    q = load_query("inspector-led")
    nasty = 'x" } UNION { ?a ?b ?c } #'
    b = bind_params(q, {"inspector": nasty})
    assert isinstance(b["inspector"], ox.NamedNode)
    _, rows = iter_rows(memory_store.query(q.text, b))
    assert list(rows) == []


def test_unknown_and_missing_parameters_are_explained():
    q = load_query("authority-profile")
    with pytest.raises(QueryError, match="needs --param authority"):
        bind_params(q, {})
    with pytest.raises(QueryError, match="has no parameter"):
        bind_params(q, {"authority": "Ealing", "colour": "red"})
    with pytest.raises(QueryError, match="no local authority"):
        bind_params(q, {"authority": "Atlantis"})
    with pytest.raises(QueryError, match="no saved query"):
        load_query("no-such-query")


def test_trajectory_joins_a_news_account_to_the_report_of_that_year(memory_store):
    from kg.documents import document_from_pages
    from kg.mapping import map_extraction, to_ntriples
    from kg.records import Extraction, Inspection, Judgement
    from pathlib import Path

    doc = document_from_pages(Path("news.txt"), ["Ealing was judged to require improvement in 2024.\n"],
                              b"news", "text")
    account = Inspection("E09000009", "Ealing", "ilacs", year=2024,
                         judgements=(Judgement("overall-effectiveness", "requires-improvement"),),
                         previous=True)
    memory_store.put_document("/x/news.txt", doc.name, doc.sha256,
                              to_ntriples(map_extraction(doc, Extraction((account,), genre="news"))))
    _, rows = run(memory_store, "trajectory", authority="Ealing")
    row_2024 = [r for r in rows if r["year"] == "2024"]
    assert len(row_2024) == 1 and row_2024[0]["date"] == "2024-03-04"
    assert set(row_2024[0]["sources"].split("; ")) == {"news.txt", "exampleton_2024-04-30.pdf"}
