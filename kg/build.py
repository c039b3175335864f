"""The pipeline: files -> Document -> extractor -> RDF mapping -> store.

A bad file is reported through the callbacks and skipped; everything else is still stored.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from functools import lru_cache
from typing import Protocol

from .documents import SUPPORTED_SUFFIXES, Document, read_document
from .errors import DocumentError
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


# ------------------------------------------------------------------ files

def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to read (folders recurse, unsupported files inside folders are skipped quietly)
    and the paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                                and not any(part.startswith(".")
                                            for part in f.relative_to(p).parts)))
        elif p.is_file():
            files.append(p)
        else:
            missing.append((p, "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, missing


@dataclass(frozen=True)
class Processed:
    """What a worker hands back for one file: enough to store it and to report on it."""

    name: str
    sha256: str
    extraction: Extraction
    ntriples: bytes
    triples: int


def process_file(path: Path) -> Processed | str:
    """One file through reader, extractor and mapper; a message for people when it cannot be
    done. Runs in worker processes, so it returns bytes, not RDF objects."""
    from .mapping import map_extraction, to_ntriples

    try:
        doc = read_document(path)
        ex = _known_authorities(doc, extract(doc))
    except DocumentError as e:
        return str(e)
    except Exception as e:  # an extractor bug must not lose the other documents
        return f"{path.name}: extraction failed ({type(e).__name__}: {e})"
    if doc.notes:  # e.g. "not valid UTF-8; decoded as cp1252": the user should know
        ex = replace(ex, warnings=doc.notes + ex.warnings)
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


def _extracted(files: list[Path], jobs: int) -> Iterable[tuple[Path, tuple | str]]:
    """Results in input order; reading, extraction and mapping run in worker processes."""
    if jobs <= 1 or len(files) < 4:
        for f in files:
            yield f, process_file(f)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(files, pool.map(process_file, files, chunksize=1))


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """kg's version plus a hash of the code and data that turn a file into its graph, so a
    rebuild re-extracts exactly when the bytes or the extractor changed."""
    from . import __version__

    root = Path(__file__).resolve().parent
    parts = sorted([*root.glob("extract/*.py"), *root.glob("data/*"), *root.glob("*.py")])
    h = hashlib.sha256()
    for p in parts:
        if p.is_file() and p.name not in ("cli.py",):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


def file_sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None  # the reader reports why


def build(paths: Iterable[Path | str], store, callbacks: BuildCallbacks | None = None,
          prune: bool = False, jobs: int | None = None) -> BuildSummary:
    """Read, extract and store every document under ``paths``. Documents whose bytes and
    extractor version are already in the store are skipped; afterwards the corpus-wide
    summaries are recomputed and the store publishes one new snapshot."""
    from .reference import reference_ntriples

    cb = callbacks or NoCallbacks()
    paths = list(paths)
    files, missing = collect_files(paths)
    summary = BuildSummary()
    version = extractor_version()
    if store.persistent:
        store.repair()
    store.set_reference(reference_ntriples())
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
    for path, result in _extracted(todo, default_jobs() if jobs is None else jobs):
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
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    present = {str(f.resolve()) for f in files}
    gone = [src for src in store.sources if src != REFERENCE_SOURCE
            and src not in present and any(Path(src).is_relative_to(d) for d in folders)]
    for src in gone:
        store.remove_source(src)
    return len(gone)
