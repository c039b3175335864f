"""English local authorities with children's services, and name resolution for them.

The table ``kg/data/authorities.csv`` holds the 153 current authorities plus the predecessors of
recent reorganisations (Northamptonshire, Cumbria, Bournemouth, Poole, old Dorset, old
Buckinghamshire, North Yorkshire County Council, Somerset County Council) and the pre-2013 GSS
codes of Gateshead and Northumberland. Each row carries the ONS GSS code *in force for its
period* (``valid_from``/``valid_to``), so a name plus an inspection date gives the right code.

Two entry points read names:

- :func:`resolve` takes one name as printed ("Hull City Council", "the London Borough of
  Hackney", "Buckinghamshire") and a date, and returns exactly one authority or ``None``.
- :func:`find_mentions` scans running text for every name form it can attribute safely.

Both prefer ``None`` to a guess: a name that is only *near* an authority ("Richmond", "Sussex",
"Bath", "Newcastle-under-Lyme", "Brentford") gives nothing.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Authority", "all_authorities", "by_code", "resolve", "find_mentions"]

_CSV_NAME = "authorities.csv"
_GSS_RE = re.compile(r"E(?:06|08|09|10)\d{6}")


def _as_day(on: date | None) -> date:
    """``on`` as a plain date (``datetime`` does not compare with ``date``); today if ``None``."""
    if on is None:
        return date.today()
    if isinstance(on, datetime):
        return on.date()
    return on


@dataclass(frozen=True)
class Authority:
    """One row of the authorities table: one GSS code for one period of one council."""

    gss: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    entity_type: str
    la_code: str | None
    ofsted_urn: str | None
    region: str | None
    region_gss: str | None
    valid_from: date | None
    valid_to: date | None
    replaced_by: tuple[str, ...] = field(default=())

    def in_force(self, on: date | None) -> bool:
        """Whether this code was the one in use on ``on`` (today when ``None``); ends inclusive."""
        day = _as_day(on)
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    @property
    def forms(self) -> tuple[str, ...]:
        """Every printed name form: official name, short name, then aliases (deduplicated)."""
        seen: dict[str, None] = {}
        for form in (self.name, self.short_name, *self.aliases):
            if form:
                seen.setdefault(form, None)
        return tuple(seen)


# --------------------------------------------------------------------------- loading


def _csv_text() -> str:
    """Read the bundled CSV through importlib.resources, falling back to the source tree."""
    try:
        return resources.files("kg").joinpath("data", _CSV_NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):  # pragma: no cover
        return (Path(__file__).parent / "data" / _CSV_NAME).read_text(encoding="utf-8")


def _opt(value: str) -> str | None:
    value = value.strip()
    return value or None


def _opt_date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@lru_cache(maxsize=1)
def all_authorities() -> tuple[Authority, ...]:
    """Every row of the bundled table, parsed once and cached."""
    rows = csv.DictReader(_csv_text().splitlines())
    return tuple(
        Authority(
            gss=row["gss"].strip(),
            name=row["name"].strip(),
            short_name=row["short_name"].strip(),
            aliases=_split(row["aliases"]),
            entity_type=row["entity_type"].strip(),
            la_code=_opt(row["la_code"]),
            ofsted_urn=_opt(row["ofsted_urn"]),
            region=_opt(row["region"]),
            region_gss=_opt(row["region_gss"]),
            valid_from=_opt_date(row["valid_from"]),
            valid_to=_opt_date(row["valid_to"]),
            replaced_by=_split(row["replaced_by"]),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def _by_gss() -> dict[str, Authority]:
    return {a.gss: a for a in all_authorities()}


def by_code(gss: str) -> Authority | None:
    """The row for a GSS code (current or historic), or ``None``."""
    return _by_gss().get(gss.strip().upper())


# --------------------------------------------------------------------------- resolve

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# Decorations that say *what kind* of body, not *which* one. Order matters: longest first.
_PREFIXES = ("the ", "london borough of ", "royal borough of ", "borough of ", "council of the ")
_SUFFIXES = (
    " metropolitan borough council", " metropolitan district council", " city council",
    " county council", " borough council", " district council", " council",
    " local authority", " unitary authority", " children services", " childrens services",
    " children social care", " childrens social care", " metropolitan borough",
    " metropolitan district", " borough", " city", " county",
)


def _clean(text: str) -> str:
    """Case-, punctuation- and spelling-insensitive form: '&'=and, St.=St=Saint, no possessive."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    t = re.sub(r"'s\b", "", t)
    t = t.replace("'", "").replace("&", " and ")
    t = re.sub(r"[^a-z0-9]+", " ", t).strip()
    return re.sub(r"\bsaint\b", "st", t)


