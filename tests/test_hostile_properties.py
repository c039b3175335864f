"""Property: whatever bytes arrive (random, or invented fixtures of every genre mutated at the
text and the byte level), a build raises nothing, ends in exit 0 or 2 with one line per failed
file, and leaves a store that conforms to the SHACL shapes."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.pdfwrite import pdf_bytes
from kg.store import KgStore
from kg.validate import store_graph, validate_graph

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = {  # genre -> invented texts in that genre
    "txt": sorted((FIXTURES / "texts").glob("*.txt")),
    "md": sorted((FIXTURES / "texts").glob("*.md")),
    "html": sorted((FIXTURES / "texts").glob("*.html")),
    "pdf": sorted((FIXTURES / "example-reports").glob("*.txt")),
}
NASTY = ["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\ufeff", "\ud7ff", "\ufffe", "\u2028",
         "\f", "\r", "<script>", "</p>", "&#1;", "&amp", "\\", "(", ")", "%PDF-", "\u2022",
         "Ealing, " * 20, "What needs to improve", "Overall effectiveness Inadequate"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]


@st.composite
def text_mutation(draw, text: str) -> str:
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if op == "insert":
            extra = draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=30)))
            text = text[:i] + extra + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        else:
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
    return text


@st.composite
def byte_mutation(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "insert", "truncate"]))
        if op == "flip" and i < len(data):
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
        elif op == "insert":
            data = data[:i] + draw(st.binary(max_size=16)) + data[i:]
        elif op == "truncate":
            data = data[:i]
    return data


@st.composite
def mutated_fixture(draw) -> tuple[str, bytes]:
    genre = draw(st.sampled_from(sorted(SEEDS)))
    seed = draw(st.sampled_from(SEEDS[genre])).read_text(encoding="utf-8")
    text = draw(text_mutation(seed))
    if genre == "pdf":
        pages = [page.split("\n") for page in text.replace("\n\\f\n", "\f").split("\f")]
        data = pdf_bytes(pages)
    else:
        data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return genre, draw(byte_mutation(data))


random_file = st.tuples(st.sampled_from(sorted(SEEDS)), st.binary(max_size=2048))
any_file = st.one_of(mutated_fixture(), random_file)


def _write(folder: Path, genre: str, data: bytes) -> Path:
    path = folder / f"input_2024-01-31.{genre}"
    path.write_bytes(data)
    return path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_file)
def test_any_input_builds_or_fails_with_one_line_and_the_store_stays_valid(genre_data):
    genre, data = genre_data
    store = KgStore(None)
    with tempfile.TemporaryDirectory() as d:
        path = _write(Path(d), genre, data)
        summary = build([path], store, jobs=1)
    assert summary.documents + len(summary.failures) == 1
    for _, message in summary.failures:
        assert "\n" not in message and message.startswith(path.name)
    report = validate_graph(store_graph(store))
    assert report.conforms, [i.message for i in report.issues if i.severity == "Violation"][:5]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_fixture(), min_size=1, max_size=4))
def test_cli_build_of_mutated_fixtures_exits_0_or_2_and_validates(files):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as d:
        docs = Path(d) / "docs"
        docs.mkdir()
        for n, (genre, data) in enumerate(files):
            (docs / f"doc-{n}.{genre}").write_bytes(data)
        store = str(Path(d) / "store")
        out = runner.invoke(app, ["build", str(docs), "--store", store, "--jobs", "1"])
        assert out.exception is None or isinstance(out.exception, SystemExit), out.output
        assert out.exit_code in (0, 2), out.output
        checked = runner.invoke(app, ["validate", "--store", store])
        assert checked.exit_code == 0, checked.output
