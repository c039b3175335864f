"""Inspections and visits a text reports: their kind, dates, and the grades stated in prose.

Kinds. ``annual engagement meeting`` -> ``annual-engagement``; ``focused visit`` (also "focused
inspection") -> ``focused-visit``; ``monitoring visit`` -> ``monitoring-visit``; ``joint
targeted area inspection`` / JTAI -> ``jtai``; SIF, "single inspection framework",
re-inspection -> ``sif``; ILACS -> ``ilacs`` (``ilacs-short`` / ``ilacs-standard`` when the
length is printed). A graded inspection whose framework is not named is ``sif`` when dated
November 2013 to 2017, ``ilacs`` from 2018 or when no date is printed. Every mention is marked
current, past ("since the last monitoring visit", "the findings of a focused visit") or
future ("visits that will commence").

Grades. :func:`grades_in_sentence` reads "now require improvement to be good", "rated
outstanding", "judged inadequate in all areas", "services for care leavers were rated
outstanding", "an overall rating of 'good'", "Ofsted rates X 'good'": the grade needs a
judging verb before it, no noun after it ("good quality", "good support" are not grades) and
a subject that is a service, the authority or a judgement area. The area comes from the
words before the grade (no area named: overall effectiveness; "all areas": every area of the
framework). A grade tied to an earlier year or to "the last/previous inspection" ("when it
was judged good in 2016", "after the department was rated 'requires improvement' by Ofsted in
2019") is marked previous with that year. So is the grade of a comparison ("rated good, up from
requires improvement", "down from good", "a rise from inadequate", "improved from inadequate in
2018 to good": the grade after "to" is the present one) and a grade followed by the time it was
given ("inadequate when it was last inspected in 2019", "good at its previous inspection in
2018"); a compared grade takes the area of the grade it is compared with.

ILACS areas follow the year: from 2023 children in care and care leavers are judged apart
(``in-care``, ``care-leavers``); before, together (``in-care-and-care-leavers``). With no year,
the combined area is only given where the text names that one judgement ("children in care and
care leavers ... requires improvement"); "all areas" then gives the current framework's areas.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date

from .dates import parse_date, parse_date_ranges

__all__ = ["Grade", "KindMention", "grades_in_sentence", "kinds_in", "choose_type",
           "framework_areas", "full_type_for", "previous_type_for", "sentence_dates", "MONTHS"]

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_APOS = "['\u2019]"

# --------------------------------------------------------------------------- kinds

_KIND_PATTERNS = [
    ("annual-engagement", r"annual engagement (?:meeting|conversation|visit)s?"),
    ("focused-visit", r"focused (?:visit|inspection)s?"),
    ("monitoring-visit", r"monitoring (?:visit|inspection|report|letter)s?"),
    ("jtai", r"joint targeted area inspections?|\bJTAIs?\b"),
    ("sif", r"single inspection framework|\bSIF\b|\bre-?\s?inspection"),
    ("ilacs-short", r"\bshort (?:ILACS )?inspection"),
    ("ilacs-standard", r"\bstandard (?:ILACS )?inspection|\b(?:full\s+)?two[- ]week (?:ILACS )?inspection"),
    ("ilacs", r"\bILACS\b|inspection of local authority children" + _APOS + r"?s services"
               r"|inspecting local authority children"),
    ("full", r"\b(?:full|graded|children" + _APOS + r"?s services|ofsted) inspection"
             r"|\binspection of (?:the )?(?:[\w-]+" + _APOS + r"s |its |their |the council" + _APOS
             + r"s |the local authority" + _APOS + r"s )?children" + _APOS + r"?s (?:social care )?services"
             r"|\binspection of children" + _APOS + r"?s social care|\binspected\b|\binspection report"
             r"|\b(?:last|previous|recent|latest) inspection"),
]
_KIND_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_KIND_PATTERNS)), re.I)
_PAST_BEFORE = re.compile(
    r"(?:\blast|\bprevious|\bearlier|\bprior|\bsince|\bat the time of|\bat (?:its|their|the) "
    r"(?:last|previous)|\bbefore)\s+(?:(?:the|a|an|its|their|our|your|this|that)\s+)?"
    r"(?:[\w'\u2019-]+\s+){0,2}$", re.I)
# A reference to an event whose findings are being discussed: the current one in a letter
# ("the findings of the focused visit to X on ..."), an earlier one in news ("leaders have
# responded to the findings of a focused visit").
_REF_BEFORE = re.compile(
    r"(?:\bfollowing|\bafter|\bfindings of|\bresponse to|\bactions? (?:from|following)|"
    r"\brecommendations (?:of|from)|\bfrom)\s+(?:(?:the|a|an|its|their|our|your|this|that)\s+)?"
    r"(?:[\w'\u2019-]+\s+){0,2}$", re.I)
_FUTURE_BEFORE = re.compile(r"\b(?:will|would|next|future|further|upcoming|forthcoming|planned|"
                            r"expected|possible|potential|enhanced)\b[^.]{0,25}$", re.I)
_FUTURE_AFTER = re.compile(r"^[^.]{0,30}?\b(?:will|would|are due|is due|commence|to start|"
                           r"next year|in the (?:next|coming))\b", re.I)


@dataclass(frozen=True)
class KindMention:
    kind: str  # one of the inspection types, or "full" (framework not named)
    start: int
    end: int
    status: str  # current | ref (findings of / following ...) | past | future


def kinds_in(text: str, start: int, end: int) -> list[KindMention]:
    out = []
    for m in _KIND_RE.finditer(text, start, end):
        kind = next(_KIND_PATTERNS[int(k[1:])][0] for k, v in m.groupdict().items() if v)
        matched = m.group().lower()
        before = text[max(start, m.start() - 80):m.start()]
        after = text[m.end():min(end, m.end() + 60)]
        if matched.startswith(("last", "previous")) or _PAST_BEFORE.search(before) or _HAD_AFTER.match(after):
            status = "past"
        elif _FUTURE_BEFORE.search(before) or _FUTURE_AFTER.search(after):
            status = "future"
        elif _REF_BEFORE.search(before):
            status = "ref"
        else:
            status = "current"
        if matched.startswith(("recent", "latest")):
            status = "current"
        out.append(KindMention(kind, m.start(), m.end(), status))
    return out


VISITS = ("annual-engagement", "focused-visit", "monitoring-visit", "jtai")
# "A focused visit in 2023 had already warned of delays": told in the past perfect, history.
_HAD_AFTER = re.compile(r"[^.;]{0,40}?\bhad\s+(?:already\s+|previously\s+|earlier\s+)?(?!been\s+(?:rated|judged))\w+ed\b",
                        re.I)


def full_type_for(year: int | None, on: date | None = None) -> str:
    """Framework of a graded inspection whose framework the text does not name."""
    if on is not None:
        if on >= date(2018, 1, 1):
            return "ilacs"
        return "sif" if on >= date(2013, 11, 1) else "other"
    if year is None or year >= 2018:
        return "ilacs"
    return "sif" if 2014 <= year <= 2017 else "other"


def previous_type_for(year: int | None) -> str:
    """An earlier inspection's framework, only when the year makes it safe."""
    if year is None:
        return "other"
    if year >= 2018:
        return "ilacs"
    return "sif" if 2014 <= year <= 2017 else "other"


