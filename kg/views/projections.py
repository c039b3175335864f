"""SPARQL -> networkx projections of the knowledge graph (no rendering here).

Every view function returns a ``networkx.Graph`` whose nodes are keyed ``"<kind>:<id>"`` and
carry:

``kind``     authority | theme | inspection | inspector
``label``    short text drawn on the canvas (never HTML-escaped: canvas text is inert)
``tooltip``  plain text shown on hover (renderers must show it as text, never as HTML)
``grade``    grade id (outstanding, good, requires-improvement, adequate, inadequate) when known
``value``    a number for the node size

and whose edges carry ``kind``, ``weight``, ``tooltip`` and view-specific counts.
``graph.graph`` holds ``title``, ``description``, ``size_meaning`` and ``edge_meaning``.

Reading strategy (measured on bench/synthetic.py's 153 authorities x 10 inspections, about 1.1 M
quads in Oxigraph's in-memory store): the weakness statements of each authority's latest
inspection took 0.07 s with a ``VALUES`` list of the 153 inspection IRIs, 0.5 s when the
evidence was joined in with multi-pattern ``OPTIONAL`` blocks (hash joins over the whole store),
and 0.15 s *per inspection* with the inspection bound through ``substitutions`` (the binding is
not pushed into the plan). So the queries below are small mandatory joins restricted with
``VALUES`` lists of IRIs that came out of the store itself (``pyoxigraph.NamedNode`` validates
and serialises them; nothing a user typed is ever spliced into query text), and joins across
queries happen in Python. Triples repeated in many document graphs (a person's name, types)
come back once per graph from the union default graph, so nothing joins on them.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import networkx as nx
import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import ID

PREFIXES = """PREFIX kg: <https://w3id.org/ofsted-kg/def#>
PREFIX kgid: <https://w3id.org/ofsted-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

Q_CONCEPTS = PREFIXES + """SELECT DISTINCT ?concept ?label WHERE {
  ?concept a skos:Concept ; skos:prefLabel ?label . }"""

Q_AUTHORITIES = PREFIXES + """SELECT DISTINCT ?auth ?name ?code ?region ?region_label WHERE {
  ?auth a kg:LocalAuthority ; schema:name ?name ; skos:notation ?code .
  OPTIONAL { ?auth kg:region ?region . OPTIONAL { ?region rdfs:label ?region_label } } }"""

# a letter or news text gives its own account of an inspection, linked to the inspection itself
Q_CANONICAL = PREFIXES + """SELECT DISTINCT ?account ?canonical WHERE {
  ?account kg:canonicalInspection ?canonical . }"""

Q_INSPECTIONS = PREFIXES + """SELECT DISTINCT ?inspection ?auth ?type ?start ?end ?issued ?year ?previous WHERE {
  ?inspection a kg:Inspection ; kg:authority ?auth ; kg:inspectionType ?type .
  OPTIONAL { ?inspection schema:startDate ?start }
  OPTIONAL { ?inspection schema:endDate ?end }
  OPTIONAL { ?inspection dcterms:issued ?issued }
  OPTIONAL { ?inspection kg:year ?year }
  OPTIONAL { ?inspection kg:previousMention ?previous } }"""

Q_JUDGEMENTS = PREFIXES + """SELECT DISTINCT ?inspection ?area ?grade WHERE {
  ?inspection kg:hasJudgement ?j . ?j kg:area ?area ; kg:grade ?grade . }"""

Q_LEADS = PREFIXES + """SELECT DISTINCT ?inspection ?person WHERE {
  ?inspection kg:leadInspector ?person . }"""

# a person's name is stated in every document naming them: never join on it (the union of
# named graphs repeats such triples once per graph), read it once here
Q_NAMES = PREFIXES + """SELECT DISTINCT ?person ?name WHERE {
  ?person schema:name ?name . FILTER(STRSTARTS(STR(?person), "https://w3id.org/ofsted-kg/id/person/")) }"""

