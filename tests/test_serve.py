"""``kg serve``: SPARQL 1.1 Protocol conformance, read-only, limits, standard clients, load."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import FIXTURE_DOCUMENTS, fixture_document_count
from kg.cli import app
from kg.serve import SCRIPT, negotiate
from servers import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
INSPECTIONS = ("PREFIX kg: <https://w3id.org/ofsted-kg/def#> "
               "SELECT ?i WHERE { ?i a kg:Inspection } ORDER BY ?i")
DOCUMENTS = ("PREFIX kg: <https://w3id.org/ofsted-kg/def#> "
             "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:SourceDocument }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX_ROWS = 2000


def build(store: Path, *paths: Path) -> None:
    result = CliRunner().invoke(app, ["build", *map(str, paths), "-q", "-s", str(store)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    build(path, *FIXTURE_DOCUMENTS)
    return path


@pytest.fixture(scope="module")
def endpoint(store, tmp_path_factory):
    """``kg serve`` in its own process on a free loopback port; the /sparql URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen([str(kg), "serve", "-s", str(store), "--port", str(port),
                                "--timeout", "3", "--max-rows", str(MAX_ROWS)],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url, params={"query": "ASK {}"}).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(20)


def embedded_rows(store: Path, sparql: str) -> list[list[str]]:
    from kg.store import KgStore, iter_rows

    with KgStore(store, read_only=True) as s:
        cols, rows = iter_rows(s.query(sparql))
        return [list(r) for r in rows]


# ------------------------------------------------------------------ protocol

