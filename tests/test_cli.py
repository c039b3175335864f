"""The command line as a user drives it (Typer's runner, in-process)."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import KgStore
from kg.pdfwrite import text_to_pdf

runner = CliRunner()


@pytest.fixture
def built(tmp_path):
    """A store built from one good text, one fake PDF and one empty file."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "letter.txt").write_text(
        "Ofsted held its annual engagement meeting with Ealing Council on 3 May 2023.\n", encoding="utf-8")
    (docs / "not-a-report.pdf").write_text("<html><title>Report not found</title></html>")
    (docs / "empty.txt").write_text("")
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(docs), "--store", str(store)])
    return store, result


def test_build_reports_bad_files_goes_on_and_exits_2(built):
    store, result = built
    assert result.exit_code == 2
    assert "not-a-report.pdf: not a PDF" in result.output
    assert "empty.txt: file is empty" in result.output
    assert "built 1 document(s)" in result.output
    assert (store / "CURRENT").exists()


def test_query_csv_and_json(built):
    store, _ = built
    out = runner.invoke(app, ["query", "--sparql",
                              "PREFIX kg: <https://w3id.org/ofsted-kg/def#> "
                              "SELECT ?name WHERE { ?d a kg:SourceDocument ; kg:fileName ?name }",
                              "--store", str(store), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert list(csv.DictReader(io.StringIO(out.stdout))) == [{"name": "letter.txt"}]
    out = runner.invoke(app, ["query", "themes", "--store", str(store), "--format", "json"])
    assert out.exit_code == 0 and len(json.loads(out.stdout)) == 40


def test_query_errors_are_one_line_and_exit_2(built):
    store, _ = built
    out = runner.invoke(app, ["query", "nope", "--store", str(store)])
    assert out.exit_code == 2 and "no saved query 'nope'" in out.output
    out = runner.invoke(app, ["query", "--sparql", "SELECT WHERE {", "--store", str(store)])
    assert out.exit_code == 2 and "syntax" in out.output.lower()


def test_query_on_missing_store_says_build_first(tmp_path):
    out = runner.invoke(app, ["query", "inspections", "--store", str(tmp_path / "none")])
    assert out.exit_code == 2 and "kg build" in out.output


def test_export_validate_stats(built, tmp_path):
    store, _ = built
    ttl = tmp_path / "g.ttl"
    out = runner.invoke(app, ["export", "--format", "turtle", "-o", str(ttl), "--store", str(store)])
    assert out.exit_code == 0 and ttl.stat().st_size > 1000
    out = runner.invoke(app, ["validate", "--store", str(store)])
    assert out.exit_code == 0, out.output
    assert "conforms" in out.output
    out = runner.invoke(app, ["stats", "--store", str(store), "--format", "csv"])
    assert out.exit_code == 0 and "documents,1" in out.stdout


def test_build_reads_a_pdf(tmp_path):
    pdf = text_to_pdf("Some invented text about nothing in particular.\n", tmp_path / "x.pdf")
    out = runner.invoke(app, ["build", str(pdf), "--store", str(tmp_path / "s")])
    assert out.exit_code == 0, out.output


def test_queries_lists_names_and_parameters():
    out = runner.invoke(app, ["queries", "--format", "csv"])
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert {"inspections", "judgements", "inspectors", "recommendations", "findings"} <= set(rows)
    assert "authority (authority)" in rows["authority-profile"]["parameters"]


def test_every_command_has_help():
    import typer.main
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, name
        assert runner.invoke(app, [name, "--help"]).exit_code == 0


def test_build_finds_files_under_a_relative_path_with_dots(tmp_path, monkeypatch):
    docs = tmp_path / "a" / "docs"
    docs.mkdir(parents=True)
    (docs / "note.txt").write_text("Some invented note.\n")
    (docs / ".hidden").mkdir()
    (docs / ".hidden" / "skip.txt").write_text("not read\n")
    monkeypatch.chdir(tmp_path / "a")
    out = runner.invoke(app, ["build", "../a/docs", "--store", str(tmp_path / "s")])
    assert out.exit_code == 0 and "built 1 document(s)" in out.output


def test_a_later_bad_file_loses_nothing_already_stored(built, tmp_path):
    store, _ = built
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n truncated")
    out = runner.invoke(app, ["build", str(bad), "--store", str(store)])
    assert out.exit_code == 2 and "broken.pdf: corrupt PDF" in out.output
    out = runner.invoke(app, ["stats", "--store", str(store), "--format", "csv"])
    assert "documents,1" in out.stdout


def test_jsonld_and_nquads_exports_parse(built, tmp_path):
    from rdflib import Dataset, Graph
    store, _ = built
    for fmt, parse_as in (("jsonld", "json-ld"), ("nquads", "nquads")):
        f = tmp_path / f"g.{fmt}"
        out = runner.invoke(app, ["export", "--format", fmt, "-o", str(f), "--store", str(store)])
        assert out.exit_code == 0, out.output
        g = Dataset() if fmt == "nquads" else Graph()
        g.parse(f, format=parse_as)
        assert len(g) > 100


def test_wrongly_encoded_text_is_read_and_the_user_is_told(tmp_path):
    p = tmp_path / "old-letter.txt"
    p.write_bytes("Ofsted visited Ealing Council\u2019s children\u2019s services in May 2021.\n".encode("cp1252"))
    out = runner.invoke(app, ["build", str(p), "--store", str(tmp_path / "s")])
    assert out.exit_code == 0
    assert "old-letter.txt: not valid UTF-8; decoded as cp1252" in out.output


def test_prune_drops_documents_whose_files_are_gone(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ofsted carried out a focused visit to Luton in May 2022.\n")
    (docs / "b.txt").write_text("Ofsted carried out a monitoring visit to Wakefield in June 2019.\n")
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(docs), "--store", str(store)]).exit_code == 0
    def document_graphs() -> int:
        with KgStore(store, read_only=True) as s:
            return sum("/graph/document/" in g for g in s.named_graphs())

    assert document_graphs() == 2
    (docs / "b.txt").unlink()
    out = runner.invoke(app, ["build", str(docs), "--prune", "--store", str(store)])
    assert out.exit_code == 0 and "1 removed" in out.output
    assert document_graphs() == 1
    out = runner.invoke(app, ["stats", "--store", str(store), "--format", "csv"])
    assert "documents,1" in out.stdout