Q_ASSOCIATIONS = PREFIXES + """SELECT DISTINCT ?inspection ?person ?role WHERE {
  ?inspection prov:qualifiedAssociation ?assoc . ?assoc prov:agent ?person ; rdfs:label ?role . }"""

Q_SOURCES = PREFIXES + """SELECT DISTINCT ?inspection ?file WHERE {
  ?inspection a kg:Inspection ; dcterms:isReferencedBy ?doc . ?doc kg:fileName ?file . }"""

# weakness statements (improvement points and weakness findings) of chosen inspections
Q_WEAKNESSES = PREFIXES + """SELECT DISTINCT ?inspection ?fact ?theme WHERE {
  VALUES ?inspection { %s }
  { ?inspection kg:hasFinding ?fact } UNION { ?inspection kg:hasRecommendation ?fact }
  ?fact kg:polarity <https://w3id.org/ofsted-kg/id/polarity/weakness> ; kg:theme ?theme . }"""

# evidence of chosen statements: quote, source document and page
Q_EVIDENCE = PREFIXES + """SELECT DISTINCT ?fact ?quote ?file ?page WHERE {
  VALUES ?fact { %s }
  ?fact kg:evidence ?anno ; prov:wasDerivedFrom ?doc .
  ?anno oa:hasTarget ?target . ?target oa:hasSelector ?sel . ?sel oa:exact ?quote .
  ?doc kg:fileName ?file .
  OPTIONAL { ?fact kg:page ?page } }"""

# statements that have no quote (an improvement point read without a span): text and source
Q_TEXT = PREFIXES + """SELECT DISTINCT ?fact ?quote ?file WHERE {
  VALUES ?fact { %s }
  ?fact prov:wasDerivedFrom ?doc . ?doc kg:fileName ?file .
  OPTIONAL { ?fact schema:text ?quote } }"""

OVERALL = "overall-effectiveness"
GRADE_ORDER = ("outstanding", "good", "requires-improvement", "adequate", "inadequate")
QUOTE_CHARS = 150  # quotes in tooltips are cut to this many characters
DETAILED_THEMES = 3  # shared themes shown with quotes in an edge tooltip; the rest by name
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


# ------------------------------------------------------------------ records read from the store

@dataclass(frozen=True)
class Selection:
    """Which inspections a view reads weaknesses from: each authority's most recent inspection
    or visit that states weaknesses (default), or every inspection in a date window."""

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
        return f"inspections until {self.until.isoformat()}"


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
class Profile:
    """The weakness themes of one authority in the selected inspections."""

    authority: str  # authority IRI
    inspections: list[str]  # inspection IRIs read
    statements: dict[str, set[str]]  # theme id -> weakness statement IRIs
    evidence: dict[str, Quote] = field(default_factory=dict)  # theme id -> one quote

    @property
    def themes(self) -> frozenset[str]:
        return frozenset(self.statements)

    @property
    def weaknesses(self) -> int:
        return len({f for fs in self.statements.values() for f in fs})

    def top_themes(self, k: int = 5) -> list[str]:
        return sorted(self.statements, key=lambda t: (-len(self.statements[t]), t))[:k]