def _strip(key: str) -> str:
    """Drop decorations ("London Borough of", "City Council", "children's services"...)."""
    previous = None
    while key != previous:
        previous = key
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix):]
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
    return key


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, tuple[Authority, ...]], dict[str, tuple[Authority, ...]]]:
    """(exact cleaned form -> authorities, decoration-stripped form -> authorities)."""
    exact: dict[str, dict[str, Authority]] = {}
    loose: dict[str, dict[str, Authority]] = {}
    for a in all_authorities():
        for form in a.forms:
            key = _clean(form)
            if not key:
                continue
            exact.setdefault(key, {})[a.gss] = a
            loose.setdefault(_strip(key), {})[a.gss] = a
    freeze = lambda d: {k: tuple(v.values()) for k, v in d.items()}  # noqa: E731
    return freeze(exact), freeze(loose)


def _choose(candidates: Sequence[Authority], on: date | None) -> Authority | None:
    """One candidate, or the single one in force on ``on`` (today if ``None``); else None."""
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    live = [a for a in candidates if a.in_force(on)]
    return live[0] if len(live) == 1 else None


def resolve(name: str, on: date | None = None) -> Authority | None:
    """The authority a printed name means on date ``on``, or ``None`` if unknown or ambiguous.

    An exact name form wins first (so "Buckinghamshire County Council" without a date is the old
    county); otherwise decorations are stripped and the code in force on ``on`` is chosen
    ("Buckinghamshire" is E10000002 in 2018, E06000060 in 2022). A name only one authority ever
    bore resolves to it whatever the date ("Northamptonshire" is always E10000021). A bare GSS
    code is accepted too.
    """
    if not name or not name.strip():
        return None
    if _GSS_RE.fullmatch(name.strip().upper()):
        return by_code(name)
    exact, loose = _indexes()
    key = _clean(name)
    hits = exact.get(key, ())
    if hits:
        if on is None:
            chosen = _choose(hits, None)
        else:
            live = [a for a in hits if a.in_force(on)]
            chosen = live[0] if len(live) == 1 else None
        if chosen is not None:
            return chosen
    return _choose(loose.get(_strip(key), ()), on)


# --------------------------------------------------------------------------- find_mentions

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+|&")
_CONNECTORS = frozenset({"and", "&", "upon", "on", "with", "of", "the", "under", "in"})
_DASHES = "-\u2010\u2011\u2012\u2013"
# Gap between two tokens of one name: spaces (one line break allowed: PDF wrapping) or a dash.
_GAP_SPACE = re.compile(rf"[ \t]{{1,3}}|[ \t]*\n[ \t]*|[ \t]*[{_DASHES}][ \t]*")
_GAP_COMMA = re.compile(r",?(?:[ \t]{1,3}|[ \t]*\n[ \t]*)")
_GAP_AFTER_ST = re.compile(r"\.?[ \t]{1,3}|\.")
# Words that may stand capitalised right before a bare one-word name ("In Bury", "The Wirral").
_LEAD_INS = frozenset(
    """In At Of For From To By With And Or Nor But The This That These Those Across Within
    Throughout Both Either Neither While Whilst Whereas Since Unlike Like As Than When Where
    Although Though However Overall Only Also Before After During Outside Inside Around Near
    Including Between Among Amongst Against Over Under Into Onto Upon Via Per Whether
    Once If Because Until Unless Despite Beyond Towards Toward""".split()
)
# Capitalised words that may follow a bare one-word name without making it something else
# ("Bury Council", "Hackney Children's Services", "Camden Safeguarding Children Partnership").
_FOLLOWERS = frozenset(
    """Council Borough City Metropolitan Children Childrens Child Safeguarding Local LA LSCB
    MASH Family Families Youth Early Social Corporate Virtual Partnership Adoption Fostering
    Leaving Care Education SEND Multi Integrated Front Help Services Service""".split()
)
_TITLES = frozenset(
    "Mr Mrs Ms Miss Mx Dr Cllr Councillor Sir Lord Lady Dame Professor Prof Rev Judge".split()
)
# One-word names that are also everyday English words when they open a sentence.
_COMMON_WORDS = frozenset({"Reading", "Bury", "Slough", "Harrow"})
# Generic decoration a match may be extended over ("Ealing Borough Council").
_DECORATIONS: tuple[tuple[str, ...], ...] = (
    ("Metropolitan", "Borough", "Council"), ("Metropolitan", "District", "Council"),
    ("City", "Council"), ("County", "Council"), ("Borough", "Council"),
    ("District", "Council"), ("Council",),
)
_SENTENCE_BREAK = set(".!?:;\n\u2022\u00b7*([\"'\u201c\u2018") | set(_DASHES) | {"\u2014"}