def _specific_first(named: list[str]) -> list[str]:
    """"an ILACS inspection ... a standard inspection": the length, when printed, wins."""
    specific = [k for k in named if k in ("ilacs-short", "ilacs-standard")]
    if specific and named and named[0] == "ilacs":
        return specific[:1] + named
    return named


def choose_type(kinds: list[KindMention], graded: bool, year: int | None,
                on: date | None = None, lead_until: int = -1) -> str | None:
    """The kind of the inspection or visit an item reports; None when it reports none.

    A visit named in the item's opening (a letter's subject line, a headline; offsets below
    ``lead_until``) decides; otherwise a grade stated for the present makes it a graded
    inspection; otherwise the first visit spoken of in the present.
    """
    current = [k for k in kinds if k.status == "current"]
    past = [k for k in kinds if k.status in ("past", "ref")]
    named_full = [k.kind for k in current if k.kind in ("sif", "ilacs", "ilacs-short", "ilacs-standard")]
    if graded:  # "Following a re-inspection in 2017, services were judged to ..."
        named_full += [k.kind for k in kinds if k.status == "ref"
                       and k.kind in ("sif", "ilacs", "ilacs-short", "ilacs-standard")]
    for k in current:
        if k.kind in VISITS and k.start < lead_until:
            return k.kind
    named_full = _specific_first(named_full)
    if graded:
        if named_full:
            return named_full[0]
        return full_type_for(year, on)
    for k in current:
        if k.kind in VISITS:
            return k.kind
    if named_full:
        return named_full[0]
    if any(k.kind == "full" for k in current):
        return full_type_for(year, on)
    for k in past:
        if k.kind in ("focused-visit", "monitoring-visit"):
            return k.kind
    if any(k.kind in ("full", "ilacs", "sif") for k in past):
        return full_type_for(year, on)
    return None


_REPORTED = re.compile(r"\b(?:ofsted|inspectors?|the watchdog|the regulator)\b[^.;]{0,60}?\b(?:found|finds|"
                       r"said|says|reported|praised|criticised|criticized|highlighted|warned|noted|judged|rated|"
                       r"identified|raised|uncovered|concluded)\b", re.I)


def reports_inspection(sentences: list[str]) -> bool:
    """Ofsted or its inspectors are reported as finding or saying something."""
    return any(_REPORTED.search(s) for s in sentences)


# --------------------------------------------------------------------------- grades

_GRADE = re.compile(
    r"\b(?P<grade>outstanding|good|requir(?:es?|ing|ed)\s+improvement(?:\s+to\s+be\s+good)?"
    r"|inadequate|adequate)\b", re.I)
_VERB = (r"(?:rated|rates?|rating|ratings|judged|judgement|judgment|graded|grade|assessed|deemed|"
         r"found|remains?|remained|is|are|was|were|be|been|being|become|becomes|became|now|still)")
_FILL = r"(?:\s+(?:as|to|be|of|overall|still|now|again|also|both|all|once|more|an|a|being|judged|rated|by\s+ofsted|by\s+inspectors))*"
_BEFORE = re.compile(r"\b" + _VERB + _FILL + r"\s*[\"'\u2018\u201c]?\s*$", re.I)
_RATES = re.compile(r"\b(?:rates?|rated|judged|judges|graded|deemed|found|finds)\s+(?!as\b|to\b|be\b)(?:[\w'\u2019-]+\s+){1,8}"
                    r"(?:as\s+|to be\s+)?[\"'\u2018\u201c]?\s*$", re.I)
_LEVEL = re.compile(r"^[\"'\u2019\u201d]?\s*(?:level|rating|judgement|judgment|grade|standard)\b"
                    r"(?!\s+of\b)", re.I)
