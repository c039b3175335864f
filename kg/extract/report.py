"""Metadata, judgements and inspection team of Ofsted inspection reports.

Three families of report PDF are read, recognised by the title on page 1:

- ILACS (2018 onwards): "Inspection of X local authority children's services" (or the older
  "X / Inspection of children's social care services"), a "Judgement Grade" table on page 1,
  "Lead inspector: Name, His Majesty's Inspector". Standard and short inspections print the
  same headings; only their on-site weeks differ (two weeks vs one), so the length decides.
- SIF (2013-2018): "(Re-)inspection of services for children in need of help and protection,
  children looked after and care leavers", optionally "and Review of the effectiveness of the
  Local Safeguarding Children Board"; a numbered table on page 1, the overall judgement in a
  sentence, the LSCB judgement in a page-1 sentence or a later section heading, and the team
  under "The inspection team" near the end.
- Looked-after-children inspections (2013): "Inspection of looked after children services",
  a "Reporting inspector" on page 1 and a "Record of main findings" table at the end.

Tables are read from a whitespace-collapsed copy of the text (labels and grades wrap over
lines in unpredictable places) that keeps, for every character, its offset in
``Document.text``, so each fact's Evidence quotes the original text exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..documents import Document
from ..records import (Evidence, Extraction, Finding, Inspection, Judgement, Person,
                       Recommendation)
from ..vocabulary import grade_id as vocabulary_grade_id, grade_pattern, table_labels
from .dates import parse_date, parse_date_ranges

# ----------------------------------------------------------------------------- grades

# Printed grades ("Requires improvement to be good", "Not judged") from the one vocabulary.
_GRADE = grade_pattern()
grade_id = vocabulary_grade_id  # grade id of a printed grade; None for "Not judged"


# ------------------------------------------------------------------- flattened text


@dataclass(frozen=True)
class _Flat:
    """A region of ``Document.text`` with whitespace runs collapsed to one space.

    ``offsets[i]`` is the position in ``Document.text`` of ``text[i]``, so a match in the
    flat text maps back to an exact span of the document.
    """

    doc: Document
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, doc: Document, start: int = 0, end: int | None = None) -> "_Flat":
        end = len(doc.text) if end is None else end
        return _flat_cached(doc, start, end)

    @classmethod
    def joined(cls, doc: Document, spans: list[tuple[int, int]]) -> "_Flat":
        """Several regions read as one (a list whose lines a page number interrupts)."""
        parts = [cls.of(doc, s, e) for s, e in spans]
        parts = [p for p in parts if p.text]
        if len(parts) == 1:
            return parts[0]
        text, offs = [], []
        for p in parts:
            if text:
                text.append(" ")
                offs.append(p.offsets[0])
            text.append(p.text)
            offs.extend(p.offsets)
        return cls(doc, "".join(text), tuple(offs))

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for flat span [start, end), quoting the document's own text."""
        while end > start and self.text[end - 1] == " ":
            end -= 1
        a, b = self.offsets[start], self.offsets[end - 1] + 1
        return Evidence(a, b, self.doc.text[a:b], self.doc.page_of(a))


@lru_cache(maxsize=16)
def _flat_cached(doc: Document, start: int, end: int) -> _Flat:
    """Collapse whitespace word by word (one regex pass), keeping each char's offset."""
    parts: list[str] = []
    offs: list[int] = []
    for m in _WORD.finditer(doc.text, start, end):
        if parts:
            parts.append(" ")
            offs.append(m.start() - 1)
        parts.append(m.group())
        offs.extend(range(m.start(), m.end()))
    return _Flat(doc, "".join(parts), tuple(offs))


_WORD = re.compile(r"\S+")


def _pages_end(doc: Document, pages: int) -> int:
    """Offset where page ``pages`` ends (or the end of the text)."""
    return doc.page_starts[pages] if pages < len(doc.page_starts) else len(doc.text)


def _lines(doc: Document, start: int, end: int) -> list[tuple[int, str]]:
    """Lines of ``doc.text[start:end]`` with their start offsets."""
    out, pos = [], start
    for line in doc.text[start:end].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


# ---------------------------------------------------------------------- recognising

