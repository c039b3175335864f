"""Letters, press releases, news articles and news digests -> :class:`Extraction`.

Ofsted letters (annual engagement meetings, focused and monitoring visits), council press
releases, trade-news rewrites of reports, local newspaper articles and digests covering several
authorities are all read the same way:

1. :mod:`.sentences` cuts the text into blocks (paragraphs, bullets, headings) and sentences
   with offsets;
2. :mod:`.mentions` finds the authorities named and cuts a digest into one item per authority
   (a text about one authority is one item); neighbours named in passing get nothing;
3. :mod:`.events` reads, per item, the kind of inspection or visit reported, its dates, the
   grades stated in prose and earlier inspections mentioned with a year and a grade;
4. :mod:`.people` tells Ofsted inspectors from officers and councillors;
5. :mod:`.findings` reads the weaknesses and strengths of each item's sentences.

Each item that reports an inspection or visit becomes one :class:`Inspection`; each earlier
inspection mentioned with a year and a grade becomes one more with ``previous=True``. Dates are
only ever taken from the text; unknown stays ``None``.

The document's own date is a short line near the top that is mostly a date (a letter's date,
"Published: 3 March 2023", "*Press release, 10 March 2023*", "Posted on ...", "By a reporter -
3 March 2023", a date alone, markdown emphasis around it) or a dateline opening one of the first
paragraphs ("TORQUAY, 10 March 2023 - ..."). It dates the document, not the report: it is the
report's publication date only when the text says the report came out that day or week
("today's Ofsted report", "published today", "released this week"), and then gives the
inspection's year too; a grade reported as news ("have been rated good") also takes the
document's year. No day of a visit is ever taken from it.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date

from ..documents import Document
from ..records import Evidence, Extraction, Finding, Inspection, Judgement, Person
from .events import (LAC_ONLY, VISITS, Grade, choose_type, event_year, framework_areas,
                     grades_in_sentence, kinds_in, listed_grades, month_year, previous_type_for,
                     reports_inspection, sentence_dates)
from .findings import excluded_blocks, findings_in
from .mentions import Item, Mention, anaphora, authority_mentions, in_passing, segment
from .people import PersonMention, find_people, merge_people
from .sentences import Block, Sentence, blocks, sentences
from .dates import parse_date

__all__ = ["extract_text"]

_LETTER = re.compile(r"^[ \t]*Dear[ \t]+[A-Z]", re.M)
# Searched in an ASCII-lower-cased copy of the text (same offsets, much faster than re.I).
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SIGN_OFF = re.compile(r"\byours (?:sincerely|faithfully)\b|\bofsted\.gov\.uk\b")
_PRESS = re.compile(r"\bpress release\b|\bmedia release\b|\bnotes? to editors\b|"
                    r"\bfor immediate release\b|^[ \t]*ends[ \t]*$|\bmedia enquiries\b", re.M)
_OFSTED = re.compile(r"\bofsted\b|\binspect")
_EVENT = re.compile(r"\b(?:inspection|inspected|visit(?:ed)?|meeting|carried out|took place|on site)\b", re.I)
_KIND_YEAR = re.compile(r"[ \t]+(?:(?:carried out|held|published)[ \t]+)?in[ \t]+(?:[A-Z][a-z]+[ \t]+)?((?:19|20)\d\d)\b")
_PUBLISHED = re.compile(r"\b(?:published|publication|issued)\b", re.I)
_DATE_LABEL = re.compile(r"^\s*(?:date|published|posted|updated)\s*:?\s*", re.I)
_NOT_PUBLISHED = re.compile(r"\bnot (?:be )?published\b", re.I)
# The report is reported as just published: it came out on the document's date ("today's Ofsted
# report", "the report, published today", "findings released this week") ...
_OUT_TODAY = re.compile(
    r"\b(?:today|this week|this morning)['\u2019]s\s+(?:[\w-]+\s+){0,3}?(?:report|judgements?|judgments?|findings|"
    r"verdict|rating|inspection)\b"
    r"|\b(?:report|findings|judgements?|judgments?|results?|ratings?|verdict|letter)\b[^.;]{0,60}?\b(?:published|"
    r"released|issued|announced|made public|out)\s+(?:on\s+)?(?:today|this week|this morning)\b"
    r"|\b(?:published|released|issued)\s+(?:on\s+)?(?:today|this week|this morning)\b", re.I)
# ... or the grade is news of the day ("have been rated good", "has now been judged inadequate"):
# the inspection is of the document's year, its day unknown.
_JUST_RATED = re.compile(r"\b(?:has|have)\s+(?:now\s+|just\s+|recently\s+|today\s+)?been\s+(?:rated|judged|"
                         r"graded|deemed|found\s+to\s+be|assessed\s+as)\b", re.I)


# Plans and intentions, not findings: "will", "plans to", "has asked that", "is under way".
_PLAN = re.compile(r"\b(?:(?:I|we)\s+will|plans? to|planning to|intends? to|is to be|are to be|under way|"
                   r"(?:has|have) asked that|an action plan)\b", re.I)
# A recommendation quoted in a text: "Inspectors asked Norfolk to improve ...", "Ofsted wants the
# council to give ...", "The single recommendation is that ...", "the one priority action was to".
_ASKED = re.compile(r"\b(?:asked|asks|wants|wanted|told|urged|urges|called on|calls on|recommended|recommends)\b"
                    r"[^.;]{0,50}?\bto\s+(?:improve|give|make|strengthen|ensure|address|tackle|do more|"
                    r"reduce|increase|review|develop)\b|\brecommendations?\b[^.;]{0,30}?\b(?:is|are|was|were|"
                    r"include|included|including)\b|\bneeds? to improve\b|\bareas? for improvement\b|"
                    r"\bpriority actions?\b[^.;]{0,20}?\b(?:is|are|was|were)\b|"
                    r"\bimprovements? (?:is|are|was|were) (?:still |also )?(?:needed|required)\b", re.I)
# A question or a colon line that heads a list of what must improve: "What needs to improve?",
# "Areas for improvement:", "Ofsted's recommendations:".
_LIST_HEAD = re.compile(r"[\W\d]*(?:what (?:needs|do(?:es)? \w+(?: \w+)? need) to (?:improve|be better)|"
                        r"(?:the\s+)?(?:main\s+|key\s+)?(?:areas? for (?:improvement|development)|"
                        r"(?:\w+" + "['\u2019]" + r"s\s+)?recommendations|priority actions?))\s*[?:.]?\s*", re.I)
_RELATIVE = re.compile(r"\b(?:last|this|earlier this|past) (?:month|week|year)\b", re.I)


def _relative_year(phrase: str, on: date) -> int:
    """The year of "last month", "this week", "last year" seen from the document's date."""
    if phrase.endswith("year"):
        return on.year - 1 if phrase.startswith(("last", "past")) else on.year
    if phrase == "last month":
        return on.year - 1 if on.month == 1 else on.year
    return on.year