@dataclass(frozen=True)
class _Form:
    """One name form prepared for token matching."""

    tokens: tuple[str, ...]  # as written in the table
    gaps: tuple[str, ...]  # per gap: "," if the form has a comma there, else " "
    authorities: tuple[Authority, ...]


def _norm_token(token: str) -> str:
    low = token.casefold()
    return {"&": "and", "saint": "st"}.get(low, low)


def _prefer_today(candidates: Iterable[Authority]) -> Authority:
    """For a name with no date: the row in force today, else the most recent one."""
    cands = list(candidates)
    live = [a for a in cands if a.in_force(None)]
    if len(live) == 1:
        return live[0]
    return max(cands, key=lambda a: (a.valid_to or date.max, a.valid_from or date.min))


@lru_cache(maxsize=1)
def _form_index() -> tuple[dict[tuple[str, ...], tuple[_Form, ...]], int, frozenset[str]]:
    """Token-tuple index of every name form; built once (the 'token trie' of the brief)."""
    grouped: dict[tuple[str, ...], dict[tuple[str, ...], list[Authority]]] = {}
    gaps_of: dict[tuple[str, ...], tuple[str, ...]] = {}
    for a in all_authorities():
        for form in a.forms:
            spans = list(_TOKEN_RE.finditer(form))
            if not spans:
                continue
            tokens = tuple(m.group() for m in spans)
            gaps = tuple(
                "," if "," in form[spans[i].end():spans[i + 1].start()] else " "
                for i in range(len(spans) - 1)
            )
            key = tuple(_norm_token(t) for t in tokens)
            by_written = grouped.setdefault(key, {})
            if a not in by_written.setdefault(tokens, []):
                by_written[tokens].append(a)
            gaps_of[tokens] = gaps
    index = {
        key: tuple(_Form(t, gaps_of[t], tuple(auths)) for t, auths in forms.items())
        for key, forms in grouped.items()
    }
    longest = max(len(k) for k in index)
    return index, longest, frozenset(k[0] for k in index)


def _case_ok(written: str, seen: str, single: bool) -> bool:
    """Case-sensitive comparison: exact, or ALL CAPS (multi-word names only), or any-case
    connector words ("Kingston Upon Hull"), with '&' standing for 'and'."""
    if seen == written:
        return True
    if written.casefold() in _CONNECTORS and _norm_token(seen) == _norm_token(written):
        return True
    return not single and seen == written.upper()


def _gap_ok(gap: str, kind: str, left: str, right: str) -> bool:
    if gap == "":
        return left == "&" or right == "&"
    if left.casefold() == "st" and _GAP_AFTER_ST.fullmatch(gap):
        return True
    pattern = _GAP_COMMA if kind == "," else _GAP_SPACE
    return pattern.fullmatch(gap) is not None


