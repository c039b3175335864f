"""People a text names: Ofsted inspectors, and everyone else (officers, councillors, partners).

Only a name printed with an inspector's title is an inspector: "Jane Doe, HMI", "Jane Doe,
Senior HMI", "Her Majesty's Inspector Jane Doe", "lead inspector Jane Doe", "the inspector,
Jane Doe", a signature ("Jane Doe" over "His Majesty's Inspector"), an attendee line "Jane
Doe, HMI, Social Care, Ofsted", a team named in a list ("His Majesty's Inspectors for this visit
were Jane Doe and John Roe", "Ofsted inspectors A, B and C", "The inspection team comprised A,
HMI, and B, Senior HMI", "Inspectors: A; B"), and whoever an inspection or visit was "led by"
("The inspection was led by A, HMI, with B": A leads, B is on the team; not "led by Councillor
A" or "led by A, a team manager"). Police ranks ("Detective Inspector", "Chief Inspector") are
not Ofsted inspectors.

Directors, councillors, council leaders, officers and people of other bodies (Cafcass, the
police, the DfE, Ofsted's own directors) are recorded as non-inspectors with the role as
printed. The lead inspector is the one printed as lead (or who led the inspection), else a
letter's signatory with an inspector title, else the only inspector a text names. A name spelled two ways in one text
("Thomson-Jones" / "Thompson-Jones") is one person, kept in the form printed with the title.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

__all__ = ["PersonMention", "find_people", "merge_people"]

_TOKEN = (r"(?:[A-Z\u00c0-\u00dd](?:[a-z\u00df-\u00ff'\u2019]+|[a-z]?[A-Z][a-z\u00df-\u00ff]+)(?:-[A-Z\u00c0-\u00dd][a-z\u00df-\u00ff'\u2019]+)*"
          r"(?![A-Za-z\u00c0-\u00ff]))")  # "McEntee" whole, never "Mc"
_NAME = rf"(?P<name>{_TOKEN}(?:[ \t]+(?:[A-Z]\.?[ \t]+)?{_TOKEN}){{1,3}})"
# Other inspectorates' titles ("Her Majesty's Inspector of Constabulary", "HM Inspector of
# Probation") are not Ofsted's.
_INSP_TITLE = (r"(?i:senior\s+HMI|SHMI|HMI|(?:his|her)\s+majesty['\u2019]?s\s+inspector|lead\s+inspector|"
               r"ofsted\s+inspector|(?:social\s+care\s+)?regulatory\s+inspector|lead\s+HMI)"
               r"(?!\s+(?i:of\s+(?:constabulary|probation|prisons|fire|education|schools|courts)|for\b))")
_AFTER = re.compile(_NAME + r"[ \t]*(?:,[ \t]*(?:(?i:one of|an?)[ \t]+(?:(?i:the|ofsted's|ofsted\u2019s)[ \t]+)?)?|"
                    r"\n[ \t]*|[ \t]*\([ \t]*|[ \t]+)(?P<title>" + _INSP_TITLE + r")(?i:s)?\b")
_BEFORE = re.compile(r"(?P<title>" + _INSP_TITLE + r"|(?i:the\s+inspector|inspector))[ \t]*[:,]?[ \t]+"
                     + _NAME)
_NAME_PLAIN = rf"{_TOKEN}(?:[ \t]+(?:[A-Z]\.?[ \t]+)?{_TOKEN}){{1,3}}"
_PLURAL = re.compile(r"(?P<title>(?i:(?:his|her)\s+majesty['\u2019]?s\s+inspectors|HMIs|ofsted\s+inspectors|"
                     r"inspectors))[ \t]*,?[ \t]+(?P<names>" + _NAME_PLAIN + r"(?:[ \t]*,[ \t]*" + _NAME_PLAIN
                     + r")*[ \t]+and[ \t]+" + _NAME_PLAIN + r")")
# A team named in a list: "His Majesty's Inspectors for this visit were A and B", "The
# inspection team comprised A, HMI, and B, Senior HMI", "Inspectors: A; B", "The inspectors
# were A (lead inspector) and B". Each name may carry its own title.
_ITEM_TITLE = (r"(?:[ \t]*,?[ \t]*\(?[ \t]*(?P<{0}>(?i:senior\s+HMI|lead\s+HMI|lead(?=[ \t]*\))|SHMI|HMI|(?:his|her)\s+majesty['\u2019]?s\s+"
               r"inspector|lead\s+inspector|ofsted\s+inspector|(?:social\s+care\s+)?regulatory\s+inspector))"
               r"(?!\s+(?i:of|for)\b)[ \t]*\)?)?")
_ITEM = _NAME_PLAIN + _ITEM_TITLE.replace("(?P<{0}>", "(?:")
_ITEMS = (_ITEM + r"(?:[ \t]*[,;][ \t]*(?:(?i:and)[ \t]+)?" + _ITEM + r")*(?:[ \t]*,?[ \t]*(?i:and|&)[ \t]+"
          + _ITEM + r")?")
_TEAM = re.compile(
    r"(?P<title>(?i:(?:his|her)\s+majesty['\u2019]?s\s+inspectors|HMIs|ofsted(?:['\u2019]s)?\s+inspectors|"
    r"(?:the\s+)?inspectors|(?:the\s+)?(?:ofsted\s+)?(?:inspection|inspecting)\s+team))"
    r"(?:[ \t]+(?i:for|on|of|during|at|who\s+(?:carried\s+out|conducted|undertook|led))[ \t]+(?i:this|the|that|your)"
    r"[ \t]+(?:[\w-]+[ \t]+){0,3}?(?i:visit|inspection|meeting))?"
    r"[ \t]*(?:(?i:were|was|are|is|comprised|included|consisted\s+of|is\s+made\s+up\s+of)[ \t]*:?|:)[ \t]*"
    r"(?P<names>" + _ITEMS + r")")
_TEAM_ITEM = re.compile(r"(?P<name>" + _NAME_PLAIN + ")" + _ITEM_TITLE.format("t"))
# "The inspection was led by A, HMI, with B": the one who led it is the lead inspector; those
# named with them are on the team.
_LED = re.compile(
    r"(?i:(?:the|this|your|an?)\s+(?:[\w-]+\s+){0,2}?(?:(?:focused|monitoring|ofsted|ilacs|jtai|joint\s+targeted\s+area|short|standard|"
    r"full)\s+)?(?:visit|inspection)(?:\s+team)?|(?:annual\s+)?engagement\s+meeting|(?:the\s+)?inspection\s+team|"
    r"(?:the\s+)?inspectors)\b[^.\n]{0,40}?\b(?i:led)[ \t]+(?i:by)[ \t]+"
    r"(?P<lead>" + _NAME_PLAIN + ")" + _ITEM_TITLE.format("lt") +
    r"(?:[ \t]*,?[ \t]*(?i:with|and|assisted\s+by|supported\s+by|alongside)[ \t]+(?P<names>" + _ITEMS + r"))?")
# A role printed with a name: "Jo Bloggs HMI (lead inspector, Ofsted)", "with Jo Bloggs HMI as
# deputy lead inspector", "Jo Bloggs took part as a shadow inspector", "Jo Bloggs was the quality
# assurance manager".
_ROLES = (r"(?P<role>(?i:deputy\s+lead\s+inspector|lead\s+inspector|team\s+inspector|shadow\s+inspector|"
          r"quality\s+assurance\s+manager|senior\s+data\s+analyst|data\s+analyst|deputy))\b")
_ROLE_BRACKET = re.compile(r"[ \t]*\([ \t]*" + _ROLES)
_AS_ROLE = re.compile(r"(?P<name>" + _NAME_PLAIN + r")" + _ITEM_TITLE.format("t") +
                      r"(?:[ \t]*,[ \t]*(?i:who)[^,.;\n]{1,60},)?"  # "A, who also led the X inspection, was the lead"
                      r"[ \t]+(?:(?i:(?:took\s+part|served|acted|joined|worked|was\s+on\s+the\s+team)[ \t]+)?"
                      r"(?i:as|was)[ \t]+(?i:(?:the|a|an|her|his|their)[ \t]+)?" + _ROLES +
                      r"|(?P<led>(?i:led|leads|was\s+leading|headed))[ \t]+(?i:the|this|that)[ \t]+(?i:inspection|visit|team))")
# "The deputy lead inspector was Sam Wu HMI", "The lead inspector is Jo Bloggs".
_ROLE_IS = re.compile(r"(?i:the)[ \t]+" + _ROLES + r"[ \t]+(?i:was|is)[ \t]+(?P<name>" + _NAME_PLAIN + r")")
_ROLE_AFTER = re.compile(r"[ \t]*(?:,|\()[ \t]*(?:(?:the|a|an|its|their)[ \t]+)?[^,.;()\n]{0,40}?\b(?i:director|head|"
                         r"chief|executive|leader|councillor|member|manager|officer|chair|social\s+worker|"
                         r"commissioner|superintendent|detective|constable|adviser|advisor|lead\s+for)\b")
_K_TEAM = re.compile(r"inspector|inspection team|inspecting team|hmi|led by")
_POLICE = re.compile(r"(?:detective|chief|police|station|fire|tax|schools?|health|ward|"
                     r"chief\s+constable|superintendent)\s*$", re.I)
_OFFICER_BEFORE = re.compile(
    r"(?P<role>(?i:councillor|cllr\.?|council\s+leader|leader\s+of\s+the\s+council|mayor|"
    r"deputy\s+leader|cabinet\s+member(?:\s+for\s+[\w\s',]+?)?|lead\s+member(?:\s+for\s+[\w\s',]+?)?|"
    r"(?:interim\s+|acting\s+|deputy\s+|assistant\s+|executive\s+|corporate\s+|strategic\s+)*director"
    r"(?:\s+of\s+[\w\s'\u2019,]+?)?|chief\s+executive(?:\s+of\s+[\w\s]+?)?|chief\s+constable|"
    r"detective\s+\w+|superintendent|commissioner|minister|secretary\s+of\s+state|principal\s+social\s+worker|"
    r"spokes(?:person|man|woman)(?:\s+for\s+[\w\s]+?)?|(?:department\s+for\s+education\s+|dfe\s+|government\s+)?"
    r"advis[eo]r(?:\s+to\s+[\w\s]+?)?))"
    r"[ \t]*,?[ \t]+" + _NAME)
_ROLE_WORDS = re.compile(
    r"\b(?:director|head|chief|executive|leader|councillor|cllr|mayor|member|manager|officer|"
    r"chair(?:man|woman|person)?|commissioner|superintendent|detective|constable|minister|"
    r"secretary|spokes(?:person|man|woman)|portfolio|principal|guardian|lead for|dcs|ceo|cabinet)\b",
    re.I)
_OFFICER_AFTER = re.compile(_NAME + r"[ \t]*(?:,|\(|\n(?=[ \t]*[A-Z][\w ]{0,40}(?:Director|Head|Chief|Leader|Councillor|Manager|Officer)))"
                            r"[ \t]*(?P<role>[^,.;:\n()\"\u201c\u201d]{3,90})")
_STOP = frozenset("""Ofsted Council Councils Services Service Children Childrens Social Care Director
    Directors Assistant Executive Senior Her His Majesty Majesty's Majesty’s Inspector Inspectors HMI Lead
    The Dear Yours London Borough County City Regional Acting Head Chief Councillor Leader Cabinet
    Member Deputy Corporate Strategic Education Early Help Health Public Adults Families Family
    Resources Planning Learning Standards School Schools Partnership Safeguarding National Team
    Manager Officer Chair Mayor Mr Mrs Ms Miss Mx Dr Cllr Sir Dame Professor Prof Rev Interim
    January February March April May June July August September October November December Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday Thank Tel Email Textphone Clive House Petty
    France Street Road Ofsted's Please Note Inspection Report Department Local Authority Authority
    Government Minister Secretary State Police Cafcass Judge Court Care Quality Commission Trust
    Board Panel Group Unit Centre Hub Agency Office Regional Adoption Fostering Youth Virtual School
    Equality Diversity Covid Coronavirus Guidance Framework Plan Programme Review Reviews SEND
    Delivering Contact Us Inspectors Attendees Actions Discussion Updates Any Unregulated Overall
    Some Most Many All Other This That These Those Our Your Their Its In At On For From With And
    But Or Of To By As If When While Since After Before During""".split())
_APOS = "['\u2019]"


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str  # "lead inspector" / "inspector" for inspectors; printed role otherwise
    lead: bool
    title: str | None
    is_inspector: bool
    start: int  # span of the name (and title) as printed
    end: int


def _clean_name(name: str) -> str | None:
    tokens = name.split()
    # Drop leading/trailing stop words ("Carolyn Fair Director" -> "Carolyn Fair").
    while tokens and tokens[0].strip(".") in _STOP:
        tokens.pop(0)
    while tokens and tokens[-1].strip(".") in _STOP:
        tokens.pop()
    if len(tokens) < 2 or any(t.strip(".") in _STOP for t in tokens):
        return None
    if all(len(t.strip(".")) <= 1 for t in tokens[1:]):
        return None
    return " ".join(tokens)


def _title(printed: str) -> str:
    t = " ".join(printed.split())
    low = t.lower()
    if "majesty" in low:
        return t[0].upper() + t[1:]
    if low in ("hmi", "senior hmi", "shmi", "lead hmi"):
        return {"hmi": "HMI", "senior hmi": "Senior HMI", "shmi": "SHMI", "lead hmi": "Lead HMI"}[low]
    return t


_K_AS = re.compile(r"inspector|quality assurance|analyst|deputy|led|leads|leading|headed")


def _role(printed: str) -> str:
    """A printed role as one of the role ids ("deputy" alone is the deputy lead)."""
    r = " ".join(printed.lower().split())
    return "deputy lead inspector" if r == "deputy" else r


def _signature_lead(text: str, start: int, end: int) -> int | None:
    """Offset after which a letter's sign-off starts ("Yours sincerely"), if any."""
    m = None
    for m in re.finditer(r"\bYours (?:sincerely|faithfully)\b|\bKind regards\b|\bBest wishes\b",
                         text[start:end], re.I):
        pass
    return start + m.end() if m else None


