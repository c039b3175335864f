"""SPARQL -> networkx projections of the knowledge graph (no rendering here).

Every view function returns a ``networkx.Graph`` whose nodes are keyed ``"<kind>:<id>"`` and
carry:

``kind``     authority | theme | inspection | inspector
``label``    short text drawn on the canvas (never HTML-escaped: canvas text is inert)
``tooltip``  plain text shown on hover (renderers must show it as text, never as HTML)
``grade``    grade id (outstanding, good, requires-improvement, adequate, inadequate) when known
``community`` community number (shared-weaknesses view), 1 = the largest
``value``    a number for the node size

and whose edges carry ``kind``, ``weight``, ``tooltip`` and view-specific counts.
``graph.graph`` holds ``title``, ``description``, ``size_meaning`` and ``edge_meaning``.

Reading strategy. The views read the build-time summaries (:mod:`kg.summaries`), never every
weakness sentence: one ``qb:Observation`` per inspection x theme (statement count, weight and
the IRI of its best evidence), so the work grows with authorities x themes. "A and B share a
weakness" is the definition of :mod:`kg.summaries`: each authority's most recent inspection
stating weaknesses (or a date window), themes distinctive for it against the national share,
similarity = cosine of excess shares. Quotes are fetched only for the statements a view shows
(``kg:bestEvidence``, one hop), with ``VALUES`` lists of IRIs that came out of the store itself
(``pyoxigraph.NamedNode`` validates and serialises them; nothing a user typed is ever spliced
into query text). The SPARQL lives in ``queries/views/*.rq`` (full IRIs, no escaped local
names, so any SPARQL 1.1 engine accepts it); joins across queries happen in Python. Triples
repeated in many document graphs (a person's name, types) come back once per graph from the
union default graph, so nothing joins on them.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

import networkx as nx
import pyoxigraph as ox

from .. import summaries as sm
from ..errors import QueryError
from ..queries import parse_query_file
from ..resources import queries_dir
from ..vocab import ID

OVERALL = "overall-effectiveness"
GRADE_ORDER = ("outstanding", "good", "requires-improvement", "adequate", "inadequate")
QUOTE_CHARS = 150  # quotes in tooltips are cut to this many characters
_ID = str(ID)


# ------------------------------------------------------------------ small helpers

def _values(terms: Iterable[ox.NamedNode]) -> str:
    """A VALUES body from store IRIs; ``NamedNode`` validates and serialises them."""
    out = []
    for t in terms:
        if not isinstance(t, ox.NamedNode):
            raise TypeError(f"VALUES takes IRIs from the store, not {type(t).__name__}")
        out.append(str(t))
    return " ".join(out)


def _chunks(items: list, size: int = 2000):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _local(iri: str, scheme: str) -> str:
    """``…/id/grade/good`` -> ``good`` for concepts of kg's schemes."""
    prefix = f"{_ID}{scheme}/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri.rsplit("/", 1)[-1]


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_EMPTY_VALUES = re.compile(r"VALUES\s+(\?\w+|\((?:\s*\?\w+)+\s*\))\s*\{\s*\}")


@lru_cache(maxsize=None)
def view_query(name: str) -> str:
    """The text of ``queries/views/NAME.rq`` (not a saved query: ``kg queries`` lists only
    the top folder)."""
    return parse_query_file(queries_dir() / "views" / f"{name}.rq").text


def with_values(text: str, terms: Iterable[ox.NamedNode | tuple[ox.NamedNode, ...]] | None) -> str:
    """``text`` with its empty ``VALUES ?x { }`` (or ``VALUES (?x ?y) { }``) block filled with
    store IRIs (tuples for several variables); ``None`` drops the block (every row)."""
    if terms is None:
        out, n = _EMPTY_VALUES.subn("", text, count=1)
    else:
        rows = [f"({_values(t)})" if isinstance(t, tuple) else _values([t]) for t in terms]
        out, n = _EMPTY_VALUES.subn(lambda m: f"VALUES {m[1]} {{ {' '.join(rows)} }}", text, count=1)
    if n != 1:
        raise ValueError("the query has no empty VALUES block to fill")
    return out


# ------------------------------------------------------------------ records read from the store

@dataclass(frozen=True)
class Selection:
    """Which inspections a view reads weaknesses from: each authority's most recent inspection
    or visit that states weaknesses (default; with ``until`` alone, the most recent up to
    that date), or every inspection from ``since`` (to ``until``)."""

    since: date | None = None
    until: date | None = None

    @property
    def latest(self) -> bool:
        return self.since is None and self.until is None

    def contains(self, when: date | None) -> bool:
        if when is None:
            return self.latest
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)

    def describe(self) -> str:
        if self.latest:
            return "each authority's most recent inspection or visit stating weaknesses"
        if self.since and self.until:
            return f"inspections from {self.since.isoformat()} to {self.until.isoformat()}"
        if self.since:
            return f"inspections since {self.since.isoformat()}"
        return (f"each authority's most recent inspection or visit stating weaknesses up to "
                f"{self.until.isoformat()}")


@dataclass(frozen=True)
class Quote:
    text: str
    source: str = ""
    page: int | None = None

    def cite(self) -> str:
        where = self.source + (f", p. {self.page}" if self.page else "")
        return f"“{cut(self.text)}”" + (f" ({where})" if where else "")


@dataclass
class AuthorityInfo:
    iri: str
    code: str
    name: str
    region: str = ""  # region IRI
    region_label: str = ""

    @property
    def key(self) -> str:
        return f"authority:{self.code}"


@dataclass
class InspectionInfo:
    """One inspection, merged with every account of it in letters or news (``members``)."""

    iri: str  # the canonical inspection IRI
    authority: str  # authority IRI
    type: str  # inspection-type id
    when: date | None
    date_text: str
    previous: bool = False
    grades: dict[str, str] = field(default_factory=dict)  # area id -> grade id
    sources: set[str] = field(default_factory=set)
    lead: str | None = None  # person IRI
    members: list[str] = field(default_factory=list)  # canonical IRI and/or account IRIs

    @property
    def sort_key(self) -> tuple:
        return (self.when or date.min, self.iri)


@dataclass
class ThemeCount:
    """One inspection's (or profile's) weakness statements on one theme, from the summaries."""

    statements: int = 0
    weight: float = 0.0
    best: str = ""  # the statement that best evidences it (kg:bestEvidence)

    def add(self, statements: int, weight: float, best: str) -> None:
        if (weight, best) > (self.weight, self.best):
            self.best = best
        self.statements += statements
        self.weight += weight


