"""Weaknesses and strengths stated in running text, with themes and evidence sentences.

A *finding* is an evaluative clause about a topic of the theme scheme. Each sentence (or
bullet item) is cut into clauses at contrast markers ("but", "however", "although", "while",
"whereas", ";"), each clause gets a polarity from cue phrases, and the themes come from
:func:`kg.themes.classify`:

- one polarity in the whole sentence: one finding, themes of the sentence;
- a positive and a negative clause ("reviews are timely but of variable quality"): one finding
  per polarity, each with the themes of its own clauses (the sentence's when a clause names no
  topic of its own).

Cues are phrases, read in a fixed order so a longer phrase wins over the words inside it:
"not always prompt", "too variable", "high caseloads", "reduced turnover", "no further delay",
"needs to improve", recommendations ("should", "must", "recommended") are read before the
single words ("good", "effective", "delay", "limited"). A positive word within three words
after a negation ("not", "do not", "less", "without") counts as negative.

Not findings: headings, questions, statements with no topic (``classify`` gives nothing:
"services are good", "practice is too variable"), courtesy remarks ("Thank you again ...",
"I would like to thank staff"), plans not yet acted on (clauses with "will", "plans to",
"would like"), and what an individual child or parent is quoted as saying. A sentence with no
topic that refers back ("This has led to drift") takes the topics of the sentence before it
in the same paragraph.

:func:`extract_findings` is the entry point for report bodies (sections = judgement areas).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..documents import Document
from ..records import Evidence, Finding
from .sentences import Block, Sentence, blocks, sentences

__all__ = ["extract_findings", "findings_in", "polarity", "split_clauses", "excluded_blocks"]

_MAX_SENTENCE = 1500

# (pattern, polarity): +1 strength, -1 weakness, 0 neutral (masks the words it covers).
_CUES: list[tuple[str, int]] = [
    # Neutral phrases that hold cue words.
    (r"\bas well(?: as)?\b|\bnot only\b|\bnot least\b|\bwell[- ]?being\b|\bif not\b"
     r"|\bgood (?:morning|afternoon)\b|\bsafeguarding\b|\bsafety\b"
     r"|\bimprovement (?:plan|programme|board|work|journey|partners?|notice|activit\w+|priorit\w+)"
     r"|\bchild protection\b|\bwhat needs to\b|\bneeds? (?:of|and)\b|\bchildren who need\b"
     r"|\bwho need\b|\bin need\b|\bthat need\b|\bopen to (?:social care|children)", 0),
    (r"\bto (?:improve|strengthen|develop|increase|address|reduce|ensure|enhance|support|achieve|"
     r"build|promote|provide|help|prevent|protect|keep|make|drive|understand|check|tackle|"
     r"consolidate|cleanse|look)\b", 0),
    # Positive phrases built on negative words.
    (r"\bno (?:further )?(?:delays?|drift|backlogs?)\b|\bwithout (?:delay|drift)\b|\bno longer "
     r"(?:waiting|delayed|drifting)\b|\bno (?:children|young people) (?:are |were )?(?:placed |living )?"
     r"in unregist\w+|\b(?:do|does|did|have) not (?:have|use|place) any (?:children|young people) "
     r"(?:placed |living )?in unregist\w+|\bnothing is too much trouble\b", 1),
    (r"\b(?:reduction in|reduc\w+|lower(?:ed)?|less|fewer|decrease(?:d)? in|fall in) (?:the )?"
     r"(?:\w+ ){0,2}(?:turnover|reliance|agency|vacanc\w+|caseloads?|delays?|drift|moves|"
     r"changes of (?:social )?worker|backlogs?)\b", 1),
    (r"\b(?:turnover|vacancies|vacancy rates?|caseloads|delays|backlogs?|reliance on [\w ]{0,20}?) "
     r"(?:has |have |had )?(?:now )?(?:reduced|fallen|decreased|lowered|improved|stabilised)\b", 1),
    (r"\b(?:increas\w*|additional|more|extra|further) (?:\w+ ){0,2}(?:capacity|investment|funding|"
     r"number of (?:social workers|foster carers|adopters)|numbers of (?:social workers|foster carers)|"
     r"percentage|stability|ownership|oversight|scrutiny|resources|posts|social workers|staff)\b", 1),
    (r"\bmanageable\b|\blow(?:er)? caseloads?\b|\bhigh[- ]quality\b|\bhigh (?:level|levels|standards?|"
     r"morale|aspirations?|expectations?)\b|\bhighly\b", 1),
    # Negative phrases built on positive words.
    (r"\bnot (?:always|consistently|yet|all|sufficiently|fully|enough|routinely|effectively|"
     r"appropriately|properly|regularly|robust\w*|prompt\w*|timely|good|clear\w*|well|accurate\w*|"
     r"frequent\w*|in place|understood|consistent|being|as \w+ as|equipped|able|safe)\b", -1),
    (r"\b(?:no|little|limited|insufficient|slow|lack of|without|minimal) (?:\w+ )?(?:evidence|impact|"
     r"progress|improvements?|oversight|challenge|capacity|grip|understanding|action)\b", -1),
    (r"\bless (?:regular\w*|effective\w*|timely|consistent\w*|robust|well|frequent\w*|focused|"
     r"stable|secure|able)\b", -1),
    (r"\bneeds? (?:to|further)\b|\bneed(?:s|ed)? (?:addressing|attention|work|improv\w+|"
     r"strengthening|to be \w+)|\bshould\b|\bmust\b|\brecommend\w*|\bareas? for (?:improvement|"
     r"development)\b|\broom for improvement\b|\brequire[sd]? (?:improvement|attention|"
     r"strengthening)\b|\b(?:further )?improvements? (?:is|are|was|were) (?:needed|required)\b|"
     r"\bfurther (?:work|action) (?:is|are|was|were) (?:needed|required)\b|\b(?:is|are|was|were) "
     r"required\b", -1),
    (r"\bremains? a (?:\w+ )?challenge\b|\b(?:key|main|biggest|significant|major|ongoing|particular|"
     r"other|real) challenges?\b|\bchallenges? (?:in|include|remain|for|of|with|around)\b|"
     r"\bchallenging (?:circumstances|context|times|financial|budget)", -1),
    (r"\bhigh(?:er)? (?:\w+ )?(?:caseloads?|turnover|workloads?|numbers? of (?:agency|moves|changes|"
     r"vacanc\w+)|vacancy|levels? of (?:agency|turnover|vacanc\w+)|reliance)\b|\bcaseloads? "
     r"(?:are|is|remain|were|remained) (?:\w+ )?high\b|\b(?:greater|increas\w+|rising|growing) "
     r"(?:\w+ )?(?:demands?|pressures?)\b", -1),
    (r"(?<!\bi )(?<!\bwe )(?<!\bthey )\btoo (?:\w+ly )?\w+", -1),
    (r"\b(?:raft|number|range|series|host) of (?:\w+ )?(?:issues|problems|concerns|weaknesses)\b|"
     r"\bissues (?:with|in|around|remain|that)\b|\b(?:these|serious|significant|ongoing|some) "
     r"concerns\b|\bconcerns (?:remain|were raised)\b|\bwait(?:ing|ed|s)? (?:too long|up to|for "
     r"long|longer|for (?:up to|more than|over))|\bwaiting lists?\b", -1),
    # Negation.
    (r"\b(?:do|does|did|is|are|was|were|has|have|had|can|could|would|will)\s?(?:not|n['\u2019]t)\b|"
     r"\bcannot\b|\bnot\b|\bnever\b|\bnor\b|\bno longer\b|\bnone\b", -1),
    # Single words.
    (r"\binsufficient\w*|\binadequate\w*|\bpoor\w*|\bweak\w*|\black\w*|\bdelay\w*|\bdrift\w*|"
     r"\binconsisten\w+|\bvariab\w+|\bvariation\w*|\bdeteriorat\w*|\bdeclin\w+|\bunderdeveloped\b|"
     r"\bunsuitable\b|\binappropriate\w*|\bunsatisfactory\b|\bunsuccessful\w*|\binaccura\w+|"
     r"\bineffective\w*|\blimited\b|\bgaps?\b|\bhamper\w*|\bfragile\b|\bfail\w*|\bshortfalls?\b|"
     r"\bshortages?\b|\bbacklogs?\b|\boverdue\b|\bunallocated\b|\bunassessed\b|\bunmet\b|\bunsafe\b|"
     r"\binstability\b|\bunstable\b|\bturbulen\w+|\bworse\w*|\bslow\w*|\bstruggl\w+|\bdifficult\w*|"
     r"\bproblem\w*|\bconcerning\b|\bworr\w+|\buncertain\w*|\berrors?\b|\bglitch\w*|\bmissed\b|"
     r"\babsent\b|\babsence\b|\bvacanc\w+|\bpressures?\b|\breduction\b|\bcuts?\b|\bchurn\b|"
     r"\bunclear\b|\bpatchy\b|\bsuperficial\b|\binexperienced\b|\bturnover\b|\bunregistered\b|"
     r"\bunregulated\b|\bbreach\w*|\bhigh\b|\bweakness\w*", -1),
    (r"\bgood\b|\bstrong\w*|\bstrength\w*|\beffective\w*|\btimely\b|\bprompt\w*|\bthorough\w*|"
     r"\bcomprehensive\b|\bpositive\w*|\bbenefit\w*|\bskilled\b|\bexcellent\b|\bexemplary\b|"
     r"\bexceptional\b|\boutstanding\b|\bprais\w+|\bsuccess\w*|\bvalued\b|\bsupportive\b|"
     r"\bappropriate\w*|\bsensitiv\w+|\bhelpful\b|\binnovative\b|\brelentless\w*|\bambiti\w+|"
     r"\baspiration\w*|\bpassion\w*|\bcommit\w*|\bpersisten\w+|\btenaci\w+|\bproud\b|\bpride\b|"
     r"\bstable\b|\bsecure\b|\bsafe(?:ly)?\b|\brobust\w*|\bclear\w*|\bconsistent\w*|\bregular\w*|"
     r"\befficient\w*|\bdecisive\w*|\baccurate\w*|\brealistic\b|\bmeasurable\b|\binsightful\b|"
     r"\bmotivated\b|\bchild[- ](?:centred|focused)\b|\breflective\b|\bpurposeful\w*|"
     r"\bknowledgeable\b|\bconfident\w*|\bcomplimentary\b|\bmature\b|\benhanc\w+|\bresponsive\w*|"
     r"\bresolute\w*|\bwell\b|\bbetter\b|\bimprov(?:ed|es|ing|ement|ements)\b|\bprogress(?:ed|ing)?\b|"
     r"\bquickly\b|\bswift\w*|\benabl\w+|\benjoy\w*|\bin touch\b|\bawesome\b|\bwonderful\b|"
     r"\bdedicat\w+|\bprofessionalism\b|\bencourag\w+|\bcreativ\w+|\bclarity\b|\bstability\b|"
     r"\binvest\w*|\bprioriti[sz]\w+|\bsufficient\w*|\bopen\b|\bmeaningful\b|\btrusting\b|"
     r"\btailored\b|\bholistic\b|\bnurturing\b|\btherapeutic\b|\bdetailed\b|\bextensive\b|"
     r"\bdynamic\b|\brecognition\b|\bimpressive\b|\bcaring\b|\brigorous\w*|\bin place\b|"
     r"\bable to\b|\b(?:are|were|is|being) met\b|\bnow\b(?= (?:at|in place|better|more|able|being|"
     r"back|expected))|\bcarefully\b|\bcareful\b|\bsteady\b|\bwell[- ]\w+", 1),
]
_CUE_RES = [(re.compile(p, re.I), pol) for p, pol in _CUES]
_NEGATOR = re.compile(r"\b(?:not|no|never|nor|without|less|rarely|seldom|n['\u2019]t|cannot|lack of)\s+"
                      r"(?:\w+\s+){0,2}$", re.I)
_PLAN = re.compile(r"\b(?:will(?! need)|shall|going to|plans? to|planning to|intends? to|intention to|"
                   r"aims? to|hopes? to|would|looking at how|looking to|is due to|are due to|"
                   r"in the process of|we are already looking)\b", re.I)
_COURTESY = re.compile(
    r"^\W*(?:thank you (?:again|very much|for (?:the|a|your time|meeting|attending|taking|your "
    r"hospitality|your (?:warm )?welcome))|(?:i|we) (?:would like to |wish to |want to |also )?thank"
    r"|many thanks|(?:i|we) (?:am|are) (?:very )?grateful|please (?:note|do not|contact|let)|yours "
    r"(?:sincerely|faithfully)|(?:i|we) look forward|it was (?:a pleasure|good to meet))", re.I)
_CHILD_SPEAKER = re.compile(
    r"\b(?:one|a|an|another)\s+(?:[\w-]+\s+){0,3}(?:child|young person|care leaver|girl|boy|"
    r"teenager|parent|mother|father|adopter|young carer|pupil|student|foster carer|grandparent)\s+"
    r"(?:told|said|says|commented|explained|described|wrote|added|reported)\b"
    r"|\b(?:said|says|told (?:us|inspectors)|commented|explained|added)\s+(?:one|a|an|another)\s+"
    r"(?:[\w-]+\s+){0,3}(?:child|young person|care leaver|girl|boy|teenager|parent|mother|father|"
    r"adopter)\b", re.I)
_ANAPHORIC = re.compile(r"^\W*(?:(?:however|but|and|although|while|yet|also|so|as a result),?\s+)?"
                        r"(?:this|these|they|it|such|that|those)\b", re.I)
# Contrast markers that cut a sentence into clauses (position = where the new clause starts).
_SPLIT = re.compile(r";\s+|,?\s+but\s+(?!also\b)|[,;]\s*however,?\s+|\s+however,\s+|"
                    r",\s*(?:although|though|whilst|while|whereas|yet|despite|even though)\s+", re.I)
_LEAD_CONCESSIVE = re.compile(r"^\W*(?:although|though|while|whilst|despite|even though|even if)\b"
                              r"[^,]{3,}?,\s*", re.I)


def split_clauses(s: str) -> list[tuple[int, int]]:
    """Clause spans (relative to ``s``) at contrast markers."""
    cuts = [0]
    m = _LEAD_CONCESSIVE.match(s)
    if m:
        cuts.append(m.end())
    not_only = re.search(r"\bnot only\b", s, re.I)
    for m in _SPLIT.finditer(s):
        if not_only and m.start() > not_only.end() and "but" in m.group().lower():
            continue
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    cuts.append(len(s))
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if b > a and re.search(r"[A-Za-z]{3,}", s[a:b]):
            spans.append((a, b))
    return spans or [(0, len(s))]


def polarity(clause: str) -> int:
    """+1 strength, -1 weakness, 0 no evaluation."""
    # Drop comma-separated chunks that are plans not yet acted on.
    chunks = re.split(r"(,\s+|\s+and\s+(?=(?:we|you|they|it|this|the council|leaders)\b))", clause)
    kept = [c for c in chunks if not _PLAN.search(c)]
    t = "".join(kept).lower()
    if not t.strip():
        return 0
    mask = bytearray(len(t))
    pos = neg = 0
    for rx, pol in _CUE_RES:
        for m in rx.finditer(t):
            a, b = m.span()
            if b <= a or any(mask[a:b]):
                continue
            mask[a:b] = b"\x01" * (b - a)
            if pol > 0:
                if _NEGATOR.search(t[max(0, a - 30):a]):
                    neg += 1
                else:
                    pos += 1
            elif pol < 0:
                neg += 1
    if neg == 0 and pos == 0:
        return 0
    return 1 if pos > neg else -1


def excluded_blocks(text: str, block_list: list[Block]) -> set[int]:
    """Blocks that quote an individual child, young person or parent."""
    out = set()
    for i, b in enumerate(block_list):
        if b.end - b.start < 5000 and _CHILD_SPEAKER.search(text, b.start, b.end):
            out.add(i)
    return out


def _classify(text: str) -> tuple[str, ...]:
    from ..themes import classify

    return classify(text)


def _evidence(doc: Document, s: int, e: int) -> Evidence:
    page = doc.page_of(s) if doc.kind == "pdf" else None
    return Evidence(s, e, doc.text[s:e], page)


def findings_in(doc: Document, sents: Iterable[Sentence], area: str | None = None,
                skip_blocks: set[int] | frozenset = frozenset()) -> list[Finding]:
    """Findings of the given sentences of ``doc``, in text order."""
    text = doc.text
    out: list[Finding] = []
    prev_block, prev_themes = -1, ()
    for s in sents:
        if s.kind == "heading" or s.block in skip_blocks:
            continue
        sentence = text[s.start:s.end]
        if len(sentence) > _MAX_SENTENCE or len(sentence) < 12:
            continue
        if s.block != prev_block:
            prev_block, prev_themes = s.block, ()
        if sentence.rstrip(" \"'\u201d\u2019)").endswith("?") or _COURTESY.match(sentence):
            continue
        clauses = split_clauses(sentence)
        pols = [(a, b, polarity(sentence[a:b])) for a, b in clauses]
        signs = {p for _, _, p in pols if p}
        if not signs:
            prev_themes = _classify(sentence) or prev_themes
            continue
        themes_all = _classify(sentence)
        if not themes_all and _ANAPHORIC.match(sentence):
            themes_all = prev_themes
        ev = _evidence(doc, s.start, s.end)
        if len(signs) == 1:
            if themes_all:
                out.append(Finding("strength" if signs.pop() > 0 else "weakness", themes_all, ev, area))
        else:
            for sign in (1, -1):
                themes: list[str] = []
                for a, b, p in pols:
                    if p != sign:
                        continue
                    for t in _classify(sentence[a:b]) or themes_all:
                        if t not in themes:
                            themes.append(t)
                if themes:
                    out.append(Finding("strength" if sign > 0 else "weakness", tuple(themes), ev, area))
        if themes_all:
            prev_themes = themes_all
    return out


def extract_findings(doc: Document, start: int, end: int, area: str | None = None) -> tuple[Finding, ...]:
    """Findings stated in ``doc.text[start:end]`` (a report section, a letter, an article)."""
    start = max(0, min(start, len(doc.text)))
    end = max(start, min(end, len(doc.text)))
    bl = blocks(doc.text, start, end, doc.kind)
    sents = sentences(doc.text, kind=doc.kind, block_list=bl)
    return tuple(findings_in(doc, sents, area, excluded_blocks(doc.text, bl)))
