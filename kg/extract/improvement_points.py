"""Improvement points of Ofsted children's services reports.

Three families of layout carry them (see ``shared/spec/themes-method.md`` section 1):

- ILACS 2018-2025: "What needs to improve" followed by bullets, with dash sub-points that
  belong to the bullet above them;
- SIF 2014-2018: "Recommendations" or "What does the local authority/LSCB need to improve?"
  followed by numbered paragraphs, with sub-list labels ("Priority and immediate action",
  "Areas for improvement") and topic sub-headings that are not points; bullets under a
  numbered paragraph ("... by:") belong to it. A second list in the LSCB part of the report
  has ``section="lscb"``;
- 2013 looked-after-children inspections: "Areas for improvement", an introductory numbered
  paragraph, then bullets under "Immediately / Within three months / ..." labels.

The text is read line by line; running page headers and footers are found by frequency and
skipped, so a point that crosses a page break comes out as one clean string.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.documents import Document
from kg.records import Evidence, Recommendation

_classify: Callable[..., Iterable[str]] | None
try:  # kg.themes may not exist yet; points are still useful without themes
    from kg.themes import classify as _classify
except ImportError:  # pragma: no cover - depends on the rest of the package
    _classify = None

__all__ = ["extract_improvement_points"]

# Headings that open a list. TOC entries end with a page number and so never match.
_START = re.compile(
    r"(?:What needs to improve(?: in [^.?:]{0,60})?|Recommendations"
    r"|What does the (?:local authority|council|LSCB|[A-Z]{3,6}|[Bb]oard|local safeguarding"
    r" children board) need to improve|Priority (?:and immediate )?actions?"
    r"|Areas for (?:priority )?improvement)\s*[?:.]?",
    re.I)
# Sub-list labels inside a list: skipped, never points.
_LABEL = re.compile(
    r"(?:Priority (?:and immediate )?actions?|Areas for (?:priority )?improvement|Immediately"
    r"|Within (?:the next )?(?:\w+|\d+) (?:weeks?|months?)"
    r"|(?:In the )?(?:short|medium|longer?) term)\s*[:.]?", re.I)
_NUM = re.compile(r"(\d{1,3})\.\s*(?=[A-Z‘'“(])")
_BULLET = re.compile(r"[•◼▪■●]\s*")
_DASH = re.compile(r"[−–—-]\s+")
_NONE = re.compile(r"There (?:are|is|were) no\b", re.I)
# A statement that nothing needs improving ("No areas require priority action", "There are no
# recommendations for the board") is not a point.
_NOTHING = re.compile(
    r"^\W*(?:there (?:are|is|were) no|no|none of the|nothing)\b(?:\s+\S+){0,5}?\s+(?:areas?|aspects?|"
    r"recommendations?|(?:priority |immediate )*actions?|improvements?|concerns?|further)\b"
    r"|^\W*nothing\b.{0,40}\b(?:needs?|requires?) (?:to )?(?:be )?improv", re.I)
# Words that mark a heading as the end of a list rather than a topic sub-heading.
_STOP = re.compile(
    r"strengths?\b|weakness|judge?ments?\b|findings|summary|information about|about this"
    r"|inspection (?:findings|judge?ment|team)|(?:the|last|this) inspection|experiences and"
    r" progress|impact of leaders|section \d|contents", re.I)
# Opening words of report prose (not of recommendations) and modal verbs of recommendations.
_DESCRIPTIVE = frozenset(
    "The A An There This These Those It Its In Since Although While Overall During At Over Most"
    " Many Some Few Inspectors Staff".split())
_MODAL = re.compile(r"\b(?:should|must|needs? to|to ensure)\b")
_INTRO = re.compile(r"\b(?:should|must|will need to|needs? to) take the following action", re.I)
_ILACS_END = re.compile(r"The (?:experiences and progress of|impact of leaders)", re.I)
_LSCB_SECTION = re.compile(
    r"(?:Section \d+:[^\d]*(?:safeguarding|LSCB)[^\d]*"
    r"|(?:The )?(?:effectiveness of the )?Local Safeguarding Children Board(?: \(LSCB\))?)\s*",
    re.I)
_LSCB_ONLY = re.compile(r"Review of the effectiveness of the local safeguarding", re.I)
_SENTENCE_END = (".", "?", "!", ")", ":", ".”", ".’")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    page: int


@dataclass
class _Item:
    kind: str  # "num" | "bullet"
    number: int | None
    lines: list[_Line] = field(default_factory=list)
    parts: list[list[_Line]] = field(default_factory=list)  # merged bullets / dash sub-points
    marker: int = 0  # characters of the first line taken by the number or bullet


def _boilerplate(pages: list[list[_Line]]) -> set[int]:
    """Starts of lines that repeat near the top or bottom of many pages (running headers,
    footers, page numbers)."""
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"\d+", "#", s)).strip().lower()

    counts: Counter[str] = Counter()
    edges: list[tuple[int, str]] = []
    for lines in pages:
        seen = set()
        for ln in lines[:3] + lines[-3:]:
            key = norm(ln.text)
            edges.append((ln.start, key))
            if key not in seen:
                seen.add(key)
                counts[key] += 1
    limit = max(2, int(0.3 * len(pages)))
    return {start for start, key in edges
            if counts[key] >= limit or re.fullmatch(r"#|page #( of #)?|# of #", key)}


def _lines(doc: Document) -> list[_Line]:
    """Non-empty lines of the document, running headers and footers removed."""
    pages: list[list[_Line]] = []
    for p in range(doc.page_count):
        base = doc.page_starts[p]
        out = []
        for m in re.finditer(r"[^\n]+", doc.page_text(p + 1)):
            raw = m.group()
            text = raw.strip()
            if text:
                lead = len(raw) - len(raw.lstrip())
                out.append(_Line(base + m.start() + lead, base + m.start() + lead + len(text),
                                 text, p + 1))
        pages.append(out)
    skip = _boilerplate(pages)
    return [ln for lines in pages for ln in lines if ln.start not in skip]


def _is_heading(text: str, prev: str | None) -> bool:
    """A short title-like line after a finished sentence."""
    words = text.split()
    return (len(words) <= 12 and text[0].isupper() and not text.endswith((".", ",", ";"))
            and (prev is None or prev.endswith(_SENTENCE_END)))


def _start_heading(text: str) -> bool:
    return bool(_START.fullmatch(text)) and not _NONE.match(text)


def _parse(lines: list[_Line], i: int) -> tuple[list[_Item], int]:
    """Read the list that begins after the heading at ``lines[i]``; return its items and the
    index of the first line after it."""
    items: list[_Item] = []
    n = len(lines)
    i += 1
    before = 0  # lines read before the first item (introductions, "there are no ...")
    label_since_item = False
    while i < n:
        ln = lines[i]
        t = ln.text
        prev = items[-1] if items else None
        last_text = (prev.parts[-1][-1].text if prev and prev.parts
                     else prev.lines[-1].text if prev else "")
        if _LABEL.fullmatch(t) or (  # an unfamiliar sub-list label such as "By March:"
                t.endswith(":") and len(t.split()) <= 6 and t[0].isupper()
                and (prev is None or prev.kind == "bullet") and _next_is_bullet(lines, i)):
            label_since_item = True
            i += 1
            continue
        if _START.fullmatch(t) or _ILACS_END.match(t):
            break
        m = _NUM.match(t)
        if m and len(t) > m.end():
            number = int(m.group(1))
            numbered = [it.number for it in items if it.number is not None]
            if (numbered and not 0 < number - numbered[-1] <= 2) or (
                    prev and prev.kind == "bullet"):
                break
            if numbered and _descriptive(_paragraph(lines, i, m.end())):
                break  # the report's numbered body paragraphs go on after the list
            items.append(_Item("num", number, [ln], marker=m.end()))
            label_since_item = False
            i += 1
            continue
        b = _BULLET.match(t)
        if b:
            if prev and prev.kind == "num" and not label_since_item and not _INTRO.search(
                    _join(prev.lines)):
                prev.parts.append([ln])  # "... by:" bullets belong to the paragraph
            else:
                if prev and prev.kind == "num" and not prev.parts and (
                        len(items) == 1 or _INTRO.search(_join(prev.lines))):
                    items.pop()  # introductory sentence of a 2013 time-bucketed list
                items.append(_Item("bullet", None, [ln], marker=b.end()))
            label_since_item = False
            i += 1
            continue
        if _DASH.match(t) and prev:
            prev.parts.append([ln])
            i += 1
            continue
        if not items:
            if _is_heading(t, None) and _STOP.search(t):
                break
            if _NONE.match(t) or before < 6:
                before += 1
                i += 1
                continue
            break
        assert prev is not None
        if _NONE.match(t):
            i += 1
            continue
        if prev.kind == "bullet":
            # Bullets are single sentences: a capitalised line after a full stop that no
            # further bullet follows is the text after the list.
            if t[0].isupper() and last_text.endswith((".", "?", "!")) and not _next_is_bullet(
                    lines, i):
                break
            if _is_heading(t, None) and _STOP.search(t):
                break
        elif _is_heading(t, None) and _STOP.search(t):
            break
        elif _is_heading(t, last_text):
            follows = _after_heading(lines, i, prev.number)
            if follows == "item" and not t.endswith(":"):
                i += 1  # topic sub-heading inside a numbered list
                continue
            if follows != "text":
                break
        (prev.parts[-1] if prev.parts else prev.lines).append(ln)
        i += 1
    return items, i


def _next_is_bullet(lines: list[_Line], i: int) -> bool:
    """Whether a bullet follows within the next few lines, before any heading or paragraph."""
    for ln in lines[i + 1:i + 4]:
        if _BULLET.match(ln.text):
            return True
        if _NUM.match(ln.text) or _ILACS_END.match(ln.text) or _START.fullmatch(ln.text):
            return False
    return False


def _after_heading(lines: list[_Line], i: int, number: int | None) -> str:
    """What follows a title-like line inside a numbered list: "item" (the next recommendation,
    so the line is a topic sub-heading), "text" (a lower-case continuation, so the line was
    part of a paragraph) or "end"."""
    for ln in lines[i + 1:i + 4]:
        t = ln.text
        if _LABEL.fullmatch(t) or (_is_heading(t, None) and not _STOP.search(t)
                                   and not _NUM.match(t)):
            continue
        m = _NUM.match(t)
        if m and number is not None and int(m.group(1)) == number + 1:
            return "end" if _descriptive(t[m.end():]) else "item"
        return "text" if ln is lines[i + 1] and t[0].islower() else "end"
    return "end"


def _paragraph(lines: list[_Line], i: int, skip: int) -> str:
    """The numbered paragraph starting at ``lines[i]`` (its first few lines), number left out."""
    parts = [lines[i].text[skip:]]
    for ln in lines[i + 1:i + 4]:
        if _NUM.match(ln.text) or _BULLET.match(ln.text) or parts[-1].endswith((".", "?", "!")):
            break
        parts.append(ln.text)
    return " ".join(parts)


def _topic_heading(text: str) -> bool:
    """A topic sub-heading ("Children in care", "Quality of practice"): short, no closing
    punctuation, no verb of a recommendation."""
    return (len(text.split()) <= 8 and not text.rstrip().endswith((".", ":", ";", ",", "?"))
            and not _MODAL.search(text) and text[:1].isupper())


def _whole_points(item: _Item) -> list[list[_Line]] | None:
    """The parts of an item whose own line is only a topic sub-heading and whose parts are
    whole points (each opens with a capital and closes a sentence): each part is then a point
    of its own, not "<sub-heading>; <point>"."""
    if not item.parts or not _topic_heading(_join(item.lines, item.marker)):
        return None
    texts = [_strip_marker(_join(part)) for part in item.parts]
    if all(t[:1].isupper() and t.endswith(_SENTENCE_END) for t in texts):
        return item.parts
    return None


def _strip_marker(sub: str) -> str:
    m = _BULLET.match(sub) or _DASH.match(sub)
    return sub[m.end():] if m else sub


def _descriptive(text: str) -> bool:
    """Whether a paragraph opens like report prose rather than a recommendation."""
    words = text.split()
    return bool(words) and words[0] in _DESCRIPTIVE and not _MODAL.search(text)


def _join(lines: list[_Line], first_skip: int = 0) -> str:
    out = ""
    for k, ln in enumerate(lines):
        piece = ln.text[first_skip:] if k == 0 else ln.text
        if out.endswith("-") and out[-2:-1].isalnum():
            out += piece
        else:
            out = f"{out} {piece}" if out else piece
    return out


def _text(item: _Item) -> str:
    """The point as one string: paragraph, then merged bullets or dash sub-points."""
    text = _join(item.lines, item.marker)
    for part in item.parts:
        sub = _join(part)
        m = _BULLET.match(sub) or _DASH.match(sub)
        sub = sub[m.end():] if m else sub
        if not text.endswith((":", ";", ",", ".")):
            text += ";"
        text = f"{text} {sub}"
    return re.sub(r"\s+", " ", text).strip()


def _lscb_heading(text: str) -> bool:
    return bool(_LSCB_SECTION.fullmatch(text)) or bool(
        re.search(r"\b(LSCB|[Bb]oard|safeguarding children board)\b", text)
        and _START.fullmatch(text) and "need to improve" in text)


def _displaced(lines: list[_Line], i: int) -> int | None:
    """A list heading that the text layer put at the end of its page, after paragraphs that
    belong below it: return the index of the page's first line to read the list from."""
    if i + 1 >= len(lines) or lines[i + 1].page == lines[i].page or i == 0:
        return None
    nxt, before = _NUM.match(lines[i + 1].text), None
    for k in range(i - 1, -1, -1):  # the nearest numbered paragraph above, on the same page
        if lines[k].page != lines[i].page or (before := _NUM.match(lines[k].text)):
            break
    if not (nxt and before and int(before.group(1)) + 1 == int(nxt.group(1))
            and _descriptive(lines[i + 1].text[nxt.end():])):
        return None
    first = next(k for k in range(i, -1, -1) if k == 0 or lines[k - 1].page != lines[i].page)
    return first - 1 if _NUM.match(lines[first].text) else None