# "the same grade as in 2019", "the same rating it had in 2019"
_SAME_AS = re.compile(r"\bthe same (?:grade|rating|judgement|judgment|verdict)\b[^.;]{0,40}?\b((?:19|20)\d\d)\b", re.I)
# The year a kept grade was first given: "it was given in 2019", "as in 2019", "since 2016".
_KEPT_SINCE = re.compile(r"\b(?:given|achieved|received|awarded|had|got|won|earned|as|since|first)\b"
                         r"[^.;\d]{0,20}?\b((?:19|20)\d\d)\b", re.I)
_KEPT = re.compile(r"\b(?:(?:the\s+)?same\s+(?:grade|rating|judgement|judgment|verdict)|kept|keeps|retain(?:s|ed)?|"
                   r"held\s+on\s+to|holds\s+on\s+to|maintain(?:s|ed)?)\b", re.I)


def _evidence(doc: Document, s: int, e: int) -> Evidence:
    return Evidence(s, e, doc.text[s:e], doc.page_of(s) if doc.kind == "pdf" else None)


_MONTH_WORDS = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|"
                          r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b\.?", re.I)


# A dateline that opens a paragraph: "TORQUAY, 10 March 2023 - Torbay Council has ...",
# "10 March 2023: Ofsted has ...".
_DATELINE = re.compile(
    r"[\s*_>]*(?:[A-Z][A-Za-z .'\u2019-]{1,40},[ \t]*)?(?P<date>(?:[A-Z][a-z]+day,?[ \t]+)?\d{1,2}(?:st|nd|rd|th)?"
    r"[ \t]+[A-Z][a-z]+\.?,?[ \t]+(?:19|20)\d\d|[A-Z][a-z]+\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?,[ \t]+(?:19|20)\d\d)"
    r"[ \t]*[*_]*[ \t]*(?:[\u2013\u2014:|]|-{1,2}[ \t])")


