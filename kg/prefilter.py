"""Cheap literal prefilters for regular expressions.

:func:`required_literals` works out, from a pattern's parse tree, literal strings one of which
every match must contain; a few ``in`` tests on them skip a regex scan that cannot match
(pattern-heavy code like :mod:`kg.themes` and :mod:`kg.extract.findings` runs hundreds of
searches per sentence, most of which find nothing). The answer is conservative: ``None`` when
the literals cannot be worked out, and the filter is then simply not used.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["required_literals", "guarded", "find", "CASE_EXOTIC"]

# Characters that ``re.IGNORECASE`` matches to an ASCII letter although ``str.lower`` does not
# turn them into it (dotted and dotless i, long s). A text holding one of them cannot be
# prefiltered on its lower-case form.
CASE_EXOTIC = ("\u0130", "\u0131", "\u017f")


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` contains, or None.

    With ``re.IGNORECASE`` the literals are lower-cased: test them against ``text.lower()`` of a
    text without :data:`CASE_EXOTIC` characters.
    """
    try:  # the parser is a private module; any surprise just disables the shortcut
        from re import _constants as C, _parser as P

        tree = P.parse(pattern, flags)
    except Exception:  # pragma: no cover
        return None
    ignore = bool((flags | tree.state.flags) & re.IGNORECASE)

    def seq(items) -> tuple[str, ...] | None:
        run, cands = "", []
        for op, av in items:
            if op is C.LITERAL:
                run += chr(av)
                continue
            if run:
                cands.append((run,))
                run = ""
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue  # zero-width: requires nothing, consumes nothing
            r = one(op, av)
            if r is not None:
                cands.append(r)
        if run:
            cands.append((run,))
        if not cands:
            return None
        # The most selective requirement: longest shortest literal, then fewest literals.
        return max(cands, key=lambda r: (min(len(x) for x in r), -len(r)))

    def one(op, av) -> tuple[str, ...] | None:
        if op is C.SUBPATTERN:
            if av[1] or av[2]:  # inline flags inside the group: do not guess
                return None
            return seq(av[-1])
        if op is C.BRANCH:
            out: list[str] = []
            for alt in av[1]:
                r = seq(alt)
                if r is None:
                    return None
                out.extend(x for x in r if x not in out)
            return tuple(out)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            return seq(av[2])
        return None

    try:
        req = seq(tree.data)
    except Exception:  # pragma: no cover
        return None
    if not req or not all(req):
        return None
    if ignore:
        if any(not x.isascii() for x in req):
            return None
        req = tuple(dict.fromkeys(x.lower() for x in req))
    return req


@lru_cache(maxsize=None)
def guarded(pattern: str, flags: int = 0) -> tuple[re.Pattern, tuple[str, ...] | None]:
    """The compiled pattern and its required literals (None: no prefilter)."""
    rx = re.compile(pattern, flags)
    return rx, (None if flags & re.IGNORECASE else required_literals(pattern, flags))


def find(pattern: str, text: str) -> re.Match | None:
    """``re.search(pattern, text)``, skipped when ``text`` holds none of the literals a match
    needs."""
    rx, req = guarded(pattern)
    if req is not None:
        for r in req:
            if r in text:
                break
        else:
            return None
    return rx.search(text)