_APOS = "['’‘`]"
_NAME_CHARS = r"(?:[^.]|(?<=St)\.)"  # a name inside a sentence ("St. Helens" keeps its dot)
_SIF_TITLE = re.compile(r"(?:Re-?\s?inspection|Inspection) of services for children in need of "
                        r"help and protection", re.I)
_LAC_TITLE = re.compile(r"Inspection of (?P<sg>safeguarding and )?(?:services for )?looked after "
                        r"children(?:" + _APOS + r"s)?(?: services)?", re.I)
_LSCB_TITLE = re.compile(r"Review of (?:the effectiveness of )?the Local Safeguarding Children"
                         + _APOS + r"?s? Board", re.I)
_ILACS_LABEL = re.compile(r"The impact of leaders on social work practice", re.I)
_TABLE_HEAD = re.compile(r"Judgements?\s?Grades?\b", re.I)
_ILACS_OVERALL = re.compile(r"Overall effectiveness\s?:?\s?" + _GRADE, re.I)
_ILACS_TITLE = re.compile(r"Inspection of (?P<name>[^.:]{0,80}?)\s?(?:local authority )?children"
                          + _APOS + r"s (?:social care )?services", re.I)


def _header(doc: Document) -> str:
    """Page 1 up to its dates line: where the title is (footnotes below it may name other
    inspections, e.g. a stand-alone LSCB review citing the inspection of services)."""
    head = _Flat.of(doc, 0, _pages_end(doc, 1)).text
    m = _DATES_LABEL.search(head)
    return head[:m.start()] if m and m.start() > 20 else head[:600]


def _layout(doc: Document) -> str | None:
    """Which report family page 1 announces: ilacs, sif, lac, lscb or None."""
    head = _header(doc)
    if _SIF_TITLE.search(head):
        return "sif"
    if _LAC_TITLE.search(head):
        return "lac"
    head2 = _Flat.of(doc, 0, _pages_end(doc, 2)).text
    # the table, with or without "Overall effectiveness" (dropped from April 2026)
    if _ILACS_LABEL.search(head2) and (_ILACS_OVERALL.search(head2) or _TABLE_HEAD.search(head2)):
        return "ilacs"
    if _LSCB_TITLE.search(head):
        return "lscb"
    return None


def is_report(doc: Document) -> bool:
    """True for an Ofsted inspection report (judgement table or findings record), False for
    letters, news and anything else: only reports carry these page-1 layouts."""
    layout = _layout(doc)
    if layout == "lac":
        return "record of main findings" in doc.text.lower()
    if layout == "lscb":
        return bool(_lscb_judgement(doc))
    return layout is not None


# ----------------------------------------------------------------------- authority

_NAME_LINE = re.compile(r"^\s*(?:Inspection of|Re-?\s?inspection of|Review of)\b", re.I)


def _authority_candidates(doc: Document) -> list[tuple[str, Evidence]]:
    """Printed names of the authority, most trustworthy first: the line(s) above the title
    (2013-2021 layouts), the name under the title (2013 looked-after-children reports) or
    inside it (ILACS 2022+), the SIF headline "Children's services in X are ...", and the
    running header of later pages."""
    out: list[tuple[str, Evidence]] = []
    lines = _lines(doc, 0, _pages_end(doc, 1))
    title = next((i for i, (_, ln) in enumerate(lines) if _NAME_LINE.match(ln)), None)
    if title is not None:
        above = [(p, ln) for p, ln in lines[:title] if ln.strip() and not ln.strip().isdigit()]
        if above:
            out.append(_line_span(doc, above[0], above[-1]))
        if len(above) > 1:
            out += [_line_span(doc, ln, ln) for ln in reversed(above)]
    flat = _Flat.of(doc, 0, _pages_end(doc, 1))
    m = _LAC_TITLE.search(_header(doc))
    if m:
        n = re.compile(r"\s*(?P<name>[^:]{2,90}?)\s+Inspection dates?\b", re.I).match(
            flat.text, m.end())
        if n:
            out.append((n["name"], flat.evidence(n.start("name"), n.end("name"))))
    later = _Flat.of(doc, _pages_end(doc, 1), _pages_end(doc, 3))
    for f, pattern in ((flat, _ILACS_TITLE), (flat, _SIF_NAMED), (later, _ILACS_TITLE)):
        m = pattern.search(f.text)
        if m and m["name"].strip():
            n = re.match(r"\s*(?:the\s+)?", m["name"], re.I)
            s, e = m.start("name") + n.end(), m.start("name") + len(m["name"].rstrip())
            if e > s:
                out.append((f.text[s:e], f.evidence(s, e)))
    return out