def extract_improvement_points(doc: Document) -> tuple[Recommendation, ...]:
    """Every improvement point of the report, in report order, numbered from 1."""
    lines = _lines(doc)
    head = " ".join(ln.text for ln in lines[:15])
    section = "lscb" if _LSCB_ONLY.search(head) and "Inspection of" not in head else "la"
    found: list[tuple[_Item, str]] = []
    i = 0
    while i < len(lines):
        t = lines[i].text
        if _lscb_heading(t) and lines[i].page > 1:  # page 1 holds the combined title
            section = "lscb"
        if _start_heading(t):
            start = _displaced(lines, i)
            items, end = _parse(lines, i if start is None else start)
            if items:
                found.extend((it, section) for it in items)
                i = max(end, i + 1)
                continue
        i += 1
    points: list[tuple[str, int, int, str]] = []  # (text, start, end, section)
    for item, sec in found:
        whole = _whole_points(item)
        if whole:
            for part in whole:
                lead = _BULLET.match(part[0].text) or _DASH.match(part[0].text)
                points.append((re.sub(r"\s+", " ", _strip_marker(_join(part))).strip(),
                               part[0].start + (lead.end() if lead else 0), part[-1].end, sec))
            continue
        last = (item.parts[-1] if item.parts else item.lines)[-1]
        # the markers' patterns eat the spaces after
        points.append((_text(item), item.lines[0].start + item.marker, last.end, sec))
    out = []
    for text, start, end, sec in points:
        if _NOTHING.search(text):
            continue
        themes = tuple(_classify(text, section=sec)) if _classify else ()
        out.append(Recommendation(text, themes, len(out) + 1, sec,
                                  Evidence(start, end, doc.text[start:end], doc.page_of(start))))
    return tuple(out)
