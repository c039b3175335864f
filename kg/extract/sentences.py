"""Blocks (paragraphs, bullet items, headings) and sentences of a text, with character offsets.

Every span returned here is a ``(start, end)`` pair into the text that was passed in, so an
extractor can quote ``text[start:end]`` as evidence without any re-mapping.

Two layouts are handled:

- *Line per paragraph* (news pages, letters saved as text, HTML): each non-blank line is a
  block; a line that starts in lower case continues the previous one (a page break or a
  stray blank line inside a sentence).
- *Wrapped* (PDF text, hard-wrapped e-mails): lines of one paragraph are joined; a blank
  line, a bullet or a short line without closing punctuation (a heading) ends a block.

A bullet line (``•``, ``-``, ``*``, ``–``) starts a block of kind ``bullet``, a numbered
line (``1.``, ``(a)``, ``(iv)``) one of kind ``numbered``; the span leaves the marker out. A short line without closing punctuation that is followed
by a capitalised line is a ``heading``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Block", "Sentence", "blocks", "sentences", "split_sentences", "page_furniture"]


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # "paragraph" | "bullet" | "numbered" | "heading"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int  # index into the list of blocks it was split from
    kind: str  # the block's kind
    first: bool  # first sentence of its block


_BULLET = re.compile(r"[ \t]*(?:[•\u2022*\u00b7\u25aa\u25cf\u25e6\u2023\u2043>]|[-\u2013\u2014](?=\s)"
                     r"|\(?\d{1,2}[.)](?=\s)|\(?[a-hj-z][.)](?=\s)|\([ivx]{1,4}\)(?=\s))[ \t]*")
_TERMINAL = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*\s*$")
_SOFT_END = re.compile(r"[,\-\u2013(/&]\s*$|\b(?:and|or|the|of|to|a|an|in|for|with|by|on|at|that|"
                       r"which|who|as|from|is|are|was|were|be|their|its|our|your)\s*$", re.I)
_MAX_HEADING_WORDS = 16
_ABBREV = frozenset("""mr mrs ms dr st no nos cllr prof rev e.g eg i.e ie etc vs v approx co ltd
    inc dept govt para paras fig figs jan feb mar apr jun jul aug sep sept oct nov dec mt ref
    op cf al a.m p.m""".split())


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line in text[start:end], newline excluded."""
    out = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            out.append((pos, end))
            break
        out.append((pos, nl))
        pos = nl + 1
    return out


def _is_wrapped(text: str, lines: list[tuple[int, int]], kind: str) -> tuple[bool, int]:
    """Whether the text is hard-wrapped, and its typical line width."""
    lengths = sorted(e - s for s, e in lines if text[s:e].strip())
    if not lengths:
        return False, 0
    width = lengths[int(len(lengths) * 0.9)] if len(lengths) > 1 else lengths[0]
    if kind == "pdf":
        return True, width
    if len(lengths) < 6 or width > 140 or width < 30:
        return False, width
    # Many lines close to the width that do not end a sentence: the text was wrapped.
    near = sum(1 for s, e in lines
               if e - s >= 0.75 * width and not _TERMINAL.search(text[max(s, e - 40):e]))
    return near >= 0.3 * len(lengths), width


def _content(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _starts_lower(line: str) -> bool:
    for c in line:
        if c.isspace() or c in "\"'\u201c\u2018(":
            continue
        return c.islower()
    return False


def _heading_like(line: str) -> bool:
    t = line.strip().lstrip("#").strip()
    if not t or len(t) > 200 or _TERMINAL.search(t[-40:]) or _SOFT_END.search(t[-40:]):
        return False
    if len(t.split()) > _MAX_HEADING_WORDS:
        return False
    c = t[0]
    return c.isupper() or c.isdigit() or c in "\"'\u201c\u2018"


_NUMBER_LINE = re.compile(r"[ \t]*(?:page[ \t]+)?\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?[ \t]*$", re.I)
_EDGE_LINES = 3  # running headers and footers sit among the first and last lines of a page


_DIGITS = re.compile(r"\d+")


def _furniture_key(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line).split()).lower()