class KgData:
    """Cached reads of one store shared by the projections (one instance per command)."""

    def __init__(self, store) -> None:
        self.store = store

    def _rows(self, query: str):
        return self.store.query(query)

    # ---------------------------------------------------------------- reference data
    @cached_property
    def labels(self) -> dict[str, str]:
        """Concept IRI -> preferred label (themes, grades, areas, inspection types, roles)."""
        out: dict[str, str] = {}
        for r in self._rows(Q_CONCEPTS):
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
        for r in self._rows(Q_AUTHORITIES):
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
        return {r["account"].value: r["canonical"].value for r in self._rows(Q_CANONICAL)}

    def key_of(self, iri: str) -> str:
        """The canonical inspection an inspection IRI or account IRI stands for."""
        return self.canonical.get(iri, iri)

    @cached_property
    def inspections(self) -> dict[str, InspectionInfo]:
        """Canonical inspection IRI -> the inspection with its accounts merged in: the
        inspection's own record (its report) first, accounts only fill what it lacks."""
        canon = self.canonical
        out: dict[str, InspectionInfo] = {}
        rows = sorted(self._rows(Q_INSPECTIONS), key=lambda r: (r["inspection"].value in canon,
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
        own = sorted(self._rows(Q_JUDGEMENTS), key=lambda r: (r["inspection"].value in canon,
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
        for r in self._rows(Q_SOURCES):
            insp = out.get(self.key_of(r["inspection"].value))
            if insp:
                insp.sources.add(r["file"].value)
        for r in self._rows(Q_LEADS):
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
        for r in self._rows(Q_NAMES):
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

    # ---------------------------------------------------------------- weaknesses
    def _weakness_rows(self, inspections: list[str]) -> dict[str, dict[str, set[str]]]:
        """Canonical inspection IRI -> theme id -> weakness statement IRIs (from the
        inspection's report and every account of it)."""
        out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        members = sorted({m for i in inspections for m in (self.inspections[i].members
                                                           if i in self.inspections else [i])})
        for chunk in _chunks(members):
            for r in self._rows(Q_WEAKNESSES % _values(ox.NamedNode(i) for i in chunk)):
                key = self.key_of(r["inspection"].value)
                out[key][_local(r["theme"].value, "theme")].add(r["fact"].value)
        return out

    def evidence(self, facts: Iterable[str]) -> dict[str, Quote]:
        """Statement IRI -> quote with source file and page."""
        facts = sorted(set(facts))
        out: dict[str, Quote] = {}
        for chunk in _chunks(facts):
            for r in self._rows(Q_EVIDENCE % _values(ox.NamedNode(f) for f in chunk)):
                f = r["fact"].value
                page = int(r["page"].value) if r["page"] else None
                q = Quote(r["quote"].value, r["file"].value, page)
                if f not in out or (q.page or 0, q.text) < (out[f].page or 0, out[f].text):
                    out[f] = q
        missing = [f for f in facts if f not in out]
        for chunk in _chunks(missing):
            for r in self._rows(Q_TEXT % _values(ox.NamedNode(f) for f in chunk)):
                out.setdefault(r["fact"].value, Quote(r["quote"].value if r["quote"] else "",
                                                      r["file"].value))
        return out

    def profiles(self, selection: Selection = Selection(), *, with_evidence: bool = True
                 ) -> dict[str, Profile]:
        """Authority IRI -> weakness profile, for authorities that have weaknesses."""
        key = (selection, with_evidence)
        cache = self.__dict__.setdefault("_profiles", {})
        if key in cache:
            return cache[key]
        chosen: dict[str, list[str]] = defaultdict(list)
        statements: dict[str, dict[str, set[str]]] = {}
        if selection.latest:
            # walk back from each authority's most recent visit until one states weaknesses
            queues = {a: [i.iri for i in lst if not i.previous] for a, lst in self.by_authority.items()}
            while queues:
                batch = {a: q.pop(0) for a, q in queues.items() if q}
                if not batch:
                    break
                rows = self._weakness_rows(list(batch.values()))
                for a, insp in batch.items():
                    if rows.get(insp):
                        chosen[a].append(insp)
                        statements[insp] = rows[insp]
                        queues.pop(a)
                queues = {a: q for a, q in queues.items() if q}
        else:
            picked = [i for i in self.inspections.values()
                      if not i.previous and i.when is not None and selection.contains(i.when)]
            rows = self._weakness_rows([i.iri for i in picked])
            for insp in sorted(picked, key=lambda i: i.sort_key, reverse=True):
                if rows.get(insp.iri):
                    chosen[insp.authority].append(insp.iri)
                    statements[insp.iri] = rows[insp.iri]
        out: dict[str, Profile] = {}
        for auth in sorted(chosen, key=lambda a: self.authority(a).code):
            merged: dict[str, set[str]] = defaultdict(set)
            for insp in chosen[auth]:
                for theme, facts in statements[insp].items():
                    merged[theme] |= facts
            out[auth] = Profile(auth, chosen[auth], dict(merged))
        if with_evidence:
            # one statement per (authority, theme): from the most recent inspection, first IRI
            reps: dict[tuple[str, str], str] = {}
            for auth, prof in out.items():
                for insp in prof.inspections:  # most recent first
                    for theme, facts in statements[insp].items():
                        reps.setdefault((auth, theme), min(facts))
            quotes = self.evidence(reps.values())
            for (auth, theme), fact in reps.items():
                if fact in quotes:
                    out[auth].evidence[theme] = quotes[fact]
        cache[key] = out
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
    """Add one authority node with its latest grades and top themes in the tooltip."""
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
        where = (f"the {data.inspection_title(data.inspections[read[0]])}" if len(read) == 1
                 else f"{len(read)} inspections")
        lines.append(f"Weaknesses in {where}: {profile.weaknesses} statement(s) on "
                     f"{len(profile.statements)} theme(s); top:")
        lines += [f"  {data.label('theme', t)} ({len(profile.statements[t])})" for t in profile.top_themes(5)]
    lines += extra or []
    attrs = dict(kind="authority", label=data.name(auth), code=a.code, region=a.region_label,
                 tooltip="\n".join(lines), weaknesses=profile.weaknesses if profile else 0,
                 themes=sorted(profile.themes) if profile else [], iri=a.iri)
    grade = graded.grades[OVERALL] if graded else None
    if grade:
        attrs["grade"] = grade
    G.add_node(a.key, **attrs)
    return a.key


def _theme_node(G: nx.Graph, data: KgData, theme: str, authorities: int, statements: int) -> str:
    key = f"theme:{theme}"
    label = data.label("theme", theme)
    G.add_node(key, kind="theme", label=label, theme=theme, value=authorities,
               authorities=authorities, weaknesses=statements,
               tooltip=f"{label} ({theme})\nWeakness of {authorities} authorit"
                       f"{'y' if authorities == 1 else 'ies'} ({statements} statement(s))")
    return key


def _finish(G: nx.Graph) -> nx.Graph:
    """Authorities that share a short name (a council and its predecessor) get their code."""
    seen = Counter(a["label"] for _, a in G.nodes(data=True) if a.get("kind") == "authority")
    for _, a in G.nodes(data=True):
        if a.get("kind") == "authority" and seen[a["label"]] > 1:
            a["label"] = f"{a['label']} ({a['code']})"
    return G


# ------------------------------------------------------------------ view 1: shared weaknesses

def similarity_edges(profiles: dict[str, Profile], min_shared: int = 1
                     ) -> list[tuple[str, str, frozenset[str], float]]:
    """(a, b, shared themes, Jaccard) for every pair sharing at least ``min_shared`` themes."""
    items = [(a, p.themes) for a, p in profiles.items() if p.themes]
    out = []
    for i, (a, ta) in enumerate(items):
        for b, tb in items[i + 1:]:
            shared = ta & tb
            if len(shared) >= max(1, min_shared):
                out.append((a, b, frozenset(shared), len(shared) / len(ta | tb)))
    return out


def auto_min_shared(counts: Iterable[int], nodes: int, per_node: float = 3.0) -> int:
    """The smallest threshold (at least 2) that keeps at most ``per_node`` links per authority
    on average: with about 20 of 40 themes per profile almost every pair shares a few, so a
    fixed low threshold draws a hairball."""
    hist = Counter(counts)
    budget = max(30, per_node * nodes)
    kept = sum(hist.values())
    for k in range(1, max(hist, default=1) + 2):
        if k >= 2 and kept <= budget:
            return k
        kept -= hist.get(k, 0)
    return 2


def shared_weaknesses(data: KgData, selection: Selection = Selection(), *, weight: str = "shared",
                      min_shared: int | None = None, region: str | None = None,
                      grade: str | None = None, size: str = "weaknesses",
                      evidence: bool = True) -> nx.Graph:
    """Authorities linked when their weakness profiles share themes.

    ``weight`` is ``shared`` (number of shared themes) or ``jaccard``; ``size`` is
    ``weaknesses`` (weakness statements) or ``degree``; ``min_shared`` is the fewest shared
    themes for a link (``None``: :func:`auto_min_shared`). ``region`` is a region IRI and
    ``grade`` a grade id (latest overall effectiveness) - see ``KgData.resolve_*``.
    """
    if weight not in ("shared", "jaccard"):
        raise QueryError(f"weight must be 'shared' or 'jaccard', not {weight!r}")
    if size not in ("weaknesses", "degree"):
        raise QueryError(f"size must be 'weaknesses' or 'degree', not {size!r}")
    profiles = {a: p for a, p in data.profiles(selection, with_evidence=evidence).items()
                if _keep(data, a, region, grade, selection.until)}
    G = nx.Graph()
    for auth, prof in profiles.items():
        _authority_node(G, data, auth, selection, prof)
    pairs = similarity_edges(profiles, 1)
    min_jaccard = 0.0
    if min_shared is None and weight == "jaccard":
        # keep the most similar pairs (3 links per authority on average) among those sharing 2+
        min_shared = 2
        ranked = sorted((j for _, _, s, j in pairs if len(s) >= 2), reverse=True)
        budget = int(max(30, 3 * len(profiles)))
        if len(ranked) > budget:
            min_jaccard = ranked[budget - 1]
    elif min_shared is None:
        min_shared = auto_min_shared((len(s) for _, _, s, _ in pairs), len(profiles))
    G.graph["min_shared"] = min_shared
    pairs = [p for p in pairs if len(p[2]) >= min_shared and p[3] >= min_jaccard]
    for a, b, shared, jac in pairs:
        pa, pb = profiles[a], profiles[b]
        na, nb = data.name(a), data.name(b)
        themes = sorted(shared, key=lambda t: (-(len(pa.statements[t]) + len(pb.statements[t])), t))
        lines = [f"{na} and {nb} share {len(shared)} weakness theme(s) (Jaccard {jac:.2f})"]
        for t in themes[:DETAILED_THEMES]:
            lines.append(f"• {data.label('theme', t)}")
            for name, prof in ((na, pa), (nb, pb)):
                q = prof.evidence.get(t)
                lines.append(f"    {name}: {q.cite() if q else '(no quote)'}")
        if len(themes) > DETAILED_THEMES:
            rest = [data.label("theme", t) for t in themes[DETAILED_THEMES:]]
            lines.append(f"+ {len(rest)} more: " + "; ".join(rest))
        G.add_edge(data.authority(a).key, data.authority(b).key, kind="shares",
                   weight=len(shared) if weight == "shared" else round(jac, 4),
                   shared=len(shared), jaccard=round(jac, 4), themes=themes,
                   tooltip="\n".join(lines))
    for key, attrs in G.nodes(data=True):
        deg = G.degree(key)
        attrs["degree"] = deg
        attrs["value"] = attrs["weaknesses"] if size == "weaknesses" else deg
        attrs["tooltip"] += f"\nShares {min_shared}+ themes with {deg} authorit{'y' if deg == 1 else 'ies'}"
    filters = [f"region {data.regions.get(region, region)}" if region else "",
               f"latest overall grade {data.label('grade', grade)}" if grade else ""]
    G.graph.update(
        title="Authorities that share weakness themes",
        description=(f"{G.number_of_nodes()} authorities, {G.number_of_edges()} links; "
                     f"weaknesses from {selection.describe()}"
                     + "".join(f"; {f}" for f in filters if f)),
        size_meaning="number of weakness statements" if size == "weaknesses" else "number of links",
        edge_meaning=(f"at least {min_shared} shared weakness theme(s)"
                      + (f" and Jaccard similarity at least {min_jaccard:.2f}" if min_jaccard else "")
                      + "; width = "
                      + ("number of shared themes" if weight == "shared" else "Jaccard similarity")),
    )
    return _finish(G)


# ------------------------------------------------------------------ view 2: one authority

def authority_view(data: KgData, auth: str, *, top: int = 8,
                   selection: Selection = Selection()) -> nx.Graph:
    """An authority's inspections over time with grades, the weakness themes each stated, the
    inspectors who led each visit, and the ``top`` authorities sharing most themes."""
    a = data.authority(auth)
    inspections = sorted(data.by_authority.get(auth, []), key=lambda i: i.sort_key)
    if not inspections:
        raise QueryError(f"no inspections of {a.name} ({a.code}) in this store")
    profiles = data.profiles(selection)
    G = nx.Graph()
    centre = _authority_node(G, data, auth, selection, profiles.get(auth))
    G.nodes[centre]["value"] = 30
    rows = data._weakness_rows([i.iri for i in inspections if not i.previous])
    facts_for_quotes = {min(fs) for r in rows.values() for fs in r.values()}
    quotes = data.evidence(facts_for_quotes)
    theme_hits: dict[str, list[str]] = defaultdict(list)  # theme -> inspection keys
    for step, insp in enumerate(inspections):
        key = f"inspection:{insp.iri}"
        grade = insp.grades.get(OVERALL)
        themes = rows.get(insp.iri, {})
        lines = [f"{a.name}: {data.inspection_title(insp)}"]
        if insp.previous:
            lines.append("(mentioned in a later report)")
        lines += data.grades_text(insp)
        lead = data.lead_of(insp)
        if lead:
            lines.append(f"Lead inspector: {data.person_name(lead)}")
        if themes:
            lines.append(f"{sum(len(f) for f in themes.values())} weakness statement(s) on "
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
        for theme, facts in sorted(themes.items()):
            theme_hits[theme].append(key)
            tkey = f"theme:{theme}"
            if tkey not in G:
                G.add_node(tkey, kind="theme", label=data.label("theme", theme), theme=theme,
                           tooltip=f"{data.label('theme', theme)} ({theme})\nStated as a weakness in:")
            G.nodes[tkey]["tooltip"] += f"\n  {data.inspection_title(insp)} ({len(facts)})"
            q = quotes.get(min(facts))
            G.add_edge(key, tkey, kind="has-weakness", weight=len(facts),
                       tooltip=f"{data.label('theme', theme)}: {len(facts)} statement(s) in the "
                               f"{data.inspection_title(insp)}\n{q.cite() if q else ''}".rstrip())
    for theme, hits in theme_hits.items():
        G.nodes[f"theme:{theme}"]["value"] = 6 + 3 * len(hits)
    mine = profiles.get(auth)
    shared_with = []
    if mine:
        for other, prof in profiles.items():
            if other != auth and (common := mine.themes & prof.themes):
                shared_with.append((-len(common), data.name(other), other, common))
        shared_with.sort()
    for neg, _, other, common in shared_with[:top]:
        okey = _authority_node(G, data, other, selection, profiles[other])
        G.nodes[okey]["value"] = 12
        themes = sorted(common)
        lines = [f"{a.name} and {data.name(other)} share {-neg} weakness theme(s)"]
        lines += [f"• {data.label('theme', t)}" for t in themes]
        G.add_edge(centre, okey, kind="shares", weight=-neg, shared=-neg, themes=themes,
                   tooltip="\n".join(lines))
    peers = min(top, len(shared_with))
    G.graph.update(
        title=f"{a.name}: inspections, weaknesses, inspectors and peers",
        description=(f"{len(inspections)} inspection(s) and visit(s) of {a.name} ({a.code}) in "
                     f"date order, the weakness themes each stated, the inspectors who led them, "
                     f"and the {peers} authorit{'y' if peers == 1 else 'ies'} sharing most themes "
                     f"({selection.describe()})"),
        size_meaning="inspections: themes stated; themes: inspections stating them",
        edge_meaning="inspected / led / stated a weakness theme / shares themes",
    )
    return _finish(G)


# ------------------------------------------------------------------ view 3: themes

def themes_view(data: KgData, selection: Selection = Selection(), *, region: str | None = None,
                grade: str | None = None, min_authorities: int = 1) -> nx.Graph:
    """Bipartite network: authorities linked to the weakness themes they were told about."""
    profiles = {a: p for a, p in data.profiles(selection).items()
                if _keep(data, a, region, grade, selection.until)}
    counts: Counter[str] = Counter(t for p in profiles.values() for t in p.themes)
    keep = {t for t, n in counts.items() if n >= min_authorities}
    G = nx.Graph()
    for t in sorted(keep):
        statements = sum(len(p.statements.get(t, ())) for p in profiles.values())
        _theme_node(G, data, t, counts[t], statements)
    for auth, prof in profiles.items():
        if not prof.themes & keep:
            continue
        akey = _authority_node(G, data, auth, selection, prof)
        G.nodes[akey]["value"] = prof.weaknesses
        for t in sorted(prof.themes & keep):
            q = prof.evidence.get(t)
            n = len(prof.statements[t])
            G.add_edge(akey, f"theme:{t}", kind="has-weakness", weight=n,
                       tooltip=(f"{data.name(auth)}: {data.label('theme', t)} "
                                f"({n} statement(s))\n{q.cite() if q else ''}").rstrip())
    # one size scale for both kinds: the most widespread theme is as big as the authority
    # with most weakness statements (raw counts stay in "authorities" / "weaknesses")
    top_auth = max((d["value"] for _, d in G.nodes(data=True) if d["kind"] == "authority"), default=1)
    top_theme = max(counts.values(), default=1)
    for t in keep:
        G.nodes[f"theme:{t}"]["value"] = round(counts[t] * top_auth / top_theme, 2)
    G.graph.update(
        title="Authorities and their weakness themes",
        description=(f"{sum(1 for _, k in G.nodes(data='kind') if k == 'authority')} authorities, "
                     f"{len(keep)} themes, {G.number_of_edges()} links; {selection.describe()}"),
        size_meaning="themes: number of authorities; authorities: weakness statements",
        edge_meaning="the authority was told about a weakness in the theme; width = statements",
    )
    return _finish(G)


def theme_view(data: KgData, theme: str, selection: Selection = Selection(), *,
               region: str | None = None, grade: str | None = None) -> nx.Graph:
    """One weakness theme and the authorities that have it, coloured by grade."""
    profiles = {a: p for a, p in data.profiles(selection).items()
                if theme in p.statements and _keep(data, a, region, grade, selection.until)}
    G = nx.Graph()
    statements = sum(len(p.statements[theme]) for p in profiles.values())
    tkey = _theme_node(G, data, theme, len(profiles), statements)
    G.nodes[tkey]["value"] = 30
    label = data.label("theme", theme)
    for auth, prof in profiles.items():
        q = prof.evidence.get(theme)
        n = len(prof.statements[theme])
        akey = _authority_node(G, data, auth, selection, prof,
                               [f"On {label}: {q.cite()}"] if q else [])
        G.nodes[akey]["value"] = n
        G.add_edge(tkey, akey, kind="has-weakness", weight=n,
                   tooltip=(f"{data.name(auth)}: {label} ({n} statement(s))\n"
                            f"{q.cite() if q else ''}").rstrip())
    G.graph.update(
        title=f"Authorities with a weakness in: {label}",
        description=f"{len(profiles)} authorities; {selection.describe()}",
        size_meaning="statements on this theme",
        edge_meaning="the authority was told about this weakness; width = statements",
    )
    return _finish(G)


# ------------------------------------------------------------------ view 4: inspectors

def inspectors_view(data: KgData, selection: Selection = Selection(), *, lead_only: bool = False,
                    region: str | None = None, grade: str | None = None) -> nx.Graph:
    """Inspectors and the authorities they inspected (every role, or lead inspectors only).
    Without ``since``/``until`` every inspection counts."""
    visits: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (person, auth) -> insp -> role
    for r in data._rows(Q_ASSOCIATIONS):
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
    "KgData", "Selection", "Quote", "Profile", "shared_weaknesses", "authority_view",
    "themes_view", "theme_view", "inspectors_view", "similarity_edges",
]