@dataclass
class Profile:
    """One authority's weaknesses in the selected inspections: the :class:`kg.summaries.Profile`
    (theme weights, shares, lift, excess, distinctive themes, best evidence) and, when read per
    inspection (a date window), statement counts per theme."""

    authority: str  # authority IRI
    inspections: list[str]  # inspection IRIs read, most recent first
    summary: sm.Profile
    counts: dict[str, int] | None = None  # theme id -> weakness statements

    @property
    def themes(self) -> frozenset[str]:
        return frozenset(self.summary.weights)

    @property
    def weaknesses(self) -> int:
        """Weakness statements, a statement counted once per theme it carries."""
        return self.summary.statements

    @property
    def distinctive(self) -> list[str]:
        return self.summary.distinctive

    def weight(self, theme: str) -> float:
        return self.summary.weights.get(theme, 0.0)

    def best(self, theme: str) -> str | None:
        return self.summary.best.get(theme)

    def amount(self, theme: str) -> str:
        """How much the authority was told about a theme, in words."""
        if self.counts is not None:
            return f"{self.counts.get(theme, 0)} statement(s)"
        return f"weight {self.weight(theme):.1f}"

    def top_themes(self, k: int = 5) -> list[str]:
        return sorted(self.summary.weights, key=lambda t: (-self.weight(t), t))[:k]


