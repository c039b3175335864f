"""The command line as a user drives it (Typer's runner, in-process; one real subprocess)."""
import csv
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app
from kg.pdfwrite import text_to_pdf
from kg.store import KgStore

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


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


@pytest.fixture
def fixture_store(tmp_path):
    """The invented Exampleton report of conftest.py, plus a finding whose evidence holds a line
    break, a tab and quotes, stored on disk as ``kg build`` would."""
    from datetime import date

    from kg.documents import document_from_pages
    from kg.mapping import map_extraction, to_ntriples
    from kg.records import Evidence, Extraction, Finding, Inspection
    from kg.reference import reference_ntriples
    from kg.store import KgStore
    from tests.conftest import sample_document, sample_extraction

    path = tmp_path / "fixture-store"
    store = KgStore(path)
    store.set_reference(reference_ntriples())
    doc = sample_document()
    store.put_document(str(doc.path), doc.name, doc.sha256,
                       to_ntriples(map_extraction(doc, sample_extraction(doc))))
    text = 'Ofsted visited Luton in June 2023.\nLeaders do not "always"\n\tcheck plans, so risk is missed.\n'
    quote = 'Leaders do not "always"\n\tcheck plans, so risk is missed.'
    start = text.index(quote)
    letter = document_from_pages(Path("luton-letter.txt"), [text], text.encode(), "text")
    visit = Inspection("E06000032", "Luton", "focused-visit", start_date=date(2023, 6, 6),
                       findings=(Finding("weakness", ("plan-quality",),
                                         Evidence(start, start + len(quote), quote, 1)),))
    store.put_document("/x/luton-letter.txt", letter.name, letter.sha256,
                       to_ntriples(map_extraction(letter, Extraction((visit,), genre="letter"))))
    store.close()  # publishes the snapshot that commands open
    return path


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


# ------------------------------------------------------------------ build

def test_build_reports_bad_files_goes_on_and_exits_2(built):
    store, result = built
    assert result.exit_code == 2
    assert "not-a-report.pdf: not a PDF" in result.stderr
    assert "empty.txt: file is empty" in result.stderr
    assert "built 1 document(s)" in result.stderr
    assert result.stdout == ""  # status and errors never mix with data
    assert (store / "CURRENT").exists()


def test_build_reads_a_pdf(tmp_path):
    pdf = text_to_pdf("Some invented text about nothing in particular.\n", tmp_path / "x.pdf")
    out = invoke("build", pdf, "--store", tmp_path / "s")
    assert out.exit_code == 0, out.output


def test_build_finds_files_under_a_relative_path_with_dots(tmp_path, monkeypatch):
    docs = tmp_path / "a" / "docs"
    docs.mkdir(parents=True)
    (docs / "note.txt").write_text("Some invented note.\n")
    (docs / ".hidden").mkdir()
    (docs / ".hidden" / "skip.txt").write_text("not read\n")
    monkeypatch.chdir(tmp_path / "a")
    out = invoke("build", "../a/docs", "--store", tmp_path / "s")
    assert out.exit_code == 0 and "built 1 document(s)" in out.output


def test_a_later_bad_file_loses_nothing_already_stored(built, tmp_path):
    store, _ = built
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n truncated")
    out = invoke("build", bad, "--store", store)
    assert out.exit_code == 2 and "broken.pdf: corrupt PDF" in out.output
    out = invoke("stats", "--store", store, "--format", "csv")
    assert "documents,1" in out.stdout


def test_wrongly_encoded_text_is_read_and_the_user_is_told(tmp_path):
    p = tmp_path / "old-letter.txt"
    p.write_bytes("Ofsted visited Ealing Council\u2019s children\u2019s services in May 2021.\n".encode("cp1252"))
    out = invoke("build", p, "--store", tmp_path / "s")
    assert out.exit_code == 0
    assert "old-letter.txt: not valid UTF-8; decoded as cp1252" in out.output


