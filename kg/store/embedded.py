"""The embedded store: Oxigraph, on disk as RocksDB snapshots, or in memory.

Why this shape (measured, bench/RESULTS.md "Store engine"): loading every document's N-Triples
into an in-memory engine for each command cost 9-14 s at national scale. An Oxigraph RocksDB
database opens in about 10 ms, and with the analytical questions answered from summaries
materialised at build time (kg.summaries) the disk engine's slower joins no longer matter.

Layout of a store folder::

    live/              the database builds write into (only while holding .lock)
    snapshots/<n>/     RocksDB checkpoints (hard links), never written after creation
    CURRENT            the number of the snapshot readers open
    .lock              held by the one build that may write

Readers open the current snapshot read-only, so they never see a build half way and never
block one; a build that is killed leaves CURRENT pointing at the last complete snapshot. The
next build opens ``live/`` (RocksDB recovers its log), drops orphan graphs (see
:meth:`GraphStore.repair`) and carries on; each commit writes a new snapshot and moves CURRENT
atomically. Two builds at once: the second waits for the lock up to ``wait`` seconds, then
refuses with a message naming the other build's process.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..sparql_text import bind_values
from .base import GraphStore

LIVE, SNAPSHOTS, CURRENT, LOCK = "live", "snapshots", "CURRENT", ".lock"
DIRTY = "live.unpublished"  # exists from a build's first write until its snapshot is published
KEEP_SNAPSHOTS = 2
COMPACT_AFTER = 20  # graphs written by one build before it compacts the database


class EmbeddedStore(GraphStore):
    """Oxigraph in this process: a store folder (``path``), or memory only (``path=None``)."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False,
                 wait: float = 0.0) -> None:
        super().__init__()
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.persistent = self.path is not None
        self._lock_fd: int | None = None
        self._snapshot_fd: int | None = None
        self._db: ox.Store | None = None
        self._unpublished = False
        if self.path is None:
            self._db = ox.Store()
            self.prepare_for_writing()
        elif read_only:
            self._db = self._open_snapshot()
        else:
            self._db = self._open_live(wait)

    # ---------------------------------------------------------------- opening
    def _open_snapshot(self) -> ox.Store:
        assert self.path is not None
        current = self.path / CURRENT
        if not current.is_file():
            if (self.path / "manifest.json").is_file():
                raise StoreError(f"{self.path}: this store was written by an earlier kg; "
                                 "run 'kg build' on your documents again to convert it")
            raise StoreError(f"{self.path}: no kg store here (run 'kg build' first)")
        name = current.read_text(encoding="utf-8").strip()
        snap = self.path / SNAPSHOTS / name
        if not name.isdigit() or not snap.is_dir():
            raise StoreError(f"{current}: damaged (it names snapshot {name!r}, which is not there); "
                             "repair by running 'kg build' on your documents again")
        self._snapshot_fd = _flock(snap.with_suffix(".lock"), fcntl.LOCK_SH, wait=5.0)
        try:
            db = ox.Store.read_only(str(snap))
        except OSError as e:
            raise StoreError(f"{snap}: damaged store snapshot ({e}); repair by running "
                             "'kg build' on your documents again") from None
        self._db = db
        try:
            self.check_format()
        except StoreError as e:
            raise StoreError(f"{self.path}: {e}") from None
        return db

    def _open_live(self, wait: float) -> ox.Store:
        assert self.path is not None
        try:
            (self.path / SNAPSHOTS).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"{self.path}: cannot create the store ({e.strerror})") from None
        lock = self.path / LOCK
        try:
            self._lock_fd = _flock(lock, fcntl.LOCK_EX, wait=wait)
        except StoreError:
            holder = _read_pid(lock)
            raise StoreError(f"{self.path}: another kg build{f' (process {holder})' if holder else ''} "
                             "is writing this store; run again when it has finished") from None
        os.ftruncate(self._lock_fd, 0)
        os.write(self._lock_fd, str(os.getpid()).encode())
        for legacy in ("manifest.json", "graphs"):  # an earlier kg's files: derived data
            p = self.path / legacy
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            elif p.exists():
                p.unlink()
        try:
            db = ox.Store(str(self.path / LIVE))
        except OSError as e:
            self.close()
            raise StoreError(f"{self.path / LIVE}: cannot open the store database ({e})") from None
        self._db = db
        if (self.path / DIRTY).exists():  # a build was stopped between writing and publishing
            self._changed = True
        self.prepare_for_writing()
        return db

    # ---------------------------------------------------------------- primitives
    def query(self, sparql, bindings=None, *, prefixes=None):
        from ..errors import QueryError

        text = bind_values(sparql, bindings) if bindings else sparql
        try:
            return self._db.query(text, use_default_graph_as_union=True, prefixes=prefixes)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except (RuntimeError, OSError) as e:
            raise QueryError(f"query failed: {e}") from None

    def _mark_unpublished(self) -> None:
        """Before the first write of a build: so that the next build publishes what a killed
        one wrote, even when it then finds nothing left to write."""
        if self.path is not None and not self._unpublished:
            (self.path / DIRTY).touch()
            self._unpublished = True

    def _update(self, sparql: str) -> None:
        self._mark_unpublished()
        self._db.update(sparql)

    def _replace_graph(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        self._mark_unpublished()
        if self._db.contains_named_graph(graph):
            self._db.remove_graph(graph)
        if ntriples:
            loader = self._db.bulk_load if self.persistent else self._db.load
            loader(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        else:
            self._db.add_graph(graph)

    def _drop_graph(self, graph: ox.NamedNode) -> None:
        self._mark_unpublished()
        if self._db.contains_named_graph(graph):
            self._db.remove_graph(graph)

    def _graph_quads(self, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        if graph is not None and not self._db.contains_named_graph(graph):
            return iter(())
        return iter(self._db.quads_for_pattern(None, None, None, graph))

    def _named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs())

    def __len__(self) -> int:
        return len(self._db)

    @property
    def ox(self) -> ox.Store:
        """The Oxigraph store itself (for code that needs the engine's own API)."""
        return self._db

    # ---------------------------------------------------------------- commit / close
    def commit(self) -> None:
        """Compact and publish a new snapshot, when anything changed."""
        if self.path is None or self.read_only or self._lock_fd is None:
            return
        snaps = self.path / SNAPSHOTS
        current = self.path / CURRENT
        if not self._changed and self._snapshot_ok():
            return
        self._db.flush()
        # each bulk-loaded graph is a few new files; compacting them speeds queries several
        # times, but rewrites the whole database, so only after a build that wrote many graphs
        if self._writes >= max(COMPACT_AFTER, len(self._entries()) // 10):
            self._db.optimize()
            self._writes = 0
        number = 1 + max((int(p.name) for p in snaps.iterdir() if p.is_dir() and p.name.isdigit()),
                         default=0)
        target = snaps / str(number)
        self._db.backup(str(target))
        tmp = current.with_name(CURRENT + f".tmp{os.getpid()}")
        tmp.write_text(str(number), encoding="utf-8")
        tmp.replace(current)
        (self.path / DIRTY).unlink(missing_ok=True)
        self._unpublished = False
        self._changed = False
        self._prune_snapshots(number)

    def _snapshot_ok(self) -> bool:
        """Does CURRENT name a snapshot that looks whole (else a build republishes one)?"""
        assert self.path is not None
        try:
            snap = self.path / SNAPSHOTS / (self.path / CURRENT).read_text(encoding="utf-8").strip()
            return (snap / "CURRENT").is_file() and any(snap.glob("MANIFEST-*"))
        except OSError:
            return False

    def _prune_snapshots(self, newest: int) -> None:
        """Delete old snapshots that no reader holds open (readers hold a shared lock)."""
        assert self.path is not None
        for p in (self.path / SNAPSHOTS).iterdir():
            if not (p.is_dir() and p.name.isdigit()) or int(p.name) > newest - KEEP_SNAPSHOTS:
                continue
            lock = p.with_suffix(".lock")
            try:
                fd = _flock(lock, fcntl.LOCK_EX, wait=0.0)
            except StoreError:
                continue  # a reader still has it open; a later build removes it
            try:
                shutil.rmtree(p, ignore_errors=True)
                lock.unlink(missing_ok=True)
            finally:
                os.close(fd)

    def close(self) -> None:
        """Publish what was written (a build stopped by an error keeps the documents it
        stored), then release the database and the locks."""
        if self._db is not None and self._lock_fd is not None:
            self.commit()
        if self.path is not None:
            self._db = None  # releases RocksDB's own lock once nothing refers to it
            import gc

            gc.collect()
        for attr in ("_lock_fd", "_snapshot_fd"):
            fd = getattr(self, attr)
            if fd is not None:
                os.close(fd)
                setattr(self, attr, None)


def _flock(path: Path, mode: int, wait: float) -> int:
    """Open ``path`` and take an flock on it, retrying for up to ``wait`` seconds."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StoreError(f"{path}: locked") from None
            time.sleep(0.1)


def _read_pid(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