class KgData:
    """Cached reads of one store shared by the projections (one instance per command)."""

    def __init__(self, store) -> None:
        self.store = store

    def _rows(self, name: str):
        """Rows of ``queries/views/NAME.rq``."""
        return self.store.query(view_query(name))

    # ---------------------------------------------------------------- reference data
    @cached_property
    def labels(self) -> dict[str, str]:
        """Concept IRI -> preferred label (themes, grades, areas, inspection types, roles)."""
        out: dict[str, str] = {}
        for r in self._rows("concepts"):
            out.setdefault(r["concept"].value, r["label"].value)
        return out

    def label(self, scheme: str, ident: str) -> str:
        return self.labels.get(f"{_ID}{scheme}/{ident}", ident)

    @cached_property
    def theme_ids(self) -> list[str]:
        prefix = f"{_ID}theme/"
        return sorted(iri[len(prefix):] for iri in self.labels if iri.startswith(prefix))

    @cached_property
    def authorities(self) -> dict[str, AuthorityInfo]:
        out: dict[str, AuthorityInfo] = {}
        for r in self._rows("authorities"):
            iri = r["auth"].value
            if iri in out:
                continue
            region, rlabel = r["region"], r["region_label"]
            out[iri] = AuthorityInfo(iri, r["code"].value, r["name"].value,
                                     region.value if region else "", rlabel.value if rlabel else "")
        return out

    def authority(self, iri: str) -> AuthorityInfo:
        if iri not in self.authorities:  # inspected but not in the reference table
            code = iri.rsplit("/", 1)[-1]
            self.authorities[iri] = AuthorityInfo(iri, code, code)
        return self.authorities[iri]

    @cached_property
    def _ambiguous(self) -> set[str]:
        """Short names borne by more than one inspected authority (a council and its
        predecessor under an older GSS code)."""
        seen = Counter(self.authority(a).name for a in self.by_authority)
        return {n for n, k in seen.items() if k > 1}

    def name(self, iri: str) -> str:
        """An authority's short name, with its GSS code when the name alone is ambiguous."""
        a = self.authority(iri)
        return f"{a.name} ({a.code})" if a.name in self._ambiguous else a.name

    @cached_property
    def regions(self) -> dict[str, str]:
        """Region IRI -> label."""
        return {a.region: a.region_label or a.region.rsplit("/", 1)[-1]
                for a in self.authorities.values() if a.region}

    # ---------------------------------------------------------------- inspections
    @cached_property
    def canonical(self) -> dict[str, str]:
        """Account IRI (an inspection as a letter or news text reports it) -> inspection IRI."""
        return {r["account"].value: r["canonical"].value for r in self._rows("canonical")}

    def key_of(self, iri: str) -> str:
        """The canonical inspection an inspection IRI or account IRI stands for."""
        return self.canonical.get(iri, iri)

    @cached_property
    def inspections(self) -> dict[str, InspectionInfo]:
        """Canonical inspection IRI -> the inspection with its accounts merged in: the
        inspection's own record (its report) first, accounts only fill what it lacks."""
        canon = self.canonical
        out: dict[str, InspectionInfo] = {}
        rows = sorted(self._rows("inspections"), key=lambda r: (r["inspection"].value in canon,
                                                                r["inspection"].value))
        for r in rows:
            iri = r["inspection"].value
            key = canon.get(iri, iri)
            texts = [r[v].value if r[v] else None for v in ("start", "end", "issued", "year")]
            when = next((d for d in map(_date, texts) if d), None)
            shown = next((t for t in texts if t), "")
            prev = bool(r["previous"] and r["previous"].value == "true")
            insp = out.get(key)
            if insp is None:
                out[key] = InspectionInfo(key, r["auth"].value,
                                          _local(r["type"].value, "inspection-type"),
                                          when, shown, prev, members=[iri])
                continue
            if iri not in insp.members:
                insp.members.append(iri)
            insp.previous = insp.previous and prev  # one first-hand account is enough
            if insp.when is None and when:
                insp.when, insp.date_text = when, shown
        own = sorted(self._rows("judgements"), key=lambda r: (r["inspection"].value in canon,
                                                              r["inspection"].value))
        for r in own:
            insp = out.get(canon.get(r["inspection"].value, r["inspection"].value))
            if insp:
                insp.grades.setdefault(_local(r["area"].value, "area"), _local(r["grade"].value, "grade"))
        return out

    @cached_property
    def _leads_and_sources(self) -> bool:
        """Fill ``lead`` and ``sources`` of every inspection (only views that show them)."""
        out = self.inspections
        for r in self._rows("sources"):
            insp = out.get(self.key_of(r["inspection"].value))
            if insp:
                insp.sources.add(r["file"].value)
        for r in self._rows("leads"):
            insp = out.get(self.key_of(r["inspection"].value))
            if insp and (insp.lead is None or r["person"].value < insp.lead):
                insp.lead = r["person"].value
        return True

    def lead_of(self, insp: InspectionInfo) -> str | None:
        """The lead inspector's IRI (the first by IRI when sources disagree)."""
        self._leads_and_sources
        return insp.lead

    def sources_of(self, insp: InspectionInfo) -> list[str]:
        self._leads_and_sources
        return sorted(insp.sources)

    @cached_property
    def person_names(self) -> dict[str, str]:
        """Person IRI -> name (the shortest form when documents spell it differently)."""
        names: dict[str, str] = {}
        for r in self._rows("names"):
            p, n = r["person"].value, r["name"].value
            names[p] = min(names.get(p, n), n, key=lambda x: (len(x), x))
        return names

    def person_name(self, iri: str) -> str:
        return self.person_names.get(iri) or iri.rsplit("/", 1)[-1]

    @cached_property
    def by_authority(self) -> dict[str, list[InspectionInfo]]:
        """Authority IRI -> its inspections, most recent first."""
        out: dict[str, list[InspectionInfo]] = defaultdict(list)
        for insp in self.inspections.values():
            out[insp.authority].append(insp)
        for lst in out.values():
            lst.sort(key=lambda i: i.sort_key, reverse=True)
        return dict(out)

    def latest_graded(self, auth: str, until: date | None = None) -> InspectionInfo | None:
        """The authority's most recent inspection with an overall effectiveness grade."""
        for insp in self.by_authority.get(auth, ()):
            if OVERALL in insp.grades and (until is None or insp.when is None or insp.when <= until):
                return insp
        return None

    def latest_grade(self, auth: str, until: date | None = None) -> str | None:
        insp = self.latest_graded(auth, until)
        return insp.grades[OVERALL] if insp else None

    def inspection_title(self, insp: InspectionInfo) -> str:
        return f"{insp.date_text or 'undated'} {self.label('inspection-type', insp.type)}"

    def grades_text(self, insp: InspectionInfo) -> list[str]:
        areas = sorted(insp.grades, key=lambda a: (a != OVERALL, a))
        return [f"{self.label('area', a)}: {self.label('grade', insp.grades[a])}" for a in areas]

    # ---------------------------------------------------------------- weaknesses (summaries)
    @cached_property
    def observations(self) -> list[sm.Observation]:
        """Weakness observations of first-hand inspections, an account (a letter or news
        text about an inspection) counted under the inspection it reports."""
        out = []
        for r in self._rows("weakness-observations"):
            key = self.key_of(r["inspection"].value)
            insp = self.inspections.get(key)
            if insp is None or insp.previous:
                continue
            out.append(sm.Observation(key, insp.authority, _local(r["theme"].value, "theme"),
                                      float(r["weight"].value), int(r["n"].value), r["best"].value))
        return sorted(out)

    @cached_property
    def inspection_dates(self) -> dict[str, sm.InspectionDate]:
        return {i.iri: sm.InspectionDate(i.iri, i.authority, i.when, i.grades.get(OVERALL))
                for i in self.inspections.values()}

    @cached_property
    def inspection_themes(self) -> dict[str, dict[str, ThemeCount]]:
        """Canonical inspection IRI -> theme id -> its weakness statements."""
        out: dict[str, dict[str, ThemeCount]] = defaultdict(lambda: defaultdict(ThemeCount))
        for o in self.observations:
            out[o.inspection][o.theme].add(o.statements, o.weight, o.best)
        return {i: dict(t) for i, t in out.items()}

    def inspection_observations(self, inspections: Iterable[str]) -> dict[str, dict[str, ThemeCount]]:
        """Canonical inspection IRI -> theme id -> weakness statements, for a few inspections
        (and every account of them)."""
        members = sorted({m for i in inspections
                          for m in (self.inspections[i].members if i in self.inspections else [i])})
        out: dict[str, dict[str, ThemeCount]] = defaultdict(lambda: defaultdict(ThemeCount))
        for chunk in _chunks(members):
            query = with_values(view_query("inspection-observations"), map(ox.NamedNode, chunk))
            for r in self.store.query(query):
                out[self.key_of(r["inspection"].value)][_local(r["theme"].value, "theme")].add(
                    int(r["n"].value), float(r["weight"].value), r["best"].value)
        return {i: dict(t) for i, t in out.items()}

    @cached_property
    def stored_profiles(self) -> dict[str, Profile] | None:
        """The profiles of the analysis graph (each authority's latest inspection stating
        weaknesses, recomputed after every build): a few thousand rows, where reading every
        inspection's observations is ten times more. ``None`` when the graph has none."""
        heads: dict[str, tuple[str, int, list[str]]] = {}
        for r in self._rows("profiles"):
            p = r["profile"].value
            auth, n, basis = heads.setdefault(p, (r["auth"].value, int(r["n"].value), []))
            basis.append(r["inspection"].value)
        if not heads:
            return None
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self._rows("profile-themes"):
            weights[r["profile"].value][_local(r["theme"].value, "theme")] = float(r["weight"].value)
        built = {auth: sm.Profile(auth, sorted(basis), weights[p], n, {})
                 for p, (auth, n, basis) in heads.items()}
        self._profile_iri = {auth: p for p, (auth, _, _) in heads.items()}
        sm.distinctiveness(built)  # the shares and lift the analysis graph was made with
        return self._wrap(built, None)

    def need_best(self, pairs: Iterable[tuple[str, str]], *, every: int = 1500) -> None:
        """Fill in the best evidence of (authority IRI, theme id) pairs the analysis graph's
        profiles are read without (most views show a few; ``every`` or more: read them all)."""
        stored = self.stored_profiles or {}
        missing = sorted({(a, t) for a, t in pairs
                          if a in stored and t in stored[a].themes and t not in stored[a].summary.best})
        if not missing:
            return
        by_iri = {p: a for a, p in self._profile_iri.items()}
        rows = None if len(missing) >= every else [
            (ox.NamedNode(self._profile_iri[a]), ox.NamedNode(f"{_ID}theme/{t}")) for a, t in missing]
        for chunk in [rows] if rows is None else _chunks(rows, 500):
            for r in self.store.query(with_values(view_query("profile-evidence"), chunk)):
                auth = by_iri.get(r["profile"].value)
                if auth:
                    stored[auth].summary.best[_local(r["theme"].value, "theme")] = r["best"].value

    def _wrap(self, built: dict[str, sm.Profile], counts) -> dict[str, Profile]:
        out: dict[str, Profile] = {}
        for auth in sorted(built, key=lambda a: self.authority(a).code):
            p = built[auth]
            basis = sorted(p.basis, key=lambda i: self.inspections[self.key_of(i)].sort_key
                           if self.key_of(i) in self.inspections else (date.min, i), reverse=True)
            out[auth] = Profile(auth, basis, p, counts(basis) if counts else None)
        return out

    def profiles(self, selection: Selection = Selection()) -> dict[str, Profile]:
        """Authority IRI -> weakness profile, for authorities that have weaknesses: the
        analysis graph's for the default selection, else :func:`kg.summaries.build_profiles`
        over every inspection's observations (distinctiveness against the national share of
        all the profiles built, whatever a view then filters)."""
        cache = self.__dict__.setdefault("_profiles", {})
        if selection in cache:
            return cache[selection]
        if selection.latest and self.stored_profiles is not None:
            cache[selection] = self.stored_profiles
            return cache[selection]

        def counts(basis: list[str]) -> dict[str, int]:
            out: Counter[str] = Counter()
            for i in basis:
                for theme, c in self.inspection_themes.get(i, {}).items():
                    out[theme] += c.statements
            return dict(out)

        built = sm.build_profiles(self.observations, self.inspection_dates,
                                  since=selection.since, until=selection.until)
        cache[selection] = self._wrap(built, counts)
        return cache[selection]

    def evidence(self, facts: Iterable[str]) -> dict[str, Quote]:
        """Statement IRI -> quote with source file and page (one row per statement)."""
        facts = sorted(set(facts))
        out: dict[str, Quote] = {}
        for chunk in _chunks(facts):
            query = with_values(view_query("evidence"), (ox.NamedNode(f) for f in chunk))
            for r in self.store.query(query):
                f = r["fact"].value
                page = int(r["page"].value) if r["page"] else None
                q = Quote(r["quote"].value, r["file"].value, page)
                if f not in out or (q.page or 0, q.text) < (out[f].page or 0, out[f].text):
                    out[f] = q
        missing = [f for f in facts if f not in out]
        for chunk in _chunks(missing):
            query = with_values(view_query("text"), (ox.NamedNode(f) for f in chunk))
            for r in self.store.query(query):
                out.setdefault(r["fact"].value, Quote(r["quote"].value if r["quote"] else "",
                                                      r["file"].value))
        return out

    # ---------------------------------------------------------------- resolving arguments
    def resolve_region(self, value: str) -> str:
        v = value.strip().lower()
        for iri, label in self.regions.items():
            if v in (label.lower(), iri.rsplit("/", 1)[-1].lower(), iri.lower()):
                return iri
        known = ", ".join(sorted(self.regions.values()))
        raise QueryError(f"no region {value!r}; regions: {known}")

    def resolve_grade(self, value: str) -> str:
        v = re.sub(r"[\s_]+", "-", value.strip().lower())
        if v in ("ri", "requires-improvement-to-be-good"):
            v = "requires-improvement"
        if v not in GRADE_ORDER:
            raise QueryError(f"no grade {value!r}; grades: {', '.join(GRADE_ORDER)}")
        return v

    def resolve_theme(self, value: str) -> str:
        v = value.strip()
        ids = self.theme_ids
        if v in ids:
            return v
        slug = re.sub(r"[\s_]+", "-", v.lower())
        if slug in ids:
            return slug
        for t in ids:
            if self.label("theme", t).lower() == v.lower():
                return t
        raise QueryError(f"no theme {value!r}; theme ids: {', '.join(ids)}")

    def resolve_authority(self, value: str) -> str:
        v = value.strip()
        for a in self.authorities.values():
            if v.upper() == a.code or v.lower() == a.name.lower():
                return a.iri
        from ..queries import Param, to_term  # name resolution by the bundled lookup

        return to_term(Param("authority", "authority", ""), v).value


