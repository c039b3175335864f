"""Benchmark: build the report corpus (wall time, peak memory, pages per second) and the median
latency of every saved query on the result.

    .venv/bin/python bench/bench_build.py [CORPUS_DIR] [--runs 3] [--write]

Each build runs in a fresh process (so peak RSS is the build's own; the largest worker process is
reported too) into a fresh store folder.
``--write`` replaces the "Build" and "Queries" sections of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "reports"

_CHILD = r"""
import json, resource, sys, time
from kg.build import build
from kg.store import KgStore
from kg.documents import read_document
t = time.perf_counter()
store = KgStore(sys.argv[2])
summary = build([sys.argv[1]], store)
wall = time.perf_counter() - t
pages = 0
for src in store.sources:
    pages += read_document(src).page_count
print(json.dumps({"wall_s": wall, "documents": summary.documents, "failures": len(summary.failures),
                  "triples": summary.triples_added, "pages": pages,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def bench_build(corpus: Path, runs: int) -> tuple[list[dict], Path]:
    results = []
    keep = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    for i in range(runs):
        store = keep / f"store{i}"
        out = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(store)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results, keep / f"store{runs - 1}"


SAMPLE_PARAMS = {"authority": "Ealing", "other": "Luton", "grade": "inadequate",
                 "inspector": "Tom Anthony", "area": "help-and-protection"}


def bench_queries(store_path: Path, repeats: int = 7) -> tuple[float, dict[str, tuple[float, int]]]:
    """Seconds to load the store into the query engine, and each query's median (ms, rows)."""
    from kg.queries import bind_params, saved_queries
    from kg.store import KgStore

    store = KgStore(store_path, read_only=True)
    t = time.perf_counter()
    store.ox  # loads the graph files
    load_s = time.perf_counter() - t
    out = {}
    for name, q in saved_queries().items():
        params = {p.name: SAMPLE_PARAMS[p.name] for p in q.params if p.required}
        bindings = bind_params(q, params)
        times, rows = [], 0
        for _ in range(repeats):
            t = time.perf_counter()
            rows = len(list(store.query(q.text, bindings)))
            times.append(time.perf_counter() - t)
        out[name] = (statistics.median(times) * 1000, rows)
    return load_s, out


def replace_section(path: Path, heading: str, body: str) -> None:
    """Replace (or append) the '## heading' section of RESULTS.md, leaving others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip() == f"## {heading}"), None)
    new = [f"## {heading}", "", *body.rstrip().splitlines(), ""]
    if start is None:
        lines += ["", *new]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = new
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    a = ap.parse_args()
    builds, store = bench_build(a.corpus, a.runs)
    med = {k: statistics.median(b[k] for b in builds)
           for k in ("wall_s", "peak_rss_mb", "peak_worker_rss_mb")}
    b0 = builds[0]
    build_md = (
        f"Corpus: `{a.corpus.name}/` ({b0['documents']} documents read, {b0['failures']} refused, "
        f"{b0['pages']} pages, {b0['triples']:,} triples). {a.runs} builds, each in a fresh process "
        "into a fresh store folder (default worker processes); medians.\n\n"
        "| wall time (s) | peak RSS, main process (MB) | peak RSS, largest worker (MB) | pages per second |\n"
        "|---:|---:|---:|---:|\n"
        f"| {med['wall_s']:.2f} | {med['peak_rss_mb']:.0f} | {med['peak_worker_rss_mb']:.0f} "
        f"| {b0['pages'] / med['wall_s']:.0f} |\n\n"
        "Runs: " + ", ".join(f"{b['wall_s']:.2f} s" for b in builds) + "\n")
    load_s, q = bench_queries(store)
    query_md = (f"Loading that store into the in-memory query engine took {load_s:.2f} s (once per "
                "command). Then the median of 7 runs of each saved query, in process.\n\n"
                "| query | median (ms) | rows |\n|---|---:|---:|\n"
                + "".join(f"| `{n}` | {ms:.1f} | {rows} |\n" for n, (ms, rows) in q.items()))
    print(build_md)
    print(query_md)
    if a.write:
        replace_section(HERE / "RESULTS.md", "Build", build_md)
        replace_section(HERE / "RESULTS.md", "Queries", query_md)


if __name__ == "__main__":
    main()