_LEVEL_BEFORE = re.compile(r"\b(?:the|its|their|an?)\s*[\"'\u2018\u201c]?\s*$", re.I)
_NEGATED = re.compile(r"\b(?:not|no longer|never|nor|neither)\b(?:\s+\w+){0,2}\s*[\"'\u2018\u201c]?\s*$"
                      r"|n['\u2019]t\s+(?:\w+\s+){0,2}$", re.I)
_FOLLOW_OK = re.compile(
    r"^[\"'\u2019\u201d]*\s*(?:$|[.,;:!?)\]\u2013\u2014]|-\s|(?:overall|by|with|and|but|since|after|"
    r"following|when|across|for|on|last|this|as|or|says|said|according|under|from|than|while|"
    r"whilst|although|though|again|once|too|also|in|at|before|because|until)\b)", re.I)
_FOLLOW_ING = re.compile(r"^[\"'\u2019\u201d]*\s*(?:in|at|for|on)\s+\w+ing\b", re.I)
_BOUNDARY = re.compile(r"[;:]|,\s*(?:and\s+)?|\b(?:but|while|whilst|whereas|although|though|when|"
                       r"(?<!looked )after|following|since|before|because|until)\b", re.I)
_STRONG = re.compile(r"[;:]|\b(?:but|while|whilst|whereas|although|though|when|(?<!looked )after|following|"
                     r"since|before|because|until)\b", re.I)
_VERBISH = re.compile(r"\b(?:is|are|was|were|has|have|had|be|been|being|receive|receives|"
                      r"received|found|said|says)\b", re.I)
_TAIL_END = re.compile(r"[,.;:!?]|\b(?:(?<!looked )after|following|since|when|but|although|while|which|"
                       r"before|because|as a result|who|where)\b", re.I)
_YEAR = re.compile(r"(?<![\d/£$-])((?:19[89]|20[0-4])\d)(?![\d/%])")
# "up from requires improvement", "down from good", "an improvement from inadequate", "a rise from
# requires improvement": the grade after "from" is the earlier one.
_FROM_WORDS = (r"(?:up|down|improve[sd]?|improving|improvement|risen|rising|rises?|rose|fallen|falling|falls?|fell|"
               r"drop(?:s|ped|ping)?|moved?|moves|moving|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|upgraded?|downgraded?|"
               r"slipp(?:ed|ing)|slips?|declined?|declining|deteriorat(?:ed|ing)|step(?:ped)?\s+up|"
               r"progress(?:ed)?|increase|decrease|change[ds]?)")
_PAST = re.compile(r"\b(?:last|previous(?:ly)?|earlier|prior|former(?:ly)?|had been|at the time|ago|"
                   r"(?:at|in|by|during) that (?:inspection|visit|time)|"
                   r"once|" + _FROM_WORDS + r"\s+from)\b", re.I)
_FROM_BEFORE = re.compile(r"\b" + _FROM_WORDS + r"(?:\s+(?!from\b)[\w'\u2019-]+){0,3}?\s+from\s+(?:(?:a|an|its|their|the)\s+(?:(?:previous|"
                          r"earlier|last|former|prior)\s+)?(?:(?:overall\s+)?(?:rating|grade|judgement|judgment)"
                          r"\s+(?:of\s+)?)?)?[\"'\u2018\u201c]?\s*$", re.I)
# "... from requires improvement to good": the grade after "to" is the present one.
_TO_BEFORE = re.compile(r"[\"'\u2019\u201d]?\s*(?:(?:in|at|during)\b[^,.;]{0,40}?\s)?(?:to|into)\s+(?:(?:a|an)\s+)?"
                        r"(?:(?:rating|grade|judgement|judgment)\s+of\s+)?[\"'\u2018\u201c]?\s*$", re.I)
# "went from good to outstanding": a bare "from" is a comparison when a grade follows "to".
_BARE_FROM = re.compile(r"\bfrom\s+[\"'\u2018\u201c]?\s*$", re.I)
_TO_GRADE_AFTER = re.compile(r"[\"'\u2019\u201d]?\s*(?:(?:in|at|during)\b[^,.;]{0,40}?\s)?(?:to|into)\s+(?:(?:a|an)\s+)?(?:(?:rating|grade|judgement|"
                             r"judgment)\s+of\s+)?[\"'\u2018\u201c]?\s*(?:outstanding|good|requir|inadequate)",
                             re.I)
# A grade followed by the time it was given: "inadequate when it was last inspected in 2019",
# "good at its previous inspection in 2018", "requires improvement when inspectors last visited".
_TRAIL_PAST = re.compile(
    r"^[\"'\u2019\u201d]?(?:\s+(?:overall|by\s+(?:ofsted|inspectors|the\s+\w+)|in\s+(?:all|every|each)\s+\w+|"
    r"across\s+the\s+board))*\s*,?\s*"
    r"\b(?:when|at the time|at|in|during)\b[^.;:]{0,30}?\b(?:last|previous(?:ly)?|earlier|prior)\b[^.;:]{0,40}?\b(?:inspect\w*|visit\w*|rated|judged|graded|assessed|report)"
    r"(?:[^.;:]{0,30}?\b(?:in|during)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b)?", re.I)
_SAME = re.compile(r"\b(?:remains?|remained|still|again|continues?\s+to\s+be|continued\s+to\s+be)\b", re.I)
_NOW = re.compile(r"\b(?:now|currently|this time|latest|most recent|have been|has been|today|"
                  r"this week|this month|this year)\b", re.I)
