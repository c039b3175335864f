"""Weaknesses and strengths stated in running text, with themes and evidence sentences.

A *finding* is an evaluative clause about a topic of the theme scheme. Each sentence (or
bullet item) is cut into clauses at contrast markers ("but", "however", "although", "while",
"whereas", "despite", ";"), each clause gets a polarity from cue phrases, and the themes come
from :func:`kg.themes.classify`:

- one polarity in the whole sentence: one finding, themes of the sentence;
- a positive and a negative clause ("reviews are timely but of variable quality"): one finding
  per polarity, each quoting its own clauses (the contrast word left out) and carrying the
  themes of its own clauses (the sentence's when a clause names no topic of its own).

Cues are phrases, read in a fixed order so a longer phrase wins over the words inside it:
leading conditions ("When children go missing, ...") and history ("was judged inadequate",
"too early to see") are masked first; deficits ("has yet to", "more to do", "needs to", "should",
"is late") outweigh the praise words of their object (weight 2); hedges ("only some", "not
always", "too few", "could be improved", "there is no", "below comparators"); good practice
stated as fact ("in line with", "at the earliest opportunity", "within timescales", "central
to", "meets their needs"); then single words ("generic", "cursory", "good", "effective"). A
positive word within five words after a negation ("not", "do not", "less", "without") counts
as negative. In a report body (``statements=True``) a statement of practice on a topic with no
cue either way, not a figure, history, change, plan or description of a population, is a
strength ("Family time is arranged around children's wishes").

Not findings: headings, questions, statements with no topic, courtesy remarks, plans not yet
acted on (what a chunk says after "will", "plans to", "would" is not read), and what an
individual child or parent is quoted as saying. In a report body a sentence whose subject is
a pronoun ("This means ...", "They ...") takes the topic of the paragraph so far (reaching into
the paragraph before) first, then its own specific topics; a sentence with no topic of its own
takes that topic too, else (report bodies only) the nearest theme by wording
(:func:`kg.themes.nearest_theme`). Under a care leavers' heading plans
are pathway plans; under the safeguarding board's, ``safeguarding-partnership`` comes first.
Page furniture (running headers and footers, page and paragraph numbers:
:func:`kg.extract.sentences.page_furniture`) is never read and never quoted.

Each finding records the rule that produced it (``Finding.method``): ``rule:cue``,
``rule:contrast`` (both sides of a mixed sentence), ``rule:contrast-one-side``,
``rule:practice-statement``, ``rule:improvement-list``, with ``+paragraph-topic`` or
``+nearest-theme`` when its themes were carried or guessed; report extraction adds
``improvement-point`` for each improvement point.

:func:`extract_findings` is the entry point for report bodies (sections = judgement areas).

Speed (report bodies give thousands of clauses): the cue anchors, the literals every match of a
cue needs, and the plan / purpose words are found in one scan of a clause (:mod:`kg.prefilter`),
so a cue's regex only runs where it can match; single words are only looked up where a word or
stem with a polarity can start. These shortcuts never change a result.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from ..documents import Document
from ..prefilter import CASE_EXOTIC, LiteralSet, compile_fast, required_literals, trie_pattern
from ..records import Evidence, Finding
from ..vocabulary import grade_pattern
from .sentences import Block, Sentence, blocks, page_furniture, sentences

__all__ = ["extract_findings", "findings_in", "polarity", "split_clauses", "excluded_blocks"]

_MAX_SENTENCE = 1500
# Any printed grade (kg/data/vocabulary.json), lower case as clauses are read.
_GRADES = grade_pattern().replace("(?P<grade>", "(?:").replace(r"\s+", " ")

# (anchors, pattern, polarity): +1 strength, -1 weakness, 0 neutral (masks the words it
# covers). Read in this order; a pattern only runs when one of its anchors is in the text.
_CUES: list[tuple[tuple[str, ...], str, int]] = [
    # Populations described by a negation are not a weakness of the service.
    (("who",), r"\b(?:children|young people|those) who (?:cannot|can not|can['\u2019]t|are unable to)\b", 0),
    # A leading condition ("When children go missing, ...", "Where risks are not reduced, ...")
    # says when the finding applies, not how good it is.
    (("when", "where", "if ", "once"),
     r"^\W*(?:when|whenever|where|if|once)\b[^,;]{3,140},", 0),
    # ... and a trailing one ("take action when this is not the case") says when it is done;
    # so does a relative clause on a population ("children who are not seen").
    (("when", "where", "if ", "unless"),
     r"(?<=\w )\b(?:when|whenever|where|if|unless) (?:this|that|it|they|there|the|a|an|their|his|her|"
     r"children|young people|concerns?|risks?|parents?|carers?|families|education|someone|needed|"
     r"necessary|appropriate)\b[^,;.]*", 0),
    # A population's needs described are not a weakness of the service ("young people with poor
    # mental health are supported ...").
    (("with", "who have", "who has"), r"\b(?:with|who have|who has) (?:poor|low|complex|additional) "
     r"(?:mental health|physical health|health|emotional (?:health|wellbeing)|attendance|literacy)\b", 0),
    (("that do", "that does", "that did"), r"\b(?:children|families|young people|those|people|cases|"
     r"referrals) that (?:do|does|did) not (?:meet|reach|need)\b[^,;.]*", 0),
    (("who", "whose"), r"\b(?:who|whose \w+) (?:(?:are|were|is|was|have|had|do|does|did|can|could) )?"
     r"(?:not|no longer|never|cannot|can['\u2019]t)\b[^,;.]*", 0),
    (("did not", "do not", "have not", "has not", "could not"),
     r"\b(?:did|do|have|has|could) not (?:find|see|identify|observe|meet) any\b", 1),
    (("prior to", "previously"), r"^\W*(?:prior to|previously)\b[^;]*", 0),
    (("following", "after", "since"), r"\b(?:following|after|since) (?:\w+ ){0,3}(?:inspections?|judgements?)\b", 0),
    # Self-knowledge and acting on advice are strengths, whatever deficit they name.
    (("know", "understand", "recognise", "aware", "identified", "areas", "weaknesses", "shortfalls",
      "gaps", "deficits", "recommendations", "best use"),
     r"\b(?:know|knows|understand|understands|recognise|recognises|are aware of|is aware of|have identified|"
     r"has identified) (?:\w+ ){0,3}(?:areas|where|what|weaknesses|shortfalls|gaps|deficits)\b[^,;.]*|"
     r"\b(?:areas|weaknesses|shortfalls|gaps|deficits)\b[^.;]{0,60}?\b(?:are|have been|were|is|has been) "
     r"(?:\w+ )?(?:identified|captured|recognised|understood|known|reflected|included)\b|"
     r"\b(?:implement\w*|act\w* on|respond\w* to|address\w*) (?:the |its |their |all )?(?:\w+ )?"
     r"recommendations\b|\bbest use of\b[^,;.]*", 1),
    (("what",), r"\bwhat (?:\w+ ){0,3}(?:is|are|was|were) (?:needed|required)\b", 0),
    # History and context: an earlier grade, "too early to see", a duty someone is not under.
    (("judged", "too early", "not under", "not required", "not obliged", "requir"),
     r"\b(?:was|were|been|being|is|are) (?:previously |last )?judged (?:to be |as )?(?:providing )?(?:an? )?\W*"
     + _GRADES + r"\W*|"
     r"\btoo early (?:to|for)\b[^,;.]*|\bnot (?:under any|required|obliged) (?:\w+ )?(?:obligation|duty|to)\b|"
     r"\brequires? improvement to be good\b", 0),
    (("yet to", "more to do", "further to do", "to be done", "concerning", "late"),
     r"\b(?:is|are|was|were|often|frequently|sometimes|too|held|completed|made) (?:\w+ )?late\b|"
     r"\b(?:has|have|had|is|are|was|were) (?:\w+ )?yet to\b|\b(?:more|further|much) (?:work )?(?:still )?"
     r"(?:to do|to be done)\b|\b(?:is|are|was|were|remains?|particularly|very|deeply|most) concerning\b", -2),
    # Recommendations and obligations.
    (("need", "requir"),
     r"\b(?:say|says|said|tell|tells|told|explain\w*|know|knows) (?:\w+ ){0,2}what (?:\w+ ){0,3}needs? to\b|\bwhat needs to\b|\bneeds? (?:of|and)\b|\b(?:children|people|who|that|those) (?:\w+ )?need\b|"
     r"\bin[- ]need\b|\brequir\w* improvement to be good\b", 0),
    (("need", "should", "must", "recommend", "areas for", "room for", "requir", "scope for"),
     r"\bneeds? (?:to|further)\b|\bneed(?:s|ed)? (?:addressing|attention|work|improv\w+|"
     r"strengthening|to be \w+)|\bshould\b|\bmust\b|\brecommend\w*(?: for (?:improvement|development))?|"
     r"\b(?:areas?|scope) for (?:improvement|development)\b|\broom for improvement\b|\brequire[sd]? (?:improvement|attention|"
     r"strengthening)\b|\b(?:further )?improvements? (?:is|are|was|were) (?:needed|required)\b|"
     r"\bfurther (?:work|action) (?:is|are|was|were) (?:needed|required)\b|\b(?:is|are|was|were) "
     r"(?:required|needed)\b", -1),
    # Stopping a deficit is a strength ("reviews that prevent drift").
    (("prevent", "avoid"), r"\b(?:prevent|avoid)(?:s|ed|ing)? (?:\w+ )?(?:drift|delay)\w*(?: (?:and|or) "
     r"(?:drift|delay)\w*)?\b", 1),
    (("prevent", "stop", "hinder"),
     r"\b(?:prevent(?:s|ed|ing)|stopp(?:ed|ing)|stops|hinder(?:s|ed|ing)?)\s+(?:\w+\s+){0,2}from\s+"
     r"(?:developing|forming|building|accessing|receiving|getting|having|making|achieving|being able|"
     r"seeing|knowing|understanding|taking part)\b[^.;]*", -1),
    (("raise", "concerns about"), r"\brais(?:e|ed|es|ing) (?:\w+ )?concerns?\b|\bconcerns? about\b", -1),
    # Recommendations quoted as imperatives ("Improve the response to ...").
    (("improve", "increase", "ensure", "strengthen", "develop", "reduce", "address", "review",
      "make sure", "embed", "establish", "tackle"),
     r"^\W*(?:improve|increase|ensure|strengthen|develop|reduce|address|review|make sure|embed|"
     r"establish|tackle)\b", -1),
    # Neutral phrases that hold cue words.
    (("well", "not only", "not least", "if not", "good morning", "good afternoon", "safe",
      "improvement", "child protection", "open to", "experiences and"),
     r"\bas well(?: as)?\b|\bnot only\b|\bnot least\b|\bwell[- ]?being\b|\bif not\b"
     r"|\bgood (?:morning|afternoon)\b|\bsafeguarding\b|\bsafety\b"
     r"|\bimprovement (?:plan|programme|board|work|journey|partners?|notice|activit\w+|priorit\w+)"
     r"|\bchild protection\b|\bopen to (?:social care|children)|\bexperiences and progress\b", 0),
    (("taken", "taking", "takes", "took"),
     r"\b(?:taken|undertaken|taking|takes|took) (?:\w+ ){0,3}(?:action|activity|steps|measures) to "
     r"(?:improve|strengthen|increase|address|reduce|develop|tackle|enhance|build)\b", 1),
    (("to ",), r"\bto (?:improve|strengthen|develop|increase|address|reduce|ensure|enhance|support|"
     r"achieve|build|promote|provide|help|prevent|protect|keep|make|drive|understand|check|tackle|"
     r"consolidate|cleanse|look|implement)\b(?: (?:the|its|their|our|your|further|ongoing|continued) \w+| "
     r"(?:improvement|progress|quality|practice|outcomes|change)\b)?", 0),
    # Positive phrases built on negative words.
    (("no ", "without", "no longer", "not have", "not use", "not place", "too much trouble"),
     r"\bno (?:further )?(?:delays?|drift|backlogs?)\b|\bwithout (?:delay|drift)\b|\bno longer "
     r"(?:waiting|delayed|drifting)\b|\bno (?:children|young people) (?:are |were )?(?:placed |living )?"
     r"in (?:unregist\w+|bed and breakfast|b ?& ?b\b|unsuitable)|\bno (?:care leavers|16(?: and|-) 17 year olds) "
     r"(?:are |were )?(?:placed |living )?in (?:unregist\w+|bed and breakfast|b ?& ?b\b|unsuitable)|"
     r"\bno (?:sense|sign|signs|evidence|indication) of (?:\w+ )?(?:complacen\w*|drift|delays?)\b|"
     r"\b(?:do|does|did|have) not (?:have|use|place) any (?:children|young people) "
     r"(?:placed |living )?in unregist\w+|\bnothing is too much trouble\b", 1),
    (("reduc", "lower", "less", "fewer", "decrease", "fall in"),
     r"\b(?:reduction in|reduc\w+|lower(?:ed)?|less|fewer|decrease(?:d)? in|fall in) (?:the )?"
     r"(?:\w+ ){0,2}(?:turnover|reliance|agency|vacanc\w+|caseloads?|delays?|drift|moves|"
     r"changes of (?:social )?worker|backlogs?)\b", 1),
    (("reduced", "fallen", "decreased", "lowered", "improved", "stabilised"),
     r"\b(?:turnover|vacancies|vacancy rates?|caseloads|delays|backlogs?|reliance on [\w ]{0,20}?)"
     r"(?: and (?:\w+ )?(?:turnover|vacancies|vacancy rates?|caseloads|delays|backlogs?))? "
     r"(?:has |have |had )?(?:now |greatly |significantly |considerably |substantially |markedly |further )?"
     r"(?:reduced|fallen|decreased|lowered|improved|stabilised)\b", 1),
    (("increas", "additional", "more", "extra", "further"),
     r"\b(?:increas\w*|additional|more|extra|further) (?:\w+ ){0,2}(?:capacity|investment|funding|"
     r"number of (?:social workers|foster carers|adopters)|numbers of (?:social workers|foster carers)|"
     r"percentage|stability|ownership|oversight|scrutiny|resources|posts|social workers|staff)\b", 1),
    (("manageable", "low", "high"),
     r"\bmanageable\b|\blow(?:er)? caseloads?\b|\bhigh[- ]quality\b|\bhigh (?:level|levels|standards?|"
     r"morale|aspirations?|expectations?)\b|\bhighly\b", 1),
    # Hedges and weakness phrases built on neutral or positive words.
    (("only", "could", "there ", "over", "in place", "below"),
     r"\bonly (?:some|a (?:few|minority|small|handful)|partially|partly|half|one|two|\d+)\b|"
     r"\bcould (?:be|have been) (?:improved|better|stronger|strengthened|more \w+)\b|"
     r"\bthere (?:is|are|was|were) (?:still )?no\b|\bno (?:\w+ ){0,4}in place\b|"
     r"\bover[- ](?:\w+is|\w+iz|relian|optimis|complicat)\w*|"
     r"\b(?:below|lower than) (?:the )?(?:\w+ )?(?:comparators?|average|national|statistical|"
     r"neighbours?|expectations?|england|similar)\b", -1),
    # Negative phrases built on positive words.
    (("not ",), r"\bnot (?:always|consistently|yet|all|sufficiently|fully|enough|routinely|effectively|"
     r"appropriately|properly|regularly|robust\w*|prompt\w*|timely|good|clear\w*|well|accurate\w*|"
     r"frequent\w*|in place|understood|consistent|being|as \w+ as|equipped|able|safe)\b", -1),
    (("no ", "little", "limited", "insufficient", "slow", "lack of", "without", "minimal"),
     r"\b(?:no|little|limited|insufficient|slow|lack of|without|minimal) (?:\w+ )?(?:evidence|impact|"
     r"progress|improvements?|oversight|challenge|capacity|grip|understanding|action)\b", -1),
    (("less ",), r"\bless (?:regular\w*|effective\w*|timely|consistent\w*|robust|well|frequent\w*|"
     r"focused|stable|secure|able)\b", -1),
    (("challeng",),
     r"\bremains? a (?:\w+ )?challenge\b|\b(?:key|main|biggest|significant|major|ongoing|particular|"
     r"other|real) challenges?\b|\bchallenges? (?:in|include|remain|for|of|with|around)\b|"
     r"\bchallenging (?:circumstances|context|times|financial|budget)", -1),
    (("high", "demand", "pressure"),
     r"\bhigh(?:er)? (?:\w+ )?(?:caseloads?|turnover|workloads?|numbers? of (?:agency|moves|changes|"
     r"vacanc\w+)|vacancy|levels? of (?:agency|turnover|vacanc\w+)|reliance|demand)\b|\b(?:caseloads?|workloads?|"
     r"turnover|vacanc\w+|agency (?:use|staff|workers?|social workers)|use of agency \w+|demand|reliance "
     r"on \w+(?: \w+)?) (?:\w+ ){0,2}(?:are|is|remains?|were|was|remained) (?:\w+ )?high\b|\b(?:greater|increas\w+|rising|growing) "
     r"(?:\w+ )?(?:demands?|pressures?)\b", -1),
    (("too ",), r"(?<!\bi )(?<!\bwe )(?<!\bthey )\btoo (?:\w+ly )?\w+", -1),
    (("issues", "problems", "concerns", "weaknesses", "wait"),
     r"\b(?:raft|number|range|series|host) of (?:\w+ )?(?:issues|problems|concerns|weaknesses)\b|"
     r"\bissues (?:with|in|around|remain|that)\b|\b(?:these|serious|significant|ongoing|some) "
     r"concerns\b|\bconcerns (?:remain|were raised)\b|\bwait(?:ing|ed|s)? (?:too long|up to|for "
     r"long|longer|for (?:up to|more than|over))|\bwaiting lists?\b", -1),
    (("not ",), r"\b(?:do|does|did|are|is|were|was) not (?:have to )?(?:experience|suffer|face|endure|wait)\b|"
     r"\b(?:do|does|did) not (?:immediately |automatically |abruptly |simply )?(?:end|stop|cease)\b", 2),
    (("not ",), r"\bnot (?:afraid|hesitant|reluctant|shy|complacent)\b|\b(?:do|does|did) not "
     r"(?:hesitate|shy away|shrink)\b", 2),  # outweighs the hard thing not shied from
    # Negation.
    (("not", "n't", "n\u2019t", "never", "nor", "none"),
     r"\b(?:do|does|did|is|are|was|were|has|have|had|can|could|would|will)\s?(?:not|n['\u2019]t)\b|"
     r"\bcannot\b|\bnot\b|\bnever\b|\bnor\b|\bno longer\b|\bnone\b", -1),
    # Good practice stated as fact, without a cue word of its own.
    (("in line", "earliest", "early", "great", "hard", "high", "centre", "heart", "central",
      "within", "target", "very few", "underpinned", "help", "compensat", "work", "from the",
      "learning", "listened", "extra mile", "wealth", "meet"),
     r"\bin line with\b|\bat the earliest\b|\bfrom (?:a|the) (?:very )?early (?:stage|point|age)\b|"
     r"\bgreat (?:priority|lengths|care|importance)\b|\bworked hard\b|\bhigh regard\b|\bhigh[- ]level\b|"
     r"\bat the (?:centre|heart) of\b|\bcentral to\b|\bwithin (?:(?:the|their|\d+|agreed|required|"
     r"statutory|expected|stipulated|set|appropriate|working) )+(?:\w+ )?(?:hours|days|weeks|timescales?|"
     r"time ?frames?)\b|\bon target\b|\bvery few\b|\bunderpinned by\b|\bhelp(?:s|ed)? to\b|"
     r"\bcompensates? for\b|\bwork(?:s|ed)? (?:very |particularly )?well\b|\bfrom the (?:outset|start)\b|"
     r"\b(?:considered|identified|made|started|begun|recognised|addressed|offered|provided|taken|"
     r"assessed|intervene\w*) (?:\w+ )?early\b|\blearning (?:\w+ ){0,6}(?:is|are|has been|have been) "
     r"(?:shared|disseminated|used)\b|\blistened to\b|\bextra mile\b|\bwealth of\b|"
     r"\bmeets? (?:their|his|her|the child['\u2019]s|children['\u2019]s|young people['\u2019]s) (?:\w+ )?needs\b", 1),
    # Multi-word positives (single words are looked up below).
    (("child", "in touch", "in place", "able to", " met", "now", "well"),
     r"\bchild[- ](?:centred|focused)\b|\bin touch\b|\bin place\b|\bable to\b|"
     r"\b(?:are|were|is|being) met\b|\bnow\b(?= (?:at|in place|better|more|able|being|back|expected))"
     r"|\bwell[- ]\w+", 1),
]
_CUE_RES = [(anchors, compile_fast(p), pol) for anchors, p, pol in _CUES]
# A cue runs when one of its anchors occurs in the clause, and (a cheap exact shortcut) one of
# the literals every match of its pattern holds: anchors and literals are found in one scan.
# Only short literal lists are worth it (a long one costs more to scan for than it saves).
_CUE_LITERALS = [req if req and len(req) <= 10 and set(req) != set(anchors) else None
                 for anchors, req in ((a, required_literals(p)) for a, p, _ in _CUES)]

# Single-word cues: exact words, and stems that take any ending.
_NEG_WORDS = frozenset("""underdeveloped unsuitable unsatisfactory limited gap gaps fragile shortfall
    shortfalls shortage shortages backlog backlogs overdue unallocated unassessed unmet unsafe
    instability unstable missed absent absence reduction cut cuts churn unclear patchy
    superficial inexperienced turnover error errors limits limiting scarce generic cursory
    perfunctory formulaic vague tokenistic compromised deficit deficits""".split())
_NEG_STEMS = ("insufficient", "inadequate", "poor", "weak", "lack", "delay", "drift", "inconsisten",
              "variab", "variation", "deteriorat", "declin", "inappropriate", "unsuccessful",
              "inaccura", "ineffective", "hamper", "fail", "turbulen", "worse", "slow", "struggl",
              "difficult", "problem", "worr", "uncertain", "glitch", "vacanc", "pressure", "breach", "negativ",
              "complacen")
_POS_WORDS = frozenset("""good timely comprehensive skilled excellent exemplary exceptional outstanding
    valued supportive helpful innovative proud pride stable secure safe safely realistic measurable
    insightful motivated reflective knowledgeable complimentary mature well better improved improves
    improving improvement improvements progress progressed progressing quickly awesome wonderful
    professionalism clarity stability open meaningful trusting tailored holistic nurturing
    therapeutic detailed extensive dynamic recognition impressive caring careful carefully steady
    available sound suitable suitably firmly closely energetic extensively flourish flourishing
    excel celebrates celebrated celebrate constructive constructively mature matured maturing
    avoided attuned investment invested investing proactive proactively active actively warmth
    warm""".split())
_POS_STEMS = ("strong", "strength", "effective", "prompt", "thorough", "positive", "benefit", "prais",
              "success", "appropriate", "sensitiv", "relentless", "ambiti", "aspiration", "passion",
              "commit", "persisten", "tenaci", "robust", "clear", "consistent", "regular", "efficient",
              "decisive", "accurate", "purposeful", "confident", "enhanc", "responsive", "resolute",
              "swift", "enabl", "enjoy", "dedicat", "diligen", "encourag", "creativ", "prioritis", "thoughtful",
              "prioritiz", "sufficient", "rigorous")
_WORD = re.compile(r"[a-z][a-z'\u2019]*")


_WORD_POLARITY: dict[str, int] = {}


def _word_polarity_cached(w: str) -> int:
    pol = _WORD_POLARITY.get(w)
    if pol is None:
        if len(_WORD_POLARITY) > 100_000:  # bounded memo
            _WORD_POLARITY.clear()
        pol = _WORD_POLARITY[w] = _word_polarity(w)
    return pol


def _word_polarity(w: str) -> int:
    if w in _NEG_WORDS or w.startswith(_NEG_STEMS):
        return -1
    if w in _POS_WORDS or w.startswith(_POS_STEMS):
        return 1
    # A negative prefix on a positive word: irregular, unhelpful, insecure, unclear.
    if len(w) > 5 and w[:2] in ("un", "in", "ir", "im") and (
            w[2:] in _POS_WORDS or w[2:].startswith(_POS_STEMS)):
        return -1
    return 0


# Where a word (a match of _WORD) with a polarity can start: a letter not after a letter, that
# begins one of the words or stems above (or a negative prefix on a positive one). A trie of
# them, scanned in C, so the many words without a polarity are never visited in Python.
_APOSTROPHES = "'\u2019"
_POLAR_PREFIXES = sorted(set(_NEG_WORDS) | set(_NEG_STEMS) | set(_POS_WORDS) | set(_POS_STEMS)
                         | {p + w for p in ("un", "in", "ir", "im") for w in (*_POS_WORDS, *_POS_STEMS)})
_POLAR_START = re.compile(r"(?<![a-z])(?=" + trie_pattern(_POLAR_PREFIXES) + ")")

_NEGATOR = re.compile(r"\b(?:not|no|never|nor|without|less|rarely|seldom|n['\u2019]t|cannot|lack of)\s+"
                      r"(?:\w+\s+){0,4}$", re.I)
_PLAN = re.compile(r"\b(?:will(?! need)|shall|going to|(?:we|they|it|council|leaders|managers|authority|"
                   r"partners|partnership|trust|board|service) (?:also )?plans? to|planning to|intends? to|"
                   r"intention to|aims? to|hopes? to|seeks? to|seeking to|proposed|planned|would|looking at how|looking to|"
                   r"(?:is|are) due to (?:be|start|begin|open|launch|take|go|complete)|"
                   r"in the process of|we are already looking)\b", re.I)
_PURPOSE = re.compile(r"\b(?:enough to|in order to|in order that|so that|so as to|(?<!yet )to ensure|(?<!yet )to make sure)\b")
_COURTESY = re.compile(
    r"^\W*(?:thank you (?:again|very much|for (?:the|a|your time|meeting|attending|taking|your "
    r"hospitality|your (?:warm )?welcome))|(?:i|we) (?:would like to |wish to |want to |also )?thank"
    r"|many thanks|(?:i|we) (?:am|are) (?:very )?grateful|please (?:note|do not|contact|let)|yours "
    r"(?:sincerely|faithfully)|(?:i|we) look forward|it was (?:a pleasure|good to meet))", re.I)
_CHILD_SPEAKER = re.compile(
    r"\b(?:one|a|an|another)\s+(?:[\w-]+\s+){0,3}(?:child|young person|care leaver|girl|boy|"
    r"teenager|parent|mother|father|adopter|young carer|pupil|student|foster carer|grandparent)\s+"
    r"(?:(?:interviewed|spoken|who|that|we|inspectors|by|to|with|spoke)\s+){0,4}"
    r"(?:told|said|says|commented|explained|described|wrote|added|reported)\b"
    r"|\b(?:said|says|told (?:us|inspectors)|commented|explained|added)\s+(?:one|a|an|another)\s+"
    r"(?:[\w-]+\s+){0,3}(?:child|young person|care leaver|girl|boy|teenager|parent|mother|father|"
    r"adopter)\b", re.I)
_ANAPHORIC = re.compile(r"^\W*(?:(?:however|but|yet),?\s+(?!the\b)|(?:(?:and|although|while|also|so|as a "
                        r"result),?\s+)?(?:this|these|they|it|such|that|those)\b)", re.I)
_PRONOUN = re.compile(r"^\W*(?:(?:and|so|also|as a result),?\s+)?(?:this|these|they|it|such)\b", re.I)
# Contrast markers that cut a sentence into clauses (position = where the new clause starts).
_SPLIT = re.compile(r";\s+|,?\s+but\s+(?!also\b)|[,;]\s*however,?\s+|\s+however,\s+|"
                    r",\s*(?:although|though|whilst|while|whereas|yet|despite|even though)\s+|"
                    r"\s+(?:despite|notwithstanding)\s+", re.I)
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


# Prefilters: literals one of which every plan / purpose phrase holds (see kg.prefilter). The
# cue anchors and literals, and these, are all found in one scan of a clause.
_PLAN_WORDS = required_literals(_PLAN.pattern, _PLAN.flags)
_PURPOSE_WORDS = required_literals(_PURPOSE.pattern, _PURPOSE.flags)
_LITERAL_SET = LiteralSet(tuple(dict.fromkeys(
    [a for anchors, _, _ in _CUES for a in anchors] + [x for req in _CUE_LITERALS if req for x in req]
    + list(_PLAN_WORDS or ()) + list(_PURPOSE_WORDS or ()))))


def _bits(words) -> int:
    return sum(1 << _LITERAL_SET.words.index(w) for w in set(words))


_CUE_MASKED = [(_bits(anchors), _bits(req) if req else -1, rx, pol)
               for (anchors, rx, pol), req in zip(_CUE_RES, _CUE_LITERALS)]
_PLAN_BITS = _bits(_PLAN_WORDS) if _PLAN_WORDS else None
_PURPOSE_BITS = _bits(_PURPOSE_WORDS) if _PURPOSE_WORDS else None


_PLAN_CHUNKS = re.compile(r"(,\s+|\s+and\s+(?=(?:we|you|they|it|this|the council|leaders)\b))")


def polarity(clause: str) -> int:
    """+1 strength, -1 weakness, 0 no evaluation."""
    # Drop comma-separated chunks that are plans not yet acted on (a chunk can only hold a plan
    # word when the clause does: chunks end at a comma or a space).
    clause = clause.replace("\n", " ").replace("\t", " ")  # wrapped lines: one space, same length
    t = clause.lower()
    present = _LITERAL_SET.present(t)
    # _PLAN ignores case: its literals prove nothing for a text with dotted/dotless i, long s.
    if (_PLAN_BITS is None or present & _PLAN_BITS or any(map(clause.__contains__, CASE_EXOTIC))) \
            and _PLAN.search(clause):
        # What a chunk says before its plan word still counts ("they did not have confidence
        # that the offer would be delivered"; "Leaders will ..." leaves nothing).
        t = "".join(c[:m.start()] if (m := _PLAN.search(c)) else c
                    for c in _PLAN_CHUNKS.split(clause)).lower()
        present = _LITERAL_SET.present(t)
    purpose = _PURPOSE.search(t) if _PURPOSE_BITS is None or present & _PURPOSE_BITS else None
    if purpose and purpose.start() > 10:
        t = t[:purpose.start()]
        present = _LITERAL_SET.present(t)
    if not t.strip():
        return 0
    mask = bytearray(len(t))
    pos = neg = 0
    hits: list[tuple[int, int]] = []
    for anchor_bits, literal_bits, rx, pol in _CUE_MASKED:
        if not anchor_bits & present or not literal_bits & present:
            continue
        for m in rx.finditer(t):
            a, b = m.span()
            if b <= a or mask.find(1, a, b) >= 0:
                continue
            mask[a:b] = b"\x01" * (b - a)
            if pol:
                hits.append((a, pol))
    # Single words: only where a word with a polarity can start (see _POLAR_START).
    get = _WORD_POLARITY.get
    for m in _POLAR_START.finditer(t):
        a = m.start()
        if mask[a]:
            continue
        if a and t[a - 1] in _APOSTROPHES:  # inside a word ("x'good") unless quotes precede it
            k = a - 1
            while k >= 0 and t[k] in _APOSTROPHES:
                k -= 1
            if k >= 0 and "a" <= t[k] <= "z":
                continue
        w = _WORD.match(t, a).group()
        pol = get(w)
        if pol is None:
            pol = _word_polarity_cached(w)
        if pol:
            hits.append((a, pol))
    for a, pol in hits:  # a weight-2 deficit phrase outweighs the praise words of its target
        if pol > 0:
            if _NEGATOR.search(t, max(0, a - 40), a):
                neg += 1
            else:
                pos += pol
        else:
            neg -= pol
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


_CARE_LEAVER_AREAS = frozenset({"care-leavers"})
_MIXED_AREAS = frozenset({"in-care-and-care-leavers", "lac-outcomes", "lac-quality-of-provision"})
_CARE_LEAVER_WORDS = re.compile(r"care leavers?|young (?:people|person|adults?)|personal advis|\bPAs?\b", re.I)


_THEMES_CLASSIFY = None  # kg.themes.classify, imported on first use (kg.themes imports this package's siblings)


def _classify(text: str, area: str | None = None) -> tuple[str, ...]:
    """Themes of ``text``; under a care leavers' heading, plans are pathway plans (the
    scheme's neighbour rule: the status of the young person decides); under the board's
    heading, ``safeguarding-partnership`` comes first."""
    global _THEMES_CLASSIFY
    if _THEMES_CLASSIFY is None:
        from ..themes import classify as _THEMES_CLASSIFY
    classify = _THEMES_CLASSIFY
    # Under the safeguarding board's heading, the board is the actor (the scheme's rule 5).
    themes = classify(text, section="lscb" if area == "lscb" else "la")
    if "plan-quality" in themes and "pathway-plans" not in themes and (
            area in _CARE_LEAVER_AREAS or (area in _MIXED_AREAS and _CARE_LEAVER_WORDS.search(text))):
        themes = tuple("pathway-plans" if t == "plan-quality" else t for t in themes)
    if area == "adoption" and "adoption" not in themes:
        # Under the adoption heading, matching is matching with adopters and a sentence on
        # figures or oversight alone is about adoption (the section's topic).
        if "placement-stability" in themes and _MATCHING.search(text):
            themes = tuple(dict.fromkeys("adoption" if t == "placement-stability" else t for t in themes))
        elif themes and all(t in _GENERIC_THEMES for t in themes):
            themes = ("adoption",) + themes[:2]
    return themes


_MATCHING = re.compile(r"\bmatch(?:ing|ed|es)?\b", re.I)
_GENERIC_THEMES = frozenset({"multi-agency-working", "management-oversight", "quality-assurance",
                             "performance-data", "recording-and-systems", "strategic-leadership"})


_NOT_PRACTICE = compile_fast(
    r"%|\bper ?cent\b|\b(?:since|last|previous|at the time of|in 20\d\d)\b|\b(?:was|were) (?:judged|rated|inspected)\b|"
    r"\b(?:commissioned|introduced|launched|established|created|appointed|restructured|"
    r"reconfigured|reorganised|implemented|proposed|considering|reviewing|exploring|piloting)\b|"
    r"\b(?:children|young people|parents|carers|families) (?:who|whose|living|aged|subject|with)\b|"
    r"\b(?:some|a few|a small number|a minority|for others|this means|action to|model of)\b|"
    r"\binclud(?:e|es|ed|ing)\b"
    r"|^\W*(?:there (?:are|is|were|was)|this (?:is|was|means)|in (?:addition|total)|for example|"
    r"the (?:local authority|council|trust|service|number|majority|proportion|rate)\b)", re.I)


def _practice_statement(sentence: str) -> bool:
    """A statement of what practice does, not context: no figures, history, changes made,
    descriptions of a population or opening that introduces context."""
    low = sentence.lower()
    return not _NOT_PRACTICE.search(low) and not _PLAN.search(low) and not sentence.rstrip().endswith(":")


def _with_carried(carried: tuple[str, ...], own: tuple[str, ...]) -> tuple[str, ...]:
    """The referred-back topic first, then the sentence's own specific (not generic) topics."""
    out = list(carried)
    out.extend(t for t in own if t not in out and t not in _GENERIC_THEMES)
    return tuple(out[:3])


