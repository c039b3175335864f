"""The embedded store: snapshots readers can trust, one writer at a time, incremental builds."""
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.errors import StoreError
from kg.store import KgStore
from kg.vocab import document_graph


def _letters(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    towns = ["Luton", "Wakefield", "Ealing", "Norfolk", "Tameside"]
    for i in range(n):
        (folder / f"letter{i}.txt").write_text(
            f"Ofsted carried out a focused visit to {towns[i % 5]} on {i + 1} May 2022. "
            "Managers do not always check that plans are up to date.\n", encoding="utf-8")
    return folder


def _count(store, cls: str = "Inspection") -> int:
    q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <https://w3id.org/ofsted-kg/def#{cls}> }}"
    return int(next(iter(store.query(q)))["n"].value)


def test_an_unchanged_rebuild_skips_every_document_and_changes_nothing(tmp_path):
    docs = _letters(tmp_path / "docs")
    with KgStore(tmp_path / "s") as s:
        first = build([docs], s, jobs=1)
    with KgStore(tmp_path / "s", read_only=True) as r:
        before = sorted(r.dump("nquads").splitlines())
    with KgStore(tmp_path / "s") as s:
        again = build([docs], s, jobs=1)
    assert first.documents == 3 and again.documents == 0 and again.unchanged == 3
    with KgStore(tmp_path / "s", read_only=True) as r:
        assert sorted(r.dump("nquads").splitlines()) == before


def test_a_changed_file_replaces_its_graph_and_a_new_extractor_reextracts(tmp_path, monkeypatch):
    docs = _letters(tmp_path / "docs")
    with KgStore(tmp_path / "s") as s:
        build([docs], s, jobs=1)
        old = s.sources[str((docs / "letter0.txt").resolve())].sha256
    (docs / "letter0.txt").write_text("Ofsted carried out a monitoring visit to Luton in June 2023.\n")
    with KgStore(tmp_path / "s") as s:
        summary = build([docs], s, jobs=1)
        new = s.sources[str((docs / "letter0.txt").resolve())].sha256
        graphs = s.named_graphs()
    assert summary.documents == 1 and summary.unchanged == 2
    assert str(document_graph(new)) in graphs and str(document_graph(old)) not in graphs
    import importlib

    monkeypatch.setattr(importlib.import_module("kg.build"), "extractor_version", lambda: "9.9+changed")
    with KgStore(tmp_path / "s") as s:
        assert build([docs], s, jobs=1).documents == 3


def test_readers_see_the_last_snapshot_until_a_build_commits(tmp_path):
    with KgStore(tmp_path / "s") as s:
        build([_letters(tmp_path / "a", 2)], s, jobs=1)
    reader = KgStore(tmp_path / "s", read_only=True)
    writer = KgStore(tmp_path / "s")
    build([_letters(tmp_path / "b", 5)], writer, jobs=1)
    assert _count(reader) == 2  # opened before the build finished: the old snapshot
    writer.close()
    assert _count(reader) == 2
    reader.close()
    with KgStore(tmp_path / "s", read_only=True) as fresh:
        assert _count(fresh) == 5  # a (2 letters) and b (5 letters, the first two alike)


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    first = KgStore(tmp_path / "s")
    try:
        with pytest.raises(StoreError, match="another kg build .* is writing this store"):
            KgStore(tmp_path / "s")
    finally:
        first.close()
    KgStore(tmp_path / "s").close()  # free again


def test_a_graph_no_manifest_entry_points_to_is_dropped_by_the_next_build(tmp_path):
    docs = _letters(tmp_path / "docs")
    with KgStore(tmp_path / "s") as s:
        build([docs], s, jobs=1)
        # what a build killed between storing a graph and recording it leaves behind
        s._replace_graph(ox.NamedNode(str(document_graph("0" * 64))),
                         b"<http://example.org/a> <http://example.org/p> \"x\" .\n")
    with KgStore(tmp_path / "s") as s:
        assert s.repair() == 1
        assert str(document_graph("0" * 64)) not in s.named_graphs()


def test_a_damaged_or_foreign_store_folder_says_what_to_do(tmp_path):
    with KgStore(tmp_path / "s") as s:
        build([_letters(tmp_path / "docs", 1)], s, jobs=1)
    (tmp_path / "s" / "CURRENT").write_text("not-a-snapshot")
    with pytest.raises(StoreError, match="damaged.*kg build"):
        KgStore(tmp_path / "s", read_only=True)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(StoreError, match="earlier kg"):
        KgStore(tmp_path / "old", read_only=True)
    with pytest.raises(StoreError, match="no kg store here"):
        KgStore(tmp_path / "nothing", read_only=True)


def test_a_store_of_another_layout_is_refused_by_readers_and_rebuilt_by_the_next_build(tmp_path):
    from kg.store.base import MANIFEST_GRAPH

    docs = _letters(tmp_path / "docs", 2)
    with KgStore(tmp_path / "s") as s:
        build([docs], s, jobs=1)
        s._update(f"DELETE WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <urn:kg:store> ?p ?o }} }}")
        s._changed = True
    with pytest.raises(StoreError, match="another version of kg"):
        KgStore(tmp_path / "s", read_only=True)
    with KgStore(tmp_path / "s") as s:
        assert s.notes and "rebuilt" in s.notes[0]
        assert build([docs], s, jobs=1).documents == 2
    with KgStore(tmp_path / "s", read_only=True) as r:
        assert _count(r) == 2


def test_a_damaged_store_gives_one_line_through_the_cli_naming_the_file_and_the_repair(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    with KgStore(tmp_path / "s") as s:
        build([_letters(tmp_path / "docs", 1)], s, jobs=1)
    current = tmp_path / "s" / "CURRENT"
    snapshot = tmp_path / "s" / "snapshots" / current.read_text().strip()
    for damage in (lambda: current.write_text('{"valid": "json", "wrong": "shape"}'),
                   lambda: [p.unlink() for p in snapshot.iterdir() if p.name.startswith("MANIFEST")]):
        damage()
        out = CliRunner().invoke(app, ["stats", "--store", str(tmp_path / "s")])
        assert out.exit_code == 2 and "Traceback" not in out.output
        assert "damaged" in out.stderr and "kg build" in out.stderr
        current.write_text(snapshot.name)
    with KgStore(tmp_path / "s") as s:  # the next build repairs it
        build([tmp_path / "docs"], s, jobs=1)
    assert CliRunner().invoke(app, ["stats", "--store", str(tmp_path / "s")]).exit_code == 0


def test_what_a_killed_build_wrote_is_published_by_the_next_even_if_nothing_is_left_to_do(tmp_path):
    import gc
    import os

    from kg.build import extractor_version, process_file

    docs = _letters(tmp_path / "docs", 3)
    with KgStore(tmp_path / "s") as s:
        build([_letters(tmp_path / "old", 1)], s, jobs=1)
    killed = KgStore(tmp_path / "s")
    for path in sorted(docs.iterdir()):  # recorded in live/, then killed before publishing
        result = process_file(path)
        killed.put_document(str(path.resolve()), result.name, result.sha256, result.ntriples,
                            extractor_version())
    os.close(killed._lock_fd)  # what the kernel does for a process killed with SIGKILL
    killed._lock_fd = killed._db = None
    del killed
    gc.collect()
    with KgStore(tmp_path / "s") as s:
        assert build([docs], s, jobs=1).documents == 0  # all recorded already ...
    with KgStore(tmp_path / "s", read_only=True) as r:
        assert len(r.sources) == 4  # ... and now published