_SERVICE = re.compile(
    r"\bservices?\b|\bsocial care\b|\bcouncil\b|\bauthority\b|\bdepartment\b|\bit\b|\boverall\b|"
    r"\beffectiveness\b|\bareas?\b|\brating\b|\bjudgements?\b|\bprovision\b|\bofsted\b|"
    r"\bborough\b|\bcounty\b|\bcity\b", re.I)
_NOT_SERVICE = re.compile(
    r"\bschools?\b|\bacadem|\bnurser|\bchildren" + _APOS + r"?s homes?\b|\bhomes?\b|\bproviders?\b|"
    r"\bcolleges?\b|\bhospitals?\b|\bpolice\b|\bcarers?\b|\bstaff\b|\bsocial workers?\b|\bplans?\b|"
    r"\bpractice\b|\bwork\b|\bsupport\b|\bquality\b|\bteams?\b|\bcentres?\b|\bmorale\b|"
    r"\bpartnership\b|\bhealth\b|\bprogress\b|\bperformance\b|\bparents?\b|\bfamilies\b(?! in)", re.I)

# Raw area keys, longest phrases first; mapped to area ids by framework_areas().
_AREAS = [
    ("all", r"\b(?:all|every|each)\s+(?:(?:judgement|inspection|key|four|five|three)\s+)?"
            r"(?:areas?|judgements?|aspects?|categories)\b|\bacross the board\b"),
    ("lmg", r"leadership,?\s+management,?\s+(?:and\s+)?governance"),
    ("combined", r"(?:children|young people)\s+(?:in care|looked after)(?:,|\s+and|\s+or)\s+"
                 r"(?:young people leaving care|care leavers|leaving care)"
                 r"|in care and care leavers|looked after children and care leavers"),
    ("lap", r"looked after and achieving permanence|achieving permanence"),
    ("help", r"help and protection|children who need help|children in need of help"),
    ("care-leavers", r"care leavers?|leaving care|left care|care[- ]leavers?"),
    ("in-care", r"children in care|looked after children|children looked after|children who are looked after"),
    ("adoption", r"\badoption\b"),
    ("capacity", r"capacity (?:to|for) improve(?:ment)?"),
    ("outcomes", r"\boutcomes for (?:looked[- ]after children|children looked after|children in care)"),
    ("quality", r"\bquality of provision\b"),
    ("lm", r"\bleadership and management\b(?!,?\s+and\s+governance)"),
    ("impact", r"impact of (?:its |the |their |the council" + _APOS + r"s )?leaders|\bleadership\b"),
    ("lscb", r"safeguarding children" + _APOS + r"?s? board|\bLSCBs?\b|\bsafeguarding board\b"),
    ("overall", r"\boverall\b"),
]
_AREA_RE = re.compile("|".join(f"(?P<a{i}>{p})" for i, (_, p) in enumerate(_AREAS)), re.I)


def grade_id(printed: str) -> str | None:
    g = " ".join(printed.lower().split())
    if g.startswith("requir"):
        return "requires-improvement"
    return g if g in ("outstanding", "good", "inadequate", "adequate") else None


@dataclass(frozen=True)
class Grade:
    """A grade stated in a sentence: raw area keys, grade id, current or previous."""

    areas: tuple[str, ...]
    grade: str
    previous: bool
    year: int | None
    type_hint: str | None  # "sif" / "ilacs" when the clause names the framework
    start: int  # span of the grade word(s)
    end: int
    listed: bool = False  # read from an "area: grade" line or a table row, not from prose


def _areas(span: str) -> list[str]:
    found = []
    for m in _AREA_RE.finditer(span):
        key = next(_AREAS[int(k[1:])][0] for k, v in m.groupdict().items() if v)
        if key not in found:
            found.append(key)
    return found


def _last_boundary(text: str, lo: int, hi: int, pattern: re.Pattern) -> tuple[int, str]:
    """Position just after the last boundary in text[lo:hi], and the boundary word."""
    pos, word = lo, ""
    for m in pattern.finditer(text, lo, hi):
        pos, word = m.end(), m.group().strip(" ,").lower()
    return pos, word


def _year(s: str) -> int | None:
    m = _YEAR.search(s)
    return int(m.group(1)) if m else None


_REACH = 400  # how far before a grade its clause, area and subject are looked for