# ------------------------------------------------------------------ filters shared by views

def _keep(data: KgData, auth: str, region: str | None, grade: str | None, until: date | None) -> bool:
    if region and data.authority(auth).region != region:
        return False
    if grade and data.latest_grade(auth, until) != grade:
        return False
    return True


def _authority_node(G: nx.Graph, data: KgData, auth: str, selection: Selection,
                    profile: Profile | None, extra: list[str] | None = None) -> str:
    """Add one authority node with its latest grades, distinctive and top themes in the
    tooltip."""
    a = data.authority(auth)
    graded = data.latest_graded(auth, selection.until)
    lines = [f"{a.name} ({a.code})" + (f", {a.region_label}" if a.region_label else "")]
    if graded:
        lines.append(f"Latest grades ({data.inspection_title(graded)}):")
        lines += [f"  {g}" for g in data.grades_text(graded)]
    else:
        lines.append("No graded inspection in the graph.")
    if profile:
        read = profile.inspections
        first = data.inspections.get(data.key_of(read[0]))
        where = (f"the {data.inspection_title(first)}" if len(read) == 1 and first
                 else f"{len(read)} inspections")
        lines.append(f"Weaknesses in {where}: {profile.weaknesses} statement(s) on "
                     f"{len(profile.themes)} theme(s)")
        if profile.distinctive:
            lines.append("Distinctive (share over the national share):")
            lines += [f"  {data.label('theme', t)} ({profile.summary.lift.get(t, 0.0):.1f}x)"
                      for t in profile.distinctive]
        lines.append("Most stated:")
        lines += [f"  {data.label('theme', t)} ({profile.amount(t)})" for t in profile.top_themes(5)]
    lines += extra or []
    attrs = dict(kind="authority", label=data.name(auth), code=a.code, region=a.region_label,
                 tooltip="\n".join(lines), weaknesses=profile.weaknesses if profile else 0,
                 themes=sorted(profile.themes) if profile else [],
                 distinctive=list(profile.distinctive) if profile else [], iri=a.iri)
    grade = graded.grades[OVERALL] if graded else None
    if grade:
        attrs["grade"] = grade
    G.add_node(a.key, **attrs)
    return a.key


def _theme_node(G: nx.Graph, data: KgData, theme: str, authorities: int,
                statements: int | None) -> str:
    key = f"theme:{theme}"
    label = data.label("theme", theme)
    G.add_node(key, kind="theme", label=label, theme=theme, value=authorities,
               authorities=authorities, weaknesses=statements,
               tooltip=f"{label} ({theme})\nWeakness of {authorities} authorit"
                       f"{'y' if authorities == 1 else 'ies'}"
                       + (f" ({statements} statement(s))" if statements is not None else ""))
    return key


