"""Summaries materialised at build time, so analytics scale with authorities x themes, not
with sentences.

Two levels, both W3C Data Cube observations (``qb:Observation``):

1. **Per inspection** (in each document's own graph, made by the mapper from its records): one
   observation per inspection x theme x polarity with the number of statements (findings and
   improvement points, a statement counted once however many records carry it), a weight (a
   theme that is a statement's primary theme counts 1, its second 0.5, its third 0.33; an
   improvement point counts double, because inspectors chose it as what must change) and the
   statement that is its best evidence (``kg:bestEvidence``, one hop to the quote).

2. **Per authority** (the analysis graph, recomputed after every build from the observations):
   what "A and B share a weakness" means in kg. At national scale nearly every authority has
   some weakness in nearly every theme, so sharing a theme at all separates nobody. Instead:

   * each authority is represented by its most recent inspection or visit that states
     weaknesses (its *basis*; or every one in a date window, for the views);
   * its *share* of a theme is the theme's weight over all its weakness weight (so a long
     report and a short letter are comparable);
   * the *national share* of a theme is the mean share over authorities, and an authority's
     *excess* is ``max(0, share - national share)``; a theme is *distinctive* for the
     authority when its lift (share / national share) is at least ``LIFT`` and it carries at
     least ``MIN_WEIGHT``; the ``MIN_THEMES`` themes of highest excess are always kept;
   * A and B *share a weakness* in a theme distinctive for both; their *similarity* is the
     cosine of their excess vectors (0..1), and each authority's ``NEIGHBOURS`` most similar
     authorities are stored with the shared themes.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from .vocab import ID, KG, PREFIXES, concept

QB = "http://purl.org/linked-data/cube#"
INSPECTION_THEMES = ID["dataset/inspection-themes"]
AUTHORITY_PROFILES = ID["dataset/authority-weakness-profiles"]
RANK_WEIGHTS = (1.0, 0.5, 0.33)
IMPROVEMENT_POINT_FACTOR = 2.0
LIFT = 1.3
MIN_WEIGHT = 1.0
MIN_THEMES = 3
MAX_THEMES = 8
NEIGHBOURS = 10


# ------------------------------------------------------------------ per inspection (mapping)

@dataclass
class _Cell:
    statements: set = field(default_factory=set)
    improvement_points: set = field(default_factory=set)
    weight: float = 0.0
    best: tuple | None = None  # (sort key, statement IRI)


def inspection_observations(insp_iri: str, authority: str,
                            statements: Iterable[tuple[str, str, tuple[str, ...], object, bool]]
                            ) -> list[tuple[str, str, object]]:
    """Observation triples for one inspection. ``statements`` are (IRI, polarity, themes,
    evidence, is_improvement_point); a finding and an improvement point read from the same
    span are one statement."""
    cells: dict[tuple[str, str], _Cell] = defaultdict(_Cell)
    for iri, polarity, themes, ev, is_ip in statements:
        span = (ev.start, ev.end) if ev is not None else iri
        for rank, theme in enumerate(themes[:len(RANK_WEIGHTS)]):
            cell = cells[(theme, polarity)]
            if span in cell.statements:
                if is_ip and span not in cell.improvement_points:  # the same text as a point
                    cell.improvement_points.add(span)
                    cell.weight += RANK_WEIGHTS[rank] * (IMPROVEMENT_POINT_FACTOR - 1)
                continue
            cell.statements.add(span)
            w = RANK_WEIGHTS[rank]
            if is_ip:
                cell.improvement_points.add(span)
                w *= IMPROVEMENT_POINT_FACTOR
            cell.weight += w
            quote_len = len(ev.quote) if ev is not None else 10_000
            key = (not is_ip, rank, abs(quote_len - 160), ev.start if ev is not None else 0, iri)
            if cell.best is None or key < cell.best[0]:
                cell.best = (key, iri)
    out: list[tuple[str, str, object]] = []
    for (theme, polarity), cell in sorted(cells.items()):
        node = f"{insp_iri}/themes/{theme}/{polarity}"
        out += [
            (node, RDF_TYPE, QB + "Observation"),
            (node, QB + "dataSet", str(INSPECTION_THEMES)),
            (node, str(KG.inspection), insp_iri),
            (node, str(KG.authority), authority),
            (node, str(KG.theme), str(concept("theme", theme))),
            (node, str(KG.polarity), str(concept("polarity", polarity))),
            (node, str(KG.statementCount), len(cell.statements)),
            (node, str(KG.improvementPointCount), len(cell.improvement_points)),
            (node, str(KG.weight), round(cell.weight, 3)),
            (node, str(KG.bestEvidence), cell.best[1]),
        ]
    return out


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ACCOUNT_MARK = "/as-reported-in/"  # kg.mapping.inspection_iri's mark of a text's account


# ------------------------------------------------------------------ per authority (analysis)

@dataclass(frozen=True, order=True)
class Observation:
    inspection: str
    authority: str
    theme: str
    weight: float
    statements: int
    best: str


@dataclass(frozen=True)
class InspectionDate:
    inspection: str
    authority: str
    when: date | None
    graded: str | None  # overall-effectiveness grade id, when this inspection has one
    type: str = ""  # inspection-type id
    account_of: str = ""  # a text's account: the report's inspection it tells of, when known


@dataclass
class Profile:
    """One authority's weakness profile (see the module docstring)."""

    authority: str
    basis: list[str]
    weights: dict[str, float]
    statements: int
    best: dict[str, str]
    share: dict[str, float] = field(default_factory=dict)
    lift: dict[str, float] = field(default_factory=dict)
    excess: dict[str, float] = field(default_factory=dict)
    distinctive: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # theme -> weakness statements


