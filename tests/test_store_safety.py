"""The embedded store under real processes: a build killed with SIGKILL at random points, two
builds at once, and a rebuild of unchanged files."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.queries import bind_params, saved_queries
from kg.store import KgStore
from kg.vocab import document_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KG = str(Path(sys.executable).parent / "kg")
PARAMS = {"authority": "Hackney", "other": "Torbay", "grade": "inadequate"}


def corpus(folder: Path, copies: int) -> Path:
    """Copies of the invented fixture documents, each with its own bytes (so its own graph).
    Few copies: copies state the same inspections, and queries over the union of graphs see
    each such triple once per graph, so their joins grow as copies ** patterns."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((FIXTURES / "texts").iterdir()) + sorted((FIXTURES / "example-reports").iterdir())
    for n in range(copies):
        for src in sources:
            text = src.read_text(encoding="utf-8")
            (folder / f"{src.stem}-copy{n:02d}{src.suffix}").write_text(
                text + f"\n\nReference number {n}.\n", encoding="utf-8")
    return folder


def kg(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=600, **kw)


def start_build(store: Path, docs: Path) -> subprocess.Popen:
    # its own process group, so that killing it also kills its extraction workers
    return subprocess.Popen([KG, "build", str(docs), "-q", "-s", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def check_readable(store: Path) -> int:
    """Every saved query runs, and every document the manifest lists has its whole graph.
    Returns how many documents the store holds."""
    with KgStore(store, read_only=True) as s:
        for q in saved_queries().values():
            given = {k: v for k, v in PARAMS.items() if k in {p.name for p in q.params}}
            list(s.query(q.text, bind_params(q, given)))
        graphs = set(s.named_graphs())
        for source, entry in s.sources.items():
            graph = document_graph(entry.sha256)
            assert str(graph) in graphs, f"{source}: no graph"
            assert any(True for _ in s.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
        return len(s.sources)


def export(store: Path) -> set:
    with KgStore(store, read_only=True) as s:
        return set(s.quads())


def test_a_build_killed_at_random_points_leaves_a_readable_store_and_the_next_build_completes(tmp_path):
    docs = corpus(tmp_path / "docs", copies=2)
    store = tmp_path / "store"
    first = kg("build", str(FIXTURES / "texts"), "-q", "-s", str(store))  # an earlier snapshot
    assert first.returncode == 0, first.stderr
    before = check_readable(store)
    started = time.monotonic()
    full = start_build(tmp_path / "timing-store", docs)
    full.communicate(timeout=600)
    duration = time.monotonic() - started
    rng = random.Random(11)
    for delay in sorted(rng.uniform(0.2, duration) for _ in range(4)):
        process = start_build(store, docs)
        time.sleep(delay)
        kill_group(process)
        held = check_readable(store)
        assert held >= before  # the old graph of each document, or the new one: never less
        before = held
    final = kg("build", str(docs), str(FIXTURES / "texts"), "-q", "-s", str(store))
    assert final.returncode == 0, final.stderr
    assert check_readable(store) == len(list(docs.iterdir())) + len(list((FIXTURES / "texts").iterdir()))
    clean = tmp_path / "clean"
    assert kg("build", str(docs), str(FIXTURES / "texts"), "-q", "-s", str(clean)).returncode == 0
    assert export(store) == export(clean)


def test_a_second_build_at_the_same_time_refuses_with_a_clear_message(tmp_path):
    docs = corpus(tmp_path / "docs", copies=2)
    store = tmp_path / "store"
    first = start_build(store, docs)
    try:
        deadline = time.monotonic() + 120
        while not (store / ".lock").is_file() or not (store / ".lock").read_text().strip():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        second = kg("build", str(FIXTURES / "texts"), "-q", "-s", str(store))
        running = first.poll() is None
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert running, "the first build finished before the second started; give it more files"
    assert second.returncode == 2
    assert "another kg build" in second.stderr and str(first.pid) in second.stderr
    assert check_readable(store) == len(list(docs.iterdir()))


def test_building_twice_gives_the_same_graph_and_the_second_build_skips_every_file(tmp_path):
    docs = corpus(tmp_path / "docs", copies=1)
    store = tmp_path / "store"
    one = kg("build", str(docs), "-q", "-s", str(store))
    assert one.returncode == 0, one.stderr
    graph = export(store)
    two = kg("build", str(docs), "-q", "-s", str(store))
    assert two.returncode == 0, two.stderr
    assert "built 0 document(s)" in two.stderr
    assert export(store) == graph  # no blank nodes: equal sets are isomorphic graphs


def test_a_build_killed_before_its_first_snapshot_leaves_no_store_to_misread(tmp_path):
    docs = corpus(tmp_path / "docs", copies=2)
    store = tmp_path / "store"
    process = start_build(store, docs)
    deadline = time.monotonic() + 120
    while not (store / ".lock").is_file():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    kill_group(process)
    if not (store / "CURRENT").is_file():
        result = kg("stats", "-s", str(store))
        assert result.returncode == 2 and "no kg store here" in result.stderr
    again = kg("build", str(docs), "-q", "-s", str(store))
    assert again.returncode == 0, again.stderr
    assert check_readable(store) == len(list(docs.iterdir()))