def test_prune_drops_documents_whose_files_are_gone(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ofsted carried out a focused visit to Luton in May 2022.\n")
    (docs / "b.txt").write_text("Ofsted carried out a monitoring visit to Wakefield in June 2019.\n")
    store = tmp_path / "store"
    assert invoke("build", docs, "--store", store).exit_code == 0
    def document_graphs() -> int:
        with KgStore(store, read_only=True) as s:
            return sum("/graph/document/" in g for g in s.named_graphs())

    assert document_graphs() == 2
    (docs / "b.txt").unlink()
    out = invoke("build", docs, "--prune", "--store", store)
    assert out.exit_code == 0 and "1 removed" in out.output
    assert document_graphs() == 1
    out = invoke("stats", "--store", store, "--format", "csv")
    assert "documents,1" in out.stdout


# ------------------------------------------------------------------ result formats

def test_csv_keeps_plain_values_and_json_is_typed_sparql_results(built):
    store, _ = built
    out = invoke("query", "--sparql", "SELECT ?name WHERE { ?d a kg:SourceDocument ; kg:fileName ?name }",
                 "--store", store, "--format", "csv")
    assert out.exit_code == 0, out.output
    assert list(csv.DictReader(io.StringIO(out.stdout))) == [{"name": "letter.txt"}]
    out = invoke("query", "themes", "--store", store, "--format", "json")
    doc = json.loads(out.stdout)
    assert doc["head"]["vars"] == ["theme", "label", "group", "uses"]
    assert len(doc["results"]["bindings"]) == 40
    uses = doc["results"]["bindings"][0]["uses"]
    assert uses["type"] == "literal" and uses["datatype"].endswith("#integer")


def test_jsonl_is_one_typed_object_per_row(built):
    store, _ = built
    out = invoke("query", "themes", "--store", store, "--format", "jsonl")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 40 and all(isinstance(r["uses"], int) for r in rows)
    assert invoke("query", "themes", "--store", store, "-f", "ndjson").stdout == out.stdout


def test_xml_results(built):
    import xml.etree.ElementTree as ET

    store, _ = built
    out = invoke("query", "themes", "--store", store, "--format", "xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(ET.fromstring(out.stdout).findall(f"{ns}results/{ns}result")) == 40


def _decode_tsv_term(cell: str) -> str:
    """A W3C TSV cell (a term in SPARQL syntax) as its plain value, for comparing with CSV."""
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    if cell.startswith('"'):
        end = cell.rindex('"')
        return json.loads(cell[:end + 1])  # the same escapes as JSON strings for our literals
    return cell


def _rows_in_three_formats(store: Path, name: str) -> tuple[list, list, list]:
    c = invoke("query", name, "--store", store, "--format", "csv")
    t = invoke("query", name, "--store", store, "--format", "tsv")
    j = invoke("query", name, "--store", store, "--format", "json")
    assert c.exit_code == t.exit_code == j.exit_code == 0, (c.output, t.output, j.output)
    csv_rows = list(csv.reader(io.StringIO(c.stdout, newline="")))
    tsv_lines = list(csv.reader(io.StringIO(t.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    header = [v.lstrip("?") for v in tsv_lines[0]]
    assert all(len(line) == len(header) for line in tsv_lines)  # one row per line, always
    tsv_rows = [header] + [[_decode_tsv_term(v) for v in line] for line in tsv_lines[1:]]
    doc = json.loads(j.stdout)
    columns = doc["head"]["vars"]
    json_rows = [columns] + [[b.get(v, {}).get("value", "") for v in columns]
                             for b in doc["results"]["bindings"]]
    return csv_rows, tsv_rows, json_rows


def test_findings_tsv_and_json_parse_into_the_same_rows_as_csv(fixture_store):
    csv_rows, tsv_rows, json_rows = _rows_in_three_formats(fixture_store, "findings")
    assert csv_rows == tsv_rows == json_rows
    evidence = [r[csv_rows[0].index("evidence")] for r in csv_rows[1:]]
    assert 'Leaders do not "always"\n\tcheck plans, so risk is missed.' in evidence


@pytest.mark.corpus
def test_findings_formats_agree_on_real_reports(tmp_path):
    from tests.conftest import CORPUS, needs_corpus

    needs_corpus()
    reports = sorted((CORPUS / "reports").glob("*.pdf"))[:3]
    store = tmp_path / "store"
    assert invoke("build", *reports, "--store", store, "-q").exit_code in (0, 2)
    csv_rows, tsv_rows, json_rows = _rows_in_three_formats(store, "findings")
    assert len(csv_rows) > 1 and csv_rows == tsv_rows == json_rows


def test_table_is_the_default_and_piped_keeps_iris_whole(fixture_store):
    out = invoke("query", "inspections", "--store", fixture_store)
    assert out.exit_code == 0
    assert "https://w3id.org/ofsted-kg/id/inspection/E09000009/ilacs-standard/2024-03-04" in out.stdout
    assert "…" not in out.stdout and "row(s)" in out.stderr


def test_ask_prints_true_or_false_and_exit_status_follows_it(built):
    store, _ = built
    yes = invoke("query", "--sparql", "ASK { ?d a kg:SourceDocument }", "--store", store, "--exit-status")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    no = invoke("query", "--sparql", "ASK { ?d a kg:NoSuchClass }", "--store", store)
    assert (no.exit_code, no.stdout) == (0, "false\n")
    no = invoke("query", "--sparql", "ASK { ?d a kg:NoSuchClass }", "--store", store, "--exit-status")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    as_json = invoke("query", "--sparql", "ASK { ?d a kg:SourceDocument }", "--store", store, "-f", "json")
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}


def test_construct_honours_the_rdf_format(built):
    from rdflib import Graph

    store, _ = built
    q = "CONSTRUCT { ?d a kg:SourceDocument } WHERE { ?d a kg:SourceDocument }"
    for fmt, parse_as in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"),
                          ("rdfxml", "xml")):
        out = invoke("query", "--sparql", q, "--store", store, "--format", fmt)
        assert out.exit_code == 0, out.output
        assert len(Graph().parse(data=out.stdout, format=parse_as)) == 1, fmt
    default = invoke("query", "--sparql", q, "--store", store)
    assert default.stdout.startswith("@prefix")
    wrong = invoke("query", "--sparql", q, "--store", store, "--format", "csv")
    assert wrong.exit_code == 2 and "turtle" in wrong.output
    wrong = invoke("query", "themes", "--store", store, "--format", "turtle")
    assert wrong.exit_code == 2 and "SELECT gives rows" in wrong.output


# ------------------------------------------------------------------ query input

def test_queries_read_from_standard_input(built):
    store, _ = built
    q = "SELECT ?name WHERE { ?d kg:fileName ?name }"
    for args in (["query", "-"], ["query", "--sparql", "-"]):
        out = invoke(*args, "--store", store, "-f", "csv", input=q)
        assert out.exit_code == 0, out.output
        assert out.stdout.splitlines()[1] == "letter.txt"


def test_project_prefixes_need_no_declaration_and_are_listed(built):
    store, _ = built
    out = invoke("prefixes", "--format", "csv")
    prefixes = dict(csv.reader(io.StringIO(out.stdout)))
    assert prefixes["kg"] == "https://w3id.org/ofsted-kg/def#" and "kgid" in prefixes
    own = invoke("query", "--sparql", "PREFIX kg: <http://example.org/other#> ASK { ?d a kg:SourceDocument }",
                 "--store", store)
    assert own.stdout == "false\n"  # the query's own PREFIX wins


def test_a_missing_query_file_says_so_and_a_misspelt_name_gets_a_suggestion(built, tmp_path):
    store, _ = built
    out = invoke("query", tmp_path / "nonexist.rq", "--store", store)
    assert out.exit_code == 2 and "no query file" in out.stderr and "nonexist.rq" in out.stderr
    out = invoke("query", "judgd", "--store", store)
    assert out.exit_code == 2 and "did you mean 'judged'" in out.stderr
    f = tmp_path / "mine.rq"
    f.write_text("SELECT ?name WHERE { ?d kg:fileName ?name }\n")
    assert invoke("query", f, "--store", store, "-f", "csv").stdout.splitlines() == ["name", "letter.txt"]


def test_query_errors_are_one_line_and_exit_2(built):
    store, _ = built
    out = invoke("query", "--sparql", "SELECT WHERE {", "--store", store)
    assert out.exit_code == 2 and "syntax" in out.stderr.lower()
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.output
    out = invoke("query", "--sparql", "SELECT * WHERE { ?s nope:x ?o }", "--store", store)
    assert "unknown prefix" in out.stderr and "\\u{" not in out.stderr


def test_query_on_missing_store_says_build_first(tmp_path):
    out = invoke("query", "inspections", "--store", tmp_path / "none")
    assert out.exit_code == 2 and "kg build" in out.output


def test_bad_parameter_values_name_the_allowed_values_or_the_nearest(built):
    store, _ = built
    out = invoke("query", "judged", "-p", "grade=terrible", "--store", store)
    assert out.exit_code == 2 and "outstanding, good, requires-improvement" in out.stderr
    out = invoke("query", "judged", "-p", "grade=inadequate", "-p", "area=help-and-protectin", "--store", store)
    assert out.exit_code == 2 and "did you mean 'help-and-protection'" in out.stderr
    out = invoke("query", "authority-profile", "-p", "authority=Ealng", "--store", store)
    assert out.exit_code == 2 and "did you mean 'Ealing'" in out.stderr
    out = invoke("query", "judged", "--store", store)
    assert out.exit_code == 2 and "--param grade=VALUE" in out.stderr  # the CLI adds the flag
    out = invoke("query", "judged", "-p", "grade", "--store", store)
    assert out.exit_code == 2 and "NAME=VALUE" in out.output


def test_an_empty_parameter_means_its_default_never_no_filter(fixture_store):
    def rows(*params):
        out = invoke("query", "judged", *params, "--store", fixture_store, "-f", "csv")
        assert out.exit_code == 0, out.output
        return out.stdout

    default = rows("-p", "grade=requires-improvement")
    assert rows("-p", "grade=requires-improvement", "-p", "area=") == default
    every_area = rows("-p", "grade=requires-improvement", "-p", "area=overall-effectiveness")
    assert "overall-effectiveness" in every_area and "overall-effectiveness" not in default
    out = invoke("query", "judged", "-p", "grade=", "--store", fixture_store)
    assert out.exit_code == 2 and "needs a value" in out.stderr


# ------------------------------------------------------------------ SERVICE

def test_service_is_refused_without_allow_service(built, tmp_path):
    store, _ = built
    for q in ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
              "PREFIX ex: <http://example.org/> SELECT * WHERE { SERVICE SILENT ex:sparql { ?s ?p ?o } }",
              "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }"):
        out = invoke("query", "--sparql", q, "--store", store)
        assert out.exit_code == 2, (q, out.output)
        assert "SERVICE" in out.stderr and "--allow-service example.org" in out.stderr
    saved = tmp_path / "remote.rq"
    saved.write_text("#+ summary: asks elsewhere\nSELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }\n")
    out = invoke("query", saved, "--store", store, "--allow-service", "example.org")
    assert out.exit_code == 2 and "variable endpoint" in out.stderr


def test_the_word_service_in_a_string_is_not_a_call(built):
    store, _ = built
    out = invoke("query", "--sparql", 'SELECT ?x WHERE { BIND("children\'s SERVICE <http://x/>" AS ?x) }',
                 "--store", store, "-f", "csv")
    assert out.exit_code == 0 and "children's SERVICE" in out.stdout


def test_an_allowed_but_unreachable_service_is_a_clean_error(built):
    store, _ = built
    with socket.socket() as s:  # a local port nothing listens on: no traffic leaves the machine
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    out = invoke("query", "--sparql", q, "--store", store, "--allow-service", f"127.0.0.1:{port}")
    assert out.exit_code == 2, out.output
    assert out.stderr.startswith("kg: SERVICE") and "Traceback" not in out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)


# ------------------------------------------------------------------ output files and streams

def test_output_files_create_folders_and_dash_means_stdout(built, tmp_path, monkeypatch):
    store, _ = built
    target = tmp_path / "missing" / "dir" / "x.ttl"
    out = invoke("export", "-o", target, "--store", store)
    assert out.exit_code == 0 and target.stat().st_size > 1000
    assert out.stdout == "" and "wrote" in out.stderr
    monkeypatch.chdir(tmp_path)
    out = invoke("export", "-o", "-", "-f", "ntriples", "--store", store)
    assert out.exit_code == 0 and out.stdout.count(" .\n") > 100 and not (tmp_path / "-").exists()
    for args in (["query", "themes", "-f", "csv"], ["queries", "-f", "csv"], ["stats"],
                 ["prefixes"], ["validate"]):
        target = tmp_path / "out" / args[0] / "result.txt"
        out = invoke(*args, "--store", store, "-o", target) if args[0] not in ("queries", "prefixes") \
            else invoke(*args, "-o", target)
        assert out.exit_code == 0, (args, out.output)
        assert target.exists() and out.stdout == "", args


def test_an_output_that_cannot_be_written_is_a_clear_error(built, tmp_path):
    store, _ = built
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = invoke("query", "themes", "--store", store, "-o", blocker / "x.csv")
    assert out.exit_code == 2 and out.stderr.startswith("kg: ") and "cannot write" in out.stderr


def test_view_writes_to_stdout_with_dash_and_says_so_on_stderr(built):
    store, _ = built
    out = invoke("view", "themes", "--store", store, "-o", "-")
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("<!DOCTYPE html>") and "wrote standard output" in out.stderr


def test_export_validate_stats(built, tmp_path):
    store, _ = built
    ttl = tmp_path / "g.ttl"
    out = invoke("export", "--format", "turtle", "-o", ttl, "--store", store)
    assert out.exit_code == 0 and ttl.stat().st_size > 1000
    out = invoke("validate", "--store", store, "--report", tmp_path / "r" / "report.ttl")
    assert out.exit_code == 0, out.output
    assert "conforms" in out.stderr and (tmp_path / "r" / "report.ttl").exists()
    out = invoke("stats", "--store", store, "--format", "csv")
    assert out.exit_code == 0 and "documents,1" in out.stdout
    doc = json.loads(invoke("stats", "--store", store, "--format", "json").stdout)
    assert {"what": "documents", "count": 1} in doc


def test_jsonld_and_nquads_exports_parse(built, tmp_path):
    from rdflib import Dataset, Graph
    store, _ = built
    for fmt, parse_as in (("jsonld", "json-ld"), ("nquads", "nquads")):
        f = tmp_path / f"g.{fmt}"
        out = invoke("export", "--format", fmt, "-o", f, "--store", store)
        assert out.exit_code == 0, out.output
        g = Dataset() if fmt == "nquads" else Graph()
        g.parse(f, format=parse_as)
        assert len(g) > 100


# ------------------------------------------------------------------ hostile text at the terminal

def test_control_characters_never_reach_the_terminal_raw(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "evil\x1b[2Jname\nsecond.txt").write_text("")
    (docs / "note\x1b]0;owned\x07.txt").write_text(
        "Ofsted carried out a focused visit to Luton in May 2022.\x1b[31m\n", encoding="utf-8")
    store = tmp_path / "store"
    out = invoke("build", docs, "--store", store)
    assert "\x1b" not in out.stderr and "\\x1b" in out.stderr
    error_lines = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "name\\nsecond.txt" in error_lines[0]
    table = invoke("query", "--sparql", "SELECT ?name WHERE { ?d kg:fileName ?name }", "--store", store)
    assert table.exit_code == 0 and "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "note\\x1b]0;owned\\x07.txt" in table.stdout
    raw = invoke("query", "--sparql", "SELECT ?name WHERE { ?d kg:fileName ?name }", "--store", store, "-f", "csv")
    assert "note\x1b]0;owned\x07.txt" in raw.stdout  # data formats keep the data as it is