def _nearest(text: str, area: str | None) -> tuple[str, ...]:
    from ..themes import nearest_theme

    return nearest_theme(text, area)


def _evidence(doc: Document, s: int, e: int) -> Evidence:
    page = doc.page_of(s) if doc.kind == "pdf" else None
    return Evidence(s, e, doc.text[s:e], page)


_ATTRIBUTION = [
    re.compile(r"[,\"\u201d\u2019]\s*(?:said|says|added|adds|states|stated|notes|noted|concluded|"
               r"concludes|reported|warned|explained|according to)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}"
               r"(?:report|visit|inspection|inspectors|watchdog|ofsted)\b.*$", re.I | re.S),
    re.compile(r",\s*(?:the|a|an)\s+(?:[\w'\u2019-]+\s+){0,4}(?:report|visit|inspection|inspectors|"
               r"watchdog)\b[^.;]{0,200}?\b(?:found|finds|said|says|added|adds|states|stated|notes|noted|"
               r"concludes|concluded|reported|warned|explained|highlighted)\W*$", re.I | re.S),
    re.compile(r",\s*(?:ofsted|inspectors|the watchdog|the regulator)\s+(?:has\s+|have\s+)?(?:said|says|"
               r"found|warned|reported|added|noted|concluded|highlighted)\b.*$", re.I | re.S),
]
_IMPROVE_HEADING = re.compile(r"what needs to (?:improve|be better)|areas? for (?:improvement|development)|"
                              r"recommendations|priority action|what (?:does|do) .{0,40} need to improve", re.I)
