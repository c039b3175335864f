"""National-scale benchmark harness: every saved query, view and command from a fresh process.

For each design (a ``kg`` checkout and a store it built) and one corpus size it measures

- cold time of every saved query (with the typical parameters of ``TYPICAL``), every view,
  ``kg analyse``, ``kg stats`` (median and p95 of ``--repeats`` fresh processes) and
  ``kg validate`` (once), with each command's peak RSS (``os.wait4`` rusage of that process);
- warm engine time: one process opens the store once, then runs each saved query
  ``--warm`` times (median);
- store size on disk, and (with ``--build``) the build of the real reports next to the
  text-extraction floor (pypdfium2 text of the same files on 2 worker processes), same run.

Designs run interleaved (command by command), so they see the same machine load. Every child
runs under a wall-clock cap (``--timeout``) and an address-space cap (``--mem-cap-gb``).

    python bench/bench_national.py --size 1x --design today:/tmp/bench/1x-today:/tmp/kg-a22266c \\
        --design new:/tmp/bench/1x-new:/work/main --build --json out.json --md out.md

A design is ``LABEL:STORE[:KG_SRC]``; without KG_SRC the ``kg`` this interpreter imports is
used. With ``--generate`` a missing store is filled first by ``bench/national.py`` (or, at size
``dev``, by ``kg build`` of the real reports) run with that design's ``kg``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus"
CLI = "from kg.cli import main; main()"

# Typical parameters: present in every national-density corpus generated from the dev reports
# (Ealing and Luton have real reports; Margaret Burke leads many of them; care-leaver support
# is one of the commonest themes).
TYPICAL = {"authority": "Ealing", "other": "Luton", "grade": "inadequate",
           "area": "help-and-protection", "theme": "care-leaver-support",
           "inspector": "Margaret Burke"}


@dataclass
class Design:
    label: str
    store: Path
    kg_src: Path | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("KG_STORE", None)
        if self.kg_src:
            env["PYTHONPATH"] = str(self.kg_src) + os.pathsep + env.get("PYTHONPATH", "")
        return env


@dataclass
class Run:
    """One child process: wall seconds, its own peak RSS, exit code, whether the cap hit."""

    wall_s: float
    rss_mb: float
    rc: int
    timed_out: bool
    stdout: str = ""
    stderr: str = ""


CHILD_CWD = Path(tempfile.gettempdir())  # not a checkout: ``python -c`` imports kg from its cwd


def run_child(argv: list[str], env: dict[str, str], timeout: float, mem_cap_gb: float,
              cwd: Path | None = None) -> Run:
    """Run ``argv`` in a new session under the caps; peak RSS from ``wait4`` of that pid.
    The cwd is never a checkout, so ``PYTHONPATH`` decides which kg runs."""
    def limits() -> None:
        os.setsid()
        if mem_cap_gb > 0:
            cap = int(mem_cap_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd or CHILD_CWD,
                             preexec_fn=limits)
        hit = threading.Event()

        def kill() -> None:
            hit.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        try:  # workers left behind by a killed command
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_maxrss / 1024, p.returncode, hit.is_set(),
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def kg_argv(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI, *args]


# ------------------------------------------------------------------ what to run

def saved_queries(design: Design, timeout: float) -> list[tuple[str, list[str]]]:
    """The design's saved queries (``kg queries --format json``) and their parameters."""
    r = run_child(kg_argv("queries", "--format", "json"), design.env(), timeout, 0)
    if r.rc != 0:
        raise SystemExit(f"{design.label}: 'kg queries' failed: {r.stderr.strip()[-500:]}")
    out = []
    for row in json.loads(r.stdout):
        params = re.findall(r"(\w+) \(([\w-]+)(, default [^)]*)?\)", row.get("parameters", ""))
        out.append((row["name"], [(name, not default) for name, _type, default in params]))
    return out


