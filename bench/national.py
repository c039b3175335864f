"""A national-density benchmark corpus, generated from real documents (seeded, deterministic).

Each real report, letter or news text is read and extracted once (``kg.build.process_file``;
the records are cached under ``--cache``, keyed by the file's hash and a hash of the installed
``kg`` sources, so a changed extractor invalidates them). The records are then re-issued under
other authorities' identities and shifted dates, so every one of the 153 current authorities
gets a plausible timeline (1x: 435 reports, about 3 each between 2012 and 2025, and one letter
or news text per two reports), and each synthetic document is mapped again from its records
with ``kg.mapping.map_extraction`` (never by copying triples), so the corpus follows the
mapping as it changes. Density per report is the real one (about 225 findings, 10 improvement
points and 6,300 triples).

    python bench/national.py --size 1x --store /tmp/bench/1x-today [--seed 7] [--nt-dir DIR]

Only the store's public writing interface is used (``KgStore(path)``, ``set_reference``,
``put_document``, ``flush``, ``close``), so the same script fills today's and tomorrow's store:
run it with ``PYTHONPATH`` pointing at the checkout whose store is wanted.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import kg
from kg.authorities import Authority, all_authorities
from kg.records import Extraction, Inspection

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus"
REAL_REPORTS = 435  # 1x: one report per inspection since 2012 for the 153 authorities
FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2025, 12, 31)
NOT_DOCUMENTS = {"SOURCES", "README", "MANIFEST"}  # notes beside the corpus, not documents
SIZES = {"dev": None, "1x": REAL_REPORTS, "10x": 10 * REAL_REPORTS}


# ------------------------------------------------------------------ sources and their records

@dataclass(frozen=True)
class Source:
    """One real document read once: its Document (for page offsets) and its extracted records."""

    path: str
    doc: object  # kg.documents.Document
    extraction: Extraction

    @property
    def genre(self) -> str:
        return self.extraction.genre


def kg_fingerprint() -> str:
    """Version and source hash of the kg package in use: cached records are only reused by the
    extractor that made them."""
    h = hashlib.sha256(kg.__version__.encode())
    root = Path(kg.__file__).resolve().parent
    for f in sorted(root.rglob("*.py")) + sorted((root / "data").glob("*")):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _read_one(path: Path) -> tuple[str, object, Extraction] | str:
    """Worker: the Document and the records of one file (as ``kg build`` extracts them)."""
    from kg.build import process_file
    from kg.documents import read_document

    result = process_file(path)
    if isinstance(result, str):
        return result
    return str(path), read_document(path), result.extraction


def load_sources(files: Sequence[Path], cache: Path | None, jobs: int = 2,
                 log=print) -> list[Source]:
    """Every readable file's records, from the cache when this kg extracted them before."""
    fp = kg_fingerprint()
    out: list[Source | None] = [None] * len(files)
    todo: list[int] = []
    keys = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    for i, key in enumerate(keys):
        hit = cache / f"{key[:24]}-{fp}.pickle" if cache else None
        if hit and hit.is_file():
            cached = pickle.loads(hit.read_bytes())
            if not isinstance(cached, str):  # a message: the file cannot be read
                out[i] = Source(str(files[i]), cached[1], cached[2])
        else:
            todo.append(i)
    if todo:
        log(f"extracting {len(todo)} file(s) with {jobs} worker(s) (cache: {cache})")
        for i, result in zip(todo, _map(_read_one, [files[i] for i in todo], jobs)):
            if isinstance(result, str):
                log(f"  skipped: {result}")
                if cache:  # remembered, so an unreadable file is not read again
                    cache.mkdir(parents=True, exist_ok=True)
                    (cache / f"{keys[i][:24]}-{fp}.pickle").write_bytes(pickle.dumps(result))
                continue
            out[i] = Source(*result)
            if cache:
                cache.mkdir(parents=True, exist_ok=True)
                (cache / f"{keys[i][:24]}-{fp}.pickle").write_bytes(pickle.dumps(result))
    return [s for s in out if s is not None]