_ELLIPTIC = re.compile(r"^\W*(?:(?:but|however|although|though|while|whilst|yet|and)\W+)?(?:too many|"
                       r"many|most|some|few|others?|they|these|this|it|those|the rest|not all|"
                       r"not every)\b", re.I)
_DEMONSTRATIVE = re.compile(r"\b(?:of|in|with|for|on|about) (?:that|this|these|those|such) \w+", re.I)


def _core(sentence: str) -> str:
    """The sentence without a trailing attribution ("..., the report found.", "..., said the
    report, which looked at ...") whose words are not part of the finding."""
    for rx in _ATTRIBUTION:
        m = rx.search(sentence)
        if m and m.start() > 20:
            sentence = sentence[:m.start()]
    return sentence


def _without_furniture(text: str, starts: tuple[int, ...], a: int, b: int) -> tuple[str, tuple[int, int]]:
    """The sentence ``text[a:b]`` with its page-furniture lines (``starts``, sorted) blanked to
    spaces, and the longest span of it free of furniture (the quote for its evidence)."""
    i = bisect_left(starts, a)
    if i >= len(starts) or starts[i] >= b:
        return text[a:b], (a, b)
    chars = list(text[a:b])
    pieces, pos = [], a
    while i < len(starts) and starts[i] < b:
        ls = starts[i]
        le = text.find("\n", ls, b)
        le = b if le < 0 else le
        chars[ls - a:le - a] = " " * (le - ls)
        pieces.append((pos, ls))
        pos = le
        i += 1
    pieces.append((pos, b))
    best = max(pieces, key=lambda p: len(text[p[0]:p[1]].strip()))
    s, e = best
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return "".join(chars), (s, e)


