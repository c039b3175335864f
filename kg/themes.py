"""Tag text with the 40 weakness/strength themes of the scheme (``kg/data/themes.csv``).

:func:`classify` is a transparent rule system for one improvement point (a "What needs to
improve" bullet, a SIF recommendation) or one finding sentence from a report, letter or news
item. It follows the labelling rules of ``themes-method.md``:

1. Text is normalised (lower case, one apostrophe, hyphens and dashes as spaces, bullets as
   ``;``) and cut at *purpose clauses* ("so that ...", "in order to ...", "to ensure that ..."
   once the point has said what must improve): "improve the quality of plans so that children
   are safe" is ``plan-quality``. The purpose clauses are read only when the head names no
   specific topic, only an actor ("work with health partners to ensure the timely assessment of
   children's health needs" is ``health-needs``); generic themes still come from the head.
   Phrases saying where something is used ("views inform assessments and plans") are blanked.
2. Each theme has weighted regular expressions written from its definition, scope note and
   typical wordings (:data:`_RULES`). A pattern with weight 1 names the theme on its own; weaker
   cues need a second cue. Each distinct pattern counts once.
3. Neighbour rules from the method's "choosing between neighbours" table are applied as
   context rules (:func:`_apply_context`): status decides where a young person lives
   (homeless / in care / care leaver), a specific process beats a generic one (MASH is
   ``front-door`` not ``multi-agency-working``; child protection chairs are ``iro-challenge``),
   a service named on its own takes that service's general theme, and so on.
4. Generic process themes (:data:`GENERIC`) need an explicit cue and are dropped first when
   more than ``limit`` themes match. The primary theme is the head of the text (the theme named
   first) unless that is only an actor (partners, leaders), which yields to the first specific
   topic; the rest follow in text order, specific before generic.
5. ``section="lscb"`` puts ``safeguarding-partnership`` first, plus the topic(s) the board is
   asked to act on.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .prefilter import trie_pattern, find as _find, required_literals as _required_literals

__all__ = ["Theme", "load_themes", "theme_ids", "classify", "GENERIC"]

DATA_DIR = Path(__file__).parent / "data"

GENERIC = frozenset({
    "multi-agency-working", "management-oversight", "quality-assurance", "performance-data",
    "recording-and-systems", "strategic-leadership",
})

# Longer texts are cut: a point or a sentence is never this long, and the cap keeps the
# classifier linear and fast on any input.
_MAX_CHARS = 4000


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    group: str
    definition: str
    scope_note: str
    triggers: tuple[str, ...]


@lru_cache(maxsize=1)
def load_themes() -> tuple[Theme, ...]:
    """The 40 themes of ``kg/data/themes.csv`` in file order (cached)."""
    path = DATA_DIR / "themes.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            triggers = tuple(t.strip() for t in (row.get("triggers") or "").split("|") if t.strip())
            out.append(Theme(
                id=row["id"].strip(), label=row["label"].strip(), group=row["group"].strip(),
                definition=row["definition"].strip(), scope_note=row["scope_note"].strip(),
                triggers=triggers,
            ))
    return tuple(out)


@lru_cache(maxsize=1)
def theme_ids() -> frozenset[str]:
    return frozenset(t.id for t in load_themes())


# --------------------------------------------------------------------------------------------
# Normalisation and purpose clauses
# --------------------------------------------------------------------------------------------

_BULLET_RE = re.compile("[\u2022\u25aa\u25fc\u25a0\u25cf\u25e6\u2023\u2043\u2219\uf000-\uf0ff]")
# Both start with the character they replace, so the scan skips to candidate positions: an
# apostrophe between letters; a quotation mark (an apostrophe not between letters).
_APOS_RE = re.compile("[\u2019\u02bc'](?<=[^\\W\\d_][\u2019\u02bc'])(?=[^\\W\\d_])")
_QUOTE_MARK_RE = re.compile("[\u2018\u2019\u02bc\u0060\u00b4'](?:(?<!')|(?<![^\\W\\d_]')|(?![^\\W\\d_]))")
_DASH_RE = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]")
_QUOTE_RE = re.compile("[\u201c\u201d\"]")


def _normalise(text: str) -> str:
    t = text[:_MAX_CHARS]
    t = _BULLET_RE.sub(" ; ", t)
    t = _APOS_RE.sub("'", t)
    t = _QUOTE_MARK_RE.sub(" ", t)
    t = _QUOTE_RE.sub(" ", t)
    t = _DASH_RE.sub(" ", t)
    t = t.replace("&", " and ").replace("/", " / ")
    t = " ".join(t.split()).lower()  # same whitespace as the regex \s: str.isspace()
    return " " + t + " "


# A purpose clause: what follows says why, not what must improve. "to ensure that" only counts
# when it does not open the text ("Ensure that ..." is the head) and something came before it.
_PURPOSE_RE = re.compile(
    r"\b(?:so that|so as to|in order to|in order that|with a view to|to ensure that|to ensure"
    r"|to make sure that|to enable|which will enable|to help them|to help children"
    r"|to help young people|to improve outcomes|to achieve (?:good|better|positive)"
    r"|thereby)\b"
)
_LEAD_RE = re.compile(
    r"^\s*(?:[;,.:]\s*)*(?:\d+[.)]?\s*)?(?:(?:the )?(?:local authority|council|lscb|board|senior "
    r"leaders|senior managers|leaders|managers|partners|(?:and|its|the) partners)\b[^;]{0,60}?"
    r"\b(?:should|must|to|need to|needs to)\s+)?(?:urgently |further |also |continue to |take action"
    r" to |work with partners to |take urgent action to )*(?:ensure|make sure)\b"
)


_CLAUSE_END_RE = re.compile(r"[.;:] ")

# Phrases that name where something is used, not what must improve ("views inform assessments
# and plans", "information used to inform planning"): blanked before scoring.
_MASK_RE = re.compile(
    r"\binform(?:s|ed|ing)? (?:by )?(?:\w+ ){0,3}?(?:assessments?|plans?|planning|decisions?|decision "
    r"making)(?:,? (?:and|or) (?:\w+ )?(?:plans?|planning|assessments?|decisions?|decision making|"
    r"reviews?))?\b"
)


# A plan named only as where a requirement is written ("visited within the timescales set out
# in their plans"): the topic is the requirement, not the plan.
_MASK_IN_PLAN_RE = re.compile(
    r"\b(?:set out|stipulated|specified|agreed|identified|outlined|recorded|written|stated) in (?:their|the|"
    r"children's|child's|his|her|each child's) (?:\w+ )?plans?\b"
)


def _mask(t: str) -> str:
    blank = lambda m: " " * len(m.group())  # noqa: E731 - keeps offsets
    if " in " in t:
        t = _MASK_IN_PLAN_RE.sub(blank, t)
    if "inform" not in t:  # every phrase of _MASK_RE starts with it
        return t
    return _MASK_RE.sub(blank, t)


def _split_purpose(t: str) -> tuple[str, str]:
    """(head, purpose) of a normalised text: in each sentence or list item, a purpose clause
    runs from its marker to the end of that sentence or item."""
    if _find(_PURPOSE_RE.pattern, t) is None:
        return t, ""  # no purpose marker anywhere: every sentence is head
    heads: list[str] = []
    purposes: list[str] = []
    pos = 0
    n = len(t)
    while pos < n:
        stop = _CLAUSE_END_RE.search(t, pos)
        end = stop.end() if stop else n
        seg = t[pos:end]
        lead = _LEAD_RE.match(seg)
        start = lead.end() if lead else 0
        m = None
        for cand in _PURPOSE_RE.finditer(seg, start):
            if cand.start() - start >= 12:
                m = cand
                break
        if m is None:
            heads.append(seg)
        else:
            tail = stop.start() - pos if stop else len(seg)
            heads.append(seg[:m.start()] + seg[tail:])
            purposes.append(seg[m.start():tail])
        pos = end
    return "".join(heads), " ".join(purposes)


# --------------------------------------------------------------------------------------------
# Rules: theme -> [(pattern, weight)]
# --------------------------------------------------------------------------------------------


_RULES: dict[str, list[tuple[str, float]]] = {
    "early-help": [
        (r"early help", 1.0),
        (r"step(?:ping|ped|s)? (?:down|across|up)\b", 1.0),
        (r"young carers?", 1.0),
        (r"early intervention", 1.0),
        (r"prevent(?:ion|ative|ive) (?:and early|services|support|work|offer|strategy)", 0.8),
        (r"family support (?:services|workers?|offer)", 0.7),
        (r"common assessment framework|\bcafs?\b", 1.0),
        (r"troubled families|supporting families|family hubs?|children's centres", 0.8),
        (r"family group conferenc", 0.6),
        (r"team around the (?:family|child)|\btafs?\b|\btac\b", 1.0),
        (r"targeted (?:help|support|services|family)", 0.5),
    ],
    "front-door": [
        (r"front door", 1.0),
        (r"\bmash\b|multi agency safeguarding hub", 1.0),
        (r"\bcontacts? (?:and|or) referrals?|\bcontacts?\b(?! with)(?! between)", 0.7),
        (r"(?<!previous )(?<!earlier )(?<!past )\breferrals?\b(?! (?:to|for) (?!children's social care|social care|the mash|mash|the front door|"
         r"children's services))|\breferrers?\b|\bre ?referrals|\breferred to (?:children's )?social care", 1.0),
        (r"thresholds?\b(?! (?:for|to) (?:section 47|s47|child protection|significant harm|legal|care"
         r" proceedings|proceedings|court|initiat))", 1.0),
        (r"out of (?:normal )?(?:office )?hours|emergency duty|\bedt\b|after hours", 1.0),
        (r"(?<!exploitation )(?<!risk )screening(?! tools?)", 1.0),
        (r"\bconsent\b", 0.8),
        (r"initial (?:response|decision|contact)|first response|duty (?:and assessment|team|system)", 0.7),
        (r"consultation (?:service|line)|advice (?:line|service)|single point of (?:contact|access)"
         r"|integrated (?:access|response|front)", 0.8),
        (r"new concerns|concerns are (?:first )?(?:reported|raised)|when concerns (?:about|for)", 0.4),
    ],
    "strategy-meetings": [
        (r"strategy (?:meetings?|discussions?)", 1.0),
        (r"section 47|\bs ?47\b", 1.0),
        (r"child protection (?:enquir|investigat)|\bcp enquir|joint investigat", 1.0),
        (r"child protection medicals?|\bmedicals?\b", 1.0),
    ],
    "assessment-quality": [
        (r"parent(?:al|ing|s') capacity|capacity (?:of (?:the )?parents )?to change|family histor(?:y|ies)", 1.0),
        (r"(?<!health )(?<!viability )(?<!help )(?<!self )(?<!person )(?<!carer )(?<!carers )"
         r"(?<!adopter )(?<!adoption )(?<!transition )(?<!apart )(?<!sufficiency )(?<!needs )"
         r"(?<!training )(?<!risk )(?<!connected )(?<!kinship )(?<!reunification )"
         r"(?<!parenting )(?<!age )(?<!housing )(?<!referral and )\bassessments?\b(?! (?:service|team|and "
         r"(?:\w+ )?teams?))(?! of (?:need|prospective|adopt|"
         r"foster|carers|connected|kinship|the (?:performance|quality|impact|effectiveness)|"
         r"(?:children's |their |the child's |a child's )?(?:health|education)|"
         r"local need|training|their (?:health|education)))", 1.0),
        (r"social work assessments?(?! (?:teams?|service))|single assessments?|child and family assessments?|"
         r"pre ?birth|parenting (?:capacity|assessments?)|specialist assessments?", 1.0),
        (r"\bassess(?:ed|es|ing)?\b(?! and supported)", 0.5),
        (r"\banalys(?:is|e|ed|ing)\b|analytical", 0.4),
        (r"family histor(?:y|ies)|histor(?:y|ical) (?:factors|information|concerns)|cumulative (?:risk|harm)", 0.8),
        (r"histor(?:y|ies) of (?:previous |earlier |past )?(?:referrals|concerns|involvement|interventions)", 1.0),
        (r"(?:identif(?:y|ied|ying|ication) of|understand(?:ing)? of|respon(?:se|ses|ding) to) "
         r"(?:risks?\b|and respon\w+ to risk|need and risk|needs and risks)|risks? (?:are |is )?"
         r"(?:not )?(?:identified|understood|analysed|assessed|recognised)|identify risks?|wider and emerging risks", 0.6),
        (r"risk assessments?|risk assessed", 0.5),
    ],
    "plan-quality": [
        (r"(?:care|child in need|child protection|cin|cp|children's|safety|written|individual|"
         r"child's|their|intervention|protection) plans?\b|care planning|"
         r"plans for (?:children|each child|all children)|(?:quality|timeliness|consistency|"
         r"effectiveness|progress(?:ion)?|reviewing|updating|clarity|specificity|impact) of "
         r"(?:\w+ ){0,3}?(?<!pathway )(?<!improvement )(?<!action )(?<!business )(?<!sufficiency )"
         r"(?<!education )(?<!health )(?<!strategic )(?<!transition )(?<!permanence )plans\b", 1.0),
        (r"(?<!pathway )(?<!improvement )(?<!business )(?<!action )(?<!sufficiency )"
         r"(?<!strategic )(?<!permanence )(?<!health )(?<!education )(?<!delivery )(?<!draft )"
         r"(?<!service )(?<!transition )(?<!training )(?<!adoption )(?<!development )"
         r"(?<!commissioning )(?<!recovery )(?<!parallel )(?<!contingency )(?<!management )"
         r"(?<!risk )(?<!placement )(?<!independence )\bplans?\b", 0.7),
        (r"(?<!pathway )(?<!strategic )(?<!permanence )(?<!transition )(?<!parallel )(?<!placement )"
         r"(?<!improvement )(?<!service )(?<!workforce )(?<!financial )(?<!business )"
         r"(?<!action )(?<!business )(?<!sufficiency )(?<!workforce )(?<!service )(?<!multi agency )"
         r"\bplanning\b", 0.6),
        (r"contingenc(?:y|ies)", 0.7),
        (r"specific,? (?:and )?measurable|\bsmart\b|measurable|outcome focused|timescales for", 0.5),
        (r"family time|supervised contact|contact arrangements|contact with (?:their )?(?:birth )?"
         r"(?:parents|families|family|brothers|siblings)", 0.9),
        (r"plans? (?:are|is) (?:progressed|not progressed)|progress(?:ing|ed)? (?:of )?(?:their |children's )?plans", 0.8),
        (r"drift and delay|drift\b", 0.4),
    ],
    "cin-cp-reviews": [
        (r"child protection (?:conferences?|case conferences?|reviews?)|case conferences?|"
         r"\bicpcs?\b|\brcpcs?\b|initial (?:child protection )?conferences?|review conferences?", 1.0),
        (r"(?<!child protection )\bconferences?\b(?! chairs?)(?! and (?:core|review)(?! \w+ chairs))", 0.8),
        (r"core groups?", 1.0),
        (r"child in need (?:reviews?|meetings?)|\bcin (?:reviews?|meetings?)|reviews? (?:for|of) "
         r"children in need|children in need (?:reviews?|meetings?)", 1.0),
        (r"repeat (?:child protection )?plans|second or subsequent|end(?:ing)? (?:of )?(?:child "
         r"protection|cp|child in need) plans|step(?:ping|ped|s)? down (?:\w+ ){0,3}from (?:child in need|"
         r"child protection|cin|cp)|"
         r"(?:subject to|on) (?:a )?child protection plans? for", 0.8),
        (r"reports? (?:to|for|prior to|in advance of) (?:child protection )?conference", 1.0),
    ],
    "visits-and-direct-work": [
        (r"(?<!health )(?<!home )(?<!monitoring )(?<!focused )(?<!this )(?<!inspection )(?<!during the )"
         r"(?<!joint targeted area )(?<!ofsted )\bvisit(?:s|ed|ing)?\b(?!ors?)", 0.8),
        (r"statutory visits?", 1.0),
        (r"seen (?:and spoken to )?alone|spoken to alone|seen (?:regularly|promptly|frequently|"
         r"in line|often)|are seen\b|children are seen|seeing children", 1.0),
        (r"direct work", 1.0),
        (r"(?:trusting|meaningful|positive|consistent|enduring|strong) relationships?|build(?:ing)? "
         r"relationships?|relationships? with (?:their )?(?:social )?workers?|time with (?:children|"
         r"them)|spend (?:enough |more )?time", 1.0),
    ],
    "neglect-and-domestic-abuse": [
        (r"neglect", 1.0),
        (r"domestic (?:abuse|violence)", 1.0),
        (r"parental (?:mental|substance|drug|alcohol)|substance misuse|adult mental health|"
         r"mental health of parents|drug and alcohol|toxic trio", 1.0),
        (r"female genital|\bfgm\b|forced marriage|honou?r based", 1.0),
        (r"\bmarac\b|\bmappa\b|\bdash\b|graded care profile", 1.0),
        (r"parental (?:risk|conflict)|physical abuse|sexual abuse(?! and exploitation)", 0.6),
    ],
    "exploitation-and-missing": [
        (r"(?<!are )(?<!is )(?<!often )(?<!be )missing(?! (?:or late|information|data|details|from (?:the )?"
         r"(?:case )?(?:files?|records?)))", 1.0),
        (r"return (?:home )?(?:interviews?|conversations?)|\brhis?\b", 1.0),
        (r"exploit", 1.0),
        (r"\bcse\b|\bcce\b|\bmase\b|\bmace\b", 1.0),
        (r"\bgangs?\b|county lines|traffick|modern slavery", 1.0),
        (r"radicali[sz]|extremis|\bprevent duty|\bchannel\b", 1.0),
        (r"youth (?:violence|offending|justice)|serious (?:youth )?violence|offend(?:ing|ers?)|"
         r"criminal justice|knife crime|anti social", 1.0),
        (r"custody|custodial", 1.0),
        (r"contextual safeguarding|harm outside|extra ?familial|risks? outside", 1.0),
        (r"online (?:harm|safety|abuse)|e ?safety|internet safety", 1.0),
    ],
    "pre-proceedings": [
        (r"pre ?proceedings|public law outline|\bplo\b", 1.0),
        (r"legal (?:gateway|planning|meetings?|advice|panel|processes|threshold|action|orders?)", 1.0),
        (r"letters? before (?:proceedings|action)", 1.0),
        (r"(?:care|court|law|legal) proceedings|\bproceedings\b", 1.0),
        (r"\bcourts?\b|\bcafcass\b|judiciary|family justice|26 weeks|care applications?", 1.0),
        (r"\bsupervision orders?", 0.6),
    ],
    "disabled-children": [
        (r"disab(?:led|ility|ilities)", 1.0),
        (r"short breaks", 1.0),
        (r"complex (?:health )?needs|additional needs", 0.6),
        (r"transition(?:s)? (?:assessments? |planning |arrangements )?(?:in)?to adult(?:s'?)? "
         r"(?:services|social care)|adult (?:social care|services)", 0.8),
        (r"\bsend\b|special educational needs", 0.6),
        (r"\behcps?\b|education,? health and care plans?", 0.4),
        (r"communication needs", 0.8),
    ],
    "private-fostering": [
        (r"private(?:ly)? fost", 1.0),
    ],
    "homeless-16-17": [
        (r"homeless", 1.0),
        (r"16 (?:and|or|to) 17 year|aged 16 (?:and|or) 17|16 and 17 years? olds?|1[67] year olds?", 0.5),
        (r"southwark|joint (?:housing )?protocol", 0.6),
        (r"joint housing protocol|housing (?:and|with) children's services (?:protocol|assessments?)", 1.0),
        (r"(?:right|rights|entitlement) to (?:become|be) looked after", 1.0),
    ],
    "allegations-against-professionals": [
        (r"\blado\b|designated officer", 1.0),
        (r"allegations?", 0.8),
        (r"(?:against|about|by) (?:professionals|staff|adults who work|people who work)", 0.6),
    ],
    "edge-of-care": [
        (r"edge of care", 1.0),
        (r"(?:come|comes|coming|came|enter|enters|entering|entry|admission|admissions) (?:in)?to care|"
         r"decisions? (?:for children )?to (?:come|be taken|bring children) into care|"
         r"accommodat(?:e|ed|ion) decisions", 1.0),
        (r"section 20|\bs ?20\b|voluntar(?:y|ily) (?:arrangements?|accommodat)|accommodated under", 1.0),
        (r"return(?:ing|ed)? (?:home|to (?:their )?(?:families|family|parents))(?! (?:interviews?|"
         r"conversations?))|reunifi|reunit|placed (?:at home )?with (?:their )?parents|placements? "
         r"with parents|revocation|discharg(?:e|ing) (?:of )?(?:care|the) orders?", 1.0),
        (r"family breakdown|prevent(?:ing)? (?:children )?(?:from )?(?:coming|entering)|keep(?:ing)? "
         r"(?:children|families) (?:together|safely at home|at home)|emergency (?:removals?|placements?)", 0.8),
    ],
    "placement-sufficiency": [
        (r"sufficiency", 1.0),
        (r"placement (?:choice|options|availability|provision|range|capacity)|choice of "
         r"(?:placements?|homes)|range of (?:placements?|homes|provision)|availability of "
         r"(?:placements|homes)|choice and range", 1.0),
        (r"(?:recruit(?:ment|ing|ed)? (?:of )?(?:more |new |additional |\d+ )?(?:\w+ )?|enough |sufficient (?:numbers? of )?|"
         r"number of |more )(?:in house |local )?(?:foster(?:ing)? )?(?:carers|foster carers|placements|"
         r"homes|residential)|foster carer recruitment|fostering (?:capacity|households)", 1.0),
        (r"out of (?:area|borough|county|authority)|at a distance|far from home|distant placements?|"
         r"local placements?|placed locally|closer to home|live out of|outside (?:the )?(?:local "
         r"authority|borough|county)", 0.7),
        (r"unregistered|unregulated|semi independent", 1.0),
        (r"(?:sufficient|sufficiency of|range of|breadth of|choice of|enough|number of) (?:\w+ ){0,3}"
         r"(?:placements|homes for children|foster homes)", 1.0),
        (r"commission(?:ing|ed)", 0.5),
        (r"(?:brothers and sisters|siblings) (?:are )?(?:placed|live|living) (?:together|apart)|(?:live|living|"
         r"placed|stay|remain) (?:together )?with (?:their )?(?:brothers and sisters|siblings)", 1.0),
        (r"residential (?:capacity|provision|homes?|placements?)|children's homes?(?! placements)", 0.6),
        (r"placements? (?:to|that) meet (?:the |their )?needs|right placement|suitable placements?|"
         r"placements? (?:are|is) (?:available|found)|homes? for children", 0.6),
    ],
    "placement-stability": [
        (r"placement stability|stability of (?:their )?(?:placements?|homes)|stable (?:placements?|homes)|"
         r"placement moves|moves? (?:between|of) (?:placements?|homes)|too many moves|frequent moves|"
         r"many moves|multiple moves|"
         r"(?:placement|placements|foster|fostering|home) (?:\w+ )?(?:disruptions?|breakdowns?)|"
         r"disruption (?:meetings?|of placements)|disrupt(?:ed|ions?) (?:to )?placements?", 1.0),
        (r"(?<!formally )\bmatch(?:ing|ed)?\b(?! (?:with|for) (?:adopt|long term))", 0.7),
        (r"placement matching|(?:proactive|effective|careful|poor) matching|matching (?:of )?(?:children|"
         r"placements)", 1.0),
        (r"delegated authority", 1.0),
        (r"(?:support|training|review|reviews|supervision|development|induction) (?:for|of|to|"
         r"offered to|given to) (?:all )?(?:foster|residential|their) carers|foster carers'? "
         r"(?:support|training|reviews?|annual|learning|needs)|foster carer (?:agreements?|reviews?|"
         r"support|training)|supervising social workers?|foster carers annually|support needs", 1.0),
        (r"information (?:shared |provided )?(?:with|to|about) (?:foster |residential )?carers|"
         r"carers (?:have|receive) (?:sufficient |full )?(?:detailed )?information", 0.8),
        (r"(?<!workforce )\bstability\b(?! of (?:the )?(?:workforce|staff))", 0.6),
        (r"foster carers?", 0.3),
        (r"foster carers (?:are|feel|say|report|receive|have|told|describe|spoke|value)\b|"
         r"supervis(?:ing|ory) social workers?", 1.0),
    ],
    "kinship-and-connected-carers": [
        (r"kinship", 1.0),
        (r"connected (?:persons?|carers?|people)", 1.0),
        (r"family and friends|friends and family|relatives? (?:as )?carers", 1.0),
        (r"viability", 1.0),
        (r"regulation 24|\breg 24\b|temporary (?:approv|placements? with)", 1.0),
        (r"special guardian|\bsgos?\b", 1.0),
        (r"family networks?|wider family|extended family|relatives", 0.5),
    ],
    "permanence-planning": [
        (r"(?<!child )permanen(?:ce|cy)\b(?! (?:reports?|records?))|permanent (?:homes?|families|placements?)", 1.0),
        (r"parallel (?:planning|plans?)|twin track|concurrent planning", 1.0),
        (r"second (?:statutory )?review", 0.8),
        (r"long term (?:foster(?:ing)?|placements?|matches|matching|carers)", 1.0),
        (r"drift", 0.3),
        (r"drift (?:for|in|of) (?:children )?(?:who are )?(?:in care|looked after)|drift in (?:achieving )?"
         r"permanence", 1.0),
    ],
    "adoption": [
        (r"\badopt", 1.0),
        (r"family finding", 0.7),
        (r"child permanence (?:reports?|records?)|\bcprs?\b", 1.0),
        (r"fostering for adoption|early permanence|foster to adopt|concurrent carers", 1.0),
        (r"placement orders?", 0.8),
        (r"regional adoption|\braa\b", 1.0),
    ],
    "iro-challenge": [
        (r"independent reviewing|\biros?\b|\biro's\b|\biros'", 1.0),
        (r"(?:child protection |conference |cp )chairs?|chairs? of (?:child protection )?conferences|"
         r"child protection (?:advisers|coordinators)|conference and (?:core|review)\w* chairs", 1.0),
        (r"(?:looked after|lac|cla|children in care|statutory|care) reviews?|reviews? (?:for|of) "
         r"(?:children )?(?:who are )?(?:looked after|in care)|looked after (?:children )?review"
         r"|(?<!need )review (?:meetings|records|minutes)|reviewing officers?", 1.0),
        (r"dispute resolution|\bescalat", 0.4),
        (r"independent (?:challenge|scrutiny|oversight)", 0.8),
    ],
    "health-needs": [
        (r"health (?:assessments?|checks?|reviews?)", 1.0),
        (r"dental|dentists?", 1.0),
        (r"\bsdqs?\b|strengths and difficulties", 1.0),
        (r"(?<!adult )(?<!parental )(?<!parents' )emotional (?:and mental )?(?:health|well ?being|support|needs)"
         r"|(?<!adult )(?<!parental )(?<!parents' )mental health(?! of parents)", 1.0),
        (r"\bcamhs\b|child and adolescent mental|therapeutic (?:support|services|help)|therap(?:y|ies)", 1.0),
        (r"health (?:histor(?:y|ies)|passports?|information|summar)", 1.0),
        (r"health needs|\bhealth\b(?! (?:partners|professionals|providers|visitors|and well ?being board|"
         r"agencies|services|colleagues|representatives|staff|trust))", 0.5),
        (r"well ?being", 0.4),
        (r"sexual health|immunis", 1.0),
    ],
    "education-in-care": [
        (r"virtual (?:school|head)", 1.0),
        (r"personal education plans?|\bpeps?\b|pupil premium|designated teachers?", 1.0),
        (r"school attendance|attendance at school|(?<!partners' )(?<!agency )\battendance\b(?! (?:at|of "
         r"(?:partners|agencies|health|police)|by))", 0.7),
        (r"exclusions?|excluded", 0.7),
        (r"key stage \d|\bgcses?\b|a\* ?(?:to|-) ?c\b|english and (?:maths|mathematics)|\bmathematics\b", 1.0),
        (r"attainment|educational (?:outcomes|progress|achievement|needs)|education outcomes|"
         r"progress (?:at|in) school|achievement", 1.0),
        (r"\beducation(?:al)?\b(?!,? (?:employment|and training))|\bschools?\b", 0.5),
    ],
    "pathway-plans": [
        (r"pathway plan", 1.0),
        (r"pathway planning|pathway assessments?", 1.0),
        (r"transitions? to adulthood|preparation for (?:adulthood|independen\w+|adult life)|"
         r"prepar(?:e|ing|ed) (?:young people |them )?for (?:adulthood|independen\w+|adult life|"
         r"leaving care)|independen(?:t|ce) (?:living )?skills|readiness", 1.0),
        (r"transition(?:s)? (?:in)?to (?:the )?(?:care leavers|leaving care)|leaving care decisions?", 0.8),
        (r"\btransitions?\b", 0.4),
        (r"transition (?:planning|plans?)(?! (?:in)?to adult)", 0.8),
        (r"from (?:age )?16|aged 16\b|16 plus", 0.3),
    ],
    "care-leaver-accommodation": [
        (r"staying (?:put|close)", 1.0),
        (r"supported lodgings", 1.0),
    ],
    "care-leaver-eet": [
        (r"(?:not )?in education,? (?:employment|training),? (?:and|or) (?:employment|training)|"
         r"education,? employment,? (?:and|or) training|\beet\b|\bneet\b", 1.0),
        (r"apprenticeships?|work experience|traineeships?|higher education|universit(?:y|ies)|"
         r"employment opportunities|employability|work based learning", 1.0),
    ],
    "care-leaver-support": [
        (r"personal advis[eo]rs?|\bpas?\b", 1.0),
        (r"local offer|entitlements?|care leavers' (?:offer|pledge)|\bpledge\b|their rights", 1.0),
        (r"keep(?:ing)? in touch|in touch with|stay(?:ing)? in contact", 1.0),
        (r"over 21|aged 21|21 and over|21 years|up to (?:the age of )?25|older care leavers|"
         r"care experienced (?:young )?adults", 1.0),
        (r"financial support|setting up home|council tax|\bbursar", 1.0),
        (r"immigration status|young parents|care leavers who are parents|drop in", 0.8),
    ],
    "voice-and-participation": [
        (r"voices? of (?:the )?(?:child|children|young people|care leavers)|child's voice|"
         r"children's voices?|voice of\b|\bvoices?\b", 1.0),
        (r"wishes and feelings|\bwishes\b", 1.0),
        (r"(?:children's|child's|young people's|their|care leavers') views|views (?:and \w+ )?of "
         r"(?:the |all )?(?:children|young people|child|care leavers)", 1.0),
        (r"participat", 1.0),
        (r"advoca(?:cy|tes?)", 1.0),
        (r"independent visitors?", 1.0),
        (r"children in care council|\bciccs?\b|youth (?:council|forum|parliament)|children's "
         r"council|care leavers' forum", 1.0),
        (r"complaints?", 1.0),
        (r"feedback (?:from|of) (?:children|young people|families|care leavers)", 1.0),
        (r"(?:engag(?:e|ement|ing)|involv(?:e|ed|ement|ing)|consult(?:ation|ing)?) (?:of |with )?"
         r"(?:children|young people|care leavers|them)\b", 0.8),
        (r"co ?produc", 0.8),
        (r"\bviews\b", 0.4),
    ],
    "identity-and-life-story": [
        (r"life ?story|later life letters?", 1.0),
        (r"\bidentity\b|identities", 1.0),
        (r"(?<!organisational and )cultur(?:al|ally)(?! change)|ethnic|religio|divers(?:e|ity)|\bfaith\b(?! (?:in|sector|groups|"
         r"organisations|communities))|interpreters?|first language|\brace\b|racism|"
         r"protected characteristics|equality", 1.0),
        (r"unaccompanied|asylum|separated (?:migrant )?children|\buasc\b", 1.0),
        (r"personal histor(?:y|ies)|(?:understand|make sense of) (?:their )?(?:life |personal |own )?"
         r"histor(?:y|ies)|life histor", 1.0),
    ],
    "management-oversight": [
        (r"management oversight|managerial oversight|managers?'? oversight|oversight (?:of|by) "
         r"(?:team |frontline |front line |first line |middle |service )?managers|management "
         r"(?:grip|challenge|direction)|managerial (?:grip|challenge|direction|decision)", 1.0),
        (r"(?:management|managerial) decision making|management decisions?", 1.0),
        (r"managers'? (?:decisions?|rationale|direction|challenge)|"
         r"managers? (?:\w+ ){0,3}(?:review|challenge|"
         r"monitor|oversee|scrutinise|track)", 0.9),
        (r"(?:monitor(?:ing)?|oversight of|overseeing) (?:the )?(?:work|practice|cases|casework|"
         r"frontline practice|case progression)", 0.6),
        (r"(?<!senior )(?<!board )\boversight\b", 0.6),
        (r"(?:team|frontline|front line|first line|middle|service|operational) managers?|"
         r"operational management", 0.6),
        (r"\bgrip\b", 0.8),
        (r"\bmanagers?\b", 0.2),
    ],
    "supervision": [
        (r"supervision(?! orders?)|supervis(?:ed|ing)(?! contact)(?! social worker)", 1.0),
    ],
    "caseloads": [
        (r"caseloads?|case loads?|workloads?", 1.0),
        (r"unallocated|not allocated|allocation of (?:cases|work)|allocat(?:ed|ion)|awaiting allocation|"
         r"waiting lists?", 1.0),
        (r"(?<!parenting )(?<!parental )(?<!parents' )(?<!fostering )(?<!residential )(?<!leadership )(?<!partners' )"
         r"(?<!placement )\bcapacity\b", 0.7),
        (r"(?:sufficient|insufficient|enough|increas(?:e|ed|ing)|improv(?:e|ed|ing)|lack of|limited|"
         r"more|additional|social work|team|service) capacity|capacity (?:of|in|within) (?:the )?"
         r"(?:\w+ ){0,3}(?:team|teams|service)\b|have (?:the )?capacity", 0.5),
        (r"\bmanageable\b", 1.0),
        (r"volume of work|demand for (?:the )?service", 1.0),
    ],
    "workforce-stability": [
        (r"recruit(?:ment|ing)? (?:and|or) retention|\bretain(?:ing)?\b|retention", 1.0),
        (r"(?<!safer )(?<!safe )\brecruit(?:ment|ing|ed)?\b(?! (?:of |more )?(?:adopt|foster|"
         r"carers|placements|and assessment of adopt))", 0.8),
        (r"agency (?:staff|workers|social workers|managers)|\blocums?\b|interim (?:staff|managers)", 1.0),
        (r"morale|feel valued|enjoy working|(?:positive|happy|proud) (?:about|to be) working|like working|turnover|stable workforce|stability of (?:the )?(?:workforce|staff)|workforce stability|"
         r"settled (?:and stable )?workforce|permanent (?:staff|workforce|social workers)", 1.0),
        (r"changes? (?:of|in) (?:their )?(?:social )?workers?|consistent social workers?|same social "
         r"worker|continuity", 1.0),
        (r"workforce strategy|vacanc(?:y|ies)", 1.0),
        (r"enough (?:suitably )?(?:qualified )?(?:and skilled )?(?:social workers|staff)", 1.0),
    ],
    "workforce-development": [
        (r"(?<!employment and )(?<!employment or )(?<!education and )(?<!employment, and )"
         r"(?<!education, )(?<!education or )(?<!education, employment or )"
         r"(?<!and )\b(?:training|trained)\b(?! (?:for|of) (?:foster|carers|adopt))(?! (?:and|or) employment)", 1.0),
        (r"(?:professional|staff|workers'?|practitioners'?|managers'?) skills|skills (?:and \w+ )?of "
         r"(?:\w+ ){0,2}(?:staff|social workers|managers|practitioners|workers|workforce)|skills and "
         r"(?:knowledge|competence|experience|expertise)|knowledge and skills", 1.0),
        (r"professional development|continuing professional|\bcpd\b|learning and development|"
         r"development (?:opportunities|offer|programme)", 1.0),
        (r"\bskills?\b|knowledge|competen(?:ce|cies)|expertise", 0.6),
        (r"newly qualified|\bnqsws?\b|assessed and supported year|\basye\b", 1.0),
        (r"practice (?:model|framework|standards)", 1.0),
        (r"practice approach|signs of safety|restorative practice|"
         r"systemic practice|policies and procedures|practice guidance", 0.7),
        (r"induction|academy|career progression", 0.6),
        (r"learning culture|culture of (?:learning|reflection)", 1.0),
    ],
    "quality-assurance": [
        (r"quality assurance|\bqa\b|quality assur", 1.0),
        (r"audit", 1.0),
        (r"self ?(?:evaluation|assessment|knowledge)|knows? itself", 1.0),
        (r"evaluat(?:e|ion|ing|ed)", 0.5),
        (r"learning (?:from|is)|lessons (?:learnt|learned)|learn lessons", 0.7),
        (r"learning culture|culture of learning", 1.0),
        (r"learning from (?:complaints|audits?|reviews|serious case|case reviews|practice reviews)", 1.0),
        (r"understanding of (?:the )?(?:quality|effectiveness|impact)|quality (?:of practice|and "
         r"impact of (?:practice|services))|monitor(?:ing)? (?:the )?(?:quality|impact|effectiveness)", 0.6),
        (r"(?:impact|effectiveness) of (?:practice|services|interventions)", 0.4),
    ],
    "performance-data": [
        (r"performance (?:data|information|management|reporting|reports?|framework|monitoring|"
         r"indicators?|measures?|clinics?)", 1.0),
        (r"\bdata\b|datasets?|management information|dashboards?|scorecard|statistic|metrics|"
         r"management reports?", 1.0),
        (r"\bperformance\b", 0.6),
        (r"\bfigures\b|benchmark", 0.6),
    ],
    "recording-and-systems": [
        (r"case records?|case recording|recording system|recording\b|electronic (?:recording|case|"
         r"records?|system)|case management system|case files?(?! audit)|case notes|chronolog|\bics\b|"
         r"\bliquid ?logic|\bmosaic\b|\beclipse\b|information systems?|it (?:system|solution)s?|"
         r"records? (?:are|is) (?:kept|up to date|accurate)|children's (?:case )?records?|"
         r"\brecords\b", 1.0),
        (r"\brecord\b", 0.6),
        (r"\brecorded\b", 0.3),
    ],
    "strategic-leadership": [
        (r"corporate parent", 1.0),
        (r"(?:senior )?leadership team|\bleaders (?:have|has|are|were|know|understand|demonstrate|"
         r"continue|recognise|responded)|(?:this|the|their|strong|effective|exceptional|senior) leadership "
         r"(?:is|has|was)|\binvest(?:ment|ed|ing)?\b|financial(?:ly)? (?:pressures|circumstances|"
         r"challenges)|(?<!premium )funding|budget|\bcabinet\b|savings|changes of director", 1.0),
        (r"elected members|councillors|lead member|(?:council|cabinet|board) members|members'? "
         r"(?:scrutiny|oversight|challenge)|political|scrutiny (?:committee|panel|"
         r"board)|overview and scrutiny", 1.0),
        (r"governance|accountab", 1.0),
        (r"(?:senior )?leadership|senior (?:leaders|managers|management)", 0.5),
        (r"leadership (?:capacity|stability|arrangements|structure)|senior leadership", 1.0),
        (r"(?<!health )(?<!education )(?:service|business) plans?\b|service (?:development )?priorities", 1.0),
        (r"pace of (?:improvement|change)|improvement (?:plan|board|journey|activity)|"
         r"strategic (?:plan|planning|relationships|priorities|direction)|service design|"
         r"commissioning strategy|corporate (?:level|support|council)", 0.9),
        (r"health and well ?being board|children's trust|children and young people's partnership"
         r"|chief executive|director of children's services|\bdcs\b", 0.9),
        (r"\bcouncil\b|local authority as a whole|whole council|\bcorporate\b", 0.5),
        (r"\bstrateg(?:y|ic)\b", 0.4),
        (r"resourc(?:es|ing|ed)|budget|invest", 0.4),
        (r"scrutin", 0.4),
    ],
    "multi-agency-working": [
        (r"(?<!integrated )multi agency(?! safeguarding hub)(?! safeguarding arrangements)"
         r"(?! (?:child )?sexual exploitation)(?! risk)|inter agency|"
         r"multi disciplinary|partnership working", 0.8),
        (r"joint(?:ly)? (?:work|working|protocols?|approach|planning|visits)|working relationships with"
         r"(?! (?:their |the )?(?:supervis\w+ )?(?:social )?workers?)", 1.0),
        (r"\bpartners?\b(?! in (?:the )?(?:board|lscb))|\bpartners'|partner agencies", 1.0),
        (r"information sharing|shar(?:e|ed|ing) (?:of )?information", 0.8),
        (r"\bpolice\b|health (?:partners|professionals|providers|services|colleagues|visitors|"
         r"agencies)|\bschools\b|housing (?:providers|services|partners|department)|probation|"
         r"\bgps?\b|midwi|district councils|voluntary sector|\bagenc(?:y|ies)\b", 0.5),
        (r"escalation (?:policy|procedures?|protocols?)|(?:within|between) (?:partner )?agencies|"
         r"across agencies|all agencies|other agencies|relevant agencies|partner agencies", 0.8),
        (r"(?:police|health|schools?|agenc(?:y|ies)|partners?|probation|housing)'?s? (?:involvement|contribution|"
         r"engagement|attendance|participation)|(?:involvement|contribution|engagement|attendance|"
         r"participation) (?:of|by|from) (?:the )?(?:police|health|schools|partner|agencies|probation|"
         r"housing)", 1.0),
        (r"(?:police|schools?|agencies|partners|probation|gps?) (?:do not |does not |are not |have not )?"
         r"(?:\w+ )?(?:engage|attend|contribute|participate)\b", 1.0),
        (r"work(?:ing)? with partners|partners (?:are|to be|is) (?:fully )?engaged|engagement of partners|"
         r"holding partners|hold partners", 0.9),
    ],
    "safeguarding-partnership": [
        (r"\blscbs?\b|\blscb's\b|safeguarding children(?:'s)? (?:board|partnership)|safeguarding "
         r"partner(?:ship|s)\b|\b[a-z]{1,3}scb\b|\b[a-z]{1,3}scp\b|\blscp\b", 1.0),
        (r"(?<!corporate parenting )(?<!well being )(?<!wellbeing )(?<!improvement )(?<!justice )"
         r"(?<!partnership )(?<!strategic )(?<!council )(?<!adoption )(?<!trust )\bboard\b|"
         r"\bboard's\b", 0.6),
        (r"serious case reviews?|\bscrs?\b|safeguarding practice reviews?|child safeguarding practice|"
         r"learning reviews?|rapid reviews?|serious incident", 1.0),
        (r"child death|\bcdop\b|section 11", 1.0),
        (r"board scrutiny|board's (?:scrutiny|challenge|oversight)|scrutiny by the board|multi agency "
         r"data ?sets?", 1.0),
        (r"sub ?groups?|sub committees?|business (?:plan|unit|manager)|annual report|independent "
         r"(?:chair|scrutineer)|safeguarding arrangements", 0.8),
        (r"multi agency safeguarding arrangements|safeguarding partners", 1.0),
    ],
}

# Specificity order (most specific first) used to break ties and to fill the limit.
_SPECIFICITY = [
    "private-fostering", "allegations-against-professionals", "homeless-16-17",
    "care-leaver-accommodation", "care-leaver-eet", "pathway-plans", "kinship-and-connected-carers",
    "adoption", "disabled-children", "strategy-meetings", "pre-proceedings", "edge-of-care",
    "exploitation-and-missing", "neglect-and-domestic-abuse", "education-in-care", "health-needs",
    "identity-and-life-story", "permanence-planning", "placement-stability", "placement-sufficiency",
    "iro-challenge", "cin-cp-reviews", "front-door", "early-help", "visits-and-direct-work",
    "voice-and-participation", "supervision", "caseloads", "workforce-stability",
    "workforce-development", "care-leaver-support", "assessment-quality", "plan-quality",
    "safeguarding-partnership", "management-oversight", "recording-and-systems", "quality-assurance",
    "performance-data", "strategic-leadership", "multi-agency-working",
]
_RANK = {t: i for i, t in enumerate(_SPECIFICITY)}

_THRESHOLD = 1.0

# Themes that, alone in the head of a point, say who acts rather than what must improve
# ("work with health partners to ensure the timely assessment of health needs").
_WEAK_HEADS = frozenset({"multi-agency-working", "strategic-leadership"})


def _first_keys(pattern: str, k: int = 3) -> frozenset[str] | None:
    """Literal prefixes (length 1..k) that every match of ``pattern`` starts with, or None when
    they cannot be worked out (the pattern is then tried at every word start)."""
    try:  # the parser is a private module; any surprise just disables the shortcut
        from re import _constants as C, _parser as P
    except ImportError:  # pragma: no cover
        return None
    try:
        tree = P.parse(pattern)
    except Exception:  # pragma: no cover
        return None

    def expand(states, items):
        # states: set of (prefix, final)
        for op, av in items:
            if all(f or len(s) >= k for s, f in states):
                break
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue
            if op is C.LITERAL:
                states = {(s, f) if f or len(s) >= k else (s + chr(av), False) for s, f in states}
            elif op is C.IN:
                chars = [chr(a) for o, a in av if o is C.LITERAL]
                if len(chars) == len(av) and len(chars) <= 12:
                    new = set()
                    for s, f in states:
                        if f or len(s) >= k:
                            new.add((s, f))
                        else:
                            new.update((s + c, False) for c in chars)
                    states = new
                else:
                    states = {(s, True) for s, f in states}
            elif op is C.SUBPATTERN:
                states = expand(states, av[-1])
            elif op is C.BRANCH:
                new = set()
                for alt in av[1]:
                    new |= expand(set(states), alt)
                states = new
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                lo, hi, sub = av
                once = expand(set(states), sub)
                if hi != 1:
                    once = {(s, True) for s, f in once}
                states = (states | once) if lo == 0 else once
            else:
                states = {(s, True) for s, f in states}
            if len(states) > 400:
                return None
        return states

    states = expand({("", False)}, tree.data)
    if not states:
        return None
    keys = frozenset(s for s, _ in states)
    if "" in keys or any(not s[0].isalnum() for s in keys):
        return None
    return keys


def _compile_rules():
    """Per pattern: (theme, index, compiled regex, weight); a dispatch table from the first one
    to three characters of a word to the patterns that can start there (in rule order); per
    pattern the longer literal prefixes (up to :data:`_KEY_LEN` characters) one of which every
    match starts with; and, for the patterns without literal prefixes, a search for their first
    match at a word start."""
    patterns = []
    dispatch: dict[str, list[int]] = {}
    always: list[tuple[int, re.Pattern, tuple[str, ...] | None]] = []
    long_keys: dict[int, tuple[str, ...]] = {}
    for theme, pats in _RULES.items():
        for i, (p, w) in enumerate(pats):
            n = len(patterns)
            patterns.append((theme, i, re.compile(p), w))
            keys = _first_keys(p)
            if keys is None:
                always.append((n, re.compile(r"(?<![^\W_])(?=[^\W_])(?:" + p + ")"), _required_literals(p)))
                continue
            for key in keys:
                dispatch.setdefault(key, []).append(n)
            for k in range(_KEY_LEN, 3, -1):
                longer = _first_keys(p, k)
                if longer is not None:
                    long_keys[n] = tuple(sorted(longer))
                    break
            else:
                long_keys[n] = tuple(sorted(keys))
    return (tuple(patterns), {k: tuple(v) for k, v in dispatch.items()}, tuple(always), long_keys)


# Patterns are dispatched on the first _KEY_LEN characters of a word: a pattern is only tried
# where the word starts with one of its literal prefixes (same matches, far fewer attempts).
_KEY_LEN = 8
_PATTERNS, _DISPATCH, _ALWAYS, _LONG_KEYS = _compile_rules()
_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")
# Word starts where one of the literal prefixes begins (a trie-shaped alternation scanned in C):
# the only places where _candidates() can give a pattern to try.
_KEYED_START = re.compile(r"(?<![^\W_])(?=" + trie_pattern(sorted({k for ks in _LONG_KEYS.values()
                                                                     for k in ks})) + ")")
_CANDIDATES: dict[str, tuple[int, ...]] = {}


def _candidates(key: str) -> tuple[int, ...]:
    """Patterns that can match at a word whose first characters are ``key``, in the order of the
    dispatch on one to three characters (longest first)."""
    out: list[int] = []
    for k in (key[:3], key[:2], key[:1]):
        for n in _DISPATCH.get(k, ()):
            if n not in out and key.startswith(_LONG_KEYS[n]):
                out.append(n)
    if len(_CANDIDATES) > 200_000:  # bounded memo; words repeat across texts
        _CANDIDATES.clear()
    res = _CANDIDATES[key] = tuple(out)
    return res


# Context cues used by the neighbour rules.
_CTX = {
    "cl": re.compile(r"care leavers?|leaving care|left care|care experienced|former relevant|young "
                     r"adults|after care|personal advis|next steps service|\bpas\b|aged 1[89]|over 18"),
    "homeless": re.compile(r"homeless"),
    "housing": re.compile(r"accommodation|(?<!with )(?<!and )housing(?! (?:providers?|services|department|colleagues|"
                          r"partners|protocol|authorit|officers))|tenanc|hostels?|bed and breakfast|\bb and b\b|"
                          r"somewhere to live|where they live|suitable homes?|\bhomes? for care|"
                          r"living arrangements|supported lodgings|staying put|place to live"),
    "under18_in_care": re.compile(r"(?:children|young people|16 and 17 year olds?|under 18s?) "
                                  r"(?:who are )?(?:looked after|in care)|looked after children|"
                                  r"children looked after|children in care"),
    # Care leavers' education and work (school-age words alone are not enough).
    "eet": re.compile(r"employment|apprentice|universit|\bneet\b|\beet\b|\bjobs?\b|work experience|"
                      r"training opportunit|higher education|further education|education,? (?:and )?training"),
}


def _ctx(name: str, t: str) -> re.Match | None:
    return _find(_CTX[name].pattern, t)


def _score(t: str) -> dict[str, list]:
    """theme -> [score, first position, n_patterns] for a normalised text.

    Every pattern is tried only at word starts whose first characters it can begin with, and
    counts once however often it matches.
    """
    hits: dict[int, int] = {}
    get = _CANDIDATES.get
    pats = _PATTERNS
    # Patterns without a literal prefix: their first match at a word start, found in one search
    # and recorded in text order after the patterns that match at the same word.
    pending: list[tuple[int, int]] = []
    for n, rx, req in _ALWAYS:
        if req is not None and not any(map(t.__contains__, req)):
            continue
        m = rx.search(t)
        if m:
            pending.append((m.start(), n))
    pending.sort()
    for ws in _KEYED_START.finditer(t):
        p = ws.start()
        while pending and pending[0][0] < p:
            q, n = pending.pop(0)
            hits.setdefault(n, q)
        key = t[p:p + _KEY_LEN]
        cand = get(key)
        if cand is None:
            cand = _candidates(key)
        for n in cand:
            if n not in hits and pats[n][2].match(t, p):
                hits[n] = p
    for q, n in pending:
        hits.setdefault(n, q)
    out: dict[str, list] = {}
    for n, pos in hits.items():
        theme, _, _, w = pats[n]
        v = out.get(theme)
        if v is None:
            out[theme] = [w, pos, 1]
        else:
            v[0] += w
            v[1] = min(v[1], pos)
            v[2] += 1
    return out


def _has(scores: dict, theme: str, at: float = _THRESHOLD) -> bool:
    return theme in scores and scores[theme][0] >= at


def _set(scores: dict, theme: str, score: float, pos: int) -> None:
    if theme in scores:
        scores[theme][0] = max(scores[theme][0], score)
        scores[theme][1] = min(scores[theme][1], pos)
    else:
        scores[theme] = [score, pos, 1]


def _drop(scores: dict, *themes: str) -> None:
    for th in themes:
        scores.pop(th, None)


def _pos(rx: re.Pattern, t: str) -> int:
    m = rx.search(t)
    return m.start() if m else len(t)


def _apply_context(t: str, scores: dict, section: str) -> None:
    """Neighbour rules of the method's table that need more than one cue."""
    cl_m = _ctx("cl", t)
    cl = cl_m is not None
    cl_pos = cl_m.start() if cl_m else len(t)
    homeless_m = _ctx("homeless", t)
    homeless = homeless_m is not None
    housing = _ctx("housing", t)
    in_care = _ctx("under18_in_care", t) is not None

    # Where a young person lives is decided by status (homeless / in care / care leaver).
    if housing:
        hp = housing.start()
        if cl:
            _set(scores, "care-leaver-accommodation", 1.0, hp)
        if homeless:
            _set(scores, "homeless-16-17", 1.0, homeless_m.start())
        if not cl and not homeless:
            if in_care or _find(r"unregulated|unregistered|semi independent", t):
                _set(scores, "placement-sufficiency", 1.0, hp)
            elif _find(r"16 (?:and|or) 17|young people|bed and breakfast", t):
                _set(scores, "care-leaver-accommodation", 1.0, hp)
                _set(scores, "homeless-16-17", 1.0, hp)
            elif not _find(r"\bchild(?:ren)?\b|famil|parent", t):
                _set(scores, "care-leaver-accommodation", 1.0, hp)
    if homeless:
        # Section 20 for homeless young people is the homeless theme, not entry to care.
        if "edge-of-care" in scores and not _find(r"edge of care|come into care|return", t):
            _drop(scores, "edge-of-care")
        if "placement-sufficiency" in scores and not in_care:
            _drop(scores, "placement-sufficiency")

    # Care leavers: education/employment -> care-leaver-eet; health -> health-needs; the
    # service named on its own -> care-leaver-support.
    if cl:
        eet = _ctx("eet", t)
        if eet:
            _set(scores, "care-leaver-eet", 1.0, eet.start())
        if "education-in-care" in scores and not (in_care or _find(r"children|school|virtual|pep", t)):
            _drop(scores, "education-in-care")
        if "plan-quality" in scores and not _find(
                r"(?:care|child in need|child protection|children's|safety) plans?|plans for children|"
                r"children in need|children in care|looked after", t):
            # "plans for care leavers" are pathway plans.
            p = scores.pop("plan-quality")
            _set(scores, "pathway-plans", max(p[0], 1.0), p[1])
    else:
        # Without care leavers in view: NEET/EET figures and university still point to care
        # leavers; for children in care the school-age theme takes it.
        if "care-leaver-eet" in scores and (in_care or _find(r"\bchild(?:ren)?\b|school", t)) \
                and not _find(r"\bneet\b|\beet\b|not in education", t):
            _drop(scores, "care-leaver-eet")
        if "care-leaver-support" in scores and not _find(
                r"personal advis|local offer|entitlement|over 21|aged 21|21 and over|financial support|"
                r"setting up home|\bpas?\b|pledge", t):
            _drop(scores, "care-leaver-support")
    if cl and in_care and _has(scores, "education-in-care") and "care-leaver-eet" not in scores:
        _set(scores, "care-leaver-eet", 1.0, cl_pos)
    # Placements "for children in care and care leavers": both statuses, both themes.
    if cl and _has(scores, "placement-sufficiency") and _find(r"placements|homes", t) \
            and "care-leaver-accommodation" not in scores:
        _set(scores, "care-leaver-accommodation", 1.0, cl_pos)
    if "care-leaver-eet" in scores and _find(r"education,? employment,? (?:and|or) training", t) \
            and in_care and _find(r"children (?:looked after|in care)|looked after children", t):
        _set(scores, "education-in-care", 1.0, _pos(re.compile(r"education"), t))

    if cl:
        if _find(r"custod|offend|prison|young parents|care leavers who are parents|pregnan", t):
            _set(scores, "care-leaver-support", 1.0, cl_pos)
        if _find(r"\bsupport (?:for|to|and|offered|provided|available)|(?:practical|financial) support|"
                     r"level of support", t) and not _find(
                         r"support (?:with|into|in|for) (?:their )?(?:education|employment|training|"
                         r"accommodation|housing|health)", t):
            _set(scores, "care-leaver-support", 1.0, cl_pos)
    if homeless and not cl:
        _drop(scores, "care-leaver-support")
    # Generic "care leavers" with no care-leaver topic of its own -> care-leaver-support.
    if cl and not any(_has(scores, th) for th in ("care-leaver-accommodation", "care-leaver-eet",
                                                  "pathway-plans", "care-leaver-support",
                                                  "health-needs")):
        _set(scores, "care-leaver-support", 0.9, cl_pos)

    # Private fostering, allegations: the narrow theme carries the point; an "assess"/"visit"
    # of privately fostered children is part of it.
    for narrow in ("private-fostering", "homeless-16-17", "allegations-against-professionals",
                   "exploitation-and-missing"):
        if _has(scores, narrow):
            for weakish in ("assessment-quality", "visits-and-direct-work"):
                if weakish in scores and scores[weakish][0] < 1.5 and not _find(
                        r"(?<!risk )assessments? (?:of|are|is)|quality of (?:the )?assessments?|"
                        r"assessment of risks?|up to date assessment|social work assessment", t):
                    _drop(scores, weakish)

    # A plan named only as a status ("stepped down from child protection plans", "subject to a
    # child protection plan for too long") is about the review decision, not the plan's quality.
    if "plan-quality" in scores and _find(
            r"(?:from|off|subject to|ending|end of|repeat|second or subsequent|on) (?:a |the )?(?:\w+ ){0,2}"
            r"(?:child protection|child in need|cp|cin) (?:and (?:child protection|child in need) )?plans?", t) \
            and not _find(r"quality of (?:\w+ ){0,3}plans|plans? (?:are|is|to be|that) |contingenc|"
                              r"measurable|outcome focused|care plans?|planning", t):
        _drop(scores, "plan-quality")
    # Transition to adult services for disabled children is the disabled children theme.
    if _has(scores, "disabled-children") and "pathway-plans" in scores and not cl \
            and not _find(r"pathway plan|preparation for (?:adulthood|independen)", t):
        _drop(scores, "pathway-plans")
    # Child protection chairs and IROs are independent challenge, not conferences.
    if _has(scores, "iro-challenge") and "cin-cp-reviews" in scores:
        if not _find(r"core groups?|child in need|conferences? (?:are|is|held|timel)|"
                         r"(?:initial|review) child protection conferences?|icpc|"
                         r"child protection conferences?(?! chairs?)", t):
            _drop(scores, "cin-cp-reviews")
    # IRO "capacity" is IRO caseload: caseloads stays alongside iro-challenge.

    # Family finding for adoption and fostering for adoption are adoption; route-neutral
    # permanence stays permanence-planning; placement matching in adoption is adoption.
    if _has(scores, "adoption"):
        if "placement-stability" in scores and scores["placement-stability"][0] < 1.0:
            _drop(scores, "placement-stability")
        if "permanence-planning" in scores and not _find(r"permanence (?:plan|planning|for "
                                                             r"children|decisions)|timel\w+ "
                                                             r"permanence|achieving permanence|"
                                                             r"long term|permanence process", t):
            _drop(scores, "permanence-planning")
        if "assessment-quality" in scores and not _find(r"assessments? of (?:children|need|risk)|"
                                                            r"children's needs|child's needs", t):
            _drop(scores, "assessment-quality")
    # Matching for long-term fostering is permanence.
    if _has(scores, "permanence-planning") and "placement-stability" in scores \
            and scores["placement-stability"][0] < 1.0:
        _drop(scores, "placement-stability")
    # Kinship assessments (viability, connected persons) are not social work assessments.
    if _has(scores, "kinship-and-connected-carers") and "assessment-quality" in scores \
            and _find(r"viability|connected|kinship|family and friends|special guardian", t) \
            and not _find(r"assessments? of (?:children|need|risk)", t):
        _drop(scores, "assessment-quality")
    # "when children come into care ..." only dates the point; entry to care is not its topic.
    if "edge-of-care" in scores and scores["edge-of-care"][2] == 1 and _find(
            r"when (?:\w+ ){1,3}(?:come|comes|enter|enters) (?:in)?to care", t):
        _drop(scores, "edge-of-care")
    # Return home interviews belong to missing children, never to reunification.
    if "edge-of-care" in scores and _find(r"return (?:home )?(?:interview|conversation)", t) and \
            not _find(r"edge of care|into care|section 20|reunif|placed with parents|revocation", t):
        _drop(scores, "edge-of-care")

    # Strategy discussions are the first step after harm is suspected; "threshold for section
    # 47" is strategy-meetings; a referral mention inside a strategy point is not the front door
    # unless the front door is named.
    if _has(scores, "strategy-meetings") and "front-door" in scores and scores["front-door"][0] < 1.0 \
            and not _find(r"refer|contact|mash|front door|threshold", t):
        _drop(scores, "front-door")

    # MASH is front door, not multi-agency working on its own.
    if _has(scores, "front-door") and "multi-agency-working" in scores \
            and scores["multi-agency-working"][0] < 1.0:
        _drop(scores, "multi-agency-working")

    # "Caseloads" of IROs / personal advisers keep both; capacity of a named service is also
    # caseloads. Leadership capacity is strategic.
    if "caseloads" in scores and scores["caseloads"][0] < 1.0 and _find(
            r"(?:senior|leadership|management) capacity|capacity (?:and experience|of (?:senior|leaders))", t):
        _drop(scores, "caseloads")

    # Workforce: "enough social workers" -> both caseloads and workforce-stability.
    if _find(r"enough (?:suitably )?(?:qualified )?(?:and \w+ )?social workers|sufficient "
                 r"(?:numbers of )?(?:qualified )?social workers|social work capacity", t):
        _set(scores, "caseloads", 1.0, _pos(re.compile(r"social work"), t))

    # Foster carer training, induction and review belong to placement-stability.
    if _find(r"(?:training|induction|review|support) (?:and \w+ )?(?:of|for) (?:foster )?carers|"
                 r"foster carers?'? (?:\w+ )?(?:training|agreements|induction)|carer agreements", t):
        _set(scores, "placement-stability", 1.0, _pos(re.compile(r"foster|carer"), t))
        if "workforce-development" in scores and not _find(r"social workers|staff|practitioners|"
                                                                r"managers|workforce", t):
            _drop(scores, "workforce-development")

    # Supervision and support of foster carers are carer support (placement-stability), not
    # the supervision of staff.
    if "supervision" in scores and _find(r"foster carers|\bcarers (?:are|receive|have|feel)", t) \
            and not _find(r"social workers (?:are|receive|have)|\bstaff\b|practitioners|managers", t):
        p = scores.pop("supervision")
        _set(scores, "placement-stability", 1.0, p[1])

    # LSCB: the board's own audits, training, data, thresholds.
    if section == "lscb":
        _set(scores, "safeguarding-partnership", 99.0, -1)
        if _find(r"multi agency (?:child protection |safeguarding )?training|training", t):
            _set(scores, "workforce-development", 1.0, _pos(re.compile(r"training"), t))
        if "front-door" in scores and not _find(r"threshold|front door|mash|referral|contacts", t):
            _drop(scores, "front-door")
        # Within a board recommendation, "partners"/"agencies" alone are the board's business.
        if "multi-agency-working" in scores and not _find(
                r"schools|each partner agenc|within and between|escalation|voluntary sector|faith|"
                r"\bpolice\b|\bgps?\b|probation|housing|all partner agencies", t):
            _drop(scores, "multi-agency-working")
        # "Board" cues for the strategic theme are the partnership.
        if "strategic-leadership" in scores and not _find(r"corporate parent|elected members|"
                                                              r"health and well ?being board|"
                                                              r"councillors|lead member", t):
            _drop(scores, "strategic-leadership")
        if "management-oversight" in scores and not _find(r"management oversight|managers'? "
                                                              r"oversight", t):
            _drop(scores, "management-oversight")
    else:
        # An "la" point naming the board: partnership theme only if the board is named clearly.
        sp = scores.get("safeguarding-partnership")
        if sp and sp[0] < 1.0:
            _drop(scores, "safeguarding-partnership")