def test_terminal_tables_escape_controls_and_shorten_iris():
    from kg.cli.output import render_table

    text = render_table(["x"], [["https://w3id.org/ofsted-kg/def#Inspection"], ["a\x1b[31mb"]], terminal=True)
    assert "kg:Inspection" in text and "\x1b[31m" not in text
    assert "a\\x1b[31mb" in text


# ------------------------------------------------------------------ the application

def test_version_short_help_and_no_arguments_exit_0():
    from kg import __version__

    out = invoke("--version")
    assert out.exit_code == 0 and out.stdout.strip() == f"kg {__version__}"
    short = invoke("-h")
    assert short.exit_code == 0 and "Usage: kg" in short.stdout and "Exit codes:" in short.stdout
    bare = invoke()
    assert bare.exit_code == 0 and "Commands:" in bare.stdout
    assert invoke("view").exit_code == 0
    assert "--install-completion" in short.stdout
    assert invoke("query", "-h").exit_code == 0


def test_queries_lists_names_and_parameters():
    out = invoke("queries", "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert {"inspections", "judgements", "inspectors", "recommendations", "findings"} <= set(rows)
    assert "authority (authority)" in rows["authority-profile"]["parameters"]


def test_error_classes_map_to_documented_exit_codes():
    from kg.cli.exits import handle_errors
    from kg.errors import LimitExceeded, StoreError, ValidationFailed

    for error, code in ((ValidationFailed("violations"), 1), (StoreError("locked"), 2),
                        (LimitExceeded("took too long", limit="timeout", value=5), 3)):
        mini = typer.Typer()

        @mini.command()
        @handle_errors
        def fail() -> None:
            raise error

        @mini.command()
        def other() -> None:
            pass

        out = runner.invoke(mini, ["fail"])
        assert out.exit_code == code and out.stderr.startswith(f"kg: {error}"), (error, out.output)


def test_debug_shows_the_traceback(built):
    store, _ = built
    out = invoke("--debug", "query", "nope", "--store", store)
    assert out.exit_code == 1 and out.exception is not None and type(out.exception).__name__ == "QueryNotFound"
    from kg.cli import exits
    exits.debug = False


def test_a_real_subprocess_pipes_a_query_in_and_gets_exit_codes(built):
    store, _ = built
    env = {**os.environ, "KG_STORE": str(store)}
    ask = subprocess.run([sys.executable, "-m", "kg", "query", "-", "--exit-status"], input="ASK { ?d a kg:NoSuchClass }",
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert (ask.returncode, ask.stdout) == (1, "false\n"), ask.stderr
    rows = subprocess.run([sys.executable, "-m", "kg", "query", "themes", "-f", "csv"], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)
    assert rows.returncode == 0 and len(rows.stdout.splitlines()) == 41
    bad = subprocess.run([sys.executable, "-m", "kg", "query", "judged", "-p", "grade=superb"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("kg: ") and "Traceback" not in bad.stderr
    bare = subprocess.run([sys.executable, "-m", "kg"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bare.returncode == 0 and "Usage" in bare.stdout


def test_validation_failure_exits_1_with_the_results_on_stdout(tmp_path):
    from kg.reference import reference_ntriples
    from kg.store import KgStore

    store = KgStore(tmp_path / "s")
    store.set_reference(reference_ntriples())
    store.put_document("/x/odd.txt", "odd.txt", "0" * 64,
                       b"<https://w3id.org/ofsted-kg/id/inspection/x> "
                       b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/ofsted-kg/def#Inspection> .\n")
    store.close()
    out = invoke("validate", "--store", tmp_path / "s")
    assert out.exit_code == 1, out.output
    assert "Violation" in out.stdout and out.stderr.startswith("kg: graph does not conform")


def test_a_runaway_query_ends_with_a_clear_message_and_exit_3(built):
    store, _ = built
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?q ?o2 . ?c ?r ?o3 . ?d ?s ?o4 }")
    # a real process: the engine cannot be interrupted, so the command ends its process
    out = subprocess.run([sys.executable, "-m", "kg", "query", "--sparql", slow, "--timeout", "0.5",
                          "--store", str(store)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 3 and "time limit (0.5 s)" in out.stderr
    out = invoke("query", "--sparql", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "5", "--store", store,
                 "-f", "csv")
    assert out.exit_code == 3 and "more than 5 rows" in out.stderr and out.stdout == ""
    ok = invoke("query", "--sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "--max-rows", "5",
                "--store", store, "-f", "csv")
    assert ok.exit_code == 0 and len(ok.stdout.splitlines()) == 6


def test_remove_drops_the_documents_of_a_file_or_folder(tmp_path):
    docs = tmp_path / "docs"
    (docs / "old").mkdir(parents=True)
    (docs / "a.txt").write_text("Ofsted carried out a focused visit to Luton in May 2022.\n")
    (docs / "old" / "b.txt").write_text("Ofsted carried out a monitoring visit to Wakefield in June 2019.\n")
    store = tmp_path / "store"
    assert invoke("build", docs, "--store", store).exit_code == 0
    out = invoke("remove", docs / "old", "--store", store)
    assert out.exit_code == 0 and "removed 1 document(s)" in out.stderr
    assert "documents,1" in invoke("stats", "--store", store, "--format", "csv").stdout
    assert invoke("remove", docs / "nothing-here", "--store", store).exit_code == 2