_SIF_NAMED = re.compile(r"Children" + _APOS + r"s services in (?P<name>" + _NAME_CHARS
                        + r"{2,90}?) (?:are|is|requires?)\b", re.I)
_BOARD = re.compile(r"\s+(?:Local\s+)?Safeguarding\s+Children" + _APOS + r"?s?\s+Board"
                    r"(?:\s+\(LSCB\))?$|\s+LSCB$", re.I)


_GENERIC = {"the", "london", "royal", "borough", "of", "council", "county", "city", "district",
            "metropolitan", "unitary", "authority", "local"}


def _core_name(name: str) -> str:
    """The distinctive words of a printed name ("London Borough of Redbridge Council" ->
    "Redbridge", "Tameside metropolitan borough" -> "Tameside"): generic words are
    dropped from both ends only, so "Isle of Wight" keeps its "of"."""
    words = name.split()
    while words and words[0].lower() in _GENERIC:
        words.pop(0)
    while words and words[-1].lower() in _GENERIC:
        words.pop()
    return " ".join(words)


def _line_span(doc: Document, first: tuple[int, str], last: tuple[int, str]
               ) -> tuple[str, Evidence]:
    """Name and evidence of page lines first..last, whitespace trimmed and joined."""
    start = first[0] + len(first[1]) - len(first[1].lstrip())
    end = last[0] + len(last[1].rstrip())
    return " ".join(doc.text[start:end].split()), _span_evidence(doc, start, end)


def _authority(doc: Document, on: date | None) -> tuple[str, str, Evidence | None]:
    """(GSS code, printed name, evidence) of the first candidate name that resolves; the
    first printed name with code "" when none does."""
    cands = _authority_candidates(doc)
    for name, ev in cands:
        for variant in dict.fromkeys((name, _BOARD.sub("", name), _core_name(name))):
            code = _resolve(variant, on)
            if code:
                return code, name, ev
    return ("", *cands[0]) if cands else ("", "", None)


def _span_evidence(doc: Document, start: int, end: int) -> Evidence:
    return Evidence(start, end, doc.text[start:end], doc.page_of(start))


def _resolve(name: str, on: date | None) -> str:
    """GSS code of the printed name on the inspection date ("" when unknown)."""
    try:
        from ..authorities import resolve
    except ImportError:
        return ""
    if not name:
        return ""
    auth = resolve(name, on)
    return auth.gss if auth else ""


# ---------------------------------------------------------------------------- dates

_DATES_LABEL = re.compile(r"(?:Inspection dates?|Dates? of (?:the )?inspection|On-?site dates?)"
                          r"\s*:?\s*", re.I)
_PUBLISHED = re.compile(r"^[ \t]*(?:Report\s+)?(?:published|publication\s+date)\b[ \t]*:?",
                        re.I | re.M)


def _onsite_dates(doc: Document) -> tuple[date | None, date | None, int, Evidence | None]:
    """On-site start and end from page 1's "Inspection date(s):" line; also the number of
    days on site (ranges joined by "and" are summed, for inspections paused in between)."""
    flat = _Flat.of(doc, 0, _pages_end(doc, 1))
    m = _DATES_LABEL.search(flat.text)
    if not m:
        return None, None, 0, None
    window = flat.text[m.end():m.end() + 160]
    ranges, last_end = [], 0
    for (start, end), (a, b) in parse_date_ranges(window):
        if ranges and not re.fullmatch(r"\s*(?:,|and|&|;)?\s*(?:and\s*)?", window[last_end:a]):
            break
        if not ranges and a > 12:  # the range must follow the label
            break
        ranges.append((start, end, a, b))
        last_end = b
    if not ranges:
        d = parse_date(window[:40])
        return d, d, 1 if d else 0, None
    start, end = ranges[0][0], ranges[-1][1]
    days = sum((e - s).days + 1 for s, e, _, _ in ranges if s and e)
    ev = flat.evidence(m.start(), m.end() + ranges[-1][3])
    return start, end, days, ev