def _q(store, text: str):
    return store.query(text, prefixes=PREFIXES)


_Q_OBS = f"""SELECT ?i ?auth ?theme ?weight ?n ?best WHERE {{
  ?o qb:dataSet <{INSPECTION_THEMES}> ; kg:polarity <{concept("polarity", "weakness")}> ;
     kg:inspection ?i ; kg:authority ?auth ; kg:theme ?theme ; kg:weight ?weight ;
     kg:statementCount ?n ; kg:bestEvidence ?best .
  FILTER NOT EXISTS {{ ?i kg:previousMention true }} }}"""

_Q_DATES = """SELECT ?i ?auth ?type ?start ?end ?issued ?year ?canonical WHERE {
  ?i a kg:Inspection ; kg:authority ?auth ; kg:inspectionType ?type .
  FILTER NOT EXISTS { ?i kg:previousMention true }
  OPTIONAL { ?i schema:startDate ?start } OPTIONAL { ?i schema:endDate ?end }
  OPTIONAL { ?i dcterms:issued ?issued } OPTIONAL { ?i kg:year ?year }
  OPTIONAL { ?i kg:canonicalInspection ?canonical } }"""

_Q_JUDGEMENTS = """SELECT DISTINCT ?i ?area ?grade WHERE {
  ?i kg:hasJudgement ?j . ?j kg:area ?area ; kg:grade ?grade . }"""

_Q_OVERALL = f"""SELECT ?i ?grade WHERE {{
  ?i kg:hasJudgement ?j . ?j kg:area <{concept("area", "overall-effectiveness")}> ; kg:grade ?grade . }}"""


def _date(term) -> date | None:
    if term is None:
        return None
    v = term.value
    try:
        if len(v) == 4:
            return date(int(v), 7, 1)  # a year alone sorts mid-year
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


def read_observations(store) -> tuple[list[Observation], dict[str, InspectionDate]]:
    """Weakness observations and the dates and overall grades of their inspections."""
    overall = {s["i"].value: s["grade"].value.rsplit("/", 1)[-1] for s in _q(store, _Q_OVERALL)}
    dates: dict[str, InspectionDate] = {}
    rows = []
    for s in _q(store, _Q_DATES):
        when = next((d for d in (_date(s["start"]), _date(s["end"]), _date(s["issued"]),
                                 _date(s["year"])) if d), None)
        rows.append((s["i"].value, when is None, when or date.min, s["auth"].value,
                     s["canonical"].value if s["canonical"] else "",
                     s["type"].value.rsplit("/", 1)[-1]))
    canonical_of: dict[str, str] = {}
    for i, _, when, auth, canonical, kind in sorted(rows):  # a dated row first, stable order
        if i not in dates:
            grade = overall.get(i) or overall.get(canonical)
            dates[i] = InspectionDate(i, auth, None if when == date.min else when, grade, kind)
            if canonical:
                canonical_of[i] = canonical
    _join_accounts(dates, canonical_of)
    obs = sorted(Observation(s["i"].value, s["auth"].value, s["theme"].value.rsplit("/", 1)[-1],
                             float(s["weight"].value), int(s["n"].value), s["best"].value)
                 for s in _q(store, _Q_OBS))
    return obs, dates


def _join_accounts(dates: dict[str, InspectionDate], canonical_of: dict[str, str]) -> None:
    """A letter's or article's account of an inspection joins the report of it: the report
    with its canonical IRI, else the one report of the same authority, year and type ("ilacs"
    matches the short and standard kinds)."""
    def is_report(i: str) -> bool:  # kg.mapping gives a text's account an IRI of its own
        return ACCOUNT_MARK not in i

    reports: dict[tuple[str, int], list[InspectionDate]] = defaultdict(list)
    for d in dates.values():
        if is_report(d.inspection) and d.when:
            reports[(d.authority, d.when.year)].append(d)
    for i, canonical in canonical_of.items():
        d = dates[i]
        target = canonical if canonical in dates and is_report(canonical) else ""
        if not target and d.when:
            same = [r for r in reports.get((d.authority, d.when.year), [])
                    if d.type and r.type.startswith(d.type)]
            if len(same) == 1:
                target = same[0].inspection
        if target:
            report = dates[target]
            dates[i] = InspectionDate(i, d.authority, d.when or report.when,
                                      d.graded or report.graded, d.type, target)