def _finish(G: nx.Graph) -> nx.Graph:
    """Authorities that share a short name (a council and its predecessor) get their code."""
    seen = Counter(a["label"] for _, a in G.nodes(data=True) if a.get("kind") == "authority")
    for _, a in G.nodes(data=True):
        if a.get("kind") == "authority" and seen[a["label"]] > 1:
            a["label"] = f"{a['label']} ({a['code']})"
    return G


# ------------------------------------------------------------------ similarity (kNN graph)

@dataclass(frozen=True)
class Link:
    """Two authorities linked for their similar distinctive weaknesses."""

    a: str
    b: str
    score: float  # cosine of excess shares (kg.summaries.similarity)
    shared: tuple[str, ...]  # distinctive for both, strongest first
    fallback: bool = False  # a's nearest, though it shares fewer than min_shared themes


@dataclass
class Links:
    """The links of a similarity graph and, per authority, the others in order of similarity
    (for "B is A's 2nd most similar")."""

    links: list[Link]
    order: dict[str, list[str]]

    def rank(self, a: str, b: str) -> int | None:
        try:
            return self.order[a].index(b) + 1
        except ValueError:
            return None


def similar_pairs(profiles: dict[str, sm.Profile], k: int = 3, min_shared: int = 1) -> Links:
    """At most ``k`` links per authority, the most similar pairs first (a greedy b-matching).

    Why not each authority's ``k`` nearest: similarity is a cosine, and a long report's shares
    are smooth and close to the mean of its kind while a short letter's are noisy, so the long
    reports are everyone's nearest and a plain k-nearest-neighbour graph gives them the most
    links (on the generated corpus of tests/test_views_national.py the rank correlation of
    links with statements was 0.4-0.8). Capping every authority at ``k`` (Jebara, Wang and
    Chang, "Graph construction and b-matching for semi-supervised learning", ICML 2009)
    removes those hubs. Only pairs sharing at least ``min_shared`` distinctive themes are
    linked; an authority left with no link keeps its single most similar one (``fallback``;
    by excess shares, else by raw shares), so no authority with weaknesses is left unlinked
    unless it shares no weakness theme with anyone."""
    items = sorted(profiles)
    score: dict[tuple[str, str], float] = {}
    order: dict[str, list[tuple[float, str]]] = defaultdict(list)
    # kg.summaries.similarity, pair by pair, was most of this function: the same cosine with
    # the norms computed once and each dot product over the shorter vector
    vec = {a: profiles[a].excess for a in items}
    norm = {a: sum(v * v for v in vec[a].values()) ** 0.5 for a in items}
    for i, a in enumerate(items):
        va = vec[a]
        if not norm[a]:
            continue
        for b in items[i + 1:]:
            vb = vec[b]
            small, large = (va, vb) if len(va) <= len(vb) else (vb, va)
            dot = sum(x * large[t] for t, x in small.items() if t in large)
            if dot > 0:
                s = dot / (norm[a] * norm[b])
                score[(a, b)] = s
                order[a].append((-s, b))
                order[b].append((-s, a))
    ranked = {a: [b for _, b in sorted(order.get(a, []))] for a in items}
    degree: Counter[str] = Counter()
    links: list[Link] = []
    for (a, b), s in sorted(score.items(), key=lambda x: (-x[1], x[0])):
        if degree[a] >= k or degree[b] >= k:
            continue
        shared = tuple(sm.shared_themes(profiles[a], profiles[b]))
        if len(shared) >= min_shared:
            links.append(Link(a, b, s, shared))
            degree[a] += 1
            degree[b] += 1
    for a in items:
        if degree[a] or k < 1:
            continue
        if ranked[a]:
            b = ranked[a][0]
            s = score[(min(a, b), max(a, b))]
        else:
            raw = sorted((-_cosine(profiles[a].share, profiles[b].share), b) for b in items if b != a)
            if not raw or raw[0][0] >= 0:
                continue  # nothing in common with anyone
            b, s = raw[0][1], -raw[0][0]
        links.append(Link(a, b, s, tuple(sm.shared_themes(profiles[a], profiles[b])), True))
        degree[a] += 1
        degree[b] += 1
    return Links(links, ranked)


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    dot = sum(u[t] * v[t] for t in set(u) & set(v))
    if not dot:
        return 0.0
    return dot / ((sum(x * x for x in u.values()) * sum(x * x for x in v.values())) ** 0.5)


def similarity_graph(profiles: dict[str, sm.Profile], k: int = 3, min_shared: int = 1) -> nx.Graph:
    """:func:`similar_pairs` as a graph (nodes: authority IRIs in sorted order; edge
    ``weight`` = similarity, ``link`` = the :class:`Link`; ``graph["links"]`` the
    :class:`Links`)."""
    found = similar_pairs(profiles, k, min_shared)
    G = nx.Graph(links=found)
    G.add_nodes_from(sorted(profiles))
    for link in found.links:
        if not G.has_edge(link.a, link.b):
            G.add_edge(link.a, link.b, weight=round(link.score, 6), link=link,
                       shared=link.shared, fallback=link.fallback)
    return G


def louvain(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> list[list[str]]:
    """Seeded Louvain communities, largest first (ties by first member)."""
    if G.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(c) for c in parts), key=lambda c: (-len(c), c[0]))


def community_themes(members: list[str], profiles: dict[str, Profile], top: int = 3
                     ) -> list[tuple[str, int, float]]:
    """(theme, members for whom it is distinctive, mean lift) - the themes that make a
    community, most widely distinctive first."""
    count: Counter[str] = Counter(t for a in members for t in profiles[a].distinctive)
    lift = {t: sum(profiles[a].summary.lift.get(t, 0.0) for a in members) / len(members)
            for t in count}
    ranked = sorted(count, key=lambda t: (-count[t], -lift[t], t))
    return [(t, count[t], round(lift[t], 2)) for t in ranked[:top]]


# ------------------------------------------------------------------ view 1: shared weaknesses