def _publication_date(doc: Document) -> date | None:
    """The printed "Report published:" / "Published:" date of page 1, if any."""
    m = _PUBLISHED.search(doc.text, 0, _pages_end(doc, 1))
    return parse_date(" ".join(doc.text[m.end():m.end() + 60].split())) if m else None


# ----------------------------------------------------------------------- judgements

# Judgement table labels per framework (kg/data/vocabulary.json).
_ILACS_AREAS = table_labels("ilacs")
_SIF_AREAS = table_labels("sif")
_LAC_AREAS = table_labels("lac")
_SIF_OVERALL = re.compile(
    r"(?:The overall judgement is(?: that)?(?: children" + _APOS + r"s services)?(?: are| is)?"
    r"|Children" + _APOS + r"s services(?: in " + _NAME_CHARS + r"{1,90}?)?(?: are| is)?)"
    r"(?: judged)?(?: to be)?\s?" + _GRADE, re.I)
_OVERALL_LABEL = re.compile(r"Overall (?:effectiveness|judgement)(?: is)?\s?:?\s?" + _GRADE, re.I)
_LSCB_PAGE1 = re.compile(r"The effectiveness of the (?:Local Safeguarding Children Board|LSCB)"
                         r"(?: \(LSCB\))? is:?\s?" + _GRADE, re.I)
_LSCB_HEADING = re.compile(r"^[ \t]*The Local Safeguarding Children Board (?:\(LSCB\) )?(?:is )?"
                           r"(?:judged (?:to be )?)?(?P<grade>outstanding|good|requires?\s+"
                           r"improvement(?:\s+to\s+be\s+good)?|inadequate)\b[ \t.]*$", re.I | re.M)


def _rows(flat: _Flat, areas: tuple[tuple[str, str], ...], start: int = 0,
          end: int | None = None) -> list[Judgement]:
    """First "label grade" row of each area in flat[start:end], in printed order (for tables
    with other rows between the wanted ones, such as the 2013 record of main findings)."""
    end = len(flat.text) if end is None else end
    found: list[tuple[int, Judgement]] = []
    for area, label in areas:
        m = re.compile(label + r"\s?:?\s?" + _GRADE, re.I).search(flat.text, start, end)
        if not m:
            continue
        grade = grade_id(m["grade"])
        if grade:
            found.append((m.start(), Judgement(area, grade, flat.evidence(m.start(), m.end()))))
    return [j for _, j in sorted(found, key=lambda x: x[0])]


@dataclass(frozen=True)
class _Token:
    kind: str  # "L" (an area label) or "G" (a grade)
    value: str  # area id or printed grade
    start: int
    end: int


def _table_tokens(flat: _Flat, areas: tuple[tuple[str, str], ...], start: int,
                  end: int) -> list[_Token]:
    """Labels and grades of a judgement table in printed order, from the first one after
    ``start`` until prose begins (more than a few stray characters between two cells)."""
    alts = [f"(?P<a{i}>{label})" for i, (_, label) in enumerate(areas)]
    cell = re.compile("|".join(alts + [_GRADE]), re.I)
    tokens: list[_Token] = []
    pos = start
    while pos < end:
        m = cell.search(flat.text, pos, end)
        if not m or (tokens and len(flat.text[pos:m.start()].strip(" :*.,;0123456789")) > 0):
            if tokens and all(t.kind == "G" for t in tokens):  # grade words in prose
                tokens, pos = [], tokens[-1].end
                continue
            break
        if m["grade"] is not None:
            tokens.append(_Token("G", m["grade"], m.start(), m.end()))
        else:
            i = next(int(k[1:]) for k, v in m.groupdict().items() if v and k.startswith("a"))
            tokens.append(_Token("L", areas[i][0], m.start(), m.end()))
        pos = m.end()
    return tokens


def _pair_cells(tokens: list[_Token]) -> list[tuple[_Token, _Token]]:
    """(label, grade) pairs whether the reader gave rows ("label grade"), grade-first rows,
    or the label column followed by the grade column."""
    kinds = "".join(t.kind for t in tokens)
    rows = [(t, tokens[i + 1]) for i, t in enumerate(tokens[:-1])
            if t.kind == "L" and tokens[i + 1].kind == "G"]
    if len(rows) == kinds.count("L"):
        return rows
    if re.fullmatch(r"(?:GL)+", kinds):
        return [(tokens[i + 1], tokens[i]) for i in range(0, len(tokens), 2)]
    n = kinds.count("L")
    if re.fullmatch(r"L{2,}G+", kinds) and kinds.count("G") == n:
        return list(zip(tokens[:n], tokens[n:]))
    return rows