def query_args(name: str, params: list[tuple[str, bool]]) -> tuple[list[str], str]:
    """CLI arguments for a saved query with its typical parameters, and a note when a
    required parameter has no typical value (the query is then left out)."""
    args = ["query", name, "--format", "csv"]
    for pname, required in params:
        if pname in TYPICAL:
            args += ["--param", f"{pname}={TYPICAL[pname]}"]
        elif required:
            return [], f"no typical value for required parameter {pname!r}"
    return args, ""


def commands(design: Design, timeout: float, outdir: Path) -> list[tuple[str, list[str], str]]:
    """(label, CLI arguments without --store, note) for every command timed."""
    cmds = []
    for name, params in saved_queries(design, timeout):
        args, note = query_args(name, params)
        shown = " ".join(f"{p}={TYPICAL[p]}" for p, _ in params if p in TYPICAL)
        cmds.append((f"query {name}" + (f" ({shown})" if shown else ""), args, note))
    html = str(outdir / f"{design.label}-view.html")
    for view in (["shared-weaknesses"], ["authority", TYPICAL["authority"]], ["themes"],
                 ["theme", TYPICAL["theme"]], ["inspectors"]):
        cmds.append(("view " + " ".join(view), ["view", *view, "--output", html], ""))
    cmds += [("analyse", ["analyse"], ""), ("stats", ["stats"], "")]
    return cmds


def rows_of(stdout: str) -> int | None:
    """Data rows of a CSV answer (None when the output is not a CSV table)."""
    import csv
    import io

    if not stdout.strip():
        return 0
    try:
        return max(0, sum(1 for _ in csv.reader(io.StringIO(stdout))) - 1)
    except csv.Error:
        return None


# ------------------------------------------------------------------ measurements

def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (of 7 runs: the slowest)."""
    s = sorted(values)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


@dataclass
class Timing:
    label: str
    runs: list[dict] = field(default_factory=list)
    note: str = ""

    def summary(self) -> dict:
        ok = [r for r in self.runs if r["rc"] == 0 and not r["timed_out"]]
        walls = [r["wall_s"] for r in ok]
        failed = [r for r in self.runs if r not in ok]
        out = {"command": self.label, "runs": len(self.runs), "ok": len(ok), "note": self.note,
               "median_s": statistics.median(walls) if walls else None,
               "p95_s": p95(walls) if walls else None,
               "peak_rss_mb": max((r["rss_mb"] for r in self.runs), default=None),
               "rows": next((r.get("rows") for r in ok), None)}
        if failed:
            f = failed[0]
            out["failure"] = (f"did not finish in {f['wall_s']:.0f} s" if f["timed_out"] else
                              f"exit {f['rc']}: {f['stderr'].strip().splitlines()[-1][:160] if f['stderr'].strip() else ''}")
        return out


def time_commands(designs: list[Design], repeats: int, timeout: float, mem_cap: float,
                  outdir: Path, only: set[str] | None, log,
                  validate_timeout: float | None = None,
                  on_progress=None) -> dict[str, list[dict]]:
    """Cold runs, interleaved across designs; a command that fails or hits the cap once is not
    repeated (its figure would only be the cap again). ``on_progress`` hears the summaries so
    far after every run, so a long run leaves figures behind even when stopped."""
    plans = {d.label: commands(d, timeout, outdir) for d in designs}
    results: dict[str, dict[str, Timing]] = {d.label: {} for d in designs}
    labels = list(dict.fromkeys(l for d in designs for l, _, _ in plans[d.label]))
    extra = [("validate", ["validate", "--show", "0"], "")]
    for label in labels + [e[0] for e in extra]:
        if only and not any(o in label for o in only):
            continue
        n = 1 if label == "validate" else repeats
        for i in range(n):
            for d in designs:
                entry = next((c for c in plans[d.label] + extra if c[0] == label), None)
                if entry is None:
                    continue
                _, args, note = entry
                tm = results[d.label].setdefault(label, Timing(label, note=note))
                if note or any(r["rc"] != 0 or r["timed_out"] for r in tm.runs):
                    continue
                cap = validate_timeout or timeout if label == "validate" else timeout
                r = run_child(kg_argv(*args, "--store", str(d.store)), d.env(), cap, mem_cap)
                rec = asdict(r) | {"rows": rows_of(r.stdout) if args[0] == "query" else None}
                rec["stdout"] = r.stdout[-300:]
                rec["stderr"] = r.stderr[-600:]
                tm.runs.append(rec)
                if on_progress:
                    on_progress({k: [t.summary() for t in v.values()] for k, v in results.items()})
                log(f"  {d.label:>8} {label:<60} {r.wall_s:7.2f} s {r.rss_mb:7.0f} MB"
                    + (" TIMEOUT" if r.timed_out else "") + (f" rc={r.rc}" if r.rc else ""))
    return {k: [t.summary() for t in v.values()] for k, v in results.items()}


_WARM = r"""
import json, statistics, sys, time
from kg.queries import bind_params, saved_queries
from kg.store import KgStore
store_path, repeats, typical = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
t = time.perf_counter()
store = KgStore(store_path, read_only=True)
list(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))  # the engine is open and loaded
out = {"open_s": time.perf_counter() - t, "queries": {}}
for name, q in saved_queries().items():
    try:
        params = {p.name: typical[p.name] for p in q.params if p.name in typical}
        bindings = bind_params(q, params)
        times, rows = [], 0
        for _ in range(repeats):
            t = time.perf_counter()
            rows = sum(1 for _ in store.query(q.text, bindings))
            times.append(time.perf_counter() - t)
            if times[0] > 10:  # a slow query once only, so the others are reached
                break
        out["queries"][name] = {"median_ms": statistics.median(times) * 1000, "rows": rows,
                                "runs": len(times)}
    except Exception as e:
        out["queries"][name] = {"error": f"{type(e).__name__}: {e}"[:200]}
    print(json.dumps(out), flush=True)
