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

__all__ = ["required_literals", "guarded", "find", "compile_fast", "LiteralSet", "trie_pattern", "CASE_EXOTIC"]

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
    rx = compile_fast(pattern, flags)
    return rx, (None if flags & re.IGNORECASE else required_literals(pattern, flags))


def find(pattern: str, text: str) -> re.Match | None:
    """``re.search(pattern, text)``, skipped when ``text`` holds none of the literals a match
    needs."""
    rx, req = guarded(pattern)
    if req is not None and not any(map(text.__contains__, req)):
        return None
    return rx.search(text)


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` shaped as a trie (shared prefixes factored out); greedy,
    so at a given position it matches the longest word that starts there."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


class LiteralSet:
    """Which of a fixed set of literal strings occur in a text, as a bit mask (bit ``i`` for
    ``words[i]``), in one regex scan instead of one ``in`` test per word.

    The scan finds, at every position, the longest word that starts there (a trie-shaped
    alternation, greedy); every word that is a substring of a word found is then present too.
    """

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = tuple(words)
        bit = {w: 1 << i for i, w in enumerate(self.words)}
        self.closure = {w: sum(bit[v] for v in bit if v in w) for w in bit}
        self._rx = re.compile("(?=(" + trie_pattern(list(bit)) + "))") if bit else None

    def present(self, text: str) -> int:
        if self._rx is None:
            return 0
        mask = 0
        closure = self.closure
        for w in set(self._rx.findall(text)):
            mask |= closure[w]
        return mask


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern:
    r"""``re.compile`` of an equivalent pattern that the regex engine scans faster.

    A pattern that opens with a word boundary and a literal word (``\bnot (?:...)``) gets no
    literal-prefix scan from ``re`` (the boundary comes first); written as the literal followed
    by a look-behind that rules out a word character before it (``not (?<!\wnot )(?:...)``) it
    matches the same text at the same places and is found by a fast substring scan.
    """
    try:
        from re import _constants as C, _parser as P

        data = P.parse(pattern, flags).data
    except Exception:  # pragma: no cover
        return re.compile(pattern, flags)
    m = re.match(r"\\b([A-Za-z][A-Za-z ]*)(?![*+?{])", pattern)
    if not (m and len(data) > 1 and data[0] == (C.AT, C.AT_BOUNDARY) and data[1][0] is C.LITERAL):
        return re.compile(pattern, flags)
    lit = m.group(1)
    rest = pattern[m.end():]
    if rest[:1] in ("*", "+", "?", "{") or not lit:
        return re.compile(pattern, flags)
    fast = re.escape(lit) + r"(?<!\w" + re.escape(lit) + ")" + rest
    try:
        return re.compile(fast, flags)
    except re.error:  # pragma: no cover
        return re.compile(pattern, flags)
