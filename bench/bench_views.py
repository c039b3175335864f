"""Median time to generate each view (projection + HTML page written to disk) and the analysis.

Each repeat starts from a fresh ``KgData`` over an already-open store, as one ``kg view``
command does after opening the store; with ``--national DIR`` the same views also run as
commands in fresh processes (cold: open the RocksDB store, read, render, write), median and
p95 of ``--repeat``.

    python bench/bench_views.py                          # synthetic 153 x 10 (1/8 density)
    python bench/bench_views.py --national /tmp/kg-national   # 153 x 3 at national density
    python bench/bench_views.py --store /tmp/kgdev       # plus a built store
    python bench/bench_views.py --store /tmp/kgdev --write   # also update bench/RESULTS.md

The 153-authority views must take under ``LIMIT`` seconds (median); the script says whether
they do and exits 1 when one does not.
"""
from __future__ import annotations

import argparse
import gc
import random
import subprocess
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from kg.store import KgStore  # noqa: E402
from kg.views.analytics import analyse  # noqa: E402
from kg.views.projections import (KgData, Selection, authority_view,  # noqa: E402
                                  inspectors_view, shared_weaknesses, theme_view, themes_view)
from kg.views.render import write_view  # noqa: E402

LIMIT = 2.0  # seconds, every view of 153 authorities (issue 7: cold, end to end)
HEADING = "## Views"


def _pick(store: KgStore) -> tuple[str, str]:
    """The authority with most inspections and the commonest weakness theme."""
    data = KgData(store)
    auth = max(data.by_authority, key=lambda a: (len(data.by_authority[a]), a))
    themes = Counter(t for p in data.profiles().values() for t in p.themes)
    return auth, (themes.most_common(1)[0][0] if themes else "workforce-stability")


def bench_store(store: KgStore, repeat: int, out: Path) -> list[tuple[str, float, float, str]]:
    """[(view, median seconds, median projection-only seconds, size)]."""
    auth, theme = _pick(store)
    cases = {
        "shared-weaknesses": lambda d: shared_weaknesses(d),
        "shared-weaknesses --weight shared --k 5": lambda d: shared_weaknesses(d, weight="shared", k=5),
        "shared-weaknesses --since 2015": lambda d: shared_weaknesses(d, Selection(date(2015, 1, 1))),
        "authority": lambda d: authority_view(d, auth),
        "themes": lambda d: themes_view(d),
        "theme": lambda d: theme_view(d, theme),
        "inspectors": lambda d: inspectors_view(d),
    }
    rows = []
    write_view(shared_weaknesses(KgData(store)), out / "warmup.html")  # imports, vis assets
    gc.collect()  # building a store in this process leaves garbage that a one-shot
    gc.freeze()  # 'kg view' command does not have; keep its collection out of the timings
    for name, make in cases.items():
        totals, projections = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            G = make(KgData(store))
            t1 = time.perf_counter()
            path = write_view(G, out / "view.html")
            t2 = time.perf_counter()
            totals.append(t2 - t0)
            projections.append(t1 - t0)
        size = (f"{G.number_of_nodes()} nodes, {G.number_of_edges()} links, "
                f"{path.stat().st_size / 1e6:.1f} MB")
        rows.append((name, statistics.median(totals), statistics.median(projections), size))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = analyse(KgData(store))
        times.append(time.perf_counter() - t0)
    groups = sum(1 for c in result.communities if c.size > 1)
    rows.append(("analyse", statistics.median(times), statistics.median(times),
                 f"{result.authorities} authorities, {groups} communities"))
    return rows


# ------------------------------------------------------------------ national density

NATIONAL_YEARS = ((2014, "sif"), (2018, "ilacs-standard"), (2023, "ilacs-standard"))
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")