"""


def warm(design: Design, repeats: int, timeout: float, mem_cap: float) -> dict:
    """One process, store opened once, each saved query ``repeats`` times (median)."""
    r = run_child([sys.executable, "-c", _WARM, str(design.store), str(repeats),
                   json.dumps(TYPICAL)], design.env(), timeout, mem_cap)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    out = json.loads(lines[-1]) if lines else {"queries": {}}
    out |= {"wall_s": r.wall_s, "peak_rss_mb": r.rss_mb, "rc": r.rc, "timed_out": r.timed_out}
    if r.rc and not r.timed_out:
        out["error"] = r.stderr.strip()[-300:]
    return out


_FLOOR = r"""
import json, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def text(path):
    import pypdfium2 as pdfium
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF-"):
        return 0
    pdf = pdfium.PdfDocument(data)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n += len(tp.get_text_bounded())
        tp.close(); page.close()
    pdf.close()
    return n

if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).glob("*.pdf"))
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=int(sys.argv[2])) as pool:
        chars = sum(pool.map(text, files, chunksize=1))
    print(json.dumps({"wall_s": time.perf_counter() - t, "files": len(files), "chars": chars}))
"""


def build_and_floor(designs: list[Design], reports: Path, runs: int, timeout: float,
                    mem_cap: float, workdir: Path, log) -> dict:
    """Build of the real reports by each design (fresh process, fresh store), interleaved
    with the text-extraction floor of the same files, ``runs`` times each; medians."""
    out: dict = {"floor": [], "builds": {d.label: [] for d in designs}}
    floor_py = workdir / "floor.py"
    floor_py.write_text(_FLOOR, encoding="utf-8")
    for i in range(runs):
        r = run_child([sys.executable, str(floor_py), str(reports), "2"], dict(os.environ),
                      timeout, mem_cap)
        if r.rc == 0:
            out["floor"].append(json.loads(r.stdout.strip().splitlines()[-1]) | {"rss_mb": r.rss_mb})
        log(f"  floor {r.wall_s:.2f} s")
        for d in designs:
            store = workdir / f"build-{d.label}-{i}"
            shutil.rmtree(store, ignore_errors=True)
            r = run_child(kg_argv("build", str(reports), "--store", str(store), "--quiet"),
                          d.env(), timeout, mem_cap)
            out["builds"][d.label].append({"wall_s": r.wall_s, "rss_mb": r.rss_mb, "rc": r.rc,
                                           "timed_out": r.timed_out,
                                           "summary": r.stdout.strip().splitlines()[-1:] or [""]})
            log(f"  build {d.label} {r.wall_s:.2f} s rc={r.rc}")
            if i < runs - 1:
                shutil.rmtree(store, ignore_errors=True)
    return out


def generate(design: Design, size: str, seed: int, reports: Path, timeout: float,
             mem_cap: float, log) -> dict:
    """Fill a missing store: ``kg build`` of the real reports at size dev, else
    bench/national.py; both with the design's kg."""
    if size == "dev":
        argv = kg_argv("build", str(reports), "--store", str(design.store), "--quiet")
    else:
        argv = [sys.executable, str(HERE / "national.py"), "--size", size, "--seed", str(seed),
                "--store", str(design.store), "--reports", str(reports), "--json"]
    r = run_child(argv, design.env(), timeout, mem_cap)
    log(f"  generated {design.store} in {r.wall_s:.1f} s rc={r.rc}")
    info: dict = {"wall_s": r.wall_s, "rss_mb": r.rss_mb, "rc": r.rc, "timed_out": r.timed_out}
    last = (r.stdout.strip().splitlines() or [""])[-1]
    info["output"] = json.loads(last) if last.startswith("{") else last
    if r.rc:
        info["stderr"] = r.stderr[-600:]
    return info


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# ------------------------------------------------------------------ report