def shared_weaknesses(data: KgData, selection: Selection = Selection(), *, k: int = 3,
                      min_shared: int = 1, weight: str = "similarity", region: str | None = None,
                      grade: str | None = None, size: str = "weaknesses", evidence: bool = True,
                      seed: int = 42) -> nx.Graph:
    """Each authority linked to up to ``k`` of its most similar authorities (see
    :func:`similar_pairs`), coloured by Louvain community, with its latest overall grade.

    ``weight`` is ``similarity`` (cosine of excess shares) or ``shared`` (distinctive themes
    shared); ``size`` is ``weaknesses`` (weakness statements) or ``degree``. ``region`` is a
    region IRI and ``grade`` a grade id (latest overall effectiveness) - see
    ``KgData.resolve_*``; distinctiveness is always against the national share.
    """
    if weight not in ("similarity", "shared"):
        raise QueryError(f"weight must be 'similarity' or 'shared', not {weight!r}")
    if size not in ("weaknesses", "degree"):
        raise QueryError(f"size must be 'weaknesses' or 'degree', not {size!r}")
    if k < 1 or min_shared < 0:
        raise QueryError("k must be at least 1 and min_shared at least 0")
    profiles = {a: p for a, p in data.profiles(selection).items()
                if _keep(data, a, region, grade, selection.until)}
    S = similarity_graph({a: p.summary for a, p in profiles.items()}, k, min_shared)
    comms = louvain(S, seed)
    community = {a: n for n, members in enumerate(comms, 1) for a in members}
    G = nx.Graph()
    legend = []
    for n, members in enumerate(comms, 1):
        themes = community_themes(members, profiles, 2)
        label = _and([data.label("theme", t) for t, _, _ in themes]) or "no distinctive theme"
        legend.append({"number": n, "size": len(members), "label": label})
    for auth, prof in profiles.items():
        n = community[auth]
        extra = [f"Community {n} ({legend[n - 1]['size']} authorities): {legend[n - 1]['label']}"]
        _authority_node(G, data, auth, selection, prof, extra)
        G.nodes[data.authority(auth).key].update(community=n)
    if evidence and selection.latest:
        data.need_best((x, t) for a, b, e in S.edges(data=True) for t in e["shared"] for x in (a, b))
    quotes = data.evidence({f for a, b, e in S.edges(data=True) for t in e["shared"]
                            for f in (profiles[a].best(t), profiles[b].best(t)) if f}
                           if evidence else ())
    for a, b, e in S.edges(data=True):
        pa, pb = profiles[a], profiles[b]
        na, nb = data.name(a), data.name(b)
        shared = list(e["shared"])
        ranks = "; ".join(f"{data.name(x)}'s {_ordinal(r)}" if r else f"{data.name(x)}'s nearest by raw shares"
                          for x, y in ((a, b), (b, a)) for r in [S.graph["links"].rank(x, y)])
        lines = [f"{na} and {nb}: similarity {e['weight']:.2f} ({ranks})",
                 f"{len(shared)} shared distinctive weakness theme(s)"
                 + (" (nearest authority; no theme distinctive for both)" if not shared else "")]
        cited: dict[str, list[list]] = {}
        for t in shared:
            lines.append(f"• {data.label('theme', t)}")
            cited[t] = []
            for name, prof in ((na, pa), (nb, pb)):
                q = quotes.get(prof.best(t) or "")
                lines.append(f"    {name}: {q.cite() if q else '(no quote)'}")
                cited[t].append([name, q.text if q else "", q.source if q else "",
                                 q.page if q and q.page else 0])
        G.add_edge(data.authority(a).key, data.authority(b).key, kind="shares",
                   weight=len(shared) if weight == "shared" else e["weight"],
                   similarity=e["weight"], shared=len(shared), themes=shared,
                   fallback=e["fallback"], evidence=cited, tooltip="\n".join(lines))
    for key, attrs in G.nodes(data=True):
        deg = G.degree(key)
        attrs["degree"] = deg
        attrs["value"] = attrs["weaknesses"] if size == "weaknesses" else deg
        attrs["tooltip"] += f"\nLinked to {deg} authorit{'y' if deg == 1 else 'ies'}"
    filters = [f"region {data.regions.get(region, region)}" if region else "",
               f"latest overall grade {data.label('grade', grade)}" if grade else ""]
    G.graph.update(
        title="Authorities with similar distinctive weaknesses",
        description=(f"{G.number_of_nodes()} authorities, {G.number_of_edges()} links, "
                     f"{len(comms)} communities; weaknesses from {selection.describe()}"
                     + "".join(f"; {f}" for f in filters if f)),
        size_meaning="number of weakness statements" if size == "weaknesses" else "number of links",
        edge_meaning=(f"at most {k} links per authority, the most similar pairs first (cosine "
                      f"of theme shares above the national share), sharing at least {min_shared} "
                      f"distinctive weakness theme(s); dashed: an authority's nearest, sharing "
                      f"fewer; width = "
                      + ("distinctive themes shared" if weight == "shared" else "similarity")),
        communities=len(comms), community_legend=legend, k=k, min_shared=min_shared,
    )
    return _finish(G)


def _ordinal(n: int) -> str:
    return {1: "most similar", 2: "2nd most similar", 3: "3rd most similar"}.get(
        n, f"{n}th most similar")


# ------------------------------------------------------------------ view 2: one authority