_COUNCIL_ONLY = re.compile(r"\bcouncil\b|local authority as a whole|whole council|\bcorporate\b")


def _select(scores: dict, limit: int, section: str, text: str | None = None) -> tuple[str, ...]:
    cands = [(th, v) for th, v in scores.items() if v[0] >= _THRESHOLD]
    if not cands:
        # Nothing clear: the best partial cue, if any.
        weak = [(th, v) for th, v in scores.items() if v[0] >= 0.5 and th not in GENERIC]
        if not weak:
            # A generic cue is a better guess than word overlap, but a council's name alone (a
            # running header, an actor) is no topic.
            weak = [(th, v) for th, v in scores.items() if v[0] >= 0.5
                    and not (v[0] < 0.6 and v[2] == 1 and text is not None and _COUNCIL_ONLY.search(text))]
        if not weak:
            return ()
        weak.sort(key=lambda x: (-x[1][0], x[1][1], _RANK.get(x[0], 99)))
        return (weak[0][0],)
    ordered = sorted(cands, key=lambda x: (x[1][1], _RANK.get(x[0], 99)))
    if section == "lscb":
        rest = [th for th, _ in ordered if th != "safeguarding-partnership"]
        specific = [th for th in rest if th not in GENERIC]
        generic = [th for th in rest if th in GENERIC]
        out = ["safeguarding-partnership"] + specific + generic
        return tuple(out[:limit])
    head = ordered[0][0]
    # An actor named first ("the local authority and its partners should ...", "senior leaders
    # should ...") yields to the first specific topic; a generic process named as the topic
    # ("management oversight and supervision") stays the head.
    if head in _WEAK_HEADS:
        for th, v in ordered[1:]:
            if th not in GENERIC:
                head = th
                break
    rest = [th for th, _ in ordered if th != head]
    specific = [th for th in rest if th not in GENERIC]
    generic = [th for th in rest if th in GENERIC]
    out = [head] + specific + generic
    return tuple(out[:limit])


