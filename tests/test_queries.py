"""Every saved query parses, runs on the fixture graph, and binds parameters safely."""
import pyoxigraph as ox
import pytest

import re

from kg.errors import ParameterError, QueryError, QueryNotFound, ServiceNotAllowed
from kg.queries import (Param, bind_params, check_services, load_query, run_query, saved_queries,
                        service_endpoints, to_term)
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


def test_unknown_and_missing_parameters_are_explained_with_context_and_no_flags():
    q = load_query("authority-profile")
    with pytest.raises(ParameterError, match="needs a value for parameter 'authority'") as e:
        bind_params(q, {})
    assert (e.value.query, e.value.parameter, e.value.problem) == ("authority-profile", "authority", "missing")
    with pytest.raises(ParameterError, match="has no parameter") as e:
        bind_params(q, {"authority": "Ealing", "colour": "red"})
    assert e.value.problem == "unknown"
    with pytest.raises(ParameterError, match="no local authority") as e:
        bind_params(q, {"authority": "Atlantis"})
    assert e.value.value == "Atlantis"
    with pytest.raises(QueryNotFound, match="no saved query"):
        load_query("no-such-query")
    for bad in ({}, {"authority": "Atlantis"}, {"authority": "Ealing", "colour": "red"}):
        with pytest.raises(QueryError) as e:
            bind_params(q, bad)
        assert "--" not in str(e.value)  # the library never names command-line flags


@pytest.mark.parametrize("kind,value,expected", [
    ("grade", "Requires improvement to be good", "grade/requires-improvement"),
    ("area", "help_and_protection", "area/help-and-protection"),
    ("theme", "workforce-stability", "theme/workforce-stability"),
    ("inspection-type", "focused visit", "inspection-type/focused-visit"),
    ("polarity", "Weakness", "polarity/weakness"),
    ("authority", "E09000009", "authority/E09000009"),
])
def test_scheme_values_are_accepted_in_their_usual_spellings(kind, value, expected):
    assert to_term(Param("x", kind, ""), value).value.endswith(expected)


@pytest.mark.parametrize("kind,value,expected", [
    ("grade", "terrible", "allowed: outstanding, good, requires-improvement, adequate, inadequate"),
    ("grade", "inadequat", "did you mean 'inadequate'"),
    ("area", "help-and-protectin", "did you mean 'help-and-protection'"),
    ("theme", "workforce-stabilty", "did you mean 'workforce-stability'"),
    ("inspection-type", "focussed-visit", "did you mean 'focused-visit'"),
    ("polarity", "neutral", "allowed: weakness, strength"),
    ("authority", "Ealng", "did you mean 'Ealing'"),
    ("authority", "E09999999", "no local authority has this GSS code"),
    ("integer", "three", "not a valid integer"),
    ("date", "yesterday", "not a valid date"),
])
def test_values_outside_a_type_or_scheme_are_refused_with_the_allowed_or_nearest(kind, value, expected):
    with pytest.raises(ParameterError, match=re.escape(expected)):
        to_term(Param("x", kind, ""), value)


def test_allowed_values_come_from_the_one_list_of_each_scheme():
    from kg import records
    from kg.queries import allowed_values
    from kg.themes import theme_ids

    assert allowed_values("grade") is records.GRADES and allowed_values("area") is records.AREAS
    assert set(allowed_values("theme")) == set(theme_ids())


def test_an_empty_value_means_the_default_and_a_required_one_cannot_be_empty():
    judged = load_query("judged")
    assert bind_params(judged, {"grade": "inadequate", "area": ""}) == \
        bind_params(judged, {"grade": "inadequate"})
    assert bind_params(judged, {"grade": "inadequate", "area": " "})["area"].value.endswith(
        "area/help-and-protection")
    shared = load_query("shared-themes")
    assert bind_params(shared, {"authority": "Luton", "min_shared": ""})["min_shared"].value == "1"
    with pytest.raises(ParameterError, match="needs a value"):
        bind_params(judged, {"grade": ""})
    led = load_query("inspector-led")  # its declared default is empty: everyone
    assert bind_params(led, {"inspector": ""}) == {}


def test_every_optional_parameter_of_the_saved_queries_is_bound_when_left_empty():
    for q in saved_queries().values():
        given = {p.name: "" for p in q.params if not p.required}
        required = {p.name: SAMPLE_PARAMS[p.name] for p in q.params if p.required}
        bound = bind_params(q, {**given, **required})
        assert {p.name for p in q.params if p.default} <= set(bound), q.name


def test_project_prefixes_are_predeclared(memory_store):
    _, rows = iter_rows(run_query(memory_store, "SELECT ?n WHERE { ?d a kg:SourceDocument ; kg:fileName ?n }"))
    assert [r[0] for r in rows] == ["exampleton_2024-04-30.pdf"]


@pytest.mark.parametrize("text,expected", [
    ("SELECT * WHERE { ?s ?p ?o }", []),
    ('SELECT * WHERE { ?s ?p "SERVICE <http://x.org/>" } # SERVICE <http://y.org/>', []),
    ("SELECT * WHERE { SERVICE <http://a.org/q> { ?s ?p ?o } }", ["http://a.org/q"]),
    ("select * where { service silent <http://a.org/q> { ?s ?p ?o } }", ["http://a.org/q"]),
    ("PREFIX e: <http://e.org/> SELECT * WHERE { { SELECT ?s WHERE { SERVICE e:q { ?s ?p ?o } } } }",
     ["http://e.org/q"]),
    ("SELECT * WHERE { SERVICE kgid:remote { ?s ?p ?o } }", ["https://w3id.org/ofsted-kg/id/remote"]),
    ("SELECT * WHERE { \\u0053ERVICE <http://a.org/q> { ?s ?p ?o } }", ["http://a.org/q"]),
    ("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", [None]),
])
def test_service_calls_are_found_by_parsing_not_by_matching_words(text, expected):
    assert service_endpoints(text) == expected


def test_service_is_refused_unless_its_host_is_allowed(memory_store):
    q = "SELECT * WHERE { SERVICE <http://a.example.org:8890/sparql> { ?s ?p ?o } }"
    with pytest.raises(ServiceNotAllowed) as e:
        run_query(memory_store, q)
    assert e.value.endpoints == ("http://a.example.org:8890/sparql",)
    with pytest.raises(ServiceNotAllowed):
        check_services(q, ["b.example.org"])
    assert check_services(q, ["a.example.org"]) == ["http://a.example.org:8890/sparql"]
    assert check_services(q, ["a.example.org:8890"]) == check_services(q, ["http://a.example.org:8890"])
    with pytest.raises(ServiceNotAllowed):
        check_services(q, ["a.example.org:1234"])


def test_a_saved_query_with_service_is_refused_too(memory_store, tmp_path):
    f = tmp_path / "remote.rq"
    f.write_text("SELECT * WHERE { SERVICE <http://remote.example.org/sparql> { ?s ?p ?o } }\n")
    q = load_query(str(f))
    with pytest.raises(ServiceNotAllowed):
        run_query(memory_store, q.text, bind_params(q, {}))


def test_a_missing_query_file_is_not_called_a_saved_query(tmp_path):
    with pytest.raises(QueryNotFound, match="no query file") as e:
        load_query(str(tmp_path / "nonexist.rq"))
    assert e.value.path == tmp_path / "nonexist.rq"


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
