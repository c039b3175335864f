"""Graph analytics of shared weaknesses: communities of authorities with similar weakness
profiles, central themes, and a readable summary. Everything is computed from the build-time
summaries (:mod:`kg.summaries`), so the work grows with authorities x themes.

- **Communities**: seeded Louvain (``networkx.community.louvain_communities``, so the same
  graph gives the same communities) on the similarity graph of the shared-weaknesses view: up
  to ``neighbours`` links per authority, the most similar pairs first, similarity = cosine of
  the theme shares above the national share (so long reports do not pull everyone together and
  themes every authority has do not count). Each community is described by the themes
  distinctive for most of its members.
- **Central themes**: on the bipartite authority-theme graph of *distinctive* themes (at
  national scale nearly every authority has nearly every theme, so the plain graph is
  complete), degree centrality (the share of authorities for which the theme is distinctive)
  and bipartite betweenness (themes that connect otherwise different profiles); how many
  authorities have the theme at all is reported beside them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import networkx as nx

from .projections import KgData, Profile, Selection, _and, _keep, louvain
from .projections import similarity_graph as _pairs

MAX_NAMES = 8  # authorities named in a summary sentence before "and N more"
PIVOTS = 64  # sampled sources for betweenness above this many nodes


@dataclass(frozen=True)
class CommunityTheme:
    theme: str
    label: str
    members: int  # members for whom the theme is distinctive
    share: float  # members / community size
    lift: float  # share / share of all authorities for whom it is distinctive


@dataclass(frozen=True)
class Community:
    number: int
    authorities: tuple[tuple[str, str], ...]  # (GSS code, name)
    themes: tuple[CommunityTheme, ...]
    summary: str

    @property
    def size(self) -> int:
        return len(self.authorities)


@dataclass(frozen=True)
class CentralTheme:
    theme: str
    label: str
    authorities: int  # authorities with the theme as a weakness at all
    distinctive: int  # authorities for which it is distinctive
    degree: float
    betweenness: float


@dataclass
class Analysis:
    selection: str
    authorities: int
    communities: list[Community]
    central_themes: list[CentralTheme]
    summary: list[str]
    parameters: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "parameters": self.parameters, "selection": self.selection,
            "authorities": self.authorities, "summary": self.summary,
            "communities": [dict(asdict(c), size=c.size) for c in self.communities],
            "central_themes": [asdict(t) for t in self.central_themes],
        }


def similarity_graph(profiles: dict[str, Profile], neighbours: int = 5,
                     min_shared: int = 1) -> nx.Graph:
    """Authorities (IRIs) with up to ``neighbours`` links each to their most similar others
    (the shared-weaknesses view's graph; on the complete graph Louvain sees one block)."""
    return _pairs({a: p.summary for a, p in profiles.items()}, neighbours, min_shared)


def bipartite_graph(profiles: dict[str, Profile]) -> nx.Graph:
    """Authorities and their distinctive themes, weighted by share."""
    B = nx.Graph()
    for a in sorted(profiles):
        B.add_node(a, bipartite=0)
        for t in sorted(profiles[a].distinctive):
            B.add_node(("theme", t), bipartite=1)
            B.add_edge(a, ("theme", t), weight=profiles[a].summary.share.get(t, 0.0))
    return B


def communities(data: KgData, profiles: dict[str, Profile], *, neighbours: int = 5,
                min_shared: int = 1, seed: int = 42, resolution: float = 1.0,
                top_themes: int = 3) -> list[Community]:
    G = similarity_graph(profiles, neighbours, min_shared)
    n_all = len(profiles)
    overall = Counter(t for p in profiles.values() for t in p.distinctive)
    out = []
    groups = sorted(louvain(G, seed, resolution),
                    key=lambda c: (-len(c), min(data.name(a) for a in c)))
    for number, members in enumerate(groups, 1):
        members = sorted(members, key=data.name)
        counts = Counter(t for a in members for t in profiles[a].distinctive)
        ranked = []
        for t, n in counts.items():
            share = n / len(members)
            ranked.append(CommunityTheme(t, data.label("theme", t), n, round(share, 3),
                                         round(share / (overall[t] / n_all), 2)))
        # distinctive for most members first, then the most particular to the community
        ranked.sort(key=lambda c: (-c.members, -c.lift, c.theme))
        themes = tuple(ranked[:top_themes])
        names = [data.name(a) for a in members]
        out.append(Community(number, tuple((data.authority(a).code, data.name(a))
                                           for a in members), themes,
                             _community_sentence(names, themes)))
    return out


def _community_sentence(names: list[str], themes: tuple[CommunityTheme, ...]) -> str:
    n = len(names)
    if n == 1:
        who = f"{names[0]} stands apart"
        if themes:
            return f"{who}; its distinctive weaknesses include {_and([t.label for t in themes])}."
        return who + "."
    listed = names if n <= MAX_NAMES else names[:MAX_NAMES] + [f"{n - MAX_NAMES} more"]
    parts = [f"{t.label} ({t.members} of {n})" for t in themes]
    return (f"These {n} authorities share weaknesses in {_and(parts)}: "
            f"{_and(listed)}.")


def central_themes(data: KgData, profiles: dict[str, Profile], seed: int = 42) -> list[CentralTheme]:
    B = bipartite_graph(profiles)
    themes = [n for n, d in B.nodes(data="bipartite") if d == 1]
    if not themes:
        return []
    having = Counter(t for p in profiles.values() for t in p.themes)
    degree = nx.bipartite.degree_centrality(B, themes)
    if B.number_of_nodes() > PIVOTS:
        # exact betweenness is a breadth-first search from every node (about a second for 153
        # authorities and 40 themes); seeded sampled pivots rank the themes the same way
        raw = nx.betweenness_centrality(B, k=PIVOTS, normalized=False, seed=seed)
        top = _bipartite_max(len(themes), B.number_of_nodes() - len(themes))
        betweenness = {t: raw[t] / top for t in themes}
    else:
        betweenness = nx.bipartite.betweenness_centrality(B, themes)
    out = [CentralTheme(t[1], data.label("theme", t[1]), having[t[1]], B.degree(t),
                        round(degree[t], 4), round(betweenness[t], 4)) for t in themes]
    out.sort(key=lambda c: (-c.distinctive, -c.betweenness, c.theme))
    return out


def _bipartite_max(n: int, m: int) -> float:
    """The largest betweenness of a node among ``n`` with ``m`` on the other side (Borgatti
    and Halgin; networkx's bipartite normalisation)."""
    s, t = divmod(n - 1, m)
    return (m * m * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0 or 1.0


def analyse(data: KgData, selection: Selection = Selection(), *, neighbours: int = 5,
            min_shared: int = 1, seed: int = 42, resolution: float = 1.0,
            region: str | None = None, grade: str | None = None, top_themes: int = 3) -> Analysis:
    """Communities, central themes and a readable summary for the selected inspections."""
    profiles = {a: p for a, p in data.profiles(selection).items()
                if _keep(data, a, region, grade, selection.until)}
    comms = communities(data, profiles, neighbours=neighbours, min_shared=min_shared, seed=seed,
                        resolution=resolution, top_themes=top_themes)
    central = central_themes(data, profiles, seed)
    summary: list[str] = []
    if not profiles:
        summary.append("No authority in this selection has weakness statements.")
    else:
        n = len(profiles)
        having = Counter(t for p in profiles.values() for t in p.themes)
        widest = _and([f"{data.label('theme', t)} ({k} of {n})"
                       for t, k in sorted(having.items(), key=lambda x: (-x[1], x[0]))[:3]])
        summary.append(f"Across {n} authorities ({selection.describe()}), the most "
                       f"widespread weakness themes are {widest}.")
        if central:
            top = _and([f"{t.label} ({t.distinctive})" for t in central[:3]])
            summary.append(f"The themes most often distinctive for an authority (its share well "
                           f"above the national share) are {top}.")
        bridge = max(central, key=lambda t: t.betweenness) if central else None
        if bridge and bridge.betweenness > 0:
            summary.append(f"The theme connecting the most different weakness profiles is "
                           f"{bridge.label} (bipartite betweenness {bridge.betweenness:.3f}).")
        groups = [c for c in comms if c.size > 1]
        alone = [c for c in comms if c.size == 1]
        summary.append(f"Louvain (seed {seed}) on each authority's {neighbours} most similar "
                       f"finds {len(groups)} group(s) of authorities with similar weakness "
                       f"profiles" + (f" and {len(alone)} authorit"
                       f"{'y' if len(alone) == 1 else 'ies'} on its own" if alone else "") + ".")
        summary += [c.summary for c in groups]
    params = {"since": selection.since.isoformat() if selection.since else None,
              "until": selection.until.isoformat() if selection.until else None,
              "neighbours": neighbours, "min_shared": min_shared, "seed": seed,
              "resolution": resolution, "region": region, "grade": grade}
    return Analysis(selection.describe(), len(profiles), comms, central, summary, params)