def authority_view(data: KgData, auth: str, *, top: int = 8,
                   selection: Selection = Selection()) -> nx.Graph:
    """An authority's inspections over time with grades, the weakness themes each stated, the
    inspectors who led each visit, and its ``top`` most similar authorities."""
    a = data.authority(auth)
    inspections = sorted(data.by_authority.get(auth, []), key=lambda i: i.sort_key)
    if not inspections:
        raise QueryError(f"no inspections of {a.name} ({a.code}) in this store")
    profiles = data.profiles(selection)
    G = nx.Graph()
    centre = _authority_node(G, data, auth, selection, profiles.get(auth))
    G.nodes[centre]["value"] = 30
    found = data.inspection_observations(i.iri for i in inspections if not i.previous)
    per_insp = {i.iri: found.get(i.iri, {}) for i in inspections}
    quotes = data.evidence(c.best for themes in per_insp.values() for c in themes.values() if c.best)
    theme_hits: dict[str, list[str]] = defaultdict(list)  # theme -> inspection keys
    for step, insp in enumerate(inspections):
        key = f"inspection:{insp.iri}"
        grade = insp.grades.get(OVERALL)
        themes = per_insp[insp.iri]
        lines = [f"{a.name}: {data.inspection_title(insp)}"]
        if insp.previous:
            lines.append("(mentioned in a later report)")
        lines += data.grades_text(insp)
        lead = data.lead_of(insp)
        if lead:
            lines.append(f"Lead inspector: {data.person_name(lead)}")
        if themes:
            lines.append(f"{sum(c.statements for c in themes.values())} weakness statement(s) on "
                         f"{len(themes)} theme(s)")
        lines += [f"Source: {s}" for s in data.sources_of(insp)]
        attrs = dict(kind="inspection", label=f"{insp.date_text[:7] or 'undated'} {insp.type}",
                     tooltip="\n".join(lines), timeline=step, date=insp.date_text, type=insp.type,
                     value=10 + len(themes), iri=insp.iri)
        if grade:
            attrs["grade"] = grade
        G.add_node(key, **attrs)
        G.add_edge(centre, key, kind="inspected", weight=1,
                   tooltip=f"{a.name} inspected: {data.inspection_title(insp)}")
        if lead:
            pkey = f"inspector:{lead}"
            name = data.person_name(lead)
            if pkey not in G:
                G.add_node(pkey, kind="inspector", label=name, tooltip=f"{name}\nLed:", value=8,
                           iri=lead)
            G.nodes[pkey]["tooltip"] += f"\n  {data.inspection_title(insp)}"
            G.add_edge(pkey, key, kind="led", weight=1,
                       tooltip=f"{name} led the {data.inspection_title(insp)}")
        for theme, c in sorted(themes.items()):
            theme_hits[theme].append(key)
            tkey = f"theme:{theme}"
            if tkey not in G:
                G.add_node(tkey, kind="theme", label=data.label("theme", theme), theme=theme,
                           tooltip=f"{data.label('theme', theme)} ({theme})\nStated as a weakness in:")
            G.nodes[tkey]["tooltip"] += f"\n  {data.inspection_title(insp)} ({c.statements})"
            q = quotes.get(c.best)
            G.add_edge(key, tkey, kind="has-weakness", weight=c.statements,
                       tooltip=f"{data.label('theme', theme)}: {c.statements} statement(s) in the "
                               f"{data.inspection_title(insp)}\n{q.cite() if q else ''}".rstrip())
    for theme, hits in theme_hits.items():
        G.nodes[f"theme:{theme}"]["value"] = 6 + 3 * len(hits)
    peers = []
    if auth in profiles and top > 0:
        summaries = {o: p.summary for o, p in profiles.items()}
        mine = summaries[auth]
        scored = sorted((-s, o) for o, p in summaries.items()
                        if o != auth and (s := sm.similarity(mine, p)) > 0)
        peers = [(o, -neg, sm.shared_themes(mine, summaries[o])) for neg, o in scored[:top]]
    for other, score, shared in peers:
        okey = _authority_node(G, data, other, selection, profiles[other])
        G.nodes[okey]["value"] = 12
        lines = [f"{a.name} and {data.name(other)}: similarity {score:.2f}, "
                 f"{len(shared)} shared distinctive weakness theme(s)"]
        lines += [f"• {data.label('theme', t)}" for t in shared]
        G.add_edge(centre, okey, kind="shares", weight=round(score, 4), similarity=round(score, 4),
                   shared=len(shared), themes=shared, tooltip="\n".join(lines))
    n = len(peers)
    G.graph.update(
        title=f"{a.name}: inspections, weaknesses, inspectors and peers",
        description=(f"{len(inspections)} inspection(s) and visit(s) of {a.name} ({a.code}) in "
                     f"date order, the weakness themes each stated, the inspectors who led them, "
                     f"and the {n} authorit{'y' if n == 1 else 'ies'} with the most similar "
                     f"distinctive weaknesses ({selection.describe()})"),
        size_meaning="inspections: themes stated; themes: inspections stating them",
        edge_meaning="inspected / led / stated a weakness theme / similar weaknesses (width)",
    )
    return _finish(G)


# ------------------------------------------------------------------ view 3: themes

def _theme_line(prof: Profile, theme: str) -> str:
    s = prof.summary
    return (f"share {s.share.get(theme, 0.0):.0%} of its weakness weight, "
            f"{s.lift.get(theme, 0.0):.1f}x the national share"
            + ("; distinctive" if theme in s.distinctive else ""))


def themes_view(data: KgData, selection: Selection = Selection(), *, region: str | None = None,
                grade: str | None = None, min_authorities: int = 1,
                distinctive_only: bool = False) -> nx.Graph:
    """Bipartite network: authorities linked to the weakness themes they were told about
    (or, with ``distinctive_only``, the themes distinctive for them)."""
    profiles = {a: p for a, p in data.profiles(selection).items()
                if _keep(data, a, region, grade, selection.until)}

    def themes_of(p: Profile) -> set[str]:
        return set(p.distinctive) if distinctive_only else set(p.themes)

    counts: Counter[str] = Counter(t for p in profiles.values() for t in themes_of(p))
    keep = {t for t, n in counts.items() if n >= min_authorities}
    # quotes for the themes distinctive for an authority (a quote on each of some 5,000 links
    # at national scale would be most of the page and of the time)
    quoted = {(a, t) for a, p in profiles.items() for t in set(p.distinctive) & keep}
    if selection.latest:
        data.need_best(quoted)
    quotes = data.evidence(f for a, t in quoted if (f := profiles[a].best(t)))
    G = nx.Graph()
    for t in sorted(keep):
        having = [p for p in profiles.values() if t in themes_of(p)]
        statements = (sum(p.counts.get(t, 0) for p in having)
                      if all(p.counts is not None for p in having) else None)
        _theme_node(G, data, t, counts[t], statements)
        G.nodes[f"theme:{t}"]["distinctive_for"] = sum(1 for p in profiles.values() if t in p.distinctive)
    for auth, prof in profiles.items():
        mine = themes_of(prof) & keep
        if not mine:
            continue
        akey = _authority_node(G, data, auth, selection, prof)
        G.nodes[akey]["value"] = prof.weaknesses
        for t in sorted(mine):
            q = quotes.get(prof.best(t) or "") if (auth, t) in quoted else None
            G.add_edge(akey, f"theme:{t}", kind="has-weakness", weight=round(prof.weight(t), 3),
                       distinctive=t in prof.distinctive,
                       tooltip=(f"{data.name(auth)}: {data.label('theme', t)} ({prof.amount(t)}; "
                                f"{_theme_line(prof, t)})\n{q.cite() if q else ''}").rstrip())
    # one size scale for both kinds: the most widespread theme is as big as the authority
    # with most weakness statements (raw counts stay in "authorities" / "weaknesses")
    top_auth = max((d["value"] for _, d in G.nodes(data=True) if d["kind"] == "authority"), default=1)
    top_theme = max(counts.values(), default=1)
    for t in keep:
        G.nodes[f"theme:{t}"]["value"] = round(counts[t] * top_auth / top_theme, 2)
    G.graph.update(
        title="Authorities and their " + ("distinctive " if distinctive_only else "")
              + "weakness themes",
        description=(f"{sum(1 for _, k in G.nodes(data='kind') if k == 'authority')} authorities, "
                     f"{len(keep)} themes, {G.number_of_edges()} links; {selection.describe()}"),
        size_meaning="themes: number of authorities; authorities: weakness statements",
        edge_meaning=("the theme is distinctive for the authority" if distinctive_only else
                      "the authority was told about a weakness in the theme")
                     + "; width = weight (statements, the primary theme counting most)",
    )
    return _finish(G)