def _prev_token(text: str, start: int) -> tuple[str, str]:
    """(gap before ``start``, the word before that gap) on the same line."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalnum()):
        j -= 1
    return text[i:start], text[j:i]


def _next_token(text: str, end: int) -> tuple[str, str]:
    """(gap after ``end``, the word after that gap) on the same line."""
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    j = i
    while j < len(text) and text[j].isalnum():
        j += 1
    return text[end:i], text[i:j]


def _at_sentence_start(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_BREAK


def _possessive(text: str, end: int) -> bool:
    return text[end:end + 2] in ("'s", "\u2019s") or text[end:end + 1] in ("'", "\u2019")


def _hyphen_joined(text: str, start: int, end: int) -> bool:
    """True when the match is glued by a dash to a neighbouring word ("Newcastle-under-Lyme")."""
    before = start >= 2 and text[start - 1] in _DASHES and text[start - 2].isalpha()
    after = end + 1 < len(text) and text[end] in _DASHES and text[end + 1].isalpha()
    return before or after


def _bare_word_ok(text: str, start: int, end: int, word: str) -> bool:
    """Guards for a lone one-word name, which can be a surname, a verb or part of another
    proper noun ("Jane Sutton", "Reading the file", "Sutton Coldfield", "New York")."""
    gap, prev = _prev_token(text, start)
    if prev and gap and "\n" not in gap:
        if prev in _TITLES or (prev[0].isupper() and prev not in _LEAD_INS):
            return False
    if _possessive(text, end):
        return True
    gap, nxt = _next_token(text, end)
    if nxt and gap and nxt[0].isupper() and nxt not in _FOLLOWERS:
        return False
    if word in _COMMON_WORDS and _at_sentence_start(text, start):
        return False
    return True


def _extend_decoration(text: str, toks: list[re.Match[str]], j: int) -> int:
    """Index one past the last token of a decoration ("Council", "Borough Council"...) that
    directly follows token ``j - 1``; ``j`` if there is none."""
    for deco in _DECORATIONS:
        k = j + len(deco)
        if k > len(toks):
            continue
        if all(toks[j + n].group() == w for n, w in enumerate(deco)) and all(
            _GAP_SPACE.fullmatch(text[toks[m - 1].end():toks[m].start()]) for m in range(j, k)
        ):
            return k
    return j


def find_mentions(text: str) -> list[tuple[int, int, Authority]]:
    """Every authority name in running text as ``(start, end, authority)``, leftmost-longest and
    non-overlapping, so "North Yorkshire County Council" is one mention and holds no "York".

    Matching is on whole words and case-sensitive ("bury" the verb never matches). Lone one-word
    names get extra guards: not after a title or another capitalised word ("Ms Sutton", "Greater
    Manchester"), not before a capitalised word that would make another name ("Sutton
    Coldfield", "Derby County") unless it is a children's-services word ("Bury Council",
    "Hackney Children's Services"), never glued by a hyphen ("Newcastle-under-Lyme"). The names
    that are everyday words (Reading, Bury, Slough, Harrow) are not taken at the start of a
    sentence unless possessive ("Reading's"): "Reading the plans..." is the verb, while "in
    Reading" or "Reading Borough Council" is the town. A span covers a trailing decoration
    ("Ealing Council") but not "the" or a possessive "'s". Where a form belongs to several rows
    (old and new "Buckinghamshire") the row in force today is returned; call
    ``resolve(text[start:end], on=...)`` for the row in force on a document's date.
    """
    index, longest, firsts = _form_index()
    toks = list(_TOKEN_RE.finditer(text))
    norm = [_norm_token(m.group()) for m in toks]
    found: list[tuple[int, int, Authority]] = []
    i = 0
    while i < len(toks):
        if norm[i] not in firsts:
            i += 1
            continue
        hit = None
        for length in range(min(longest, len(toks) - i), 0, -1):
            forms = index.get(tuple(norm[i:i + length]))
            if not forms:
                continue
            hit = _match_at(text, toks, i, length, forms)
            if hit is not None:
                break
        if hit is None:
            i += 1
            continue
        start, end, authority, next_i = hit
        found.append((start, end, authority))
        i = next_i
    return found


def _match_at(
    text: str, toks: list[re.Match[str]], i: int, length: int, forms: Sequence[_Form]
) -> tuple[int, int, Authority, int] | None:
    """Check the forms sharing tokens ``i..i+length`` against case, gaps and guards."""
    seen = [m.group() for m in toks[i:i + length]]
    gaps = [text[toks[k].end():toks[k + 1].start()] for k in range(i, i + length - 1)]
    single = length == 1
    matched: list[Authority] = []
    for form in forms:
        if not all(_case_ok(w, s, single) for w, s in zip(form.tokens, seen)):
            continue
        if not all(
            _gap_ok(g, kind, form.tokens[n], form.tokens[n + 1])
            for n, (g, kind) in enumerate(zip(gaps, form.gaps))
        ):
            continue
        matched.extend(a for a in form.authorities if a not in matched)
    if not matched:
        return None
    start, end = toks[i].start(), toks[i + length - 1].end()
    if _hyphen_joined(text, start, end):
        return None
    j = _extend_decoration(text, toks, i + length)
    if j > i + length:
        end = toks[j - 1].end()
    elif single and not _bare_word_ok(text, start, end, seen[0]):
        return None
    return start, end, _prefer_today(matched), j