def _map(fn, items: Sequence, jobs: int) -> Iterator:
    if jobs <= 1 or len(items) < 2:
        yield from map(fn, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(fn, items, chunksize=1)


# ------------------------------------------------------------------ re-issuing records

def current_authorities() -> list[Authority]:
    """The councils with children's services today (153), in table order."""
    return [a for a in all_authorities() if a.in_force(None)]


def code_on(a: Authority, day: date | None) -> Authority:
    """The row of the same council (by Ofsted URN) whose GSS code was in force on ``day``."""
    if day is None or a.ofsted_urn is None:
        return a
    for row in all_authorities():
        if row.ofsted_urn == a.ofsted_urn and row.in_force(day):
            return row
    return a


def shift_date(d: date | None, delta: timedelta) -> date | None:
    return None if d is None else min(LAST_DAY, max(date(2010, 1, 1), d + delta))


def anchor_date(ex: Extraction) -> date | None:
    """The document's own date: its subject inspection's start (else end or publication), else
    the date the text was published."""
    subject = [i for i in ex.inspections if not i.previous]
    for i in subject:
        for d in (i.start_date, i.end_date, i.publication_date):
            if d:
                return d
    return ex.published or next((d for i in ex.inspections
                                 for d in (i.start_date, i.end_date, i.publication_date) if d), None)


def reissue(ex: Extraction, codes: dict[str, Authority], delta: timedelta) -> Extraction:
    """The same records told of other councils and shifted in time: every authority code is
    replaced through ``codes`` (as in force on the shifted date), every date moves by
    ``delta``; evidence (quotes, offsets, pages) is kept as read, so density is the real one."""
    years = round(delta.days / 365.25)
    names: dict[str, str] = {}

    def one(i: Inspection) -> Inspection:
        target = codes.get(i.authority_code)
        start, end = shift_date(i.start_date, delta), shift_date(i.end_date, delta)
        pub = shift_date(i.publication_date, delta)
        new = i
        if target is not None:
            row = code_on(target, start or end or pub)
            names[i.authority_name] = row.short_name
            new = replace(i, authority_code=row.gss, authority_name=row.short_name)
        return replace(new, start_date=start, end_date=end, publication_date=pub,
                       year=None if i.year is None else i.year + years)

    inspections = tuple(one(i) for i in ex.inspections)
    title = ex.title
    for old, new in names.items():
        if title and old:
            title = title.replace(old, new)
    return replace(ex, inspections=inspections, title=title,
                   published=shift_date(ex.published, delta))


@dataclass(frozen=True)
class Planned:
    """One synthetic document: which real source, under which identity and date shift."""

    index: int
    source: int  # index into the source list
    authority: int  # index into current_authorities()
    delta_days: int
    others: tuple[tuple[str, int], ...] = ()  # other authority codes in a text -> authority index


def _authority_codes(ex: Extraction) -> list[str]:
    """Authority codes in order of importance: the subject inspections' first."""
    seen: dict[str, None] = {}
    for i in sorted(ex.inspections, key=lambda i: i.previous):
        seen.setdefault(i.authority_code, None)
    return list(seen)


def plan(sources: Sequence[Source], n_reports: int, n_texts: int, seed: int,
         n_authorities: int | None = None) -> list[Planned]:
    """Deterministic assignment of real sources to authorities and dates.

    Reports: each authority gets ``n_reports / 153`` distinct real reports (rounded, the
    remainder spread at random), chosen as far apart in time as the number allows and kept in
    their era (dates move by at most half a year, so a SIF stays a SIF); texts: one per two
    reports by default, each placed 2 to 16 months after one of its authority's reports."""
    rng = random.Random(seed)
    auths = current_authorities()
    reports = [i for i, s in enumerate(sources) if s.genre == "report" and anchor_date(s.extraction)]
    texts = [i for i, s in enumerate(sources) if s.genre != "report" and s.extraction.inspections
             and anchor_date(s.extraction)]
    if not reports:
        raise SystemExit("no dated report among the sources")
    chosen_auths = (sorted(rng.sample(range(len(auths)), n_authorities)) if n_authorities
                    else list(range(len(auths))))
    per = dict.fromkeys(chosen_auths, n_reports // len(chosen_auths))
    for a in rng.sample(chosen_auths, n_reports % len(chosen_auths)):
        per[a] += 1
    planned: list[Planned] = []
    dated: dict[int, list[date]] = {}
    for a, k in per.items():
        chosen = _spread(rng, reports, k, lambda i: anchor_date(sources[i].extraction))
        used: set[date] = set()
        for src in chosen:
            anchor = anchor_date(sources[src].extraction)
            delta = min(max(rng.randint(-180, 180), (FIRST_DAY - anchor).days),
                        (LAST_DAY - anchor).days - 7)
            day = anchor + timedelta(days=delta)
            while day in used:  # one inspection of one type per authority per day
                delta, day = delta + 1, day + timedelta(days=1)
            used.add(day)
            dated.setdefault(a, []).append(day)
            planned.append(Planned(len(planned), src, a, delta))
    if texts:
        order = rng.sample(chosen_auths, len(chosen_auths))
        for t in range(n_texts):
            a = order[t % len(order)]
            src = texts[rng.randrange(len(texts))]
            base = rng.choice(dated.get(a) or [date(2019, 1, 1)])
            target = min(LAST_DAY, base + timedelta(days=rng.randint(60, 480)))
            delta = (target - anchor_date(sources[src].extraction)).days
            codes = _authority_codes(sources[src].extraction)
            others = tuple((c, rng.choice(chosen_auths)) for c in codes[1:])
            planned.append(Planned(len(planned), src, a, delta, others))
    return planned


def _spread(rng: random.Random, pool: list[int], k: int, when) -> list[int]:
    """k distinct items of ``pool`` (with repeats only when k exceeds it), preferring samples
    whose dates lie at least a year apart, as one council's inspections do."""
    if k >= len(pool):
        return sorted(pool * (k // len(pool)) + rng.sample(pool, k % len(pool)), key=when)
    gap = min(365, 14 * 365 // max(k, 1))
    best: list[int] = []
    for _ in range(30):
        pick = sorted(rng.sample(pool, k), key=when)
        if all((when(b) - when(a)).days >= gap for a, b in zip(pick, pick[1:])):
            return pick
        best = best or pick
    return best


# ------------------------------------------------------------------ mapping and storing

def synthetic_sha(seed: int, index: int) -> str:
    return hashlib.sha256(f"kg-national-corpus/seed={seed}/doc={index}".encode()).hexdigest()


_SOURCES: list[Source] = []  # set before workers fork
_SEED = 0


def render(p: Planned) -> tuple[str, str, str, bytes, int, int, int]:
    """One planned document mapped from its re-issued records: (source, name, sha256,
    N-Triples, triples, findings, improvement points)."""
    from kg.mapping import map_extraction, to_ntriples

    src = _SOURCES[p.source]
    auths = current_authorities()
    codes = _authority_codes(src.extraction)
    mapping = {codes[0]: auths[p.authority]} if codes else {}
    mapping.update({c: auths[a] for c, a in p.others})
    ex = reissue(src.extraction, mapping, timedelta(days=p.delta_days))
    sha = synthetic_sha(_SEED, p.index)
    day = anchor_date(ex)
    suffix = Path(src.path).suffix or ".txt"
    name = (f"{auths[p.authority].short_name.lower().replace(' ', '-')}_"
            f"{day.isoformat() if day else 'undated'}_{ex.genre}-{p.index:05d}{suffix}")
    doc = replace(src.doc, path=Path(name), sha256=sha)
    triples = map_extraction(doc, ex)
    findings = sum(len(i.findings) for i in ex.inspections)
    recs = sum(len(i.recommendations) for i in ex.inspections)
    return (f"/synthetic/national-seed{_SEED}/{name}", name, sha, to_ntriples(triples),
            len(triples), findings, recs)


def corpus_files(root: Path, text_roots: Iterable[Path]) -> list[Path]:
    from kg.build import collect_files

    files, _ = collect_files([root, *text_roots])
    return [f for f in files if f.stem.upper() not in NOT_DOCUMENTS]


@dataclass
class Generated:
    documents: int = 0
    reports: int = 0
    texts: int = 0
    triples: int = 0
    findings: int = 0
    report_findings: int = 0
    improvement_points: int = 0
    report_triples: int = 0
    authorities: int = 0
    extract_s: float = 0.0
    generate_s: float = 0.0
    nt_bytes: int = 0


def generate(store, sources: Sequence[Source], n_reports: int, n_texts: int, seed: int,
             jobs: int = 2, nt_dir: Path | None = None, reference: bytes | None = None,
             n_authorities: int | None = None) -> Generated:
    """Map and store the planned documents; returns what was generated."""
    global _SOURCES, _SEED
    from kg.reference import reference_ntriples

    _SOURCES, _SEED = list(sources), seed
    planned = plan(sources, n_reports, n_texts, seed, n_authorities)
    ref = reference if reference is not None else reference_ntriples()
    if store is not None:
        store.set_reference(ref)
    if nt_dir:
        nt_dir.mkdir(parents=True, exist_ok=True)
        (nt_dir / "reference.nt").write_bytes(ref)
        index = (nt_dir / "graphs.tsv").open("w", encoding="utf-8")
    out = Generated(authorities=len({p.authority for p in planned}))
    t = time.perf_counter()
    for p, (source, name, sha, nt, n, findings, recs) in zip(planned, _map(render, planned, jobs)):
        if store is not None:
            store.put_document(source, name, sha, nt)
        if nt_dir:
            (nt_dir / f"{sha}.nt").write_bytes(nt)
            index.write(f"{sha}.nt\t{_graph_iri(sha)}\t{name}\n")
        out.documents += 1
        if sources[p.source].genre == "report":
            out.reports += 1
            out.report_findings += findings
            out.report_triples += n
        else:
            out.texts += 1
        out.triples += n
        out.findings += findings
        out.improvement_points += recs
        out.nt_bytes += len(nt)
    if store is not None:
        try:  # a store with build-time summaries (kg after a22266c) recomputes them, as a build does
            from kg.build import refresh_summaries
        except ImportError:
            refresh_summaries = None
        if refresh_summaries is not None:
            refresh_summaries(store)
        store.flush()
    if nt_dir:
        index.close()
    out.generate_s = time.perf_counter() - t
    return out


def _graph_iri(sha: str) -> str:
    try:
        from kg.vocab import document_graph

        return str(document_graph(sha))
    except ImportError:  # pragma: no cover - only the file name is essential
        return ""


def parse_size(size: str) -> int | None:
    """``dev`` (the real reports as they are), ``1x``, ``10x``, ``2.5x`` or a report count."""
    if size in SIZES:
        return SIZES[size]
    if size.endswith("x"):
        return round(float(size[:-1]) * REAL_REPORTS)
    return int(size)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="1x", help="1x (435 reports), 10x (4,350) or a report count")
    ap.add_argument("--store", type=Path, help="store folder to fill (must be new or empty)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--authorities", type=int, help="a seeded sample of this many authorities "
                    "(default: all 153 current ones)")
    ap.add_argument("--nt-dir", type=Path, help="also write each document graph as N-Triples here")
    ap.add_argument("--reports", type=Path, default=SHARED / "reports", help="real reports")
    ap.add_argument("--texts", type=Path, nargs="*", default=[SHARED / "texts", SHARED / "seeds"],
                    help="real letters and news texts")
    ap.add_argument("--texts-per-report", type=float, default=0.5)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/bench/cache"),
                    help="where extracted records are kept between runs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    a = ap.parse_args(argv)
    if a.store is None and a.nt_dir is None:
        ap.error("give --store and/or --nt-dir")
    n_reports = parse_size(a.size)
    t = time.perf_counter()
    files = corpus_files(a.reports, [p for p in a.texts if p.exists()])
    sources = load_sources(files, a.cache, a.jobs, log=lambda m: print(m, file=sys.stderr))
    extract_s = time.perf_counter() - t
    if n_reports is None:
        n_reports = sum(s.genre == "report" for s in sources)
    n_texts = round(n_reports * a.texts_per_report)
    store = None
    if a.store is not None:
        from kg.store import KgStore

        store = KgStore(a.store)
    try:
        g = generate(store, sources, n_reports, n_texts, a.seed, a.jobs, a.nt_dir,
                     n_authorities=a.authorities)
    finally:
        if store is not None:
            store.close()
    g.extract_s = extract_s
    summary = dataclasses.asdict(g) | {"size": a.size, "seed": a.seed, "sources": len(sources),
                                       "store": str(a.store) if a.store else None}
    if a.json:
        print(json.dumps(summary))
    else:
        print(f"generated {g.documents:,} documents ({g.reports:,} reports, {g.texts:,} letters/news) "
              f"for {g.authorities} authorities from {len(sources)} real documents: "
              f"{g.triples:,} triples, {g.findings:,} findings, {g.improvement_points:,} improvement "
              f"points (per report: {g.report_findings / max(g.reports, 1):.0f} findings, "
              f"{g.report_triples / max(g.reports, 1):,.0f} triples); "
              f"{g.nt_bytes / 1e6:,.0f} MB of N-Triples; records in {g.extract_s:.1f} s, "
              f"mapped and stored in {g.generate_s:.1f} s")


if __name__ == "__main__":
    main()
