"""The pipeline: files -> Document -> extractor -> RDF mapping -> store.

A bad file is reported through the callbacks and skipped; everything else is still stored.
"""
from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from functools import lru_cache
from typing import Protocol

from .documents import SUPPORTED_SUFFIXES, Document, read_document
from .errors import DocumentError, printable
from .records import Extraction
from .store.base import ANALYSIS_GRAPH, REFERENCE_SOURCE

_FILE_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


class BuildCallbacks(Protocol):
    """What a front end hears while a build runs (the CLI draws a progress bar)."""

    def start(self, total: int) -> None: ...
    def done(self, path: Path, facts: int, warnings: tuple[str, ...]) -> None: ...
    def failed(self, path: Path, message: str) -> None: ...


class NoCallbacks:
    def start(self, total: int) -> None:
        pass

    def done(self, path: Path, facts: int, warnings: tuple[str, ...]) -> None:
        pass

    def failed(self, path: Path, message: str) -> None:
        pass


@dataclass
class BuildSummary:
    documents: int = 0
    unchanged: int = 0
    triples_added: int = 0
    inspections: int = 0
    judgements: int = 0
    recommendations: int = 0
    findings: int = 0
    inspectors: int = 0
    removed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


# ------------------------------------------------------------------ extractor registry

Extractor = tuple[str, Callable[[Document], bool], Callable[[Document], Extraction]]


def _extractors() -> list[Extractor]:
    """Registry of extractors, most specific first; imported lazily."""
    from .extract import report, text

    return [
        ("report", report.is_report, report.extract_report),
        ("text", lambda doc: True, text.extract_text),
    ]


def extract(doc: Document) -> Extraction:
    """Run the first extractor that claims the document."""
    for _name, claims, run in _extractors():
        if claims(doc):
            return _with_file_date(doc, run(doc))
    return Extraction()


def _with_file_date(doc: Document, ex: Extraction) -> Extraction:
    """Ofsted's download names end in the publication date (``name_2019-01-17.pdf``); use it
    for a report that prints none."""
    if ex.genre != "report":
        return ex
    m = _FILE_DATE.search(doc.path.stem)
    if not m:
        return ex
    try:
        file_date = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return ex
    inspections = tuple(
        replace(i, publication_date=file_date)
        if i.publication_date is None and not i.previous
        and (i.end_date is None or i.end_date <= file_date) else i
        for i in ex.inspections)
    return replace(ex, inspections=inspections)


# ------------------------------------------------------------------ limits

@dataclass(frozen=True)
class Limits:
    """Per-document ceilings, so one hostile or broken file cannot swamp a build (a 50 MB text
    once became 331,000 findings). The defaults are far above any real report (< 5 MB,
    < 120 pages, ~600 findings); None means no limit. A file over ``max_bytes`` or
    ``max_pages`` is refused with its line; findings past ``max_findings`` are cut, with a
    warning."""

    max_bytes: int | None = 50_000_000
    max_pages: int | None = 500
    max_findings: int | None = 5_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages", "max_findings"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, or None for no limit")


def _cap_findings(ex: Extraction, limit: int | None) -> Extraction:
    """The first ``limit`` findings in document order, with a warning saying how many were cut."""
    total = sum(len(i.findings) for i in ex.inspections)
    if limit is None or total <= limit:
        return ex
    left, kept = limit, []
    for insp in ex.inspections:
        kept.append(replace(insp, findings=insp.findings[:left]))
        left -= len(kept[-1].findings)
    return replace(ex, inspections=tuple(kept), warnings=ex.warnings + (
        f"{total} findings, over the limit of {limit} per document: only the first {limit} "
        "were kept",))


# ------------------------------------------------------------------ files

def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to read, and the paths that will not be read with the reason for each.

    Folders recurse (hidden entries and files of other types inside them are skipped quietly);
    symbolic links are followed, each real folder is read once, and a link back into a folder
    being read is reported as a loop. Folders that cannot be listed, broken links and special
    files (pipes, devices) are reported, never a reason to stop."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    visited: set[tuple[int, int]] = set()
    for p in map(Path, paths):
        try:
            st = p.stat()
        except OSError as e:
            skipped.append((p, _stat_failure(p, e)))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(p, st, files, skipped, visited, frozenset())
        elif stat.S_ISREG(st.st_mode):
            files.append(p)
        else:
            skipped.append((p, _SPECIAL))
    seen: set[str] = set()
    unique = [f for f in files if not ((r := os.path.realpath(f)) in seen or seen.add(r))]
    return unique, skipped


