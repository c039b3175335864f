"""Plain records that extractors return and the RDF mapper consumes.

Extractors are pure functions ``Document -> Extraction``; they never touch rdflib. Every
fact carries the :class:`Evidence` it was read from (character span in ``Document.text``,
1-based page, the quoted text), so the mapper can state provenance with W3C Web Annotation.

Identifier vocabularies used in the fields below (the ontology's SKOS schemes hold them):

- inspection ``type``: ``ilacs-standard``, ``ilacs-short``, ``ilacs`` (length not stated),
  ``sif`` (inspections and re-inspections), ``looked-after-children`` (2013
  looked-after-children inspections), ``lscb-review``, ``safeguarding-lac``,
  ``child-protection``, ``focused-visit``, ``monitoring-visit``, ``jtai``,
  ``annual-engagement``, ``other``.
- judgement ``area``: see ``ontology/areas.ttl`` (``overall-effectiveness``, ``impact-of-leaders``,
  ``help-and-protection``, ``in-care-and-care-leavers``, ``in-care``, ``care-leavers``,
  ``looked-after-and-permanence``, ``adoption``, ``leadership-management-governance``, ``lscb``,
  ``lac-overall-effectiveness``, ``capacity-for-improvement``, ``lac-outcomes``,
  ``lac-quality-of-provision``, ``lac-leadership-and-management``).
- ``grade``: ``outstanding``, ``good``, ``requires-improvement``, ``adequate``, ``inadequate``.
- ``theme``: the 40 ids of ``kg/data/themes.csv``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

INSPECTION_TYPES = (
    "ilacs-standard", "ilacs-short", "ilacs", "sif", "looked-after-children", "lscb-review",
    "safeguarding-lac", "child-protection", "focused-visit", "monitoring-visit", "jtai",
    "annual-engagement", "other",
)
AREAS = (
    "overall-effectiveness", "impact-of-leaders", "help-and-protection",
    "in-care-and-care-leavers", "in-care", "care-leavers", "looked-after-and-permanence",
    "adoption", "leadership-management-governance", "lscb", "lac-overall-effectiveness",
    "capacity-for-improvement", "lac-outcomes", "lac-quality-of-provision",
    "lac-leadership-and-management",
)
GRADES = ("outstanding", "good", "requires-improvement", "adequate", "inadequate")
POLARITIES = ("weakness", "strength")
ROLES = (
    "lead inspector", "deputy lead inspector", "team inspector", "shadow inspector",
    "senior data analyst", "data analyst", "quality assurance manager", "inspector",
)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: ``Document.text[start:end] == quote``; ``page`` is 1-based."""

    start: int
    end: int
    quote: str
    page: int | None = None


@dataclass(frozen=True)
class Person:
    """A person named by a document. Only inspectors become rows of the ``inspectors`` query.

    ``role`` is one of :data:`ROLES` or ``other:<printed label>`` for inspectors; for
    non-inspectors (officers, councillors) ``is_inspector`` is False and ``role`` is free text
    ("director of children's services").
    """

    name: str
    role: str
    lead: bool = False
    title: str | None = None  # as printed: "HMI", "His Majesty's Inspector", "Senior HMI"
    is_inspector: bool = True
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Judgement:
    area: str
    grade: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Recommendation:
    """An improvement point ("What needs to improve", SIF "Recommendations", "Areas for
    improvement"); ``section`` is ``la`` (the authority) or ``lscb`` (the safeguarding board)."""

    text: str
    themes: tuple[str, ...]
    index: int
    section: str = "la"
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Finding:
    """A weakness or strength stated in a document, with its themes and evidence sentence;
    ``area`` is the judgement area or section it sits in, when known."""

    polarity: str
    themes: tuple[str, ...]
    evidence: Evidence
    area: str | None = None
    # Which rule or method produced it ("rule:contrast", "rule:cue", "improvement-point", ...),
    # so an analyst can see why a sentence was read as a weakness or strength.
    method: str = ""


@dataclass(frozen=True)
class Inspection:
    """One inspection or visit of one authority as a document reports it.

    ``previous`` marks an earlier inspection a text only mentions ("judged good in 2016").
    Unknown dates stay ``None``: extractors never invent them.
    """

    authority_code: str  # ONS GSS code in force on the inspection date
    authority_name: str  # as printed
    type: str
    start_date: date | None = None
    end_date: date | None = None
    publication_date: date | None = None
    year: int | None = None
    judgements: tuple[Judgement, ...] = ()
    people: tuple[Person, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    findings: tuple[Finding, ...] = ()
    previous: bool = False
    evidence: Evidence | None = None

    @property
    def best_year(self) -> int | None:
        for d in (self.start_date, self.end_date, self.publication_date):
            if d:
                return d.year
        return self.year


@dataclass(frozen=True)
class Extraction:
    """Everything one document yields. ``warnings`` are for people (shown by ``kg build``)."""

    inspections: tuple[Inspection, ...] = ()
    people: tuple[Person, ...] = ()  # people named outside any inspection (e.g. officers)
    genre: str = "unknown"  # report | letter | press-release | news | digest | unknown
    title: str | None = None
    published: date | None = None
    warnings: tuple[str, ...] = field(default=())