def build_profiles(obs: list[Observation], dates: dict[str, InspectionDate], *,
                   since: date | None = None, until: date | None = None,
                   authorities: set[str] | None = None) -> dict[str, Profile]:
    """Profiles from each authority's latest inspection with weaknesses (or, with ``since``,
    every inspection in the window), with distinctiveness against the national rate of the
    profiles built."""
    by_insp: dict[str, list[Observation]] = defaultdict(list)
    for o in obs:
        by_insp[o.inspection].append(o)

    def in_window(i: str) -> bool:
        when = dates[i].when if i in dates else None
        if until and (when is None or when > until):
            return False
        return not since or (when is not None and when >= since)

    chosen: dict[str, list[str]] = defaultdict(list)
    for i in sorted(by_insp):
        if i in dates and dates[i].account_of in by_insp:
            continue  # the report of the same inspection speaks for it
        auth = dates[i].authority if i in dates else by_insp[i][0].authority
        if (authorities is None or auth in authorities) and in_window(i):
            chosen[auth].append(i)
    profiles: dict[str, Profile] = {}
    for auth, insps in chosen.items():
        if since is None:  # the latest only (undated accounts come last)
            insps = [max(insps, key=lambda i: (dates[i].when or date.min if i in dates else date.min, i))]
        weights: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        best: dict[str, tuple[float, str]] = {}
        n = 0
        for i in insps:
            for o in by_insp[i]:
                weights[o.theme] += o.weight
                counts[o.theme] += o.statements
                n += o.statements
                if o.theme not in best or (o.weight, o.best) > best[o.theme]:
                    best[o.theme] = (o.weight, o.best)
        profiles[auth] = Profile(auth, insps, dict(weights), n, {t: b for t, (_, b) in best.items()},
                                 counts=dict(counts))
    distinctiveness(profiles)
    return profiles


def distinctiveness(profiles: dict[str, Profile]) -> None:
    """Fill in share, lift, excess and the distinctive themes of each profile, against the
    national share of these very profiles."""
    themes = sorted({t for p in profiles.values() for t in p.weights})
    for p in profiles.values():
        total = sum(p.weights.values()) or 1.0
        p.share = {t: w / total for t, w in p.weights.items()}
    national = {t: sum(p.share.get(t, 0.0) for p in profiles.values()) / max(1, len(profiles))
                for t in themes}
    for p in profiles.values():
        p.lift = {t: s / national[t] for t, s in p.share.items() if national[t] > 0}
        p.excess = {t: s - national[t] for t, s in p.share.items() if s > national[t]}
        ranked = sorted(p.excess, key=lambda t: (-p.excess[t], t))
        keep = [t for t in ranked if p.lift[t] >= LIFT and p.weights[t] >= MIN_WEIGHT]
        if len(keep) < MIN_THEMES:
            keep += [t for t in ranked if t not in keep][:MIN_THEMES - len(keep)]
        p.distinctive = sorted(keep[:MAX_THEMES], key=lambda t: (-p.excess[t], t))


def national_shares(profiles: dict[str, Profile]) -> dict[str, float]:
    themes = {t for p in profiles.values() for t in p.share}
    return {t: sum(p.share.get(t, 0.0) for p in profiles.values()) / max(1, len(profiles))
            for t in sorted(themes)}


def similarity(a: Profile, b: Profile) -> float:
    """Cosine of two excess vectors: 1 when two authorities over-weight the same themes in the
    same proportions, 0 when they over-weight none in common."""
    common = set(a.excess) & set(b.excess)
    dot = sum(a.excess[t] * b.excess[t] for t in common)
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.excess.values()))
    nb = math.sqrt(sum(v * v for v in b.excess.values()))
    return dot / (na * nb)


def shared_themes(a: Profile, b: Profile) -> list[str]:
    return sorted(set(a.distinctive) & set(b.distinctive),
                  key=lambda t: (-(a.excess.get(t, 0) + b.excess.get(t, 0)), t))


