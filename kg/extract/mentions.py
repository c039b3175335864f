"""Which authority each part of a text is about.

- :func:`authority_mentions` finds every printed name form ("Ealing Council", "the London
  Borough of Hackney", "Hackney's children's services", "Telford & Wrekin") through
  :func:`kg.authorities.find_mentions`, and re-resolves each one on the document's date so a
  renamed authority gets the code in force then.
- A *candidate* is an authority named in a sentence that speaks of an inspection, a visit,
  a grade or its children's services, and not only in passing ("a fostering scheme with
  neighbouring Brent", "(Brent and Hounslow)").
- :func:`segment` cuts a text into *items*, one per authority it reports on. A digest (several
  authorities, each introduced by a heading, a bullet or a paragraph that opens with its name)
  gives one item per authority; any other text gives one item for its main authority. Blocks
  before the first item of a digest (its title and introduction) belong to no item.
- :func:`anaphora` finds "the council", "the authority", "the local authority", "the borough"
  and ties each to the authority of the item it sits in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .sentences import Block, Sentence

__all__ = ["Mention", "Item", "authority_mentions", "segment", "anaphora", "CONTEXT"]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    authority: object  # kg.authorities.Authority
    anaphor: bool = False

    @property
    def code(self) -> str:
        return self.authority.gss


@dataclass
class Item:
    """The part of a text about one authority (possibly several separate runs of blocks)."""

    authority: object  # kg.authorities.Authority
    blocks: list[int] = field(default_factory=list)
    name: str = ""  # the name as first printed

    @property
    def code(self) -> str:
        return self.authority.gss


# A sentence that speaks of inspection, grades or the authority's children's services.
CONTEXT = re.compile(
    r"\bofsted\b|\binspect|\bvisit(?:s|ed)?\b|\bHMI\b|\brated\b|\brates\b|\bjudged\b|\bgraded\b"
    r"|\boutstanding\b|\brequires? improvement|\binadequate\b|children['\u2019]?s (?:social )?services"
    r"|children['\u2019]?s social care|\bsocial (?:care|services)\b|services for children", re.I)
# Words right before a name that make it a mention in passing.
_PASSING = re.compile(
    r"(?:\bwith|\bneighbou?ring|\bpartners?|\balongside|\bsuch as|\bincluding|\blike|\bunlike|"
    r"\bcompared (?:with|to)|\bas well as|\bbetween|\bnear|\bthan|\bhosted by|\bother authorities|"
    # a person's former employer: "after six years at Hertfordshire", "who joined from Kent"
    r"\b(?:years|months|spell|career|time|stint) (?:at|with|in)|\b(?:previously|formerly|once) (?:at|of|with|in)|"
    r"\b(?:joined|moved|came|arrived|transferred) from|\bleft)"
    r"\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
# A name that is part of another body's name: a police force, a health board, a fire service.
_ORGANISATION = re.compile(
    r"(?:[ \t]+(?:and|&)[ \t]+(?:the[ \t]+)?[A-Z][\w'\u2019-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w'\u2019-]*){0,3})?"
    r"[ \t]+(?:Constabulary|Police\b|Integrated[ \t]+Care|ICB\b|Fire\b|NHS\b|Clinical[ \t]+Commissioning|"
    r"Healthcare|Hospitals?\b|Probation)")
# What may come before an authority's name in the line that opens a digest item.
_ITEM_LEAD = re.compile(r"[\W\d_]*(?:(?:[a-z]|[ivx]{1,4})[.)][ \t]+)?(?:(?:the|in|at|for|over|meanwhile|elsewhere|"
                        r"and|finally|also|neighbouring|nearby)[ \t,]+){0,3}$", re.I)
# A line that opens with a person ("Chief Constable Jo Bloggs, Hampshire ...") is an address.
_PERSON_FIRST = re.compile(r"[ \t]*(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Chief|Constable|Professor|Sir|Dame)\.?[ \t]+)+[A-Z]")
_ANAPHOR = re.compile(
    r"\b(?:the|this|that) (?:local authority|council|authority|borough|county council|"
    r"city council|borough council|department)\b(?!['\u2019]s (?:area|boundary))", re.I)


def authority_mentions(text: str, start: int = 0, end: int | None = None,
                       on: date | None = None) -> list[Mention]:
    """Explicit authority names in ``text[start:end]`` (absolute offsets)."""
    try:
        from ..authorities import find_mentions, resolve
    except ImportError:  # pragma: no cover - the table ships with kg
        return []
    end = len(text) if end is None else end
    out = []
    for s, e, auth in find_mentions(text[start:end]):
        if _ORGANISATION.match(text, start + e):
            continue  # "Hampshire and Isle of Wight Constabulary" names a police force
        if on is not None:
            dated = resolve(text[start + s:start + e], on)
            if dated is not None:
                auth = dated
        out.append(Mention(start + s, start + e, auth))
    return out


_BRACKET_REACH = 300
_NON_SPACE = re.compile(r"\S")


def in_passing(text: str, m: Mention, sentence_start: int) -> bool:
    """A name inside brackets or after "with", "neighbouring", "such as" ... in its sentence."""
    # Only a bounded window before the name is read, so a sentence naming thousands of
    # authorities is not rescanned for each of them (brackets in prose are short).
    before = text[max(sentence_start, m.start - _BRACKET_REACH):m.start]
    if before.count("(") > before.count(")"):
        return True
    return bool(_PASSING.search(before[-60:]))


def _sentence_of(sents: list[Sentence], pos: int) -> Sentence | None:
    lo, hi = 0, len(sents)
    while lo < hi:
        mid = (lo + hi) // 2
        if sents[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sents) and sents[lo].start <= pos:
        return sents[lo]
    return None


def _candidates(text: str, mentions: list[Mention], sents: list[Sentence]) -> dict[str, float]:
    """Authorities spoken of as a subject, with a salience score."""
    scores: dict[str, float] = {}
    n = max(1, len(text))
    index = {id(s): i for i, s in enumerate(sents)}
    context: dict[int, bool] = {}  # each sentence is searched once, however many names it holds

    def speaks(s: Sentence | None) -> bool:
        if s is None:
            return False
        if s.start not in context:
            context[s.start] = bool(CONTEXT.search(text, s.start, s.end))
        return context[s.start]

    for m in mentions:
        s = _sentence_of(sents, m.start)
        if s is None:
            continue
        if in_passing(text, m, s.start) and _NON_SPACE.search(text, s.start, m.start):
            continue
        about: list[Sentence] = [s]
        if (s.kind == "heading" or (s.kind == "numbered" and s.end - s.start <= 120)) and not speaks(s) and (
                (m.end - m.start) >= 0.5 * len(text[s.start:s.end].strip())
                or _ITEM_LEAD.match(text[s.start:m.start])):
            # A heading that is (or opens with) the name ("Medway Council", "2. Medway Council
            # (published May 2019)") introduces the text below it: a paragraph, a list, a table.
            i = index[id(s)]
            about = []
            for nxt in sents[i + 1:i + 10]:
                if nxt.kind == s.kind and s.kind == "numbered":
                    break  # the next item
                about.append(nxt)
        if not any(speaks(x) for x in about):
            continue
        score = 1.0 + (2.0 if s.kind == "heading" else 0.0) + (1.0 - m.start / n)
        scores[m.code] = scores.get(m.code, 0.0) + score
    return scores


def segment(text: str, block_list: list[Block], sents: list[Sentence],
            mentions: list[Mention]) -> tuple[list[Item], bool]:
    """Items of the text and whether it is a digest of several authorities."""
    if not mentions:
        return [], False
    cands = _candidates(text, mentions, sents)
    by_code = {m.code: m for m in reversed(mentions)}  # first mention of each code
    first_sentence = {}
    for s in sents:
        first_sentence.setdefault(s.block, s)
    # Blocks that open with a candidate's name: where a digest item starts.
    starts: list[tuple[int, str]] = []
    mi = 0
    ordered = sorted(mentions, key=lambda m: m.start)
    for bi, b in enumerate(block_list):
        while mi < len(ordered) and ordered[mi].start < b.start:
            mi += 1
        j = mi
        if j >= len(ordered) or ordered[j].start >= b.end:
            continue
        m = ordered[j]
        if m.code not in cands:
            continue
        fs = first_sentence.get(bi)
        lead = m.start - b.start
        opens = bool(_ITEM_LEAD.match(text[b.start:m.start]))
        if opens or (b.kind in ("heading", "bullet", "numbered") and lead <= 100) or \
                (b.kind == "paragraph" and fs is not None and m.end <= fs.end and lead <= 160
                 and not _PERSON_FIRST.match(text, b.start, m.start)):
            if not in_passing(text, m, fs.start if fs else b.start) or lead == 0:
                starts.append((bi, m.code))
    distinct = []
    for _, code in starts:
        if code not in distinct:
            distinct.append(code)
    if len(distinct) >= 2:
        items: dict[str, Item] = {}
        current: Item | None = None
        start_at = dict(starts)
        for bi in range(len(block_list)):
            code = start_at.get(bi)
            if code is not None and (current is None or code != current.code):
                current = items.get(code)
                if current is None:
                    m = by_code[code]
                    current = items[code] = Item(m.authority, name=text[m.start:m.end])
            if current is not None:
                current.blocks.append(bi)
        return list(items.values()), True
    if not cands:
        return [], False
    best = max(cands, key=lambda c: cands[c])
    m = by_code[best]
    return [Item(m.authority, list(range(len(block_list))), text[m.start:m.end])], False


def anaphora(text: str, block_list: list[Block], items: list[Item]) -> list[Mention]:
    """"the council", "the authority", ... each tied to the authority of its item."""
    out = []
    for item in items:
        for bi in item.blocks:
            b = block_list[bi]
            for m in _ANAPHOR.finditer(text, b.start, b.end):
                out.append(Mention(m.start(), m.end(), item.authority, anaphor=True))
    return sorted(out, key=lambda m: m.start)