# Keywords are searched in an ASCII-lower-cased copy (same offsets; much faster than re.I).
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_K_TITLE = re.compile(r"hmi|majesty|inspector")
_K_ROLE = re.compile(r"council|cllr|leader|mayor|member|director|chief|constable|detective|superintendent|"
                     r"commissioner|minister|secretary|principal|spokes|advis|head|manager|officer|chair|"
                     r"guardian|dcs|ceo|cabinet|portfolio|executive")


def _windowed(rx: re.Pattern, region: str, keys: re.Pattern, before: int, after: int,
              low: str | None = None):
    """Matches of ``rx`` near the keywords its matches must contain (long texts hold few), each
    match once; much faster than scanning every position of a long text."""
    spans: list[list[int]] = []
    for k in keys.finditer(low if low is not None else region.translate(_LOWER)):
        a, b = max(0, k.start() - before), min(len(region), k.end() + after)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    seen: set[tuple[int, int]] = set()
    for a, b in spans:
        for m in rx.finditer(region, a, b):
            if m.span() not in seen:
                seen.add(m.span())
                yield m


def find_people(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    """Every person named in text[start:end] with an inspector's title or an officer's role."""
    end = len(text) if end is None else end
    region = text[start:end]
    lowered = region.translate(_LOWER)
    found: list[PersonMention] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, role: str, lead: bool, title: str | None, insp: bool, s: int, e: int) -> None:
        clean = _clean_name(name)
        if clean is None:
            return
        found.append(PersonMention(clean, role, lead, title, insp, start + s, start + e))
        taken.append((start + s, start + e))

    for m in _windowed(_AFTER, region, _K_TITLE, 90, 40, lowered):
        title = _title(m.group("title"))
        lead = "lead" in title.lower()
        printed = _ROLE_BRACKET.match(region, m.end())
        role = _role(printed.group("role")) if printed else ("lead inspector" if lead else "inspector")
        lead = lead or role == "lead inspector"
        add(m.group("name"), role, lead, title, True, m.start("name"), m.end("title"))
    for m in _windowed(_ROLE_IS, region, _K_AS, 60, 80, lowered):
        role = _role(m.group("role"))
        add(m.group("name"), role, role == "lead inspector", None, True, m.start("role"), m.end("name"))
    for m in _windowed(_AS_ROLE, region, _K_AS, 80, 60, lowered):
        role = "lead inspector" if m.group("led") else _role(m.group("role"))
        own = m.group("t")
        add(m.group("name"), role, role == "lead inspector", _title(own) if own else None, True,
            m.start("name"), m.end("role"))
    for m in _windowed(_PLURAL, region, _K_TITLE, 60, 200, lowered):
        title = _title(re.sub(r"(?i)inspectors$", "Inspector", m.group("title").strip()))
        for n in re.finditer(_TOKEN + r"(?:[ \t]+(?:[A-Z]\.?[ \t]+)?" + _TOKEN + r"){1,3}", m.group("names")):
            s0 = m.start("names") + n.start()
            add(n.group(), "inspector", False, title, True, s0, m.start("names") + n.end())
    def team(names: str, offset: int, title: str | None) -> None:
        for n in _TEAM_ITEM.finditer(names):
            own = n.group("t")
            t = _title(own) if own else title
            lead = bool(own) and "lead" in own.lower()
            add(n.group("name"), "lead inspector" if lead else "inspector", lead, t, True,
                offset + n.start(), offset + n.end())

    for m in _windowed(_TEAM, region, _K_TEAM, 60, 250, lowered):
        printed = " ".join(m.group("title").split())
        low = printed.lower()
        if "team" in low or low in ("inspectors", "the inspectors"):
            title = None
        else:
            title = _title(re.sub(r"(?i)inspectors$", "Inspector", printed).replace("\u2019s Inspector", "'s Inspector")
                           if low.startswith("ofsted") else re.sub(r"(?i)inspectors$", "Inspector", printed))
            if low == "hmis":
                title = "HMI"
        team(m.group("names"), m.start("names"), title)
    for m in _windowed(_LED, region, _K_TEAM, 60, 250, lowered):
        if _POLICE.search(region[max(0, m.start() - 20):m.start()]):
            continue
        own = m.group("lt")
        first = m.group("lead").split()[0].strip(".")
        if first in _STOP or (not own and _ROLE_AFTER.match(region, m.end("lead"))):
            continue  # "led by Councillor Jane Hill", "led by Jane Hill, a team manager"
        add(m.group("lead"), "lead inspector", True, _title(own) if own else None, True,
            m.start("lead"), m.end("lt") if own else m.end("lead"))
        if m.group("names"):
            team(m.group("names"), m.start("names"), None)
    for m in _windowed(_BEFORE, region, _K_TITLE, 60, 120, lowered):
        printed = m.group("title")
        low = " ".join(printed.lower().split())
        if low in ("inspector", "the inspector"):
            pre = region[max(0, m.start() - 20):m.start()]
            if _POLICE.search(pre) or (low == "inspector" and not re.search(
                    r"(?:ofsted|the|lead|ofsted" + _APOS + r"s)\s*$", pre, re.I)):
                continue
            if printed[0] == "I" and low == "inspector" and not re.search(r"(?:ofsted|lead)\s*$", pre, re.I):
                continue  # a capitalised "Inspector Smith" is a police rank
        elif _POLICE.search(region[max(0, m.start() - 20):m.start()]):
            continue
        title = _title(printed)
        lead = low.startswith("lead")
        if lead and re.search(r"(?i:deputy)[ \t]*$", region[max(0, m.start() - 12):m.start()]):
            add(m.group("name"), "deputy lead inspector", False, None, True, m.start("title"), m.end("name"))
            continue
        add(m.group("name"), "lead inspector" if lead else "inspector", lead,
            None if low in ("inspector", "the inspector") else title, True,
            m.start("title"), m.end("name"))
    def overlaps(s: int, e: int) -> bool:
        return any(a < start + e and start + s < b for a, b in taken)

    for m in _windowed(_OFFICER_BEFORE, region, _K_ROLE, 60, 200, lowered):
        if overlaps(m.start("name"), m.end("name")):
            continue
        clean = _clean_name(m.group("name"))
        if clean is None:
            continue
        # Words the name pattern took that belong to the role ("Director of Children's Services").
        role = region[m.start("role"):m.start("name") + m.group("name").find(clean.split()[0])]
        role = " ".join(role.strip(" ,").split()).lower()
        add(m.group("name"), role, False, None, False, m.start("role"), m.end("name"))
    for m in _windowed(_OFFICER_AFTER, region, _K_ROLE, 150, 100, lowered):
        if overlaps(m.start("name"), m.end("name")):
            continue
        role = " ".join(m.group("role").split())
        role = re.split(r"\s+(?:said|says|told|added|adds|stated|states|explained|commented|noted|"
                        r"who|which|has|have|had|is|was|will|would)\b", role)[0]
        role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I).strip(" '\u2018\u2019")
        if not _ROLE_WORDS.search(role) or len(role.split()) > 12:
            continue
        add(m.group("name"), role.lower(), False, None, False, m.start("name"), m.end("role"))
    # A letter's signatory with an inspector's title leads.
    sign = _signature_lead(text, start, end)
    result = merge_people(found)
    if sign is not None:
        signed = sorted((p for p in found if p.is_inspector and p.start >= sign), key=lambda p: p.start)
        if signed and not any(p.lead for p in result if p.is_inspector):
            result = [_as_lead(p) if p.is_inspector and same_person(p.name, signed[0].name) else p
                      for p in result]
    ins = [p for p in result if p.is_inspector]
    if len(ins) == 1 and not ins[0].lead and ins[0].role == "inspector":
        result = [_as_lead(p) if p is ins[0] else p for p in result]
    return result