def classify(text: str, *, section: str = "la", limit: int = 3) -> tuple[str, ...]:
    """0..``limit`` theme ids for one improvement point or finding sentence, primary first.

    ``section="lscb"`` (a safeguarding board recommendation) always gives
    ``safeguarding-partnership`` first. Never raises on any string.
    """
    try:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        try:
            limit = int(limit)
        except (TypeError, ValueError):
            limit = 3
        if limit <= 0:
            return ()
        section = "lscb" if str(section).strip().lower() == "lscb" else "la"
        t = _mask(_normalise(text))
        if not t.strip() and section != "lscb":
            return ()
        head, purpose = _split_purpose(t)
        scores = _score(head)
        _apply_context(head, scores, section)
        if purpose and not any(v[0] >= _THRESHOLD for th, v in scores.items()
                               if th not in _WEAK_HEADS and th != "safeguarding-partnership"):
            # The head names no specific topic ("work with health partners to ensure that ..."):
            # what follows is the substance. Generic process themes still come from the head only.
            head_generic = {th: v for th, v in scores.items() if th in GENERIC and v[0] >= _THRESHOLD}
            scores = _score(t)
            _apply_context(t, scores, section)
            for th in GENERIC:
                if th in scores and th not in head_generic:
                    del scores[th]
            scores.update(head_generic)
        return _select(scores, limit, section, t)
    except Exception:  # pragma: no cover - defensive: classification must never break a build
        try:
            lscb = str(section).strip().lower() == "lscb" and int(limit) > 0
        except Exception:
            lscb = False
        return ("safeguarding-partnership",) if lscb else ()


