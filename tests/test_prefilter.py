"""kg.prefilter: literal prefilters and faster equivalent regexes must never change a match."""
from __future__ import annotations

import random
import re

import pytest

from kg.prefilter import CASE_EXOTIC, LiteralSet, compile_fast, find, required_literals

PATTERNS = [
    r"\bstrategy (?:meetings?|discussions?)",
    r"(?:children|young people) (?:who are )?(?:looked after|in care)|children in care",
    r"personal advis[eo]rs?|\bpas?\b",
    r"\bnot (?:always|consistently|yet)\b",
    r"(?<!health )\bvisit(?:s|ed)?\b(?!ors?)",
    r"safeguarding partner(?:ship|s)\b|\b[a-z]{1,3}scb\b",
    r"(?:x)?y+z",
]


def _random_texts(n: int, seed: int = 0) -> list[str]:
    rnd = random.Random(seed)
    words = ["strategy", "meeting", "meetings", "children", "in", "care", "looked", "after", "not",
             "always", "yet", "pa", "pas", "personal", "adviser", "health", "visit", "visitors",
             "lscb", "scb", "safeguarding", "partners", "partnership", "who", "are", "y", "yz", "xyz"]
    seps = [" ", " ", ", ", ". ", "-", "'", ""]
    return ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(0, 8)))
            for _ in range(n)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_match_holds_a_required_literal(pattern):
    req = required_literals(pattern)
    rx = re.compile(pattern)
    for t in _random_texts(3000):
        if rx.search(t):
            assert req is None or any(r in t for r in req), (pattern, t)
        assert bool(find(pattern, t)) == bool(rx.search(t))


def test_required_literals_shapes():
    assert required_literals(r"\bstrategy (?:meetings?|discussions?)") == ("strategy ",)
    assert required_literals(r"x*") is None  # may match the empty string
    assert set(required_literals(r"ab|cd")) == {"ab", "cd"}
    # Case-insensitive: lower-cased literals, tested on text.lower() without exotic letters.
    assert required_literals(r"\bWill\b", re.I) == ("will",)
    assert "\u017f" in CASE_EXOTIC  # long s matches "s" under re.I but lower() keeps it


def test_literal_set_finds_every_word_present():
    words = ("not", "not ", "not only", "no ", "to ", "too ", "n't", "child", "in care", " met")
    ls = LiteralSet(words)
    for t in _random_texts(3000, seed=1) + ["it is not only too late", "can't", "needs are met"]:
        expected = sum(1 << i for i, w in enumerate(words) if w in t)
        assert ls.present(t) == expected, t


@pytest.mark.parametrize("pattern", [r"\bnot (?:always|yet)\b", r"\bto (?:improve|help)", r"\bab+c",
                                     r"\bfoo|bar", r"\bless (?:timely|well)"])
def test_compile_fast_matches_the_same_text(pattern):
    slow, fast = re.compile(pattern), compile_fast(pattern)
    rnd = random.Random(2)
    alphabet = ["not ", "always", "yet", "to ", "improve", "help", "ab", "b", "c", "foo", "bar",
                "less ", "timely", "well", "x", " ", "_", "1", "\u00e9"]
    for _ in range(3000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 7)))
        assert [m.span() for m in slow.finditer(t)] == [m.span() for m in fast.finditer(t)], t