def national_extractions(n_authorities: int = 153, findings: int = 225, points: int = 10,
                         seed: int = 7):
    """``(Document, Extraction)`` per inspection, ``len(NATIONAL_YEARS)`` per authority, at the
    density of real reports (issue 7: about 225 findings, a third of them weaknesses, and 10
    improvement points each). Theme popularity falls off like a Zipf law; each authority
    over-weights 3-6 themes of its own; weaker grades state more weaknesses."""
    from kg.authorities import all_authorities
    from kg.documents import document_from_pages
    from kg.records import Evidence, Extraction, Finding, Inspection, Judgement, Person, Recommendation
    from kg.themes import load_themes

    rng = random.Random(seed)
    ids = [t.id for t in load_themes()]
    order = rng.sample(ids, len(ids))
    popularity = {t: 1.0 / (r + 1) ** 0.6 for r, t in enumerate(order)}
    current = sorted((a for a in all_authorities() if a.valid_to is None), key=lambda a: a.gss)
    inspectors = [f"Inspector {i}" for i in range(70)]
    for a in current[:n_authorities]:
        chronic = set(rng.sample(ids, rng.randint(3, 6)))
        weights = [popularity[t] * (6.0 if t in chronic else 1.0) for t in ids]
        for year, kind in NATIONAL_YEARS:
            grade = rng.choice(GRADES)
            share = {"outstanding": 0.15, "good": 0.25, "requires-improvement": 0.4,
                     "inadequate": 0.55}[grade]
            when = date(year, 2, 1) + timedelta(days=rng.randint(0, 300))
            lead = rng.choice(inspectors)
            sentences = [f"Inspection of {a.short_name} {kind} {when.isoformat()}",
                         f"Lead inspector: {lead}", f"Overall effectiveness: {grade}"]
            facts = []
            for i in range(findings):
                themes = tuple(dict.fromkeys(rng.choices(ids, weights, k=rng.choice((1, 1, 2, 3)))))
                polarity = "weakness" if rng.random() < share else "strength"
                facts.append((polarity, themes, len(sentences)))
                sentences.append(f"{a.short_name} {year} finding {i} ({polarity}) on {themes[0]}.")
            recs = []
            for i in range(points):
                themes = tuple(dict.fromkeys(rng.choices(ids, weights, k=rng.choice((1, 2)))))
                recs.append((themes, i + 1, len(sentences)))
                sentences.append(f"Improve {themes[0]} in {a.short_name} ({year}, point {i + 1}).")
            pages = ["".join(f"{x}\n" for x in sentences[i:i + 10]) for i in range(0, len(sentences), 10)]
            name = f"{a.short_name.lower().replace(' ', '-')}_{when.isoformat()}_{kind}.pdf"
            doc = document_from_pages(Path(name), pages, ("".join(pages) + name).encode(), "pdf")
            starts = [doc.page_starts[i // 10] + sum(len(x) + 1 for x in sentences[i - i % 10:i])
                      for i in range(len(sentences))]

            def ev(i: int) -> Evidence:
                return Evidence(starts[i], starts[i] + len(sentences[i]), sentences[i], i // 10 + 1)

            insp = Inspection(
                authority_code=a.gss, authority_name=a.short_name, type=kind, start_date=when,
                end_date=when + timedelta(days=11), publication_date=when + timedelta(days=45),
                judgements=(Judgement("overall-effectiveness", grade, ev(2)),),
                people=(Person(lead, "lead inspector", lead=True, evidence=ev(1)),),
                findings=tuple(Finding(pol, ts, ev(i)) for pol, ts, i in facts),
                recommendations=tuple(Recommendation(sentences[i], ts, n, "la", ev(i))
                                      for ts, n, i in recs))
            yield doc, Extraction(inspections=(insp,), genre="report",
                                  title=f"Inspection of {a.short_name}", published=when)


def national_store(path: Path, n_authorities: int = 153, seed: int = 7) -> KgStore:
    """Build (once) an on-disk store of :func:`national_extractions` with its summaries."""
    from kg.build import refresh_summaries
    from kg.mapping import map_extraction, to_ntriples
    from kg.reference import reference_ntriples

    if not (path / "CURRENT").is_file():
        store = KgStore(path)
        store.set_reference(reference_ntriples())
        for doc, ex in national_extractions(n_authorities, seed=seed):
            store.put_document(f"national/{doc.name}", doc.name, doc.sha256,
                               to_ntriples(map_extraction(doc, ex)))
        refresh_summaries(store)
        store.commit()
        store.close()
    return KgStore(path, read_only=True)


def bench_cold(folder: Path, repeat: int, out: Path, auth: str, theme: str
               ) -> list[tuple[str, float, float, float]]:
    """[(command, median s, p95 s, median CPU s)]: each view as a ``kg`` command in a fresh
    process (CPU = user + system time of the process: what the figures would be on an idle
    machine, the shared one being busy)."""
    import resource
    kg = [sys.executable, "-m", "kg"]
    gss = auth.rsplit("/", 1)[-1]
    commands = {
        "kg view shared-weaknesses": ["view", "shared-weaknesses"],
        "kg view shared-weaknesses --since 2015": ["view", "shared-weaknesses", "--since", "2015"],
        f"kg view authority {gss}": ["view", "authority", gss],
        "kg view themes": ["view", "themes"],
        f"kg view theme {theme}": ["view", "theme", theme],
        "kg view inspectors": ["view", "inspectors"],
        "kg analyse": ["analyse"],
    }
    rows = []
    for name, args in commands.items():
        times, cpu = [], []
        for _ in range(repeat):
            extra = ["-o", str(out / "cold.html")] if args[0] == "view" else []
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(kg + args + extra + ["--store", str(folder)], check=True,
                           capture_output=True, cwd=out)
            times.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        times.sort()
        rows.append((name, statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))],
                     statistics.median(cpu)))
    return rows