def neighbours(profiles: dict[str, Profile], k: int = NEIGHBOURS) -> dict[str, list[tuple[str, float, list[str]]]]:
    """Each authority's ``k`` most similar authorities: (other, score, shared themes)."""
    out: dict[str, list[tuple[str, float, list[str]]]] = {}
    items = sorted(profiles.items())
    for a, pa in items:
        scored = []
        for b, pb in items:
            if a == b:
                continue
            s = similarity(pa, pb)
            if s > 0:
                scored.append((-s, b))
        scored.sort()
        out[a] = [(b, -neg, shared_themes(pa, profiles[b])) for neg, b in scored[:k]]
    return out


def analysis_ntriples(store) -> bytes:
    """The analysis graph: every authority's profile, national shares and nearest neighbours."""
    obs, dates = read_observations(store)
    profiles = build_profiles(obs, dates)
    latest_in_area: dict[tuple[str, str], tuple[date, str, str]] = {}  # (auth, area) -> when, grade, i
    for row in _q(store, _Q_JUDGEMENTS):
        d = dates.get(row["i"].value)  # accounts of earlier inspections are not in ``dates``
        if d is None or d.when is None:
            continue
        key = (d.authority, row["area"].value)
        value = (d.when, row["grade"].value, d.inspection)
        if key not in latest_in_area or value > latest_in_area[key]:
            latest_in_area[key] = value
    latest_grade: dict[str, tuple[date, str]] = {}
    for d in dates.values():
        if d.graded and d.when and (d.authority not in latest_grade or d.when > latest_grade[d.authority][0]):
            latest_grade[d.authority] = (d.when, d.graded)
    triples: list[ox.Triple] = []

    def add(s: str, p: str, o) -> None:
        triples.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p),
                                 o if isinstance(o, (ox.Literal, ox.NamedNode)) else ox.NamedNode(o)))

    def num(v: float) -> ox.Literal:
        return ox.Literal(f"{v:.4f}", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))

    def integer(v: int) -> ox.Literal:
        return ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))

    for d in sorted(dates.values(), key=lambda d: d.inspection):
        if d.account_of:
            add(d.inspection, str(KG.accountOf), d.account_of)
    national = national_shares(profiles)
    for theme, share in national.items():
        node = str(ID[f"national-theme-share/{theme}"])
        add(node, RDF_TYPE, QB + "Observation")
        add(node, QB + "dataSet", str(AUTHORITY_PROFILES))
        add(node, str(KG.theme), str(concept("theme", theme)))
        add(node, str(KG.nationalShare), num(share))
    for auth, p in sorted(profiles.items()):
        gss = auth.rsplit("/", 1)[-1]
        prof = str(ID[f"profile/{gss}"])
        add(prof, RDF_TYPE, str(KG.WeaknessProfile))
        add(prof, str(KG.authority), auth)
        add(prof, str(KG.statementCount), integer(p.statements))
        for i in p.basis:
            add(prof, str(KG.basedOn), i)
        if auth in latest_grade:
            add(prof, str(KG.latestOverallGrade), str(concept("grade", latest_grade[auth][1])))
        for (a, area), (_, grade, insp) in sorted(latest_in_area.items()):
            if a == auth:
                node = f"{prof}/latest/{area.rsplit('/', 1)[-1]}"
                add(prof, str(KG.latestJudgement), node)
                add(node, str(KG.area), area)
                add(node, str(KG.grade), grade)
                add(node, str(KG.inspection), insp)
        for theme, w in sorted(p.weights.items()):
            node = f"{prof}/theme/{theme}"
            add(node, RDF_TYPE, QB + "Observation")
            add(node, QB + "dataSet", str(AUTHORITY_PROFILES))
            add(node, str(KG.profile), prof)
            add(node, str(KG.authority), auth)
            add(node, str(KG.theme), str(concept("theme", theme)))
            add(node, str(KG.weight), num(w))
            if theme in p.counts:
                add(node, str(KG.statementCount), integer(p.counts[theme]))
            add(node, str(KG.share), num(p.share[theme]))
            add(node, str(KG.lift), num(p.lift.get(theme, 0.0)))
            add(node, str(KG.distinctive), ox.Literal("true" if theme in p.distinctive else "false",
                                                      datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))
            if theme in p.best:
                add(node, str(KG.bestEvidence), p.best[theme])
    for a, near in neighbours(profiles).items():
        ga = a.rsplit("/", 1)[-1]
        for rank, (b, score, shared) in enumerate(near, 1):
            node = str(ID[f"similarity/{ga}/{b.rsplit('/', 1)[-1]}"])
            add(node, RDF_TYPE, str(KG.WeaknessSimilarity))
            add(node, str(KG.authority), a)
            add(node, str(KG.other), b)
            add(node, str(KG.score), num(score))
            add(node, str(KG.rank), integer(rank))
            add(node, str(KG.sharedCount), integer(len(shared)))
            for t in shared:
                add(node, str(KG.sharedTheme), str(concept("theme", t)))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
