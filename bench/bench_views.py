"""Median time to generate each view (projection + HTML page written to disk) and the analysis.

Each repeat starts from a fresh ``KgData`` over an already-loaded store, as one ``kg view``
command does after opening the store; loading the store is timed separately.

    python bench/bench_views.py                          # synthetic 153 x 10 only
    python bench/bench_views.py --store /tmp/kgdev       # plus a built store
    python bench/bench_views.py --store /tmp/kgdev --write   # also update bench/RESULTS.md

The 153-authority shared-weaknesses view must take under a second (median); the script says
whether it does and exits 1 when it does not.
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from kg.store import KgStore  # noqa: E402
from kg.views.analytics import analyse  # noqa: E402
from kg.views.projections import (KgData, authority_view, inspectors_view,  # noqa: E402
                                  shared_weaknesses, theme_view, themes_view)
from kg.views.render import write_view  # noqa: E402

LIMIT = 1.0  # seconds, shared-weaknesses view of 153 authorities
HEADING = "## Views"


def _pick(store: KgStore) -> tuple[str, str]:
    """The authority with most inspections and the commonest weakness theme."""
    data = KgData(store)
    auth = max(data.by_authority, key=lambda a: (len(data.by_authority[a]), a))
    themes = Counter(t for p in data.profiles(with_evidence=False).values() for t in p.themes)
    return auth, (themes.most_common(1)[0][0] if themes else "workforce-stability")


def bench_store(store: KgStore, repeat: int, out: Path) -> list[tuple[str, float, float, str]]:
    """[(view, median seconds, median projection-only seconds, size)]."""
    auth, theme = _pick(store)
    cases = {
        "shared-weaknesses": lambda d: shared_weaknesses(d),
        "shared-weaknesses --weight jaccard": lambda d: shared_weaknesses(d, weight="jaccard"),
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