def fmt_s(v: float | None) -> str:
    return "" if v is None else (f"{v:.2f}" if v < 100 else f"{v:.0f}")


def markdown(result: dict) -> str:
    """One table per design of the cold runs, then warm engine times and the build."""
    lines: list[str] = []
    meta = result["meta"]
    lines.append(f"Size **{meta['size']}**; {meta['date']}; Python {meta['python']}; "
                 f"{meta['cpus']} CPU(s), shared; cold runs: median and p95 (nearest rank) of "
                 f"{meta['repeats']} fresh processes (validate once), each capped at "
                 f"{meta['timeout']:.0f} s (validate: {meta.get('validate_timeout') or meta['timeout']:.0f} s) and {meta['mem_cap_gb']:g} GB of address space.")
    for label, d in result["designs"].items():
        lines += ["", f"### {label} ({meta['size']})", ""]
        st = d.get("store", {})
        lines.append(f"Store `{st.get('path')}`: {st.get('size_mb', 0):,.0f} MB on disk."
                     + (f" Generated in {d['generated']['wall_s']:.1f} s."
                        if d.get("generated") else ""))
        lines += ["", "| command | median (s) | p95 (s) | peak RSS (MB) | rows | runs |",
                  "|---|---:|---:|---:|---:|---|"]
        for c in d["cold"]:
            runs = f"{c['ok']}/{c['runs']}"
            if c.get("failure"):
                runs += f"; {c['failure']}"
            if c.get("note"):
                runs = c["note"]
            rss = "" if c["peak_rss_mb"] is None else f"{c['peak_rss_mb']:.0f}"
            rows = "" if c["rows"] is None else f"{c['rows']:,}"
            lines.append(f"| `{c['command']}` | {fmt_s(c['median_s'])} | {fmt_s(c['p95_s'])} "
                         f"| {rss} | {rows} | {runs} |")
        w = d.get("warm")
        if w:
            lines += ["", f"Warm engine (one process, store opened in {w.get('open_s', float('nan')):.2f} s, "
                      f"peak RSS {w['peak_rss_mb']:.0f} MB"
                      + (", did not finish in the cap" if w.get("timed_out") else "") + "):", "",
                      "| query | warm median (ms) | rows |", "|---|---:|---:|"]
            for q, v in w.get("queries", {}).items():
                if "error" in v:
                    lines.append(f"| `{q}` | error: {v['error'][:80]} | |")
                else:
                    lines.append(f"| `{q}` | {v['median_ms']:.1f} | {v['rows']:,} |")
    b = result.get("build")
    if b:
        floor = [f["wall_s"] for f in b["floor"]]
        fm = statistics.median(floor) if floor else None
        lines += ["", f"### Build of the real reports ({meta['reports']})", "",
                  "| what | median (s) | runs (s) | x floor | peak RSS, main process (MB) |",
                  "|---|---:|---|---:|---:|"]
        if fm:
            lines.append(f"| text-extraction floor (pypdfium2, 2 processes) | {fm:.2f} | "
                         + ", ".join(f"{v:.2f}" for v in floor) + " | 1.00 | |")
        for label, runs in b["builds"].items():
            ok = [r["wall_s"] for r in runs if r["rc"] in (0, 2) and not r["timed_out"]]
            med = statistics.median(ok) if ok else None
            ratio = f"{med / fm:.2f}" if med and fm else ""
            lines.append(f"| `kg build` ({label}) | {fmt_s(med)} | "
                         + ", ".join(f"{r['wall_s']:.2f}" for r in runs)
                         + f" | {ratio} | {max(r['rss_mb'] for r in runs):.0f} |")
    return "\n".join(lines) + "\n"


