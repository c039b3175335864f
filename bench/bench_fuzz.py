"""Fuzz benchmark: pathological text shapes through the whole per-file pipeline.

    .venv/bin/python bench/bench_fuzz.py [--mb 1.0] [--ceiling 60] [--timeout 300] [--shape NAME ...]

Each shape is a ~``--mb`` MB ``.txt`` file written to a temporary folder and run through
:func:`kg.build.process_file` (reader, extractors, RDF mapping) in a fresh child process, so a
run that is far too slow can be stopped after ``--timeout`` seconds. It prints seconds per MB
per shape and exits 1 when any shape takes more than ``--ceiling`` seconds per MB (or times
out), 0 otherwise. Extraction must be linear in the size of a document: a shape that is fine at
0.1 MB and far over the ceiling at 1 MB is super-linear.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_CHILD = r"""
import json, sys, time
from pathlib import Path
from kg.build import process_file
t = time.perf_counter()
out = process_file(Path(sys.argv[1]))
print(json.dumps({"s": time.perf_counter() - t, "ok": not isinstance(out, str),
                  "note": out if isinstance(out, str) else ""}))
"""


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _names() -> list[str]:
    from kg.authorities import all_authorities

    return [a.short_name for a in all_authorities()]


def long_line_no_spaces(size: int) -> str:
    """One line of letters and punctuation with no space or newline."""
    return _repeat("Ofsted-inspected/Ealing,good;requires.improvement:", size)


def one_name_repeated(size: int) -> str:
    """"Ealing, " thousands of times in one sentence about an inspection."""
    return "Ofsted inspected " + _repeat("Ealing, ", size - 40) + " and rated them good.\n"


def every_council_named(size: int) -> str:
    """Every authority's name, joined in one paragraph, over and over."""
    unit = "Ofsted rated " + ", ".join(_names()) + " good. "
    return _repeat(unit, size)


def repeated_cue_words(size: int) -> str:
    """Grade and visit cue words with no real sentence: rated judged good inadequate visit ..."""
    unit = ("rated judged good requires improvement to be good inadequate focused visit monitoring "
            "visit inspection HMI lead inspector Her Majesty's Inspector led by was last inspected in 2019 ")
    return "Ealing Council\n\n" + _repeat(unit, size - 20)


def deep_bullets(size: int) -> str:
    """Thousands of nested bullet lines, each an area and a grade."""
    lines = []
    n = 0
    i = 0
    while n < size:
        line = "  " * (i % 12) + "- " * (1 + i % 5) + "Help and protection: good\n"
        lines.append(line)
        n += len(line)
        i += 1
    return "Ealing children's services inspection\n\n" + "".join(lines)[:size]


def huge_paragraph(size: int) -> str:
    """Ordinary news sentences run together as one paragraph with no blank line."""
    unit = ("Luton Borough Council's children's services were rated good by Ofsted. Inspectors found "
            "that social workers know their children well, although supervision is not always regular. "
            "The previous inspection in 2016 judged the service inadequate. Lead inspector Ada Quill HMI "
            "said leaders had improved practice. ")
    return _repeat(unit, size)


def digest_of_many_items(size: int) -> str:
    """A digest whose items each name a different authority with a heading and a grade."""
    names = _names()
    parts = []
    n = 0
    i = 0
    while n < size:
        name = names[i % len(names)]
        part = f"{name}: good\n\n{name} was rated good after a short inspection in May 2024.\n\n"
        parts.append(part)
        n += len(part)
        i += 1
    return "".join(parts)[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    f.__name__: f for f in (long_line_no_spaces, one_name_repeated, every_council_named,
                            repeated_cue_words, deep_bullets, huge_paragraph, digest_of_many_items)
}


def run_shape(name: str, size: int, folder: Path, timeout: float) -> dict:
    path = folder / f"{name}.txt"
    path.write_text(SHAPES[name](size), encoding="utf-8")
    mb = path.stat().st_size / 1e6
    t = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"shape": name, "mb": mb, "s": None, "s_per_mb": None, "note": f"timed out after {timeout:.0f} s"}
    if p.returncode != 0:
        return {"shape": name, "mb": mb, "s": time.perf_counter() - t, "s_per_mb": None,
                "note": "crashed: " + p.stderr.strip().splitlines()[-1][:200]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    return {"shape": name, "mb": mb, "s": res["s"], "s_per_mb": res["s"] / mb, "note": res["note"][:120]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of each input in MB")
    ap.add_argument("--ceiling", type=float, default=30.0, help="most seconds per MB allowed")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before a shape is stopped")
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES), help="run only these shapes")
    a = ap.parse_args(argv)
    size = int(a.mb * 1e6)
    over = []
    print(f"{'shape':<24} {'MB':>6} {'seconds':>9} {'s/MB':>8}  note")
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
        for name in a.shape or SHAPES:
            r = run_shape(name, size, Path(tmp), a.timeout)
            s = "-" if r["s"] is None else f"{r['s']:.2f}"
            spm = "-" if r["s_per_mb"] is None else f"{r['s_per_mb']:.2f}"
            print(f"{name:<24} {r['mb']:>6.2f} {s:>9} {spm:>8}  {r['note']}", flush=True)
            if r["s_per_mb"] is None or r["s_per_mb"] > a.ceiling:
                over.append(name)
    if over:
        print(f"over the ceiling of {a.ceiling:g} s/MB: {', '.join(over)}")
        return 1
    print(f"every shape within {a.ceiling:g} s/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
