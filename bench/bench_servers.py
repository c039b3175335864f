"""Benchmark: build a corpus into each store engine and time every saved query on it.

    .venv/bin/python bench/bench_servers.py [CORPUS_DIR] [--stores embedded,oxigraph,virtuoso,endpoint]
                                           [--store URL] [--runs 5]

Engines: ``embedded`` (a store folder), ``oxigraph`` and ``virtuoso`` (servers started on
loopback with their own database folder, as the tests do), ``endpoint`` (``kg serve`` over the
embedded store, queries through HTTP), or ``--store URL`` for a server you run yourself
(credentials from KG_STORE_USER/KG_STORE_PASSWORD or ~/.netrc). Each build is a fresh ``kg build``
process into an empty store; then an unchanged rebuild; then the median of ``--runs`` runs of
each saved query (after one warm-up run). Prints a Markdown section for bench/RESULTS.md.
Larger corpora (bench/national.py) are given as CORPUS_DIR.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reports"
KG = str(Path(sys.executable).parent / "kg")
PARAMS = {"authority": "Birmingham", "other": "Hackney", "grade": "inadequate"}
sys.path.insert(0, str(ROOT / "tests"))


def du(path: Path) -> float:
    """Megabytes on disk under ``path``."""
    total = sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file())
    return total / 1e6


_WRAP = """import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, file=sys.stderr)
sys.exit(code)
"""


def timed_build(corpus: Path, store: str, env: dict) -> tuple[float, str, float]:
    """Wall time, kg's summary line, and the peak RSS of the largest kg process (MB)."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _WRAP, KG, "build", str(corpus), "-q", "-s", store],
                         capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if out.returncode not in (0, 2):
        raise SystemExit(f"build failed: {out.stderr[-2000:]}")
    return wall, out.stdout.strip(), float(out.stderr.strip().splitlines()[-1])


_QUERY = r"""
import json, statistics, sys, time
from kg.queries import bind_params, saved_queries
from kg.store import open_store
location, name, runs, given, http = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
q = saved_queries()[name]
if http:
    import httpx
    client = httpx.Client(timeout=None)
else:
    store = open_store(location)
times = []
for i in range(runs + 1):  # the first run warms caches and is not counted
    t = time.perf_counter()
    if http:
        r = client.get(f"{http}/saved/{name}", params=given,
                       headers={"Accept": "text/tab-separated-values"})
        r.raise_for_status()
        rows = r.text.count("\n") - 1
    else:
        rows = sum(1 for _ in store.query(q.text, bind_params(q, given)))
    if i:
        times.append((time.perf_counter() - t) * 1000)
print(json.dumps([statistics.median(times), rows]))
"""


def query_latencies(location: str, env: dict, runs: int, limit: float,
                    via_http: str | None = None) -> dict[str, tuple[float | None, int]]:
    """Median ms and rows of each saved query, each in its own process that is stopped after
    ``limit`` seconds (None: over the limit)."""
    import json

    from kg.queries import saved_queries

    out = {}
    for name, q in saved_queries().items():
        given = {k: v for k, v in PARAMS.items() if k in {p.name for p in q.params}}
        try:
            r = subprocess.run([sys.executable, "-c", _QUERY, location, name, str(runs),
                                json.dumps(given), via_http or ""], capture_output=True,
                               text=True, env=env, timeout=limit)
            ms, rows = json.loads(r.stdout) if r.returncode == 0 else (None, -1)
        except subprocess.TimeoutExpired:
            ms, rows = None, 0
        out[name] = (ms, rows)
        print(f"  {name}: {ms if ms is None else round(ms)} ms", file=sys.stderr)
    return out


def start_endpoint(store: Path) -> tuple[subprocess.Popen, str]:
    import httpx
    from servers import free_port

    port = free_port()
    p = subprocess.Popen([KG, "serve", "-s", str(store), "--port", str(port), "--timeout", "120",
                          "--max-rows", "1000000"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/sparql", params={"query": "ASK {}"}).status_code == 200:
                return p, base
        except httpx.HTTPError:
            time.sleep(0.2)
    p.kill()
    raise SystemExit("kg serve did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--stores", default="embedded,endpoint,oxigraph,virtuoso")
    ap.add_argument("--store", help="an existing SPARQL server's query URL (built into!)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--limit", type=float, default=60.0, help="seconds allowed per query (all runs)")
    args = ap.parse_args()
    from servers import server_env, start_oxigraph, start_virtuoso

    files = [f for f in args.corpus.rglob("*") if f.is_file()]
    results: dict[str, dict] = {}
    kinds = [k for k in args.stores.split(",") if k] + (["url"] if args.store else [])
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        for kind in kinds:
            env = {k: v for k, v in os.environ.items() if not k.startswith("KG_STORE")}
            server, endpoint = None, None
            if kind in ("embedded", "endpoint"):
                folder = tmp / kind / "store"
                location, disk = str(folder), folder
            elif kind == "url":
                location, disk = args.store, None
                env.update({k: v for k, v in os.environ.items() if k.startswith("KG_STORE")})
            else:
                root = tmp / kind
                root.mkdir()
                server = (start_oxigraph if kind == "oxigraph" else start_virtuoso)(root)
                env = server_env(server)
                location, disk = server.url, root / "db"
            try:
                build_s, message, peak = timed_build(args.corpus, location, env)
                rebuild_s, _, _ = timed_build(args.corpus, location, env)
                print(f"{kind}: build {build_s:.1f} s, rebuild {rebuild_s:.2f} s", file=sys.stderr)
                if kind == "endpoint":
                    endpoint, base = start_endpoint(Path(location))
                    lat = query_latencies(location, env, args.runs, args.limit, via_http=base)
                else:
                    lat = query_latencies(location, env, args.runs, args.limit)
                if kind == "virtuoso" and server is not None:
                    server.stop()  # checkpoint, so the database size on disk is real
                    server = None
                results[kind] = {"build_s": build_s, "rebuild_s": rebuild_s, "message": message,
                                 "peak_mb": peak, "disk_mb": du(disk) if disk else None,
                                 "latency": lat}
            finally:
                if endpoint is not None:
                    endpoint.terminate()
                    endpoint.wait()
                if server is not None:
                    server.stop()
    report(args.corpus, len(files), results, args)


def report(corpus: Path, nfiles: int, results: dict, args) -> None:
    kinds = list(results)
    first = next(iter(results.values()))
    print(f"Corpus `{corpus.name}/` ({nfiles} files): {first['message']}\n")
    print("| store | build (s) | documents/s | unchanged rebuild (s) | peak RSS of kg build (MB) | on disk (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for k, r in results.items():
        docs = int(r["message"].split("built ")[1].split(" ")[0]) if "built " in r["message"] else 0
        disk = f"{r['disk_mb']:.0f}" if r["disk_mb"] is not None else "–"
        print(f"| {k} | {r['build_s']:.1f} | {docs / r['build_s']:.1f} | {r['rebuild_s']:.2f} | "
              f"{r['peak_mb']:.0f} | {disk} |")
    print(f"\nMedian of {args.runs} warm runs of each saved query (ms; rows in brackets; each query "
          f"stopped after {args.limit:g} s):\n")
    print("| query | " + " | ".join(kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for name in first["latency"]:
        cells = []
        for k in kinds:
            ms, rows = results[k]["latency"][name]
            cells.append("over the limit" if ms is None and rows == 0 else "failed" if ms is None
                         else f"{ms:.0f} ({rows})")
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