def _read_table(flat: _Flat, areas: tuple[tuple[str, str], ...], start: int = 0,
                end: int | None = None) -> list[Judgement]:
    """Judgements of the table starting at or after ``start``; "Not judged" rows dropped,
    only the first row of an area kept."""
    end = len(flat.text) if end is None else end
    out: list[Judgement] = []
    seen: set[str] = set()
    for label, grade in _pair_cells(_table_tokens(flat, areas, start, end)):
        gid = grade_id(grade.value)
        if gid and label.value not in seen:
            seen.add(label.value)
            a, b = min(label.start, grade.start), max(label.end, grade.end)
            out.append(Judgement(label.value, gid, flat.evidence(a, b)))
    return out


def _ilacs_judgements(doc: Document) -> list[Judgement]:
    """The page-1 "Judgement Grade" table (it may run onto page 2)."""
    flat = _Flat.of(doc, 0, _pages_end(doc, 2))
    m = _TABLE_HEAD.search(flat.text)
    start = m.end() if m else 0
    return _read_table(flat, _ILACS_AREAS, start)


def _sif_judgements(doc: Document) -> list[Judgement]:
    """Overall sentence and numbered table of page 1, then the LSCB judgement."""
    flat = _Flat.of(doc, 0, _pages_end(doc, 1))
    out: list[Judgement] = []
    m = _SIF_OVERALL.search(flat.text) or _OVERALL_LABEL.search(flat.text)
    if m and grade_id(m["grade"]):
        out.append(Judgement("overall-effectiveness", grade_id(m["grade"]),
                             flat.evidence(m.start(), m.end())))
    # the table starts at its first label (the headline grade may touch it)
    first = re.compile("|".join(label for _, label in _SIF_AREAS), re.I).search(flat.text)
    out += _read_table(flat, _SIF_AREAS, first.start() if first else 0)
    lscb = _lscb_judgement(doc) if _LSCB_TITLE.search(_header(doc)) else None
    if lscb:  # only with a review of the board (re-inspections have none)
        out.append(lscb)
    return out


def _lscb_judgement(doc: Document) -> Judgement | None:
    """LSCB grade: page-1 sentence (to Aug 2014) or the later section heading."""
    flat = _Flat.of(doc, 0, _pages_end(doc, 1))
    m = _LSCB_PAGE1.search(flat.text)
    if m and grade_id(m["grade"]):
        return Judgement("lscb", grade_id(m["grade"]), flat.evidence(m.start(), m.end()))
    m = _LSCB_HEADING.search(doc.text)
    if m and grade_id(m["grade"]):
        s = m.start() + len(m[0]) - len(m[0].lstrip())
        e = m.end("grade")
        return Judgement("lscb", grade_id(m["grade"]), _span_evidence(doc, s, e))
    return None


def _lac_judgements(doc: Document) -> list[Judgement]:
    """The "Record of main findings" table (its looked-after-children part)."""
    idx = [m.start() for m in re.finditer(r"^\s*Record of main findings\s*$", doc.text,
                                          re.I | re.M)]
    if not idx:
        return []
    flat = _Flat.of(doc, idx[-1], min(len(doc.text), idx[-1] + 3000))
    m = re.search(r"Services for looked after children", flat.text, re.I)
    start = m.end() if m else 0
    return _rows(flat, _LAC_AREAS, start)


# ---------------------------------------------------------------------------- people

_ROLE_LABELS = (
    (r"lead inspectors?", "lead inspector"),
    (r"reporting inspectors?", "lead inspector"),
    (r"deputy lead inspectors?", "deputy lead inspector"),
    (r"team inspectors?", "team inspector"),
    (r"shadow inspectors?", "shadow inspector"),
    (r"senior data analysts?", "senior data analyst"),
    (r"data analysts?", "data analyst"),
    (r"(?:quality assurance|qa) managers?", "quality assurance manager"),
)
_KNOWN_LABEL = re.compile(r"^\s*(?P<label>" + "|".join(p for p, _ in _ROLE_LABELS)
                          + r")\b\s*[:–-]?\s*", re.I)