# --------------------------------------------------------------------------------------------
# Nearest theme: a fallback for an evaluative sentence the rules give no theme
# --------------------------------------------------------------------------------------------

_STOP = frozenset("""a an and are as at be been being by can for from has have in into is it its
    of on or that the their them they this to was were which who with not no all any more most
    some other such than there these those very well how what when where whether within without
    including children child young people person local authority services service social work
    workers worker practice quality effective effectiveness impact timely timeliness good poor
    do does did also so only just""".split())
_TOKEN = re.compile(r"[a-z]{3,}")

# Where a judgement area's narrative is, the themes of these groups are likelier.
_AREA_GROUPS = {
    "help-and-protection": ("Front door and early help", "Help and protection"),
    "in-care": ("Children in care",), "care-leavers": ("Care leavers",),
    "in-care-and-care-leavers": ("Children in care", "Care leavers"),
    "looked-after-and-permanence": ("Children in care",), "adoption": ("Children in care",),
    "lac-outcomes": ("Children in care", "Care leavers"),
    "lac-quality-of-provision": ("Children in care", "Care leavers"),
    "impact-of-leaders": ("Leadership and workforce",),
    "leadership-management-governance": ("Leadership and workforce", "Partnerships"),
    "lac-leadership-and-management": ("Leadership and workforce", "Partnerships"),
    "capacity-for-improvement": ("Leadership and workforce",), "lscb": ("Partnerships",),
}


