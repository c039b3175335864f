"""Where each judgement area's narrative sits in a report body, so findings read from a report
carry the area they were written under.

Reports print the judgement areas again as section headings ("The experiences and progress of
children who need help and protection: requires improvement to be good"; SIF "Leadership,
management and governance"; "The Local Safeguarding Children Board"). The text between the
page-1 judgement table and the first such heading is the overall summary. Lists of improvement
points, the child-friendly summary and the closing "about this inspection" pages are left out:
they are not findings about practice.
"""
from __future__ import annotations

import re

from ..documents import Document
from ..vocabulary import areas, heading_pattern

HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (area.id, re.compile(r"(?m)^[ \t]*(?:\d\.(?:\d\.?)?[ \t]*)?" + heading_pattern(area.id) + r"(?![ \t]*\.{2,})"))
    for area in areas() if area.heading)
STOPS = re.compile(
    r"(?m)^[ \t]*(?:Information about this (?:inspection|review)|The inspection team|Inspection team"
    r"|Summary for children and young people|Record of main findings|About this inspection"
    r"|Service information|The inspection judgements and what they mean|What the inspection judgements mean|What needs to improve|What does the (?:local authority|LSCB)"
    r" need to improve|Recommendations|Areas for improvement)\b")
_CONTENTS_LINE = re.compile(r"\s\d{1,3}\s*$")


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


def body_sections(doc: Document, body_start: int,
                  skip: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, area) spans of the report body after ``body_start``, minus ``skip`` spans
    (the improvement points) and the parts under a stop heading."""
    text = doc.text
    marks: list[tuple[int, int, str | None]] = []  # (heading start, text start, area or None=stop)
    for area, rx in HEADINGS:
        for m in rx.finditer(text, body_start):
            line_end = _line_end(text, m.end())
            if _CONTENTS_LINE.search(text[m.start():line_end]):
                continue  # a contents entry with its page number
            marks.append((m.start(), line_end, area))
    for m in STOPS.finditer(text, body_start):
        if not _CONTENTS_LINE.search(text[m.start():_line_end(text, m.end())]):
            marks.append((m.start(), _line_end(text, m.end()), None))
    marks.sort()
    spans: list[tuple[int, int, str]] = []
    area: str | None = "overall-effectiveness"
    pos = body_start
    for start, text_start, next_area in marks:
        if start < pos:
            continue
        if area and start > pos:
            spans.append((pos, start, area))
        area, pos = next_area, text_start
    if area and pos < len(text):
        spans.append((pos, len(text), area))
    return _minus(spans, sorted(skip))


def _minus(spans: list[tuple[int, int, str]], skip: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out = []
    for start, end, area in spans:
        for s, e in skip:
            if e <= start or s >= end:
                continue
            if s > start:
                out.append((start, s, area))
            start = max(start, e)
        if end > start:
            out.append((start, end, area))
    return out