def _as_lead(p: PersonMention) -> PersonMention:
    return PersonMention(p.name, "lead inspector", True, p.title, True, p.start, p.end)


def _key(name: str) -> str:
    return re.sub(r"[^a-z ]", "", name.lower().replace("-", " "))


def same_person(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    ta, tb = ka.split(), kb.split()
    if ta and tb and ta[0] != tb[0]:
        return False
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.88


def merge_people(people: list[PersonMention]) -> list[PersonMention]:
    """One entry per person: inspectors absorb other mentions of the same name; the form
    printed with an inspector title wins; lead if any mention says lead."""
    out: list[PersonMention] = []
    for p in sorted(people, key=lambda p: (not p.is_inspector, p.title is None, p.start)):
        for i, q in enumerate(out):
            if same_person(p.name, q.name):
                if p.is_inspector and not q.is_inspector:
                    out[i] = p
                elif p.lead and q.is_inspector and not q.lead:
                    out[i] = PersonMention(q.name, "lead inspector", True, q.title or p.title, True,
                                           q.start, q.end)
                elif p.is_inspector and q.is_inspector and q.role == "inspector" and p.role != "inspector":
                    out[i] = replace(q, role=p.role)  # "HMI Kay Lee ... was the deputy lead inspector"
                break
        else:
            out.append(p)
    return sorted(out, key=lambda p: p.start)