def growth(results: list[dict]) -> str:
    """One row per (design, command), one column pair per size: median cold time and peak RSS,
    then the growth factor of each size over the first."""
    sizes = [r["meta"]["size"] for r in results]
    head = "| design | command | " + " | ".join(f"{s} median (s) | {s} RSS (MB)" for s in sizes)
    head += " | " + " | ".join(f"x {s}/{sizes[0]}" for s in sizes[1:]) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(sizes) + len(sizes) - 1)]
    labels = list(dict.fromkeys(l for r in results for l in r["designs"]))
    for design in labels:
        cmds = list(dict.fromkeys(c["command"].split(" (")[0] for r in results
                                  for c in r["designs"].get(design, {}).get("cold", [])))
        for cmd in cmds:
            cells, meds = [], []
            for r in results:
                c = next((c for c in r["designs"].get(design, {}).get("cold", [])
                          if c["command"].split(" (")[0] == cmd), None)
                med = c and c["median_s"]
                meds.append(med)
                if c is None:
                    cells += ["", ""]
                elif med is None:
                    cells += [c.get("failure") or c.get("note") or "not run",
                              f"{c['peak_rss_mb']:.0f}" if c.get("peak_rss_mb") else ""]
                else:
                    cells += [fmt_s(med), f"{c['peak_rss_mb']:.0f}"]
            ratios = [f"{m / meds[0]:.1f}" if m and meds[0] else "" for m in meds[1:]]
            lines.append(f"| {design} | `{cmd}` | " + " | ".join(cells + ratios) + " |")
        stores = [r["designs"].get(design, {}).get("store", {}).get("size_mb") for r in results]
        cells = [x for v in stores for x in (f"{v:,.0f}" if v is not None else "", "")]
        ratios = [f"{v / stores[0]:.1f}" if v and stores[0] else "" for v in stores[1:]]
        lines.append(f"| {design} | store on disk (MB) | " + " | ".join(cells + ratios) + " |")
    return "\n".join(lines) + "\n"