_SPECIAL = "not a regular file (a pipe, socket or device); not read"


def _stat_failure(p: Path, e: OSError) -> str:
    if e.errno == errno.ENOENT:
        return "broken symbolic link" if os.path.islink(p) else "no such file or folder"
    if e.errno == errno.ELOOP:
        return "symbolic link loop; not followed"
    return f"cannot read: {e.strerror or e}"


def _walk(folder: Path, st: os.stat_result, files: list[Path], skipped: list[tuple[Path, str]],
          visited: set[tuple[int, int]], ancestors: frozenset[tuple[int, int]]) -> None:
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        skipped.append((folder, "symbolic link loop: it leads back into a folder being read; "
                                "not followed"))
        return
    if key in visited:  # reached again through another link: its files are already listed
        return
    visited.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        skipped.append((folder, f"cannot list folder: {e.strerror or e}"))
        return
    inside = ancestors | {key}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        try:
            est = entry.stat()  # follows links
        except OSError as e:
            skipped.append((p, _stat_failure(p, e)))
            continue
        if stat.S_ISDIR(est.st_mode):
            _walk(p, est, files, skipped, visited, inside)
        elif p.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        elif stat.S_ISREG(est.st_mode):
            files.append(p)
        else:
            skipped.append((p, _SPECIAL))


@dataclass(frozen=True)
class Processed:
    """What a worker hands back for one file: enough to store it and to report on it."""

    name: str
    sha256: str
    extraction: Extraction
    ntriples: bytes
    triples: int


def process_file(path: Path, limits: Limits | None = None) -> Processed | str:
    """One file through reader, extractor and mapper; a message for people when it cannot be
    done. Runs in worker processes, so it returns bytes, not RDF objects."""
    limits = limits or Limits()
    try:
        doc = read_document(path, max_bytes=limits.max_bytes, max_pages=limits.max_pages)
        ex = _known_authorities(doc, extract(doc))
    except DocumentError as e:
        return str(e)
    except Exception as e:  # an extractor bug must not lose the other documents
        return f"{printable(path.name)}: extraction failed ({type(e).__name__}: {printable(e)})"
    ex = _cap_findings(ex, limits.max_findings)
    if doc.notes:  # e.g. "not valid UTF-8; decoded as cp1252": the user should know
        ex = replace(ex, warnings=doc.notes + ex.warnings)
    from .mapping import map_extraction, to_ntriples  # a file that failed never pays for it

    triples = map_extraction(doc, ex)
    return Processed(doc.name, doc.sha256, ex, to_ntriples(triples), len(triples))


def _known_authorities(doc: Document, ex: Extraction) -> Extraction:
    """Inspections whose authority could not be identified are left out, with a warning."""
    unknown = [i for i in ex.inspections if not i.authority_code]
    if not unknown:
        return ex
    warnings = tuple(f"an inspection of {i.authority_name or 'an unnamed authority'!r} was left out: "
                     "the authority is not in the authorities table" for i in unknown)
    return replace(ex, inspections=tuple(i for i in ex.inspections if i.authority_code),
                   warnings=ex.warnings + warnings)


def _extracted(files: list[Path], jobs: int, limits: Limits | None = None
               ) -> Iterable[tuple[Path, Processed | str]]:
    """Results in input order; reading, extraction and mapping run in worker processes."""
    work = partial(process_file, limits=limits)
    if jobs <= 1 or len(files) < 4:
        for f in files:
            yield f, work(f)
        return
    from concurrent.futures import ProcessPoolExecutor

    _extractors()  # import (and compile the patterns of) the extractors once: forked workers
    from . import mapping  # noqa: F401  inherit them instead of paying for it each

    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                             initargs=(os.getpid(),)) as pool:
        yield from zip(files, pool.map(work, files, chunksize=1))


# ------------------------------------------------------------------ workers die with the build