def _table(title: str, load: float | None, quads: int, rows) -> list[str]:
    where = (f"Store loaded into memory in {load:.2f} s" if load is not None
             else "Store built in memory")
    lines = [f"### {title}", "", f"{where} ({quads:,} quads; not included below).", "",
             "| view | median total (s) | of which projection (s) | size |",
             "|---|---:|---:|---|"]
    lines += [f"| {name} | {total:.3f} | {proj:.3f} | {size} |" for name, total, proj, size in rows]
    return lines + [""]


def write_results(section: list[str], path: Path = HERE / "RESULTS.md") -> None:
    """Replace (or append) the "## Views" section, leaving other sections alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip() == HEADING), None)
    if start is None:
        new = lines + ([""] if lines and lines[-1].strip() else []) + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        new = lines[:start] + section + lines[end:]
    path.write_text("\n".join(new).rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, action="append", default=[],
                    help="a store built with 'kg build' (repeatable)")
    ap.add_argument("--authorities", type=int, default=153)
    ap.add_argument("--inspections", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--national", type=Path, default=None,
                    help="build (once) or reuse a national-density store of 153 x 3 here")
    ap.add_argument("--write", action="store_true", help="update the Views section of bench/RESULTS.md")
    args = ap.parse_args()

    section = [HEADING, "",
               f"`python bench/bench_views.py` ({time.strftime('%Y-%m-%d')}, Python "
               f"{platform.python_version()}, {os.cpu_count()} CPU(s), median of {args.repeat} runs "
               "each; total = projection (SPARQL -> networkx) + HTML page written to disk; "
               "every run builds a fresh `KgData`, as one `kg view` command does; the machine is "
               "shared with other jobs, so medians move by about a third between runs).", ""]
    verdict = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for folder in args.store:
            t0 = time.perf_counter()
            store = KgStore(folder, read_only=True)
            quads = len(store)
            load = time.perf_counter() - t0
            rows = bench_store(store, args.repeat, out)
            block = _table(f"Store {folder} ({len(store.sources)} documents)", load, quads, rows)
            section += block
            print("\n".join(block))
        if args.national:
            t0 = time.perf_counter()
            store = national_store(args.national, seed=args.seed)
            opened = time.perf_counter() - t0
            rows = bench_store(store, args.repeat, out)
            auth, theme = _pick(store)
            title = (f"National density: 153 authorities x {len(NATIONAL_YEARS)} inspections, "
                     f"225 findings and 10 improvement points each (on-disk store {args.national})")
            block = _table(title, opened, len(store), rows)
            store.close()
            cold = bench_cold(args.national, args.repeat, out, auth, theme)
            slow = [name for name, median, _, _ in cold if median >= LIMIT]
            verdict = 1 if slow else verdict
            block += ["Cold, end to end (a fresh `kg` process: open the store, read, render, write; "
                      f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s)):", "",
                      "| command | median (s) | p95 (s) | CPU, median (s) |", "|---|---:|---:|---:|"]
            block += [f"| `{name}` | {median:.2f} | {p95:.2f} | {cpu:.2f} |"
                      for name, median, p95, cpu in cold]
            block += ["", f"Every view {'under' if not slow else 'NOT under'} the {LIMIT:.0f} s "
                          f"budget{': ' + ', '.join(slow) if slow else ''}.", ""]
            section += block
            print("\n".join(block))
        if not args.no_synthetic:
            from synthetic import synthetic_store

            t0 = time.perf_counter()
            store = synthetic_store(args.authorities, args.inspections, args.seed)
            built = time.perf_counter() - t0
            quads = len(store)
            rows = bench_store(store, args.repeat, out)
            title = (f"Synthetic: {args.authorities} authorities x {args.inspections} inspections "
                     f"(bench/synthetic.py, seed {args.seed}, built in memory in {built:.0f} s)")
            shared = rows[0][1]
            ok = shared < LIMIT
            verdict = 0 if ok else 1
            block = _table(title, None, quads, rows) + [
                f"Shared-weaknesses view of {args.authorities} authorities: median {shared:.3f} s, "
                f"{'under' if ok else 'NOT under'} the {LIMIT:.0f} s budget.", ""]
            section += block
            print("\n".join(block))
    if args.write:
        write_results(section)
        print(f"wrote the Views section of {HERE / 'RESULTS.md'}")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