def _stem(w: str) -> str:
    for suf in ("ings", "ing", "ies", "ied", "es", "ed", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP}


@lru_cache(maxsize=1)
def _theme_profiles() -> tuple[tuple[str, str, dict[str, float]], ...]:
    """Per theme, an idf-weighted stem profile of its label, triggers and definition (the
    scope note names neighbours, so it is left out)."""
    import math

    docs = [(t.id, t.group, _stems(" ".join((t.label, t.label, " ".join(t.triggers), t.definition))))
            for t in load_themes()]
    df: dict[str, int] = {}
    for _, _, st in docs:
        for w in st:
            df[w] = df.get(w, 0) + 1
    n = len(docs)
    return tuple((tid, group, {w: math.log(n / df[w]) for w in st}) for tid, group, st in docs)


def nearest_theme(text: str, area: str | None = None, threshold: float = 2.5) -> tuple[str, ...]:
    """The one theme whose label, triggers and definition share most (idf-weighted) words with
    ``text``, favouring the groups of the judgement ``area`` it is written under; () when no
    theme shares enough. For sentences :func:`classify` finds no topic in: a weaker, explained
    fallback (the finding records that this method chose its theme)."""
    words = _stems(text)
    if not words:
        return ()
    profiles, index = _theme_index()
    scores = [0.0] * len(profiles)
    for w in words:
        for i, weight in index.get(w, ()):
            scores[i] += weight
    groups = _AREA_GROUPS.get(area or "", ())
    best, best_score = None, 0.0
    for (tid, group, _), score in zip(profiles, scores):
        if groups and group in groups:
            score *= 1.5
        if score > best_score:
            best, best_score = tid, score
    return (best,) if best and best_score >= threshold else ()


@lru_cache(maxsize=1)
def _theme_index():
    """The profiles and, per stem, the (profile index, weight) pairs that hold it."""
    profiles = _theme_profiles()
    index: dict[str, list[tuple[int, float]]] = {}
    for i, (_, _, prof) in enumerate(profiles):
        for w, weight in prof.items():
            index.setdefault(w, []).append((i, weight))
    return profiles, index