def page_furniture(text: str, page_starts: tuple[int, ...]) -> frozenset[int]:
    """Start offsets of the lines of ``text`` that are page furniture, not prose: a line that is
    only a page or paragraph number ("12", "Page 3 of 20"), and a line among the first or last
    few of a page whose wording (digits aside) recurs at the edge of three or more pages (a
    running header or footer: "<Council> Inspection of children's services 6")."""
    bounds = list(page_starts) + [len(text)]
    edges: list[list[tuple[int, str]]] = []
    out: set[int] = set()
    for a, b in zip(bounds, bounds[1:]):
        lines = [(ls, text[ls:le]) for ls, le in _lines(text, a, b) if text[ls:le].strip()]
        for ls, line in lines:
            if _NUMBER_LINE.match(line):
                out.add(ls)
        edges.append(lines[:_EDGE_LINES] + lines[-_EDGE_LINES:])
    if len(edges) >= 3:
        pages_of: dict[str, set[int]] = {}
        for i, lines in enumerate(edges):
            for _, line in lines:
                pages_of.setdefault(_furniture_key(line), set()).add(i)
        running = {k for k, v in pages_of.items() if len(v) >= 3 and len(k) > 3}
        for lines in edges:
            out.update(ls for ls, line in lines if _furniture_key(line) in running)
    return frozenset(out)


def blocks(text: str, start: int = 0, end: int | None = None, kind: str = "text",
           skip: frozenset[int] | None = None) -> list[Block]:
    """Paragraphs, bullet items and headings of ``text[start:end]``; lines starting at an
    offset in ``skip`` (page furniture) are passed over, so a paragraph runs on across them."""
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    lines = _lines(text, start, end)
    wrapped, width = _is_wrapped(text, lines, kind)
    out: list[Block] = []
    cur: list | None = None  # [start, end, kind, last_line_text]
    gap = 0

    def close() -> None:
        nonlocal cur
        if cur is not None and cur[1] > cur[0]:
            out.append(Block(cur[0], cur[1], cur[2]))
        cur = None

    for ls, le in lines:
        if skip and ls in skip:
            continue
        line = text[ls:le]
        if not line.strip():
            gap += 1
            continue
        bullet = _BULLET.match(line)
        if bullet and bullet.end() < len(line) and not line[bullet.end():].isspace() \
                and (line.lstrip()[:1] in "•\u2022*\u00b7\u25aa\u25cf\u25e6\u2023\u2043>-\u2013\u2014("
                     or line[bullet.end():bullet.end() + 1].isupper()):
            close()
            s, e = _content(text, ls + bullet.end(), le)
            numbered = line.lstrip()[:1].isalnum() or line.lstrip()[:2][-1:].isalnum()
            cur = [s, e, "numbered" if numbered else "bullet", text[s:e]]
            gap = 0
            continue
        s, e = _content(text, ls, le)
        prev = cur[3] if cur is not None else ""
        cont = False
        if cur is not None and not _TERMINAL.search(prev[-40:]):
            if _starts_lower(line) and gap <= 2:
                cont = True  # a sentence running on (over a page break or stray blank line)
            elif wrapped and gap == 0 and cur[2] != "heading":
                short = width and len(prev) < 0.6 * width and not _SOFT_END.search(prev[-40:])
                cont = not short
        elif cur is not None and wrapped and gap == 0 and cur[2] != "heading" \
                and _starts_lower(line):
            cont = True
        if cont:
            if cur[2] == "heading":
                cur[2] = "paragraph"
            cur[1] = e
            cur[3] = line
        else:
            close()
            heading = _heading_like(line) and not (wrapped and width and len(line.strip()) >= 0.85 * width)
            cur = [s, e, "heading" if heading else "paragraph", line]
        gap = 0
    close()
    return out


# A sentence ends at . ! ? (and any closing quotes or brackets) followed by white space and
# something that can open a sentence.
_BOUNDARY = re.compile(r"([.!?]+)([\"'\u201d\u2019)\]]*)(\s+)(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u2022])")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one block), trimmed of white space."""
    spans = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group(1) == ".":
            j = m.start()
            k = j
            while k > start and (text[k - 1].isalpha() or text[k - 1] == "."):
                k -= 1
            word = text[k:j].lower()
            if word in _ABBREV or (len(word) == 1 and text[k].isupper()):
                continue
        cut = m.end(2)
        a, b = _content(text, s, cut)
        if b > a:
            spans.append((a, b))
        s = m.end()
    a, b = _content(text, s, end)
    if b > a:
        spans.append((a, b))
    return spans


def sentences(text: str, start: int = 0, end: int | None = None, kind: str = "text",
              block_list: list[Block] | None = None) -> list[Sentence]:
    """Sentences of every block, in text order, each knowing its block."""
    bl = block_list if block_list is not None else blocks(text, start, end, kind)
    out: list[Sentence] = []
    for i, b in enumerate(bl):
        if b.kind == "heading":
            out.append(Sentence(b.start, b.end, i, b.kind, True))
            continue
        for n, (s, e) in enumerate(split_sentences(text, b.start, b.end)):
            if any(ch.isalnum() for ch in text[s:e]):
                out.append(Sentence(s, e, i, b.kind, n == 0))
    return out