_OTHER_LABEL = re.compile(r"^\s*(?P<label>[A-Z][A-Za-z]+(?: [A-Za-z]+){0,4})\s*:\s*")
# an unknown label alone on its line ("Regulatory inspection managers"), names follow below
_BARE_LABEL = re.compile(r"^\s*(?P<label>[A-Z][a-z]+(?: [a-z]+){0,4} (?:inspectors?|analysts?|"
                         r"managers?|officers?|observers?|advisers?))\s*:?\s*$")
_NONE = re.compile(r"^(?:not applicable|none|n/?a|-|–)\.?$", re.I)
_TRAILING_TITLE = re.compile(
    r"(?:,?\s+|\s*\()(?P<title>(?:Senior\s+)?(?:HMI|SHMI|AI|OI|Ofsted Inspector|Additional "
    r"Inspector|(?:Her|His) Majesty" + _APOS + r"s Inspectors?)|Contracted Inspector)\)?\.?\s*$",
    re.I)
_PAREN = re.compile(r"\s*\((?P<title>[^)]*)\)\s*")
_LEADING_TITLE = re.compile(r"^(?P<title>(?:Dr|Mr|Mrs|Ms|Miss|Prof(?:essor)?)\.?)\s+")
_TITLE_HEAD = {"manager", "inspector", "officer", "analyst", "director", "adviser", "advisor",
               "hmi", "shmi"}
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b|(?<=[a-z]{2})\.(?=\s+[A-Z]))\s*")


def _role_of(label: str) -> tuple[str, bool]:
    """Role id and lead flag of a printed label ("Team inspectors" -> team inspector)."""
    low = " ".join(label.lower().split())
    for pattern, role in _ROLE_LABELS:
        if re.fullmatch(pattern, low):
            return role, role == "lead inspector"
    words = low.split()
    if words and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return "other:" + " ".join(words), False


def clean_name(raw: str) -> tuple[str, str | None]:
    """Split a printed person into (name, title): titles and grade notes such as "HMI",
    "(OI)", "Senior Her Majesty's Inspector", "Dr" or a leading job title are moved out."""
    name = " ".join(raw.split()).strip(" .,;:")
    titles: list[str] = []
    m = _LEADING_TITLE.match(name)
    if m:
        titles.append(m["title"])
        name = name[m.end():]
    trailing: list[str] = []  # read from the end: "Senior HMI (OI)" -> both, in order
    while m := _TRAILING_TITLE.search(name):
        trailing.insert(0, m["title"])
        name = name[:m.start()].strip(" .,;:")
    titles += [m["title"] for m in _PAREN.finditer(name)] + trailing
    name = _PAREN.sub(" ", name).strip(" .,;:")
    words = name.split()
    heads = [i for i, w in enumerate(words[:-2]) if w.lower() in _TITLE_HEAD]
    if heads and all(w[:1].isupper() for w in words[:heads[-1] + 1]):
        titles.insert(0, " ".join(words[:heads[-1] + 1]))
        words = words[heads[-1] + 1:]
    name = " ".join(words)
    return name, (" ".join(titles) if titles else None)


def _people_in(doc: Document, spans: list[tuple[int, int]], role: str, lead: bool,
               shared_title: str | None = None) -> list[Person]:
    """People named in the text spans (one comma/"and" separated list) with one role."""
    flat = _Flat.joined(doc, spans)
    people: list[Person] = []
    pos = 0
    parts = []
    for m in _SPLIT.finditer(flat.text):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(flat.text)))
    for a, b in parts:
        raw = flat.text[a:b]
        if not raw.strip() or _NONE.match(raw.strip()):
            continue
        if _is_title(raw):  # "A and B, His Majesty's Inspectors": title of the names before
            people = [p if p.title else Person(p.name, p.role, p.lead, raw.strip(" .,"), True,
                                               p.evidence) for p in people]
            continue
        name, title = clean_name(raw)
        if _is_title(name) or len(name.split()) < 2 or not re.search(r"[A-Za-z]", name):
            continue  # a stray title, initial or number, not a person
        i = flat.text.find(name.split()[0], a)
        j = flat.text.rfind(name.split()[-1], a, b) + len(name.split()[-1])
        ev = flat.evidence(i, j) if 0 <= i < j else None
        people.append(Person(name, role, lead, title or shared_title, True, ev))
    return people