_CLAUSE_LEAD = re.compile(r"[\s,;:\u2013\u2014-]*(?:(?:but|however|although|though|whilst|while|whereas|yet)"
                          r"\b[\s,]*)?", re.I)


def _side_evidence(doc: Document, core: str, base: int, spans: list[tuple[int, int]],
                   lo: int, hi: int) -> Evidence | None:
    """Evidence for one side of a mixed sentence: from its first clause to its last (``spans``
    are offsets in ``core``, which starts at ``base`` in the document), the contrast word that
    opens it and trailing space left out, kept inside the furniture-free part ``lo``..``hi``."""
    a, b = base + spans[0][0], base + spans[-1][1]
    a += _CLAUSE_LEAD.match(core, spans[0][0]).end() - spans[0][0]
    a, b = max(a, lo), min(b, hi)
    text = doc.text
    while b > a and text[b - 1] in " \t\n,;:":
        b -= 1
    if len(text[a:b].split()) < 3:
        return None
    return _evidence(doc, a, b)


def findings_in(doc: Document, sents: Iterable[Sentence], area: str | None = None,
                skip_blocks: set[int] | frozenset = frozenset(),
                furniture: frozenset[int] = frozenset(), *, statements: bool = False,
                clause_spans: bool = False) -> list[Finding]:
    """Findings of the given sentences of ``doc``, in text order. Lines of ``furniture``
    (running headers, page numbers; see :func:`kg.extract.sentences.page_furniture`) inside a
    sentence are not read, and the evidence quote leaves them out. ``statements``: plain
    statements of practice are strengths (report bodies); ``clause_spans``: each side of a mixed
    sentence quotes its own clauses (else both quote the sentence)."""
    text = doc.text
    fur = tuple(sorted(furniture))
    out: list[Finding] = []
    prev_block, prev_themes = -1, ()
    to_improve = ""  # list kind under a "What needs to improve" / "Recommendations" heading
    for s in sents:
        if s.kind == "heading":
            to_improve = "list" if _IMPROVE_HEADING.search(text, s.start, s.end) else ""
            continue
        if to_improve:
            if s.kind not in ("bullet", "numbered") or to_improve not in ("list", s.kind):
                to_improve = ""  # the list has ended
            else:
                to_improve = s.kind
        if s.block in skip_blocks:
            continue
        sentence, (ev_start, ev_end) = _without_furniture(text, fur, s.start, s.end)
        if len(sentence) > _MAX_SENTENCE or len(sentence) < 12 or len(sentence.split()) < 4:
            continue
        if s.block != prev_block:
            # Only a pronoun reaches back over a paragraph break ("This has led to drift").
            carried = prev_themes if _PRONOUN.match(sentence) else ()
            prev_block, prev_themes = s.block, carried
        if sentence.rstrip(" \"'\u201d\u2019)").endswith("?") or _COURTESY.match(sentence):
            continue
        core = _core(sentence)
        clauses = split_clauses(core)
        if to_improve:
            clauses = [(0, len(core))]
            pols = [(0, len(core), -1)]  # an improvement point is a weakness
        else:
            pols = [(a, b, polarity(core[a:b])) for a, b in clauses]
        signs = {p for _, _, p in pols if p}
        how = ""
        if not signs:
            themes_all = _classify(core, area)
            if not (statements and themes_all and _practice_statement(core)):
                prev_themes = themes_all or prev_themes
                continue
            # Inspectors state good practice as plain fact ("Family time is in line with
            # children's needs"): in a report body, a statement of practice on a topic with
            # no cue either way, not a plan, figure or history, is a strength.
            signs, pols, how = {1}, [(0, len(core), 1)], "+practice-statement"
        else:
            themes_all = _classify(core, area)
        if statements and themes_all and prev_themes and _PRONOUN.match(core):
            # In a report body a pronoun subject ("This means ...", "They ...") is about what the
            # sentences before were about: their topic, not the words of the consequence, is its
            # theme, then the specific topics it names itself (at most three in all). (In news
            # and letters consecutive sentences are often separate quotes.)
            themes_all, how = _with_carried(prev_themes, themes_all), "+paragraph-topic"
        if not themes_all and prev_themes:
            # The topic of the paragraph so far ("This was a missed opportunity."), or of the
            # paragraph before when the sentence opens with a pronoun (see prev_themes above).
            themes_all, how = prev_themes, "+paragraph-topic"
        if not themes_all and statements:
            # Only in report bodies, where every sentence sits under a judgement heading: a news
            # or letter sentence with no topic word ("The report is not all bad news") has none.
            themes_all, how = _nearest(core, area), "+nearest-theme"
        ev = _evidence(doc, ev_start, ev_end)
        if how == "+practice-statement":
            method, how = "rule:practice-statement", ""
        elif to_improve:
            method = "rule:improvement-list"
        elif len(signs) == 1:
            method = "rule:contrast-one-side" if len(pols) > 1 else "rule:cue"
        else:
            method = "rule:contrast"
        if len(signs) == 1:
            if themes_all:
                out.append(Finding("strength" if signs.pop() > 0 else "weakness", themes_all, ev, area,
                                   method + how))
        else:
            clause_themes = []
            for i, (a, b, p) in enumerate(pols):
                own = _classify(core[a:b], area)
                before = [t for c in clause_themes for t in c]
                if i and _DEMONSTRATIVE.search(core[a:b]) and before:
                    own = tuple(dict.fromkeys(before))
                elif i and _ELLIPTIC.match(core[a:b]) and before:
                    own = tuple(dict.fromkeys(own + tuple(before)))
                clause_themes.append(own or themes_all)
            for sign in (1, -1):
                themes: list[str] = []
                for (a, b, p), ct in zip(pols, clause_themes):
                    if p == sign:
                        themes.extend(t for t in ct if t not in themes)
                if themes:  # at most three themes per finding (the scheme's rule)
                    side = (_side_evidence(doc, core, s.start, [(a, b) for a, b, p in pols if p == sign],
                                           ev_start, ev_end) if clause_spans else None) or ev
                    out.append(Finding("strength" if sign > 0 else "weakness", tuple(themes[:3]), side, area,
                                       method + how))
        if themes_all and not how:
            prev_themes = themes_all
    return out


def extract_findings(doc: Document, start: int, end: int, area: str | None = None, *,
                     statements: bool = False, clause_spans: bool = True) -> tuple[Finding, ...]:
    """Findings stated in ``doc.text[start:end]`` (a report section, a letter, an article);
    ``statements`` (report bodies) also reads plain statements of practice as strengths; each
    side of a mixed sentence quotes its own clauses unless ``clause_spans`` is False."""
    start = max(0, min(start, len(doc.text)))
    end = max(start, min(end, len(doc.text)))
    fur = _furniture(doc.text, doc.page_starts) if doc.kind == "pdf" else frozenset()
    bl = blocks(doc.text, start, end, doc.kind, skip=fur)
    sents = sentences(doc.text, kind=doc.kind, block_list=bl)
    return tuple(findings_in(doc, sents, area, excluded_blocks(doc.text, bl), fur, statements=statements,
                             clause_spans=clause_spans))


@lru_cache(maxsize=4)
def _furniture(text: str, page_starts: tuple[int, ...]) -> frozenset[int]:
    return page_furniture(text, page_starts)