def _named(starts: list[int], lo: int, hi: int) -> bool:
    """Some authority name starts in [lo, hi)."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def grades_in_sentence(text: str, start: int, end: int, doc_year: int | None = None,
                       names: tuple[tuple[int, int], ...] = ()) -> list[Grade]:
    """Grades stated in ``text[start:end]``; ``names`` are spans of authority names in it."""
    out: list[Grade] = []
    floor = start  # heads never reach back over an earlier grade
    found = list(_GRADE.finditer(text, start, end))
    name_starts = sorted(s for s, _ in names)
    last_from: Grade | None = None  # the grade of "up from X" / "from X", for "... to Y"
    for gi, m in enumerate(found):
        g = grade_id(m.group("grade"))
        before = text[max(floor, m.start() - 80):m.start()]
        after = text[m.end():min(end, m.end() + 40)]
        verbal = m.group("grade").lower().startswith("requir")
        level = bool(_LEVEL.match(after)) and bool(_LEVEL_BEFORE.search(before))
        comparative = bool(_FROM_BEFORE.search(before)) or (
            bool(_BARE_FROM.search(before)) and bool(_TO_GRADE_AFTER.match(after)))
        to_grade = last_from is not None and floor > start and bool(_TO_BEFORE.match(text, floor, m.start()))
        context = verbal or level or comparative or to_grade or _BEFORE.search(before) or _RATES.search(before)
        bare_and = False
        if not context and out and _BARE_AND.search(before) and _YEARS_AFTER.match(after):
            # "rated requires improvement in 2018, and inadequate in both 2016 and 2014"
            context = bare_and = True
        if not context and out and not out[-1].previous:
            # "Children in care were judged outstanding, and care leavers good": the verb of the
            # grade before is understood.
            ell = _ELLIPSIS.search(before)
            context = bool(ell) and bool(_areas(ell.group("area")))
        if g == "adequate" and not re.search(r"\b(?:rated|judged|graded)\s*[\"'\u2018\u201c]?\s*$", before, re.I):
            continue
        if not context or _NEGATED.search(before):
            continue
        if not level and not verbal and (not _FOLLOW_OK.match(after) or _FOLLOW_ING.match(after)) \
                and not (comparative and _TO_GRADE_AFTER.match(after)):
            continue
        if not verbal and after[:1] == "-":
            continue
        if _BEFORE.search(before) and re.search(r"\bas\s*[\"'\u2018\u201c]?\s*$", before, re.I) \
                and not re.search(r"\b(?:rated|rates?|rating|judged|graded|assessed|deemed|seen|regarded)\b",
                                  text[max(floor, m.start() - 80):m.start()], re.I):
            continue  # "described ... as outstanding" is praise, not a grade
        # Local clause (for previous/current), strong clause (for the area). Heads reach back
        # at most _REACH characters, so a long sentence with many grade words stays linear.
        reach = max(start, m.start() - _REACH)
        head_at, word = _last_boundary(text, max(floor, reach), m.start(), _BOUNDARY)
        strong_at, _ = _last_boundary(text, max(floor, reach), m.start(), _STRONG)
        head = text[head_at:m.start()]
        nxt_grade = found[gi + 1].start() if gi + 1 < len(found) else end
        tail_end = _TAIL_END.search(text, m.end(), nxt_grade)
        tail = text[m.end():tail_end.start() if tail_end else nxt_grade]
        strong_head = text[strong_at:m.start()]
        if not re.search(r"[A-Za-z]{3,}", head.replace("now", "").replace("also", "")) or \
                re.fullmatch(r"\s*(?:and\s+)?(?:now|also|still|which|that|who)?\s*(?:also\s+)?\S*\s*", head):
            strong_head = text[reach:m.start()]
        # Area and subject: the local clause's own area or subject wins ("care leavers are well
        # supported, and services are good" is overall); a list of areas separated by commas
        # reaches back to the strong boundary ("adoption, help and protection and ... were").
        local_areas = _areas(head + " " + tail)
        head_name = _named(name_starts, head_at, m.start())
        if local_areas:
            between = text[strong_at:head_at]
            areas = local_areas if _VERBISH.search(between) else _areas(strong_head + " " + tail)
        elif _SERVICE.search(head) or head_name:
            areas = []
            strong_head = head
        else:
            areas = _areas(strong_head + " " + tail)
        has_name = _named(name_starts, min(head_at, strong_at), m.start())
        if (comparative or to_grade or bare_and) and not local_areas and out:
            # "care leavers ... rated outstanding, up from good": the area of the grade compared.
            areas = list(out[-1].areas)
        if not areas:
            subject = strong_head
            if not (_SERVICE.search(subject) or has_name):
                subject = text[reach:m.start()]  # "... and is now rated good": subject further back
                has_name = _named(name_starts, reach, m.start())
            if level:
                areas = ["overall"]
            elif (_SERVICE.search(subject) or has_name or _RATES.search(before)) \
                    and not _NOT_SERVICE.search(subject if not has_name else head):
                areas = ["overall"]
            elif comparative:
                areas = ["overall"]  # "a dramatic improvement from inadequate in 2018"
            else:
                continue
        dash = _DASH_LIST.search(text, reach, m.start())
        if dash and len(_areas(dash.group("list"))) >= 2:
            areas = _areas(dash.group("list"))  # "every area – help and protection, ... – was"
        elif level and re.match(r"\s*(?:rating|grade|judgement|judgment)s?\s+for\b", after, re.I):
            # "<grade> rating for <area>, for <area> and for <area>": one grade, several areas
            stop = _STRONG.search(text, m.end(), nxt_grade)
            span = text[m.end():stop.start() if stop else nxt_grade]
            listed = _areas(span)
            if listed:
                areas = listed
                if re.search(r"overall\s+effectiveness", span, re.I):
                    areas = ["overall-named"] + [a for a in areas if a != "overall"]
        if "overall" in areas and len(areas) > 1:
            areas.remove("overall")
        areas = ["overall" if a == "overall-named" else a for a in areas]
        # Current or previous.
        local = head + " " + tail
        year = _year(local)
        if out and head_at == floor and _year(tail):
            # "rated inadequate in 2017 and requires improvement in 2019": the year before this
            # grade, right after the last one, is the last one's.
            year = _year(tail)
        past = word in ("when", "since", "after", "following") or bool(_PAST.search(local)) or comparative
        if year is None:
            # "rated requires improvement after an inspection in December 2018"
            when = _AFTER_EVENT.match(text, m.end(), nxt_grade)
            if when:
                year = int(when.group(1))  # earlier than the subject's year: the item decides
        if bare_and and out[-1].previous:
            past = True
        if past and year is None:
            # "from the inadequate rating it was given after inspectors visited in July 2015",
            # "rated requires improvement at the inspection before that, in 2015"
            year = _year(text[m.end():min(nxt_grade, m.end() + 100)])
        if word == "when" and year is None:
            year = _year(text[max(start, head_at - 120):head_at])
        if year is None:
            # "Previously, in 2018, the council was judged inadequate."
            wider = text[max(floor, head_at - _REACH):head_at]
            if _PAST.search(wider) and _year(wider) and not _NOW.search(head):
                year, past = _year(wider), True
        if to_grade and not _PAST.search(local):
            # "from requires improvement (in 2019) to good": good is now; a year before "to" is
            # the earlier grade's.
            past, year = False, _year(tail)
        trail = None
        if not _NOW.search(head) and not to_grade and not _SAME.search(head):
            # "... inadequate when it was last inspected in 2019": the time follows the grade.
            trail = _TRAIL_PAST.match(text[m.end():nxt_grade])
            if trail:
                past = True
                if trail.group(1) and (year is None or not _PAST.search(local)):
                    year = int(trail.group(1))
        now = None
        for now in _NOW.finditer(head):
            pass
        # "was judged good at its last inspection in 2015 and is now rated outstanding": what
        # comes before "now" is another time.
        if now is not None and not _PAST.search(head, now.end()) and not _PAST.search(tail) \
                and not comparative:
            previous = False
            year = _year(tail)  # "inadequate in 2018 and is now rated good": 2018 is not now
        elif past:
            previous = True
        elif year is not None and doc_year is not None and year < doc_year:
            previous = True
        else:
            previous = False
        hint = None
        if re.search(r"\bSIF\b|single inspection framework|re-?inspection", local):
            hint = "sif"
        elif re.search(r"\bILACS\b", local):
            hint = "ilacs"
        if not previous and not to_grade and out and out[-1].previous and out[-1].year and year is None \
                and not _NOW.search(head) and not _TURN.search(text, out[-1].end, m.start()):
            # "was rated inadequate in 2014, and every area ... was judged inadequate": the
            # same earlier time goes on until something says otherwise.
            previous, year = True, out[-1].year
        grade = Grade(tuple(areas), g, previous, year, hint, m.start("grade"), m.end("grade"))
        out.append(grade)
        if year is not None:
            # "judged inadequate in 2014 and again in 2017", "inadequate in both 2016 and 2014"
            more_years = _YEARS_AFTER.match(text, m.end(), nxt_grade)
            if more_years:
                for y in _YEAR.findall(more_years.group()):
                    if int(y) != year:
                        out.append(replace(grade, year=int(y)))
        # "... were rated good, as was the impact of leaders", "required improvement, as did
        # the LSCB": the same grade for another area.
        as_was = _AS_WAS.match(text, m.end(), nxt_grade)
        if as_was:
            more = [a for a in _areas(as_was.group("what")) if a not in areas]
            if more:
                out.append(Grade(tuple(more), g, previous, year, hint, m.start("grade"), m.end("grade")))
        last_from = grade if comparative else None
        floor = m.end()
    return out


_ELLIPSIS = re.compile(r"(?:,\s*(?:and\s+)?|\band\s+|;\s*)(?:the\s+|for\s+)?(?P<area>[\w\s'\u2019-]{3,60}?)\s*$")
_BARE_AND = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:was\s+|were\s+)?[\"'\u2018\u201c]?$", re.I)
_YEARS_AFTER = re.compile(r"\s+(?:in|at)\s+(?:both\s+)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b(?:\s*(?:,|and|&)\s*"
                          r"(?:again\s+)?(?:in\s+)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b)*")
_AFTER_EVENT = re.compile(r"[\"'\u2019\u201d]?\s*,?\s*(?:after|following|at|in|during|when)\s+(?:an?|the|its|their)?\s*"
                          r"(?:[\w-]+\s+){0,3}?(?:inspection|visit)s?\s+(?:in|of|during)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")
_TURN = re.compile(r"\b(?:but|however|whereas|now|this time|since then|today)\b", re.I)
_AS_WAS = re.compile(r"[^.;:]{0,60}?,\s*as\s+(?:was|were|did|had|has)\s+(?P<what>[^,.;:]{3,80})", re.I)
_DASH_LIST = re.compile(r"[\u2013\u2014]\s*(?P<list>[^\u2013\u2014]{3,240}?)\s*[\u2013\u2014]\s*(?:[\w'\u2019]+\s+){0,4}$")


_ILACS_ALL_OLD = ("overall-effectiveness", "help-and-protection", "in-care-and-care-leavers",
                  "impact-of-leaders")
_ILACS_ALL_NEW = ("overall-effectiveness", "help-and-protection", "in-care", "care-leavers",
                  "impact-of-leaders")
_SIF_ALL = ("overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
            "adoption", "care-leavers", "leadership-management-governance")


# The 2013 inspection of services for looked after children judged its own areas.
_LAC_AREAS = {"overall": "lac-overall-effectiveness", "all": "lac-overall-effectiveness",
              "capacity": "capacity-for-improvement", "outcomes": "lac-outcomes",
              "quality": "lac-quality-of-provision", "lm": "lac-leadership-and-management",
              "impact": "lac-leadership-and-management"}
LAC_ONLY = frozenset({"capacity", "outcomes", "quality"})


def framework_areas(keys: tuple[str, ...], itype: str, year: int | None,
                    expand_all: bool = True) -> tuple[str, ...]:
    """Area ids for raw area keys under a framework (``ilacs*`` or ``sif``)."""
    out: list[str] = []
    sif = itype == "sif"
    ilacs = itype.startswith("ilacs")
    if itype == "looked-after-children":
        for k in keys:
            i = _LAC_AREAS.get(k)
            if i and i not in out:
                out.append(i)
        return tuple(out)
    # ILACS inspections from 2023 judge children in care and care leavers apart; the combined
    # judgement is given when the year is known to be earlier, or, with no year, when the text
    # names that one judgement ("children in care and care leavers ... requires improvement").
    split = year is None or year >= 2023
    combined_named = year is None
    for k in keys:
        if k == "overall":
            ids = ("overall-effectiveness",)
        elif k == "all":
            if not expand_all:
                ids = ("overall-effectiveness",)
            elif sif:
                ids = _SIF_ALL
            elif ilacs:
                ids = _ILACS_ALL_NEW if split else _ILACS_ALL_OLD
            else:
                ids = ("overall-effectiveness",)
        elif k == "help":
            ids = ("help-and-protection",) if (sif or ilacs) else ()
        elif k == "combined":
            ids = ("looked-after-and-permanence", "care-leavers") if sif else (
                ("in-care", "care-leavers") if split and not combined_named else ("in-care-and-care-leavers",)
            ) if ilacs else ()
        elif k in ("in-care", "lap"):
            ids = ("looked-after-and-permanence",) if sif else (
                ("in-care",) if split else ("in-care-and-care-leavers",)) if ilacs else ()
        elif k == "care-leavers":
            ids = ("care-leavers",) if (sif or split) else (
                ("in-care-and-care-leavers",) if ilacs else ())
        elif k == "adoption":
            ids = ("adoption",) if sif else ()
        elif k in ("impact", "lmg", "lm"):
            ids = ("leadership-management-governance",) if sif else ("impact-of-leaders",) if ilacs else ()
        elif k == "lscb":
            ids = ("lscb",) if sif else ()
        else:
            ids = ()
        for i in ids:
            if i not in out:
                out.append(i)
    return tuple(out)


# --------------------------------------------------------------------------- dates

_DAY_PAIR = re.compile(r"(?<!\d)([0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|&)\s+([0-3]?\d)(?:st|nd|rd|th)?\s+"
                       r"(January|February|March|April|May|June|July|August|September|October|"
                       r"November|December)\s+((?:19|20)\d\d)", re.I)
_MONTH_ONLY = re.compile(r"\bin\s+(January|February|March|April|May|June|July|August|September|"
                         r"October|November|December)\b(?!\s+\d)(?:\s+((?:19|20)\d\d))?", re.I)
_MONTH_YEAR = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                         r"October|November|December)\s+((?:19|20)\d\d)\b", re.I)


def sentence_dates(s: str) -> tuple[date | None, date | None]:
    """Start and end of the event a sentence dates ("on 3 September 2020", "12 and 13 March
    2024", "4 to 15 March 2024"); (None, None) when no full date is printed."""
    m = _DAY_PAIR.search(s)
    if m:
        try:
            mon = MONTHS[m.group(3).lower()]
            return date(int(m.group(4)), mon, int(m.group(1))), date(int(m.group(4)), mon, int(m.group(2)))
        except ValueError:
            pass
    ranges = parse_date_ranges(s)
    if ranges:
        return ranges[0][0]
    d = parse_date(s)
    return d, d


def month_year(s: str, ref: date | None) -> int | None:
    """The year of "in May 2019", or of "in May" given a reference date (a letter's date)."""
    m = _MONTH_YEAR.search(s)
    if m:
        return int(m.group(2))
    m = _MONTH_ONLY.search(s)
    if m and ref is not None:
        month = MONTHS[m.group(1).lower()]
        return ref.year if month <= ref.month else ref.year - 1
    return None


# --------------------------------------------------------------------------- listed grades

_LIST_MARK = re.compile(r"[ \t]*(?:(?:[-\u2013\u2014\u2022*\u00b7\u25aa\u25e6>#]+|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|"
                        r"[ivx]{1,4})[.)])[ \t]+)*")
_GRADE_CELL = (r"[\"'\u2018\u201c*_]*(?P<grade>outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|"
               r"inadequate|adequate)\b[\"'\u2019\u201d*_]*")
# "Help and protection: good", "Overall effectiveness - requires improvement", "LSCB | Good".
_PAIR = re.compile(r"(?P<label>[^:|\t\n]{2,110}?)[ \t]*(?::|[ \t][-\u2013\u2014][ \t]|[ \t]*\|[ \t]*|\t| {2,})[ \t]*"
                   r"(?:[*_]+[ \t]*)?" + _GRADE_CELL + r"(?P<rest>[^\n]*)", re.I)
# A digest item headed by its grade: "GOOD — Leeds", "Requires improvement: Swindon".
_GRADE_FIRST = re.compile(r"[*_]*" + _GRADE_CELL + r"[ \t]*(?::|[-\u2013\u2014|])[ \t]*(?P<label>[^\n]{2,80})", re.I)
# Short labelled grades run together on one line: "Overall: good. Help and protection: good."
_RUN_ON = re.compile(r"(?<=[.;])[ \t]+(?=[A-Z*_])")
_CELLS = re.compile(r"[ \t]*(?:\t|\||[ \t]{2,})[ \t]*")
_GRADE_ONLY = re.compile(r"\s*" + _GRADE_CELL + r"\s*[.;,]?\s*$", re.I)
_LABEL_VERB = re.compile(r"\b(?:is|are|was|were|been|be|rated|judged|found|remains?|remained|has|have|had|"
                         r"said|says|received|gave|given|kept)\b", re.I)
_REST_OK = re.compile(r"\s*(?:$|[.,;(\u2013\u2014]|-\s|with\b|and\b|\(|\u2018|overall\b|up\b|down\b|"
                      r"unchanged\b|improved\b|same\b|from\b|after\b|in\b)", re.I)
_PUBLISHED_YEAR = re.compile(r"\b(?:published|publication|issued|reported|report)\b[^.;\d]{0,25}$", re.I)


def _label_areas(label: str, name_in_label: bool) -> list[str] | None:
    """Raw area keys a list or table label names; ["overall"] for an authority's name or
    "Overall"; None when the label is prose, not a label."""
    label = label.strip(" \t*_\"'\u2018\u2019\u201c\u201d")
    if not label or len(label.split()) > 14 or _LABEL_VERB.search(label):
        return None
    found = _areas(label)
    if found:
        if "overall" in found and len(found) > 1:
            found.remove("overall")
        return found
    if name_in_label or label.lower() in ("overall", "overall grade", "overall rating"):
        return ["overall"]
    if label.lower() in ("leaders", "leadership", "the impact of leaders"):
        return ["impact"]
    return None


def event_year(span: str) -> int | None:
    """The last year printed in ``span`` that is not a publication year ("the inspection of
    November 2015, published in February 2016" -> 2015)."""
    best = None
    for m in _YEAR.finditer(span):
        if not _PUBLISHED_YEAR.search(span[max(0, m.start() - 40):m.start()]):
            best = int(m.group(1))
    return best


def listed_grades(text: str, start: int, end: int,
                  names: tuple[tuple[int, int], ...] = ()) -> list[Grade]:
    """Grades printed as labels rather than prose, line by line in ``text[start:end]``: a
    heading or bullet "Area: grade" (an authority's name as the label is its overall grade),
    "Area – grade", and rows of plain-text tables ("Adoption performance     Good"). A table
    whose rows are grouped under a date ("June 2018 (ILACS)   Overall effectiveness   Inadequate")
    gives each grade that group's year; a header row of years gives each grade column its year."""
    out: list[Grade] = []
    name_starts = sorted(s for s, _ in names)
    group_year: int | None = None
    group_hint: str | None = None
    column_years: list[int] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        ls, le = pos, line_end
        pos = line_end + 1
        line = text[ls:le]
        if not line.strip():
            continue
        mark = _LIST_MARK.match(text, ls, le)
        body_at = mark.end() if mark else ls
        cells = [c for c in _CELLS.split(text[body_at:le]) if c.strip()]
        indented = bool(re.match(r"[ \t]{6,}\S", line))
        if len(cells) >= 2 or indented:
            first_year = _year(cells[0]) if cells and not indented else None
            years = [int(y) for c in cells for y in _YEAR.findall(c) if re.fullmatch(r"\s*(?:19|20)\d\d\s*", c)]
            if len(years) >= 2 and not any(_GRADE_ONLY.match(c) for c in cells):
                column_years, group_year = years, None  # a header row of years
                continue
            if first_year is not None:
                group_year = first_year
                group_hint = "sif" if re.search(r"single inspection|\bSIF\b", cells[0], re.I) else \
                    "ilacs" if re.search(r"\bILACS\b", cells[0]) else None
        elif not mark or mark.end() == ls:
            if not _PAIR.match(text, body_at, le):
                group_year, group_hint, column_years = None, None, []
        first = _GRADE_FIRST.match(text, body_at, le)
        if first and _named(name_starts, first.start("label"), first.end("label")) \
                and _label_areas(first.group("label"), True) == ["overall"]:
            out.append(Grade(("overall",), grade_id(first.group("grade")), False, None, None,
                             first.start("grade"), first.end("grade"), listed=True))
            continue
        run_on = [x.end() for x in _RUN_ON.finditer(text, body_at, le)]
        if run_on and len(cells) <= 1:
            # "Overall: good. Help and protection: good. Children in care: good."
            for seg_at, seg_end in zip([body_at] + run_on, run_on + [le]):
                seg = _PAIR.match(text, seg_at, seg_end)
                if seg and re.fullmatch(r"[\s.;]*", seg.group("rest")):
                    areas = _label_areas(seg.group("label"), _named(name_starts, seg.start("label"), seg.end("label")))
                    if areas:
                        out.append(Grade(tuple(areas), grade_id(seg.group("grade")), False, group_year,
                                         group_hint, seg.start("grade"), seg.end("grade"), listed=True))
            continue
        # "Area: grade" (also a table row of two cells).
        m = _PAIR.match(text, body_at, le)
        if m and _REST_OK.match(m.group("rest")) and len(cells) <= 2:
            label = m.group("label")
            # A label cell after a date cell: "June 2018   Help and protection   Good".
            in_label = _named(name_starts, m.start("label"), m.end("label"))
            areas = _label_areas(label, in_label)
            if areas:
                out.append(Grade(tuple(areas), grade_id(m.group("grade")), False, group_year,
                                 group_hint, m.start("grade"), m.end("grade"), listed=True))
                continue
        if len(cells) >= 2:
            grade_cells = []
            label_areas = None
            at = body_at
            for c in cells:
                c_at = text.find(c, at, le)
                at = c_at + len(c)
                gm = _GRADE_ONLY.match(c)
                if gm:
                    grade_cells.append((c_at + gm.start("grade"), c_at + gm.end("grade"), gm.group("grade")))
                elif label_areas is None and not _year(c):
                    label_areas = _label_areas(c, _named(name_starts, c_at, c_at + len(c)))
            if label_areas and grade_cells:
                for i, (gs, ge, gw) in enumerate(grade_cells):
                    y = column_years[i] if i < len(column_years) else group_year
                    out.append(Grade(tuple(label_areas), grade_id(gw), False, y, group_hint, gs, ge,
                                     listed=True))
    return out