_TITLE_WORDS = {"senior", "hmi", "shmi", "her", "his", "majesty's", "majesty’s", "inspector",
                "inspectors", "additional", "ofsted", "contracted", "regulatory", "social", "care",
                "ai", "oi", "dr", "lead"}


def _is_title(text: str) -> bool:
    """A title or grade note standing alone ("His Majesty's Inspector", "Additional
    Inspector", "HMI"), never a name."""
    words = re.findall(r"[\w'’]+", text.lower())
    return bool(words) and all(w in _TITLE_WORDS for w in words) and (
        "inspector" in words or "inspectors" in words or len(words) == 1)


def _label_of(line: str) -> re.Match | None:
    """The role label a team line starts with, if any."""
    return _KNOWN_LABEL.match(line) or _OTHER_LABEL.match(line) or _BARE_LABEL.match(line)


_TEAM_HEADING = re.compile(r"^[ \t]*(?:The )?(?:inspection|review) team[ \t]*:?[ \t]*$",
                           re.I | re.M)


def _team_block(doc: Document) -> list[tuple[int, str]] | None:
    """Lines of the "The inspection team" list (SIF reports), or None when not printed.

    The list starts at its first role label and runs while lines are labels or names (a
    list may cross a page, whose number line is skipped); a blank line or prose ends it.
    """
    heads = [m.end() for m in _TEAM_HEADING.finditer(doc.text)]
    for head in reversed(heads):
        block: list[tuple[int, str]] = []
        skipped = 0
        for pos, line in _lines(doc, head + 1, min(len(doc.text), head + 4000)):
            text = line.strip()
            if text.isdigit():
                continue
            if _label_of(line) or (block and _looks_like_names(text)):
                block.append((pos, line))
            elif block or skipped > 8:
                break
            else:  # a sentence before the list ("The inspection team consisted of ...")
                skipped += 1
        if block:
            return block
    return None


_PARTICLES = {"and", "&", "/", "van", "von", "de", "der", "den", "du", "da", "di", "la", "le",
              "el", "bin", "ibn"}


def _looks_like_names(text: str) -> bool:
    """A line continuing a name list: capitalised words, particles, notes in brackets."""
    words = re.findall(r"[^\s,;/]+", text)
    return bool(words) and all(w[0].isupper() or w[0] in "(’'" or w.lower() in _PARTICLES
                               for w in words)


def _team(doc: Document) -> list[Person]:
    """Everyone of "The inspection team": each label starts an entry, later lines without
    a label continue it (names wrap), and each entry's names split on commas and "and"."""
    block = _team_block(doc)
    if not block:
        return []
    entries: list[tuple[str, list[tuple[int, int]]]] = []  # label, spans of its names
    for pos, line in block:
        m = _label_of(line)
        if m:
            entries.append((m["label"], [(pos + m.end(), pos + len(line))]))
        elif entries:
            entries[-1][1].append((pos, pos + len(line)))
    people: list[Person] = []
    for label, spans in entries:
        role, lead = _role_of(label)
        people += _people_in(doc, spans, role, lead)
    return people


_NAME_AND_TITLE = re.compile(r"^\s*[A-Z][^\s,:]+(?:\s+[A-Z][^\s,:]+){1,3},?\s+(?:Senior\s+)?"
                             r"(?:HMI|SHMI|(?:Her|His) Majesty" + _APOS + r"s Inspectors?)\s*$")
_LEAD_LINE = re.compile(r"^[ \t]*(?P<label>Lead inspectors?|Reporting inspectors?)[ \t]*[:–-]?"
                        r"[ \t]*(?P<names>.*)$", re.I | re.M)


def _page1_leads(doc: Document) -> list[Person]:
    """Lead inspector(s) named on page 1: "Lead inspector: Name, His Majesty's Inspector",
    the title possibly on the next line, further "Name, title" lines for joint leads, or
    "Reporting inspector Name HMI" (2013)."""
    end1 = _pages_end(doc, 1)
    m = _LEAD_LINE.search(doc.text, 0, end1)
    if not m or not m["names"].strip():
        return []
    people = _people_in(doc, [m.span("names")], "lead inspector", True)
    for pos, line in _lines(doc, m.end() + 1, end1)[:4]:
        if _is_title(line):
            people = [p if p.title else Person(p.name, p.role, p.lead, line.strip(" .,"), True,
                                               p.evidence) for p in people]
        elif _NAME_AND_TITLE.match(line):
            people += _people_in(doc, [(pos, pos + len(line))], "lead inspector", True)
        else:
            break
    return people