def parse_design(text: str) -> Design:
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError("a design is LABEL:STORE[:KG_SRC]")
    return Design(parts[0], Path(parts[1]), Path(parts[2]) if len(parts) == 3 and parts[2] else None)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--design", type=parse_design, action="append", default=[],
                    help="LABEL:STORE[:KG_SRC] (repeatable)")
    ap.add_argument("--store", type=Path, help="shorthand for one design 'current:STORE'")
    ap.add_argument("--kg-src", type=Path, help="with --store: the kg checkout to run")
    ap.add_argument("--size", default="1x", help="label of the corpus size (dev, 1x, 10x, ...)")
    ap.add_argument("--generate", action="store_true", help="fill missing stores first")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reports", type=Path, default=SHARED / "reports")
    ap.add_argument("--build", action="store_true",
                    help="also time the build of --reports and the text-extraction floor")
    ap.add_argument("--build-runs", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=7, help="fresh processes per command")
    ap.add_argument("--warm", type=int, default=5, help="runs of each query in the warm process")
    ap.add_argument("--no-warm", action="store_true")
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--only", action="append", help="time only commands whose label has this")
    ap.add_argument("--timeout", type=float, default=120.0, help="wall-clock cap per child (s)")
    ap.add_argument("--validate-timeout", type=float, help="cap for kg validate (default --timeout)")
    ap.add_argument("--mem-cap-gb", type=float, default=8.0, help="address-space cap per child")
    ap.add_argument("--gen-timeout", type=float, default=3600.0)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/bench/work"))
    ap.add_argument("--json", type=Path, help="write all figures here")
    ap.add_argument("--md", type=Path, help="write the Markdown tables here")
    ap.add_argument("--growth", type=Path, nargs="+",
                    help="only print the growth table of these JSON results (smallest size first)")
    a = ap.parse_args(argv)
    if a.growth:
        print(growth([json.loads(p.read_text(encoding="utf-8")) for p in a.growth]))
        return
    designs = list(a.design)
    if a.store:
        designs.append(Design("current", a.store, a.kg_src))
    if not designs:
        ap.error("give --design LABEL:STORE[:KG_SRC] or --store")
    a.workdir.mkdir(parents=True, exist_ok=True)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    result: dict = {"meta": {"size": a.size, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                             "python": sys.version.split()[0], "cpus": os.cpu_count(),
                             "repeats": a.repeats, "timeout": a.timeout,
                             "validate_timeout": a.validate_timeout, "mem_cap_gb": a.mem_cap_gb,
                             "reports": str(a.reports), "typical": TYPICAL,
                             "designs": {d.label: {"store": str(d.store), "kg_src": str(d.kg_src or "")}
                                         for d in designs}},
                    "designs": {d.label: {} for d in designs}}
    for d in designs:
        r = run_child([sys.executable, "-c", "import kg; print(kg.__file__, kg.__version__)"],
                      d.env(), 60, 0)
        result["meta"]["designs"][d.label]["kg"] = r.stdout.strip()
        log(f"{d.label}: {r.stdout.strip()}")
        if a.generate and not d.store.exists():
            result["designs"][d.label]["generated"] = generate(
                d, a.size, a.seed, a.reports, a.gen_timeout, a.mem_cap_gb, log)
        result["designs"][d.label]["store"] = {"path": str(d.store), "size_mb": du_mb(d.store)}
    if a.build:
        log("build and text-extraction floor")
        result["build"] = build_and_floor(designs, a.reports, a.build_runs, max(a.timeout, 600),
                                          a.mem_cap_gb, a.workdir, log)
    def save(cold: dict[str, list[dict]]) -> None:
        for label, rows in cold.items():
            result["designs"][label]["cold"] = rows
        if a.json:
            a.json.write_text(json.dumps(result | {"partial": True}, indent=1), encoding="utf-8")

    if not a.no_cold:
        log("cold runs")
        save(time_commands(designs, a.repeats, a.timeout, a.mem_cap_gb, a.workdir,
                           set(a.only) if a.only else None, log, a.validate_timeout, save))
    if not a.no_warm:
        for d in designs:
            log(f"warm engine: {d.label}")
            result["designs"][d.label]["warm"] = warm(d, a.warm, a.timeout * 5, a.mem_cap_gb)
    for d in result["designs"].values():
        d.setdefault("cold", [])
    md = markdown(result)
    if a.json:
        a.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if a.md:
        a.md.write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