@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_results_follow_the_accept_header(endpoint, store, accept, media):
    r = httpx.get(endpoint, params={"query": INSPECTIONS}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    if media == "text/csv":  # pyoxigraph does not read CSV results (they lose term types)
        got = [row[0] for row in list(csv.reader(io.StringIO(r.text)))[1:]]
    else:
        fmt = ox.QueryResultsFormat.from_media_type(media)
        got = [sol["i"].value for sol in ox.parse_query_results(r.content, format=fmt)]
    assert got == [row[0] for row in embedded_rows(store, INSPECTIONS)]
    assert len(got) > 10


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_construct_results_follow_the_accept_header(endpoint, accept):
    q = ("PREFIX kg: <https://w3id.org/ofsted-kg/def#> "
         "CONSTRUCT { ?i a kg:Inspection } WHERE { ?i a kg:Inspection }")
    r = httpx.post(endpoint, content=q, headers={"Content-Type": "application/sparql-query",
                                                 "Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    triples = list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(accept)))
    assert len(triples) == len(embedded_rows_count(endpoint))


def embedded_rows_count(endpoint: str) -> list:
    r = httpx.get(endpoint, params={"query": INSPECTIONS.replace("?i WHERE", "DISTINCT ?i WHERE")})
    return list(ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON))


def test_ask_answers_true_or_false(endpoint):
    r = httpx.post(endpoint, data={"query": "ASK { ?s ?p ?o }"},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and bool(ox.parse_query_results(
        r.content, format=ox.QueryResultsFormat.XML)) is True


def test_an_unacceptable_media_type_is_406(endpoint):
    r = httpx.get(endpoint, params={"query": COUNT}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-query"])
def test_a_syntax_error_is_400_with_the_parsers_message(endpoint, method):
    bad = "SELECT ?x WHERE { ?x ?y }"
    if method == "GET":
        r = httpx.get(endpoint, params={"query": bad})
    elif method == "POST-form":
        r = httpx.post(endpoint, data={"query": bad})
    else:
        r = httpx.post(endpoint, content=bad, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert "syntax error" in r.text and "1:" in r.text  # the parser's position


@pytest.mark.parametrize("how", ["form", "body", "as-query"])
def test_updates_are_refused_with_403(endpoint, store, how):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    if how == "form":
        r = httpx.post(endpoint, data={"update": update})
    elif how == "body":
        r = httpx.post(endpoint, content=update, headers={"Content-Type": "application/sparql-update"})
    else:
        r = httpx.post(endpoint, data={"query": update})
    assert r.status_code == 403
    assert "read-only" in r.text
    r = httpx.get(endpoint, params={"query": "ASK { <http://example.org/a> ?p ?o }"})
    assert b"false" in r.content


def test_a_query_over_the_time_limit_is_stopped_and_the_endpoint_carries_on(endpoint):
    r = httpx.get(endpoint, params={"query": SLOW}, timeout=60)
    assert r.status_code == 503
    assert "time limit of 3 s" in r.text
    r = httpx.get(endpoint, params={"query": COUNT}, timeout=60)
    assert r.status_code == 200


def test_a_result_over_the_row_limit_is_refused_with_a_message(endpoint):
    r = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 500
    assert f"more than {MAX_ROWS:,} rows" in r.text
    r = httpx.get(endpoint, params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"},
                  headers={"Accept": "text/csv"})
    assert r.status_code == 200 and len(list(csv.reader(io.StringIO(r.text)))) == MAX_ROWS + 1


def test_dataset_parameters_are_refused_rather_than_ignored(endpoint):
    r = httpx.get(endpoint, params={"query": COUNT, "default-graph-uri": "http://example.org/g"})
    assert r.status_code == 400


# ------------------------------------------------------------------ saved queries and the page

def test_saved_query_parameters_are_bound_by_the_server(endpoint, store):
    base = endpoint.rsplit("/", 1)[0]
    r = httpx.get(f"{base}/saved/authority-profile", params={"authority": "Torbay"},
                  headers={"Accept": "text/csv"})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.text)))[1:]
    assert rows and all(row[-1].endswith("/E06000027") for row in rows)  # Torbay's GSS code
    r = httpx.get(f"{base}/saved/authority-profile", params={"authority": 'x" } ?s ?p ?o {'})
    assert r.status_code == 400 and "no local authority" in r.text
    assert httpx.get(f"{base}/saved/no-such-query").status_code == 404


def test_the_page_lists_saved_queries_and_loads_nothing_from_elsewhere(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    page = httpx.get(base + "/")
    assert page.status_code == 200 and "<textarea" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert httpx.get(base + "/kg.js").status_code == 200
    listed = httpx.get(base + "/queries.json").json()
    assert {q["name"] for q in listed} >= {"authority-profile", "commonest-weaknesses"}
    assert next(q for q in listed if q["name"] == "authority-profile")["params"][0]["name"] == "authority"


def test_the_page_script_writes_server_text_only_as_text():
    assert "innerHTML" not in SCRIPT and "insertAdjacentHTML" not in SCRIPT
    assert "textContent" in SCRIPT


# ------------------------------------------------------------------ standard clients

def test_rdflib_sparqlstore_reads_the_endpoint(endpoint, store):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    got = [str(row[0]) for row in g.query(INSPECTIONS)]
    assert got == [r[0] for r in embedded_rows(store, INSPECTIONS)]
    g.close()


@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_sparqlwrapper_reads_the_endpoint(endpoint, store, fmt):
    from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(DOCUMENTS)
    client.setMethod(POST)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV}[fmt])
    result = client.query().convert()
    if fmt == "json":
        n = result["results"]["bindings"][0]["n"]["value"]
    elif fmt == "xml":
        n = result.getElementsByTagName("literal")[0].firstChild.data
    else:
        n = result.decode().splitlines()[1]
    assert n == embedded_rows(store, DOCUMENTS)[0][0] and int(n) > 10


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_gets_csv_and_json(endpoint):
    out = subprocess.run(["curl", "-sf", "-H", "Accept: text/csv", "--data-urlencode",
                          f"query={DOCUMENTS}", endpoint], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["n", str(fixture_document_count())]
    out = subprocess.run(["curl", "-sf", "-G", "--data-urlencode", f"query={DOCUMENTS}", endpoint],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"] == str(fixture_document_count())


# ------------------------------------------------------------------ a build becomes visible

def test_a_finished_build_becomes_visible_without_a_restart(endpoint, store, tmp_path):
    doc = tmp_path / "exampleton-letter_2025-02-03.txt"
    doc.write_text("Dear Director,\n\nMonitoring visit to Ealing children's services\n\n"
                   "This letter summarises the visit on 14 and 15 January 2025.\n", encoding="utf-8")
    build(store, doc)
    r = httpx.get(endpoint, params={"query": DOCUMENTS}, headers={"Accept": "text/csv"})
    assert r.text.splitlines()[1] == str(fixture_document_count() + 1)
    doc.unlink()  # and gone again, so the other tests see the fixture documents only
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--prune", "-q", "-s", str(store)])
    assert result.exit_code == 0
    r = httpx.get(endpoint, params={"query": DOCUMENTS}, headers={"Accept": "text/csv"})
    assert r.text.splitlines()[1] == str(fixture_document_count())


# ------------------------------------------------------------------ load

LOAD = """
import sys, threading, httpx
base, names = sys.argv[1].rsplit("/", 1)[0], sys.argv[2].split(",")
errors = []

def client(offset):
    with httpx.Client(timeout=30) as c:
        for i in range(offset, 1000, 2):  # two clients, 500 queries each
            r = c.get(base + "/saved/" + names[i % len(names)],
                      headers={"Accept": "application/sparql-results+json"})
            if r.status_code != 200 or '"bindings"' not in r.text:
                errors.append((r.status_code, r.text[:200]))

threads = [threading.Thread(target=client, args=(k,)) for k in (0, 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(errors), errors[:3])
"""


def test_a_thousand_queries_from_another_process_all_succeed(endpoint):
    names = "themes,inspector-teams,recommendations"
    out = subprocess.run([sys.executable, "-c", LOAD, endpoint, names], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "0", out.stdout


# ------------------------------------------------------------------ negotiation

def test_negotiate_prefers_the_highest_q_then_the_first_listed():
    offers = {"text/csv": 1, "application/json": 2}
    assert negotiate("application/json;q=0.5, text/csv", offers, "application/json") == "text/csv"
    assert negotiate("text/csv, application/json", offers, "application/json") == "text/csv"
    assert negotiate("", offers, "application/json") == "application/json"
    assert negotiate("text/*", offers, "application/json") == "text/csv"
    assert negotiate("image/png", offers, "application/json") is None
    assert negotiate("text/csv;q=0", offers, "application/json") is None
