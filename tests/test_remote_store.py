"""The same CLI on real SPARQL servers (Oxigraph server, Virtuoso) started on loopback: build,
query, export and stats against a --store URL, compared with the embedded store."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import FIXTURE_DOCUMENTS, fixture_document_count
from kg.cli import app
from kg.queries import saved_queries
from kg.sparql_text import bind_values, query_form
from kg.store.remote import default_endpoints

SERVERS = ["oxigraph", "virtuoso"]
PARAMS = {"authority": "Torbay", "other": "Hackney", "grade": "requires-improvement"}


def run(args: list[str], env: dict[str, str] | None = None):
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("embedded") / "store"
    run(["build", *map(str, FIXTURE_DOCUMENTS), "-q", "-s", str(store)])
    return store


@pytest.fixture(scope="module", params=SERVERS)
def built(request):
    """A server holding the fixture documents, built through ``kg build --store URL``."""
    server = request.getfixturevalue(f"{request.param}_server")
    result = run(["build", *map(str, FIXTURE_DOCUMENTS), "-q", "-s", server.url], server.env)
    assert f"built {fixture_document_count()} document(s)" in result.output
    return server


def saved_args(name: str) -> list[str]:
    declared = {p.name for p in saved_queries()[name].params}
    return [f"-p{k}={v}" for k, v in PARAMS.items() if k in declared]


def rows_of(output: str) -> list[tuple[str, ...]]:
    """CSV rows, order-free, with GROUP_CONCAT cells (whose order SPARQL leaves open) sorted."""
    import csv
    import io

    def cell(c: str) -> str:
        sep = "; " if "; " in c else "|"
        return sep.join(sorted(c.split(sep)))

    return sorted(tuple(map(cell, r)) for r in csv.reader(io.StringIO(output)))


def test_second_build_on_a_server_skips_every_document(built):
    result = run(["build", *map(str, FIXTURE_DOCUMENTS), "-q", "-s", built.url], built.env)
    assert "built 0 document(s)" in result.output


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_answers_on_the_server_as_on_the_embedded_store(built, embedded, name):
    args = ["query", name, *saved_args(name), "-f", "csv"]
    if name == "shared-weakness-evidence":  # the pair: Torbay and the authority most like it
        import csv
        import io

        nearest = run(["query", "shared-themes", "-pauthority=Torbay", "-f", "csv", "-s", str(embedded)]).stdout
        other = next(csv.DictReader(io.StringIO(nearest)))["other_code"]
        args = ["query", name, "-pauthority=Torbay", f"-pother={other}", "-f", "csv"]
    here = run([*args, "-s", str(embedded)]).stdout
    there = run([*args, "-s", built.url], built.env).stdout
    assert rows_of(there) == rows_of(here)
    assert len(rows_of(here)) > 1 or name in ("authority-profile", "trajectory")


def test_export_from_the_server_equals_the_embedded_export(built, embedded, tmp_path):
    run(["export", "-f", "nquads", "-o", str(tmp_path / "here.nq"), "-s", str(embedded)])
    run(["export", "-f", "nquads", "-o", str(tmp_path / "there.nq"), "-s", built.url], built.env)
    # compared as Oxigraph reads them: Oxigraph 0.5 stores xsd:nonNegativeInteger as
    # xsd:integer, Virtuoso keeps the datatype it was given
    here, there = ox.Store(), ox.Store()
    here.load(path=str(tmp_path / "here.nq"), format=ox.RdfFormat.N_QUADS)
    there.load(path=str(tmp_path / "there.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(here) > 5000
    assert set(there) == set(here)  # the graph has no blank nodes: equal sets are isomorphic


def test_stats_on_the_server_equal_the_embedded_stats(built, embedded):
    here = run(["stats", "-f", "csv", "-s", str(embedded)]).stdout
    there = run(["stats", "-f", "csv", "-s", built.url], built.env).stdout
    assert there == here


@pytest.mark.parametrize("part", ["communities", "themes"])
def test_analyse_on_the_server_equals_analyse_on_the_embedded_store(built, embedded, part):
    args = ["analyse", "-f", "csv", "--part", part]
    assert rows_of(run([*args, "-s", built.url], built.env).stdout) == \
        rows_of(run([*args, "-s", str(embedded)]).stdout)


def test_a_view_page_is_written_from_the_server(built, tmp_path):
    out = tmp_path / "themes.html"
    run(["view", "themes", "-o", str(out), "-s", built.url], built.env)
    assert "Torbay" in out.read_text(encoding="utf-8")


def test_the_endpoint_answers_from_a_server_store(built, monkeypatch):
    from kg.serve import answer
    from kg.store import open_store

    for k, v in built.env.items():
        monkeypatch.setenv(k, v)
    q = ("PREFIX kg: <https://w3id.org/ofsted-kg/def#> "
         "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:SourceDocument }")
    with open_store(built.url) as store:
        media, body = answer(store, {"query": q, "accept": "text/csv"}, max_rows=10)
        assert (media, body.decode().split()) == ("text/csv", ["n", str(fixture_document_count())])
        media, body = answer(store, {"saved": "authority-profile", "params": {"authority": "Torbay"},
                                     "accept": "application/sparql-results+json"}, max_rows=1000)
        assert b"E06000027" in body


def test_changed_document_replaces_its_graph_on_the_server(built, tmp_path, monkeypatch):
    from kg.store import open_store
    from kg.vocab import document_graph

    for k, v in built.env.items():
        monkeypatch.setenv(k, v)
    doc = tmp_path / "exampleton-news_2025-01-02.md"
    doc.write_text("# Exampleton news\n\nOfsted judged Ealing's children's services good "
                   "overall in an inspection from 3 to 14 June 2024.\n", encoding="utf-8")
    run(["build", str(doc), "-q", "-s", built.url])
    with open_store(built.url) as store:
        first = store.sources[str(doc.resolve())].sha256
    doc.write_text(doc.read_text() + "\nA later paragraph changes the bytes.\n", encoding="utf-8")
    run(["build", str(doc), "-q", "-s", built.url])
    with open_store(built.url) as store:
        second = store.sources[str(doc.resolve())].sha256
        graphs = store.named_graphs()
    assert first != second
    assert str(document_graph(second)) in graphs and str(document_graph(first)) not in graphs
    doc.unlink()
    result = run(["build", str(tmp_path), "--prune", "-q", "-s", built.url])
    assert "1 removed" in result.output
    with open_store(built.url) as store:
        assert str(doc.resolve()) not in store.sources
        assert str(document_graph(second)) not in store.named_graphs()


def test_a_syntax_error_on_the_server_is_reported_as_a_query_error(built):
    result = CliRunner().invoke(app, ["query", "--sparql", "SELECT ?x WHERE { ?x", "-s", built.url],
                                env=built.env)
    assert result.exit_code == 2
    assert "kg:" in result.output


# ------------------------------------------------------------------ without a server

def test_default_endpoints_follow_each_servers_layout():
    ox_ = default_endpoints("http://h:7878/query", authenticated=False)
    assert (ox_.update, ox_.gsp, ox_.flavour) == ("http://h:7878/update", "http://h:7878/store", "oxigraph")
    v = default_endpoints("http://h:8890/sparql", authenticated=True)
    assert (v.update, v.gsp) == ("http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth")
    anon = default_endpoints("http://h:8890/sparql", authenticated=False)
    assert anon.gsp == "http://h:8890/sparql-graph-crud"
    f = default_endpoints("http://h:3030/kg/sparql", authenticated=False)
    assert (f.update, f.gsp) == ("http://h:3030/kg/update", "http://h:3030/kg/data")
    g = default_endpoints("http://h:7200/repositories/kg", authenticated=False)
    assert g.gsp == "http://h:7200/repositories/kg/rdf-graphs/service"


def test_bound_values_cannot_change_the_query_shape():
    hostile = ox.Literal('x" } ; DROP ALL ; SELECT * { "')
    text = bind_values("PREFIX a: <http://a/x> SELECT ?s WHERE { ?s a:p ?name }", {"name": hostile})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://a/xp"), hostile))
    assert [sol["s"].value for sol in store.query(text)] == ["http://s"]
    assert query_form(text) == "SELECT"


def test_values_go_into_the_where_group_of_a_construct():
    text = bind_values("CONSTRUCT { ?s <http://p> ?o } WHERE { ?s <http://p> ?o }",
                       {"o": ox.Literal("v")})
    assert text.index("VALUES") > text.index("WHERE")


def test_query_form_ignores_keywords_in_strings_and_comments():
    assert query_form('# INSERT\nSELECT ?x WHERE { ?x <http://p> "DELETE" }') == "SELECT"
    assert query_form("PREFIX a: <http://a/> INSERT DATA { a:x a:y a:z }") == "INSERT"


def test_a_password_in_the_store_url_is_refused():
    from kg.errors import StoreError
    from kg.store import open_store

    with pytest.raises(StoreError, match="KG_STORE_PASSWORD"):
        open_store("http://dba:secret@127.0.0.1:1/sparql")


def test_credentials_come_from_the_environment_or_netrc(monkeypatch, tmp_path):
    from kg.store.remote import credentials

    monkeypatch.delenv("KG_STORE_USER", raising=False)
    monkeypatch.delenv("KG_STORE_PASSWORD", raising=False)
    rc = tmp_path / "netrc"
    rc.write_text("machine db.example login reader password s3cret\n")
    rc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(rc))
    assert credentials("https://db.example/sparql") == ("reader", "s3cret")
    assert credentials("https://other.example/sparql") is None
    monkeypatch.setenv("KG_STORE_USER", "u")
    monkeypatch.setenv("KG_STORE_PASSWORD", "p")
    assert credentials("https://db.example/sparql") == ("u", "p")