# -------------------------------------------------------------------------- assembly


def _inspection_type(layout: str, doc: Document, days: int) -> str:
    """Report type; ILACS length from the days on site (short: one week, standard: two)."""
    if layout == "sif":
        return "sif"
    if layout == "lac":
        m = _LAC_TITLE.search(_header(doc))
        return "safeguarding-lac" if m and m["sg"] else "looked-after-children"
    if layout == "lscb":
        return "lscb-review"
    if not days:
        return "ilacs"
    return "ilacs-short" if days <= 7 else "ilacs-standard"


def _judgements(layout: str, doc: Document) -> list[Judgement]:
    if layout == "ilacs":
        return _ilacs_judgements(doc)
    if layout == "sif":
        return _sif_judgements(doc)
    if layout == "lac":
        return _lac_judgements(doc)
    lscb = _lscb_judgement(doc)
    return [lscb] if lscb else []


def _recommendations(doc: Document) -> tuple[Recommendation, ...]:
    """Improvement points from the sibling extractor when it is installed."""
    try:
        from .improvement_points import extract_improvement_points
    except ImportError:
        return ()
    return tuple(extract_improvement_points(doc))


def _dedupe(people: list[Person]) -> list[Person]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in people:
        key = (p.name.lower(), p.role)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def extract_report(doc: Document) -> Extraction:
    """One Inspection (authority, type, dates, judgements, team) read from a report."""
    warnings: list[str] = []
    layout = _layout(doc)
    if layout is None:
        warnings.append(f"{doc.name}: no known report layout on page 1; read as ILACS")
        layout = "ilacs"
    start, end, days, dates_ev = _onsite_dates(doc)
    published = _publication_date(doc)
    code, name, name_ev = _authority(doc, start or published)
    team = _team(doc) if layout in ("sif", "lscb") else []
    if not any(p.lead for p in team):
        team = _page1_leads(doc) + team
    if not code:
        warnings.append(f"{doc.name}: authority {name!r} not recognised")
    year = (start or end or published).year if (start or end or published) else None
    judgements = tuple(_judgements(layout, doc))
    recommendations = _recommendations(doc)
    inspection = Inspection(
        authority_code=code,
        authority_name=name,
        type=_inspection_type(layout, doc, days),
        start_date=start,
        end_date=end,
        publication_date=published,
        year=year,
        judgements=judgements,
        people=tuple(_dedupe(team)),
        recommendations=recommendations,
        findings=_findings(doc, judgements, recommendations),
        evidence=name_ev or dates_ev,
    )
    return Extraction(inspections=(inspection,), genre="report", title=_title(doc),
                      published=published, warnings=tuple(warnings))


def _findings(doc: Document, judgements: tuple[Judgement, ...],
              recommendations: tuple[Recommendation, ...]) -> tuple[Finding, ...]:
    """Weaknesses and strengths of the report body, each under the area it is written in."""
    from .findings import extract_findings
    from .report_sections import body_sections

    page1_end = doc.page_starts[1] if doc.page_count > 1 else len(doc.text)
    table_end = max((j.evidence.end for j in judgements if j.evidence and j.evidence.end <= page1_end),
                    default=0)
    skip = [(r.evidence.start, r.evidence.end) for r in recommendations if r.evidence]
    # Every improvement point is also a weakness finding (its themes, its text as evidence), so
    # the findings and the analytics that count weaknesses agree.
    out: list[Finding] = [Finding("weakness", r.themes, r.evidence, None, "improvement-point")
                          for r in recommendations if r.evidence and r.themes]
    for start, end, area in body_sections(doc, table_end, skip):
        out.extend(extract_findings(doc, start, end, area, statements=True))
    return tuple(out)


def _title(doc: Document) -> str | None:
    """The report's title as page 1 prints it ("Inspection of ...", footnote mark removed)."""
    head = _header(doc)
    m = re.search(r"(?:Re-?\s?inspection|Inspection|Review) of\b", head, re.I)
    title = re.sub(r"(?<=[a-z])\d+$", "", head[m.start() if m else 0:].strip())
    return title[:200] or None