def theme_view(data: KgData, theme: str, selection: Selection = Selection(), *,
               region: str | None = None, grade: str | None = None) -> nx.Graph:
    """One weakness theme and the authorities that have it, coloured by grade."""
    profiles = {a: p for a, p in data.profiles(selection).items()
                if theme in p.themes and _keep(data, a, region, grade, selection.until)}
    if selection.latest:
        data.need_best((a, theme) for a in profiles)
    quotes = data.evidence(f for p in profiles.values() if (f := p.best(theme)))
    G = nx.Graph()
    statements = (sum(p.counts.get(theme, 0) for p in profiles.values())
                  if all(p.counts is not None for p in profiles.values()) else None)
    tkey = _theme_node(G, data, theme, len(profiles), statements)
    G.nodes[tkey]["value"] = 30
    label = data.label("theme", theme)
    for auth, prof in profiles.items():
        q = quotes.get(prof.best(theme) or "")
        n = round(prof.weight(theme), 3)
        akey = _authority_node(G, data, auth, selection, prof,
                               [f"On {label}: {_theme_line(prof, theme)}"]
                               + ([q.cite()] if q else []))
        G.nodes[akey]["value"] = n
        G.add_edge(tkey, akey, kind="has-weakness", weight=n,
                   distinctive=theme in prof.distinctive,
                   tooltip=(f"{data.name(auth)}: {label} ({prof.amount(theme)}; "
                            f"{_theme_line(prof, theme)})\n{q.cite() if q else ''}").rstrip())
    G.graph.update(
        title=f"Authorities with a weakness in: {label}",
        description=(f"{len(profiles)} authorities, for "
                     f"{sum(1 for p in profiles.values() if theme in p.distinctive)} of them "
                     f"distinctive; {selection.describe()}"),
        size_meaning="weight of this theme (statements, the primary theme counting most)",
        edge_meaning="the authority was told about this weakness; width = weight",
    )
    return _finish(G)


# ------------------------------------------------------------------ view 4: inspectors

def inspectors_view(data: KgData, selection: Selection = Selection(), *, lead_only: bool = False,
                    region: str | None = None, grade: str | None = None) -> nx.Graph:
    """Inspectors and the authorities they inspected (every role, or lead inspectors only).
    Without ``since``/``until`` every inspection counts."""
    visits: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (person, auth) -> insp -> role
    for r in data._rows("associations"):
        insp = data.inspections.get(data.key_of(r["inspection"].value))
        if insp is None or insp.previous:
            continue
        if not selection.latest and not selection.contains(insp.when):
            continue
        person = r["person"].value
        is_lead = data.lead_of(insp) == person
        if (lead_only and not is_lead) or not _keep(data, insp.authority, region, grade,
                                                      selection.until):
            continue
        role = "lead inspector" if is_lead else r["role"].value
        roles = visits[(person, insp.authority)]
        roles[insp.iri] = min(roles.get(insp.iri, role), role, key=lambda x: (x != "lead inspector", x))
    per_person: dict[str, dict[str, str]] = defaultdict(dict)
    per_auth: dict[str, set[str]] = defaultdict(set)
    for (person, auth), roles in visits.items():
        per_person[person].update(roles)
        per_auth[auth].update(roles)
    G = nx.Graph()
    for person in sorted(per_person, key=lambda p: (data.person_name(p), p)):
        name, n = data.person_name(person), len(per_person[person])
        led = sum(1 for role in per_person[person].values() if role == "lead inspector")
        G.add_node(f"inspector:{person}", kind="inspector", label=name, iri=person, value=n,
                   inspections=n, led=led, tooltip=f"{name}\n{n} inspection(s), led {led}")
    for auth in sorted(per_auth, key=lambda a: data.authority(a).code):
        akey = _authority_node(G, data, auth, selection, None)
        G.nodes[akey]["value"] = len(per_auth[auth])
        G.nodes[akey]["tooltip"] += f"\n{len(per_auth[auth])} inspection(s) in this view"
    for (person, auth), roles in sorted(visits.items()):
        insps = sorted((data.inspections[i] for i in roles), key=lambda i: i.sort_key)
        lines = [f"{data.person_name(person)} at {data.name(auth)}:"]
        lines += [f"  {data.inspection_title(i)} ({roles[i.iri]})" for i in insps]
        G.add_edge(f"inspector:{person}", data.authority(auth).key, kind="inspected",
                   weight=len(roles), led=sum(1 for r in roles.values() if r == "lead inspector"),
                   tooltip="\n".join(lines))
    n_people = len(per_person)
    G.graph.update(
        title="Inspectors and the authorities they inspected",
        description=(f"{n_people} inspector(s), {G.number_of_nodes() - n_people} authorities, "
                     f"{G.number_of_edges()} links; "
                     + ("lead inspectors only; " if lead_only else "every role; ")
                     + ("all inspections" if selection.latest else selection.describe())),
        size_meaning="inspections taken part in",
        edge_meaning="inspected the authority; width = number of inspections",
    )
    return _finish(G)


__all__ = [
    "KgData", "Selection", "Quote", "Profile", "Link", "shared_weaknesses", "authority_view",
    "themes_view", "theme_view", "inspectors_view", "similar_pairs", "similarity_graph", "louvain",
    "community_themes", "view_query",
]