_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int) -> None:
    """Make a worker exit when the build that started it dies, even by ``kill -9`` (which
    runs no clean-up): Linux delivers SIGKILL on the parent's death; everywhere a thread
    also watches for the worker being re-parented."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-parent-watch",
                     daemon=True).start()


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# the modules besides extract/ and data/ whose code decides what a document's graph holds
_GRAPH_MODULES = ("documents.py", "records.py", "mapping.py", "summaries.py", "themes.py",
                  "prefilter.py", "authorities.py", "vocab.py", "vocabulary.py", "build.py")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """kg's version plus a hash of the code and data that turn a file into its graph, so a
    rebuild re-extracts exactly when the bytes or the extractor changed."""
    from . import __version__

    root = Path(__file__).resolve().parent
    parts = sorted([*root.glob("extract/*.py"), *root.glob("data/*"),
                    *(root / name for name in _GRAPH_MODULES)])
    h = hashlib.sha256()
    for p in parts:
        if p.is_file():
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


@lru_cache(maxsize=1)
def reference_version() -> str:
    """A hash of what the reference graph is made from (ontology, authorities table, code)."""
    from .resources import ontology_dir

    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted([*ontology_dir().glob("*.ttl"), root / "data" / "authorities.csv",
                     root / "reference.py", root / "authorities.py", root / "mapping.py"]):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def file_sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None  # the reader reports why


def build(paths: Iterable[Path | str], store, callbacks: BuildCallbacks | None = None,
          prune: bool = False, jobs: int | None = None,
          limits: Limits | None = None) -> BuildSummary:
    """Read, extract and store every document under ``paths``; ``limits`` are per document
    (default :class:`Limits`). Documents whose bytes and extractor version (limits included)
    are already in the store are skipped; afterwards the corpus-wide summaries are recomputed
    and the store publishes one new snapshot."""
    cb = callbacks or NoCallbacks()
    paths = list(paths)
    files, missing = collect_files(paths)
    summary = BuildSummary()
    version = extractor_version()
    if limits is not None and limits != Limits():
        version += f";limits={limits.max_bytes},{limits.max_pages},{limits.max_findings}"
    if store.persistent:
        store.repair()
    ref_version = reference_version()
    if store.reference_version() != ref_version:  # generating it costs a third of a second
        from .reference import reference_ntriples

        store.set_reference(reference_ntriples(), ref_version)
    cb.start(len(files))
    for path, reason in missing:
        summary.failures.append((str(path), reason))
        cb.failed(path, reason)
    todo = []
    for path in files:
        sha = file_sha256(path)
        if sha is not None and store.is_current(str(path.resolve()), sha, version):
            summary.unchanged += 1
            cb.done(path, 0, ())
        else:
            todo.append(path)
    for path, result in _extracted(todo, default_jobs() if jobs is None else jobs, limits):
        if isinstance(result, str):
            summary.failures.append((str(path), result))
            cb.failed(path, result)
            continue
        store.put_document(str(path.resolve()), result.name, result.sha256, result.ntriples,
                           version)
        summary.documents += 1
        summary.triples_added += result.triples
        _count(summary, result.extraction)
        cb.done(path, result.triples, result.extraction.warnings)
    if prune:
        summary.removed = _prune(store, paths, files)
    refresh_summaries(store)
    store.commit()
    return summary


def remove(paths: Iterable[Path | str], store) -> list[str]:
    """Drop the documents built from these files, or from anything under these folders (the
    files need not exist any more); then refresh the summaries and publish. Returns the
    sources removed."""
    targets = [Path(os.path.abspath(p)) for p in paths]
    gone = [src for src in store.sources
            if any(Path(src) == t or Path(src).is_relative_to(t) for t in targets)]
    for src in gone:
        store.remove_source(src)
    if gone:
        refresh_summaries(store)
    store.commit()
    return gone


def refresh_summaries(store) -> None:
    """Recompute the corpus-wide analysis graph when documents changed since it was made."""
    from .summaries import analysis_ntriples

    if getattr(store, "_changed", True):
        store.put_graph(str(ANALYSIS_GRAPH), analysis_ntriples(store))


def _count(summary: BuildSummary, ex: Extraction) -> None:
    for insp in ex.inspections:
        summary.inspections += 1
        summary.judgements += len(insp.judgements)
        summary.recommendations += len(insp.recommendations)
        summary.findings += len(insp.findings)
        summary.inspectors += sum(p.is_inspector for p in insp.people)


def _prune(store, paths: list[Path | str], files: list[Path]) -> int:
    """Drop documents that were built from the given folders but are no longer there."""
    folders = [Path(p).resolve() for p in paths if os.path.isdir(p)]
    present = {str(f.resolve()) for f in files}
    gone = [src for src in store.sources if src != REFERENCE_SOURCE
            and src not in present and any(Path(src).is_relative_to(d) for d in folders)]
    for src in gone:
        store.remove_source(src)
    return len(gone)
