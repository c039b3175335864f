"""Hostile and broken input (issue 10): size limits, files that cannot be read, encodings,
control characters, and workers that die with a killed build. Every input is invented."""
from __future__ import annotations

import codecs
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.build import Limits, build, collect_files
from kg.cli import app
from kg.documents import read_document
from kg.errors import DocumentError, printable
from kg.pdfwrite import pdf_bytes, text_to_pdf
from kg.store import KgStore
from kg.views.render import write_view

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "tests" / "fixtures" / "texts"

LETTER = (
    "Ofsted held its annual engagement meeting with Ealing Council on 3 May 2023.\n"
    "Leaders know their services well. Managers do not always record their decisions on "
    "children's files, and the quality of plans is too variable.\n"
)


def kg(*args: str):
    return runner.invoke(app, list(args))


def many_findings_letter() -> str:
    """An invented focused-visit letter that yields a dozen findings."""
    return (TEXTS / "letter_focused_visit.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 4. size limits

def test_limits_defaults_are_far_above_real_reports_and_reject_nonsense():
    assert Limits() == Limits(max_bytes=50_000_000, max_pages=500, max_findings=5_000)
    with pytest.raises(ValueError, match="max_pages"):
        Limits(max_pages=0)


def test_file_over_the_byte_limit_is_refused_with_its_line_and_the_rest_built(tmp_path):
    (tmp_path / "big.txt").write_text(LETTER * 20, encoding="utf-8")
    (tmp_path / "small.txt").write_text(LETTER, encoding="utf-8")
    out = kg("build", str(tmp_path), "--store", str(tmp_path / "s"), "--max-bytes", "1000")
    assert out.exit_code == 2
    assert re.search(r"big\.txt: file is 4\.\d kB, over the limit of 1\.0 kB per document", out.output)
    assert "built 1 document(s)" in out.output


def test_pdf_over_the_page_limit_is_refused_by_default_and_by_option(tmp_path):
    text_to_pdf("\f".join(f"Page {i} of an invented report" for i in range(501)), tmp_path / "huge.pdf")
    text_to_pdf("One\fTwo\fThree", tmp_path / "three.pdf")
    out = kg("build", str(tmp_path / "huge.pdf"), "--store", str(tmp_path / "s"))
    assert out.exit_code == 2 and "huge.pdf: PDF has 501 pages, over the limit of 500" in out.output
    out = kg("build", str(tmp_path / "three.pdf"), "--store", str(tmp_path / "s"), "--max-pages", "2")
    assert out.exit_code == 2 and "three.pdf: PDF has 3 pages, over the limit of 2" in out.output


def test_findings_over_the_limit_are_cut_with_a_warning(tmp_path):
    (tmp_path / "visit.txt").write_text(many_findings_letter(), encoding="utf-8")
    full = build([tmp_path / "visit.txt"], KgStore(None), jobs=1)
    assert full.findings > 3
    out = kg("build", str(tmp_path / "visit.txt"), "--store", str(tmp_path / "s"), "--max-findings", "3")
    assert out.exit_code == 0, out.output
    assert f"{full.findings} findings, over the limit of 3 per document: only the first 3" in out.output
    assert " 3 finding(s)" in out.output


# ------------------------------------------------------------------ 5. files that are not read

def test_symlink_loops_broken_links_and_pipes_get_their_line_and_the_rest_is_built(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "letter.txt").write_text(LETTER, encoding="utf-8")
    (docs / "sub" / "back").symlink_to(docs)                    # a loop through a folder
    (docs / "self.txt").symlink_to(docs / "self.txt")           # a link to itself
    (docs / "gone.txt").symlink_to(docs / "nowhere.txt")        # a broken link
    os.mkfifo(docs / "pipe.txt")                                # reading it would block for ever
    out = kg("build", str(docs), str(docs / "pipe.txt"), "--store", str(tmp_path / "s"))
    assert out.exit_code == 2
    assert "back: symbolic link loop" in out.output
    assert "self.txt: symbolic link loop" in out.output
    assert "gone.txt: broken symbolic link" in out.output
    assert out.output.count("pipe.txt: not a regular file") == 2
    assert "built 1 document(s)" in out.output


def test_a_linked_folder_is_read_once():
    with tempfile.TemporaryDirectory() as d:
        docs = Path(d)
        (docs / "real").mkdir()
        (docs / "real" / "a.txt").write_text(LETTER)
        (docs / "alias").symlink_to(docs / "real")
        files, skipped = collect_files([docs])
        assert [f.name for f in files] == ["a.txt"] and skipped == []


def _run_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``kg`` in a real process that file permissions apply to (as nobody when we are root)."""
    cmd = [sys.executable, "-m", "kg", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


@pytest.fixture
def open_dir():
    """A temporary folder that an unprivileged user may enter; permissions restored after."""
    d = Path(tempfile.mkdtemp(prefix="kg-perm-"))
    d.chmod(0o777)
    yield d
    for folder, subfolders, _ in os.walk(d):  # top-down: each folder opened before it is entered
        for name in subfolders:
            os.chmod(os.path.join(folder, name), 0o777)
    shutil.rmtree(d)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unlistable_folder_and_unreadable_named_files_do_not_stop_the_build(open_dir):
    docs = open_dir / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "good.txt").write_text(LETTER, encoding="utf-8")
    (docs / "locked" / "inner.txt").write_text(LETTER, encoding="utf-8")
    (docs / "secret.txt").write_text(LETTER, encoding="utf-8")
    (docs / "secret.txt").chmod(0)
    (docs / "locked").chmod(0)
    store = open_dir / "store"
    store.mkdir(mode=0o777)
    store.chmod(0o777)
    docs.chmod(0o777)
    out = _run_unprivileged(["build", str(docs), str(docs / "locked" / "inner.txt"),
                             str(docs / "secret.txt"), "--store", str(store), "-q"], open_dir)
    assert out.returncode == 2, out.stderr
    assert "locked: cannot list folder: Permission denied" in out.stderr
    assert "inner.txt: cannot read: Permission denied" in out.stderr
    assert "secret.txt: cannot read file: Permission denied" in out.stderr
    assert "Traceback" not in out.stderr
    assert "built 1 document(s)" in out.stderr


# ------------------------------------------------------------------ 6. encodings

@pytest.mark.parametrize("encode, note", [
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), None),
    (lambda t: t.encode("utf-16"), None),                      # with its BOM
    (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), None),
    (lambda t: t.encode("utf-32"), None),
    (lambda t: t.encode("utf-16-le"), "no byte-order mark; decoded as utf-16-le"),
    (lambda t: t.encode("utf-16-be"), "no byte-order mark; decoded as utf-16-be"),
])
def test_byte_order_marks_and_utf16_without_one_are_decoded(tmp_path, encode, note):
    text = many_findings_letter()
    p = tmp_path / "visit.txt"
    p.write_bytes(encode(text))
    doc = read_document(p)
    assert doc.text == read_document(TEXTS / "letter_focused_visit.txt").text
    assert doc.notes == ((note,) if note else ())


def test_utf16_letter_builds_like_its_utf8_original(tmp_path):
    (tmp_path / "visit.txt").write_bytes(many_findings_letter().encode("utf-16-le"))
    expected = build([TEXTS / "letter_focused_visit.txt"], KgStore(None), jobs=1)
    out = kg("build", str(tmp_path / "visit.txt"), "--store", str(tmp_path / "s"))
    assert out.exit_code == 0, out.output
    assert "warning: visit.txt: no byte-order mark; decoded as utf-16-le" in out.output
    assert f" {expected.findings} finding(s)" in out.output


def test_one_bad_byte_in_utf8_is_replaced_alone_and_counted(tmp_path):
    p = tmp_path / "note.txt"
    p.write_bytes("The council’s ‘front door’ \xff works.\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    doc = read_document(p)
    assert doc.text == "The council’s ‘front door’ \ufffd works.\n"
    assert doc.notes == ("1 byte(s) that are not UTF-8 replaced with \ufffd",)
    out = kg("build", str(p), "--store", str(tmp_path / "s"))
    assert "1 byte(s) that are not UTF-8 replaced" in out.output and "cp1252" not in out.output


def test_cp1252_is_used_only_when_the_bytes_hold_no_utf8(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("The council’s ‘front door’ – at last.\n".encode("cp1252"))
    doc = read_document(p)
    assert doc.text == "The council’s ‘front door’ – at last.\n"
    assert doc.notes == ("not valid UTF-8; decoded as cp1252",)


def encrypted_pdf(path: Path) -> Path:
    """A PDF protected by the standard security handler with a password nobody knows: an
    encryption dictionary whose user and owner keys match no password (added as an
    incremental update to a PDF from kg.pdfwrite)."""
    data = pdf_bytes([["An invented confidential letter"]])
    size = int(re.search(rb"/Size (\d+)", data)[1])
    root = re.search(rb"/Root (\d+) 0 R", data)[1]
    prev = int(re.search(rb"startxref\n(\d+)", data)[1])
    key = bytes(range(32)).hex().encode()
    offset = len(data)
    data += (b"%d 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>\nendobj\n"
             % (size, key, key[::-1]))
    xref = len(data)
    data += (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s 0 R /Encrypt %d 0 R "
             b"/ID [<%s> <%s>] /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
             % (size, offset, size + 1, root, size, b"ab" * 16, b"ab" * 16, prev, xref))
    path.write_bytes(data)
    return path


def test_encrypted_pdf_says_encrypted_not_corrupt(tmp_path):
    p = encrypted_pdf(tmp_path / "protected.pdf")
    with pytest.raises(DocumentError, match="encrypted PDF") as e:
        read_document(p)
    assert "corrupt" not in str(e.value)
    out = kg("build", str(p), "--store", str(tmp_path / "s"))
    assert out.exit_code == 2 and "protected.pdf: encrypted PDF" in out.output


# ------------------------------------------------------------------ 7. control characters

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _evidence(ex):
    for insp in ex.inspections:
        for rec in (*insp.judgements, *insp.people, *insp.recommendations, *insp.findings, insp):
            if rec.evidence is not None:
                yield rec.evidence


def test_control_characters_are_dropped_at_the_edge_and_offsets_stay_exact(tmp_path):
    from kg.build import extract

    text = many_findings_letter()
    dirty = (text.replace("Ofsted", "Of\x01sted", 1).replace("\n", "\x1b[31m\n", 3)
             .replace(" ", "\x7f ", 5).replace("\n\n", "\n\x0c\n", 1) + "\x00\x85\x9b")
    (tmp_path / "visit.txt").write_text(dirty, encoding="utf-8")
    doc = read_document(tmp_path / "visit.txt")
    assert not _CONTROL.search(doc.text) and "Ofsted" in doc.text and "[31m" in doc.text
    ex = extract(doc)
    quotes = list(_evidence(ex))
    assert len(quotes) > 5
    for ev in quotes:
        assert doc.text[ev.start:ev.end] == ev.quote


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_exports_are_well_formed_whatever_the_labels_hold(tmp_path, fmt, read):
    G = nx.Graph(title="view\x01")
    G.add_node("a\x02", label="Ex\x01ampleton \x1b[31m", kind="authority", themes=["x\x0b", "y"])
    G.add_node("b", label="Other\ufffe", kind="authority")
    G.add_edge("a\x02", "b", quote="does not \x00 record", weight=1)
    path = write_view(G, tmp_path / f"v.{fmt}", fmt)
    ET.parse(path)  # raises on ill-formed XML
    H = read(path)
    assert {H.nodes[n]["label"] for n in H} == {"Exampleton \x1b[31m".replace("\x1b", ""), "Other"}


def test_view_exports_stay_well_formed_when_a_file_name_holds_controls(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("visit\x01one.txt", "visit\x1b[2Jtwo.txt"):
        (docs / name).write_text(many_findings_letter().replace("Kingston upon Hull", "Ealing"),
                                 encoding="utf-8")
    (docs / "other.txt").write_text(many_findings_letter(), encoding="utf-8")
    store = tmp_path / "s"
    assert kg("build", str(docs), "--store", str(store)).exit_code == 0
    for fmt in ("graphml", "gexf"):
        out_file = tmp_path / f"shared.{fmt}"
        out = kg("view", "shared-weaknesses", "--min-shared", "1", "--store", str(store),
                 "-f", fmt, "-o", str(out_file))
        assert out.exit_code == 0, out.output
        ET.parse(out_file)


def test_file_names_in_library_errors_are_escaped_onto_one_line(tmp_path):
    assert printable("a\nb\x1b[0m’.txt") == "a\\nb\\x1b[0m’.txt"
    assert printable("plain name.pdf") == "plain name.pdf"
    p = tmp_path / "bad\nname\x1b[31m.txt"
    p.write_text("")
    summary = build([p], KgStore(None), jobs=1)
    [(_, message)] = summary.failures
    assert message == "bad\\nname\\x1b[31m.txt: file is empty"


# ------------------------------------------------------------------ 9. workers die with the build

def _children(pid: int) -> set[int]:
    kids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.add(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's bookkeeping is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_kg_build_is_killed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    letter = many_findings_letter()
    for i in range(400):
        (docs / f"visit-{i:03}.txt").write_text(letter.replace("14 March", f"{1 + i % 28} March"),
                                                encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(docs), "--store",
                             str(tmp_path / "s"), "--jobs", "2", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers: set[int] = set()
        for _ in range(600):  # up to a minute for the pool to start
            workers = {p for p in _children(proc.pid) if _alive(p)}
            if len(workers) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert proc.poll() is None and workers, "the build ended before its workers were seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for _ in range(200):  # up to 20 s
            if not any(_alive(p) for p in workers):
                break
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "workers outlived the killed build"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p in workers:
            if _alive(p):
                os.kill(p, signal.SIGKILL)


def test_library_limits_reach_the_worker_function(tmp_path):
    from kg.build import process_file

    (tmp_path / "visit.txt").write_text(many_findings_letter(), encoding="utf-8")
    result = process_file(tmp_path / "visit.txt", Limits(max_findings=2))
    assert sum(len(i.findings) for i in result.extraction.inspections) == 2
    assert "over the limit of 2 per document" in result.extraction.warnings[-1]
    assert "over the limit of 10 bytes" in process_file(tmp_path / "visit.txt", Limits(max_bytes=10))


def test_build_help_states_the_library_default_limits():
    help_text = " ".join(kg("build", "--help").output.split())
    for option, value in (("--max-bytes", Limits().max_bytes), ("--max-pages", Limits().max_pages),
                          ("--max-findings", Limits().max_findings)):
        assert option in help_text and f"default {value})" in help_text