def _doc_date(text: str, bl: list[Block]) -> tuple[date | None, int | None]:
    """A letter's date or a news item's dateline, and the block that is only that date line (None
    for a dateline opening a paragraph): a short line near the top that is mostly a date ("7
    September 2020", "Published: 3 March 2023", "*Press release, 10 March 2023*", "Posted on 3
    March 2023", "By a reporter - 3 March 2023"), else a date opening one of the first
    paragraphs ("LONDON, 3 March 2023 - ...")."""
    for i, b in enumerate(bl[:25]):
        line = text[b.start:b.end]
        if len(line) > 80 or "\n" in line:
            continue
        stripped = _DATE_LABEL.sub("", line.strip(" \t*_#>"))
        d = parse_date(stripped)
        if d and len(re.sub(r"[\W\d_]+", "", _MONTH_WORDS.sub("", stripped))) <= 24:
            return d, i
    for b in [b for b in bl[:12] if b.kind == "paragraph"][:4]:
        m = _DATELINE.match(text, b.start, b.end)
        if m:
            d = parse_date(m.group("date"))
            if d:
                return d, None
    return None, None


def _genre(text: str, low: str, digest: bool, bl: list[Block]) -> str:
    if _LETTER.search(text[:6000]) and _SIGN_OFF.search(low):
        return "letter"
    if digest:
        return "digest"
    if _PRESS.search(low):
        return "press-release"
    head = text[bl[0].start:bl[0].end] if bl else ""
    if re.search(r"\b(?:Council|Borough)\b", head) and re.search(r"\bCouncill?or\b.{0,120}\bsaid\b", text, re.S) \
            and not re.search(r"\btold (?:a|the) meeting\b|\bleave a reply\b|\breporter\b", low):
        return "press-release"
    if _OFSTED.search(low):
        return "news"
    return "unknown"


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.bl = blocks(self.text, kind=doc.kind)
        self.sents = sentences(self.text, kind=doc.kind, block_list=self.bl)
        self.doc_date, self.date_block = _doc_date(self.text, self.bl)
        self.mentions = authority_mentions(self.text, on=self.doc_date)
        self.items, self.digest = segment(self.text, self.bl, self.sents, self.mentions)
        self.anaphors = anaphora(self.text, self.bl, self.items)
        self.low = self.text.translate(_LOWER)
        self.genre = _genre(self.text, self.low, self.digest, self.bl)
        self.skip = excluded_blocks(self.text, self.bl)
        self.people = find_people(self.text)
        self.warnings: list[str] = []
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._by_block: dict[int, list[Sentence]] = {}  # an item's sentences without a scan of all
        for x in self.sents:
            self._by_block.setdefault(x.block, []).append(x)
        self._ana_starts = [m.start for m in self.anaphors]

    # ------------------------------------------------------------ helpers
    def mentions_in(self, s: Sentence, anaphors: bool = False) -> list[Mention]:
        ms, starts = (self.anaphors, self._ana_starts) if anaphors else (self.mentions, self._starts)
        return ms[bisect_left(starts, s.start):bisect_left(starts, s.end)]

    @staticmethod
    def sentence_at(sents: list[Sentence], starts: list[int], pos: int) -> Sentence | None:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and sents[i].start <= pos < sents[i].end:
            return sents[i]
        return None

    def about_other(self, s: Sentence, item: Item) -> bool:
        """The sentence is about another authority: another one is its subject ("Neighbouring
        Islington, which ..."), or it names others, not in passing, and not this item's."""
        ms = self.mentions_in(s)
        if not ms:
            return False

        def own(m: Mention) -> bool:
            return m.code == item.code or m.authority.short_name == item.authority.short_name

        others = [m for m in ms if not own(m)]
        if not others:
            return False
        mine = [m for m in ms if own(m)]
        if s.kind != "heading" and not own(ms[0]) and ms[0].start - s.start <= 40 \
                and all(in_passing(self.text, m, s.start) for m in mine):
            return True
        if mine:
            return False
        return any(not in_passing(self.text, m, s.start) for m in others)

    # ------------------------------------------------------------ one item
    def item(self, item: Item) -> list[Inspection]:
        text, doc = self.text, self.doc
        sents = [s for bi in item.blocks for s in self._by_block.get(bi, ()) if not self.about_other(s, item)]
        if not sents:
            return []
        kinds = []
        grades: list[tuple[Sentence, Grade]] = []
        doc_year = self.doc_date.year if self.doc_date else None
        for s in sents:
            kinds.extend(kinds_in(text, s.start, s.end))
            names = tuple((m.start, m.end) for m in self.mentions_in(s))
            names += tuple((m.start, m.end) for m in self.mentions_in(s, anaphors=True))
            for g in grades_in_sentence(text, s.start, s.end, doc_year, names):
                grades.append((s, g))
        grades = self._with_listed(item, sents, grades)
        if any(not g.previous and g.year is None and not g.listed for _, g in grades):
            # "X is outstanding. It was judged good in 2016.": a dated grade beside an undated
            # one is the earlier inspection, unless its year is the year of the event the item
            # reports ("found to be good in a short inspection in March 2024").
            event_years = {month_year(text[k.start:k.end + 40], None) for k in kinds if k.status == "current"}
            grades = [(s, replace(g, previous=True) if not g.previous and g.year and not g.listed
                       and g.year not in event_years else g) for s, g in grades]
        grades = self._table_groups(self._kept(grades, sents))
        current = [(s, g) for s, g in grades if not g.previous]
        with_previous = {s.start for s, g in grades if g.previous}
        lead_until = self._opening_end(item)
        # A kind named beside an earlier grade ("from inadequate in 2018, when a re-inspection
        # found ...") is that earlier inspection's, not the subject's.
        sent_starts = [x.start for x in sents]

        def sentence_of(pos: int) -> int | None:
            at = self.sentence_at(sents, sent_starts, pos)
            return at.start if at is not None else None

        kinds = [replace(k, status="past") if k.status == "current" and k.start >= lead_until
                 and sentence_of(k.start) in with_previous else k for k in kinds]
        guess = choose_type(kinds, bool(current), None, None, lead_until)
        if guess in VISITS:
            # A visit grades nothing: every grade an item about a visit states is history.
            grades = self._as_history(grades)
            current, with_previous = [], {s.start for s, _ in grades}
        start, end, published, year, kind_sentence = self.dates(sents, kinds, current, with_previous, guess)
        on = start or published
        itype = choose_type(kinds, bool(current), year, on, lead_until)
        if itype is None and reports_inspection([text[x.start:x.end] for x in sents]):
            itype = "other"  # Ofsted reported on the authority; the kind of visit is not said
        if itype is None:
            if grades or any(_OFSTED.search(self.low, s.start, s.end) for s in sents):
                self.warnings.append(f"{item.name}: no inspection or visit recognised in the text")
            return []
        if year is not None and itype not in VISITS:
            # A grade dated before the year of the inspection reported is an earlier one's.
            grades = [(s, replace(g, previous=True) if not g.previous and g.year and g.year < year else g)
                      for s, g in grades]
            current = [(s, g) for s, g in grades if not g.previous]
        if itype in VISITS and guess not in VISITS:
            grades = self._as_history(grades)
            current = []
        if itype in ("other", "ilacs", "sif") and year is not None and year <= 2013 \
                and any(set(g.areas) & LAC_ONLY for _, g in current):
            itype = "looked-after-children"
        code = item.code
        if on is not None:
            from ..authorities import resolve

            dated = resolve(item.name, on)
            if dated is not None:
                code = dated.gss
        judgements: list[Judgement] = []
        if itype not in VISITS:
            seen = set()
            for s, g in sorted(current, key=lambda x: x[1].start):
                for area in framework_areas(g.areas, itype, year):
                    if area not in seen:
                        seen.add(area)
                        judgements.append(Judgement(area, g.grade, _evidence(doc, s.start, s.end)))
        people = tuple(self.inspectors(item))
        findings = tuple(self.findings(sents, grades))
        ev_s = kind_sentence or sents[0]
        main = Inspection(
            authority_code=code, authority_name=item.name, type=itype,
            start_date=start, end_date=end, publication_date=published,
            year=year, judgements=tuple(judgements), people=people, findings=findings,
            evidence=_evidence(doc, ev_s.start, ev_s.end))
        out = [main]
        same_year = year if itype not in VISITS else None
        out.extend(self.previous(item, code, [(s, g) for s, g in grades if g.previous], same_year))
        return out

    def findings(self, sents: list[Sentence], grades: list[tuple[Sentence, Grade]]) -> list[Finding]:
        """Weaknesses and strengths of an item. A text's grade statements ("rated good",
        "Adoption performance: requires improvement") and its plans ("will chair a new board",
        "training is under way") are not findings; a recommendation it quotes ("Inspectors asked
        the council to improve ...") is a weakness whatever its words."""
        graded = {s.start for s, _ in grades}
        text = self.text
        keep = [replace(s, kind="heading") if _LIST_HEAD.fullmatch(text, s.start, s.end) else s
                for s in sents if s.kind == "heading" or (
                    s.start not in graded and not _PLAN.search(text, s.start, s.end))]
        out: list[Finding] = []
        seen = set()
        for f in findings_in(self.doc, keep, None, self.skip):
            if f.polarity == "strength" and _ASKED.search(f.evidence.quote):
                f = replace(f, polarity="weakness")
            key = (f.polarity, f.themes, f.evidence.start, f.evidence.end)
            if key not in seen:
                seen.add(key)
                out.append(f)
        # A recommendation the text reports in words of its own ("The single recommendation is
        # that ...", "Ofsted wants the council to ...") is a weakness even with no critical word.
        from ..themes import classify

        found = {f.evidence.start for f in out}
        for s in keep:
            if s.kind == "heading" or s.start in found or s.block in self.skip:
                continue
            quote = text[s.start:s.end]
            if _ASKED.search(quote):
                themes = classify(quote)
                if themes:
                    out.append(Finding("weakness", tuple(themes[:3]), _evidence(self.doc, s.start, s.end)))
        return sorted(out, key=lambda f: f.evidence.start)

    def _with_listed(self, item: Item, sents: list[Sentence],
                     grades: list[tuple[Sentence, Grade]]) -> list[tuple[Sentence, Grade]]:
        """Add the grades printed as labels ("Help and protection: good", table rows) in the
        item's own blocks, each tied to the sentence it sits in, in reading order."""
        starts = [x.start for x in sents]
        listed: list[tuple[Sentence, Grade]] = []
        own = [s.block for s in sents]
        for a, z in _runs(list(dict.fromkeys(own))):  # a table may span several blocks
            lo, hi = self.bl[a].start, self.bl[z].end
            names = tuple((m.start, m.end) for m in self.mentions[bisect_left(self._starts, lo):
                                                                bisect_left(self._starts, hi)])
            for g in listed_grades(self.text, lo, hi, names):
                s = self.sentence_at(sents, starts, g.start)
                if s is not None:
                    listed.append((s, g))
        # A label's grade is read as a label: prose reading of the same words gives way.
        lines = {self.text.rfind("\n", 0, g.start) for _, g in listed}
        out = [(s, g) for s, g in grades if self.text.rfind("\n", 0, g.start) not in lines] + listed
        return sorted(out, key=lambda x: x[1].start)

    def _kept(self, grades: list[tuple[Sentence, Grade]], sents: list[Sentence]) -> list[tuple[Sentence, Grade]]:
        """"kept the outstanding grade it was given in 2019", "the same grade it achieved in
        2018", "held on to its good rating, as in 2019": the present grade was also the earlier
        inspection's grade in that year."""
        out = list(grades)
        for s, g in grades:
            if g.previous:
                continue
            st = self.text[s.start:s.end]
            cue = _KEPT.search(st)
            if not cue:
                continue
            since = _KEPT_SINCE.search(st, cue.start())
            year = int(since.group(1)) if since else None
            if year and not any(x.previous and x.year == year for _, x in out):
                out.append((s, replace(g, previous=True, year=year, listed=False)))
        overall = next((g for _, g in grades if not g.previous and "overall" in g.areas), None)
        if overall is not None:
            graded = {s.start for s, _ in grades}
            for s in sents:
                if s.start in graded:
                    continue
                same = _SAME_AS.search(self.text, s.start, s.end)
                if same:
                    year = int(same.group(1))
                    if not any(x.previous and x.year == year for _, x in out):
                        out.append((s, replace(overall, previous=True, year=year, listed=False)))
        return out

    @staticmethod
    def _table_groups(grades: list[tuple[Sentence, Grade]]) -> list[tuple[Sentence, Grade]]:
        """A table of several inspections by date: the latest group is the subject, the
        others are earlier inspections."""
        years = {g.year for _, g in grades if g.listed and g.year}
        if len(years) < 2:
            return grades
        latest = max(years)
        return [(s, replace(g, previous=True) if g.listed and g.year and g.year < latest else g)
                for s, g in grades]

    def _as_history(self, grades: list[tuple[Sentence, Grade]]) -> list[tuple[Sentence, Grade]]:
        """Grades of an item about a visit: all earlier inspections'. A grade with no year of
        its own takes the last event year printed before it in its sentence ("the inspection of
        November 2015, published in February 2016, which found ... inadequate" -> 2015), else
        the year of the earlier grade just before it ("also rated inadequate at that
        inspection")."""
        out = []
        last_year = None
        for s, g in grades:
            year = g.year
            if year is None:
                year = event_year(self.text[s.start:g.start])
            if year is None:
                year = last_year
            last_year = year or last_year
            out.append((s, replace(g, previous=True, year=year)))
        return out

    def _opening_end(self, item: Item) -> int:
        """End of the item's opening: its heading and first sentence (a headline and
        standfirst), and a letter's subject line (the block after "Dear ...")."""
        first = [s for bi in item.blocks[:3] for s in self._by_block.get(bi, ())][:2]
        until = first[0].end if first else -1
        if len(first) > 1 and first[0].kind == "heading":
            until = first[1].end
        if self.genre == "letter":
            dear = _LETTER.search(self.text)
            if dear:
                after = [bi for bi in item.blocks if self.bl[bi].start > dear.start()][:2]
                if after:
                    until = max(until, self.bl[after[-1]].end)
        return until

    def dates(self, sents: list[Sentence], kinds, current, with_previous=frozenset(),
              itype: str | None = None) -> tuple:
        """(start, end, publication, year, sentence naming the event) of an item's event."""
        text = self.text
        start = end = published = None
        kind_sentence = None
        year = None
        live = [k for k in kinds if k.status == "current"]
        dated = live + [k for k in kinds if k.status == "ref" and k.kind == itype]
        for s in sents:
            if s.block == self.date_block:
                continue  # the document's own date line dates the document, not the report
            st = text[s.start:s.end]
            if published is None and _PUBLISHED.search(st) and not _NOT_PUBLISHED.search(st):
                d, _ = sentence_dates(st)
                if d:
                    published = d
        just_out = just_rated = False
        if self.doc_date is not None and self.genre != "letter":
            graded = {s.start for s, _ in current}
            for s in sents:
                st = text[s.start:s.end]
                if _OUT_TODAY.search(st) and not _NOT_PUBLISHED.search(st):
                    just_out = True
                if s.start in graded and _JUST_RATED.search(st):
                    just_rated = True
            if just_out and published is None:
                published = self.doc_date
        starts = [x.start for x in sents]
        seen: set[tuple[int, bool]] = set()  # each sentence is read once however many kinds it names
        for k in sorted(dated, key=lambda k: k.start):
            s = self.sentence_at(sents, starts, k.start)
            if s is None:
                continue
            if kind_sentence is None and k.status == "current":
                kind_sentence = s
            key = (s.start, k.status == "current")
            if key in seen:
                continue
            seen.add(key)
            st = text[s.start:s.end]
            if start is None and not _PUBLISHED.search(st):
                a, b = sentence_dates(st)
                if a:
                    start, end = a, b
            if year is None and (k.status == "current" or (k.status == "ref" and k.kind == itype)):
                # "a monitoring visit in May 2024, its third since being judged inadequate in
                # 2022": a month right after the kind dates it, whatever else the sentence says.
                year = month_year(text[k.end:min(s.end, k.end + 30)], None)
                if year is None and s.start not in with_previous:
                    year = month_year(st, self.doc_date)
        if start is None:
            # "Between 7 and 11 March 2022, Ofsted ... carried out a joint inspection": a dated
            # sentence about the event that does not name its kind.
            for s in sents:
                st = text[s.start:s.end]
                if s.start in with_previous or _PUBLISHED.search(st) or not _EVENT.search(st):
                    continue
                a, b = sentence_dates(st)
                if a:
                    start, end = a, b
                    break
        if year is None:
            for k in dated:
                m = _KIND_YEAR.match(text, k.end)
                ks = self.sentence_at(sents, starts, k.start)
                same = k.kind == itype or (k.kind == "full" and itype in ("ilacs", "sif", None))
                if m and same and ks is not None and ks.start not in with_previous:
                    year = int(m.group(1))
                    break
        # A letter's own date is when it was sent, not when Ofsted published it: it dates the
        # document (Extraction.published) and gives the year below, not publication_date.
        for d in (start, end, published):
            if d:
                year = d.year
                break
        if year is None:
            for s, g in current:
                if g.year:
                    year = g.year
                    break
        if year is None:
            # "The inspection took place in November 2022": a sentence about the event that
            # names no kind but a month.
            for s in sents:
                st = text[s.start:s.end]
                if s.start not in with_previous and _EVENT.search(st) and not _PUBLISHED.search(st):
                    year = month_year(st, self.doc_date)
                    if year:
                        break
        if year is None and self.doc_date is not None:
            # "after a short inspection by Ofsted last month", under a January 2025 dateline.
            for s in sents:
                st = text[s.start:s.end]
                rel = _RELATIVE.search(st)
                if rel and s.start not in with_previous and (_EVENT.search(st) or kinds_in(text, s.start, s.end)):
                    year = _relative_year(rel.group().lower(), self.doc_date)
                    break
        if year is None and self.genre == "letter" and self.doc_date:
            year = self.doc_date.year
        if year is None and (just_out or just_rated):
            year = self.doc_date.year
        return start, end, published, year, kind_sentence

    def previous(self, item: Item, code: str, grades, subject_year: int | None) -> list[Inspection]:
        groups: dict[int, list[tuple[Sentence, Grade]]] = {}
        for s, g in grades:
            if g.year is None or (subject_year is not None and g.year == subject_year):
                continue
            groups.setdefault(g.year, []).append((s, g))
        out = []
        for year, gs in sorted(groups.items()):
            hint = next((g.type_hint for _, g in gs if g.type_hint), None)
            itype = hint or previous_type_for(year)
            judgements, seen = [], set()
            for s, g in gs:
                if itype != "other":
                    areas = framework_areas(g.areas, itype, year, expand_all=False)
                elif set(g.areas) & {"overall", "all"}:
                    areas = ("overall-effectiveness",)
                elif year is not None and year <= 2013 and set(g.areas) & {"in-care", "lap", "combined"}:
                    # Before 2014 Ofsted inspected services for looked after children on their
                    # own: "services for children in care were judged adequate" is that overall.
                    areas = ("lac-overall-effectiveness",)
                else:
                    areas = ()
                for area in areas:
                    if area not in seen:
                        seen.add(area)
                        judgements.append(Judgement(area, g.grade, _evidence(self.doc, s.start, s.end)))
            if not judgements:
                continue
            s0 = gs[0][0]
            out.append(Inspection(authority_code=code, authority_name=item.name, type=itype,
                                  year=year, judgements=tuple(judgements), previous=True,
                                  evidence=_evidence(self.doc, s0.start, s0.end)))
        return out

    def inspectors(self, item: Item) -> list[Person]:
        """The inspectors of an item. In a digest, only those named in the item's own blocks,
        read there so that a lead of one item is not the lead of another; the lead is the one
        printed as lead or who led, else the only inspector the item names."""
        if not self.digest:
            return [_person(self.doc, p) for p in self.people if p.is_inspector]
        found: list[PersonMention] = []
        for a, b in _runs(item.blocks):
            found.extend(p for p in find_people(self.text, self.bl[a].start, self.bl[b].end) if p.is_inspector)
        found = merge_people(found)
        if len(found) == 1 and not found[0].lead and found[0].role == "inspector":
            p = found[0]
            found = [PersonMention(p.name, "lead inspector", True, p.title, True, p.start, p.end)]
        return [_person(self.doc, p) for p in found]

    # ------------------------------------------------------------ document
    def run(self) -> Extraction:
        inspections: list[Inspection] = []
        for item in self.items:
            inspections.extend(self.item(item))
        if not self.items and self.text.strip():
            if _OFSTED.search(self.low):
                self.warnings.append("no local authority named as the subject of the text")
        officers = tuple(_person(self.doc, p) for p in self.people if not p.is_inspector)
        title = None
        heads = [b for b in self.bl[:40] if b.kind == "heading"]
        if self.genre == "letter":
            dear = _LETTER.search(self.text)
            heads = [b for b in heads if dear and b.start > dear.end()] or heads
        for b in heads[:3] if self.genre != "letter" else heads[:1]:
            title = " ".join(self.text[b.start:b.end].split()).lstrip("# ")[:200]
            break
        return Extraction(inspections=tuple(inspections), people=officers, genre=self.genre,
                          title=title, published=self.doc_date, warnings=tuple(self.warnings))


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive block indices, as (first, last) pairs."""
    out: list[tuple[int, int]] = []
    for i in indices:
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _person(doc: Document, p: PersonMention) -> Person:
    return Person(name=p.name, role=p.role, lead=p.lead, title=p.title,
                  is_inspector=p.is_inspector, evidence=_evidence(doc, p.start, p.end))


def extract_text(doc: Document) -> Extraction:
    """Everything a letter, press release, news article or digest says about inspections."""
    if not doc.text.strip():
        return Extraction(genre="unknown")
    return _Reader(doc).run()
