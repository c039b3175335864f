"""Graph analytics of shared weaknesses: communities of authorities with similar weakness
profiles, central themes, and a readable summary.

- **Communities**: Louvain (``networkx.community.louvain_communities``, seeded, so the same
  graph gives the same communities) on the authority-authority graph weighted by the Jaccard
  similarity of weakness profiles (Jaccard rather than a shared count, so authorities with
  long reports do not pull everyone together), keeping each authority's 5 most similar
  neighbours (a kNN graph; on the complete graph Louvain sees one block). Each community is described by the themes most
  of its members share: among themes at least half the members have, the most distinctive
  first (lift = share in the community / share among all authorities), then the commonest.
- **Central themes**: on the bipartite authority-theme graph, degree centrality (the share of
  authorities told about the theme) and bipartite betweenness (themes that connect otherwise
  different profiles).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import networkx as nx

from .projections import KgData, Profile, Selection, _and, _keep, similarity_edges

MAX_NAMES = 8  # authorities named in a summary sentence before "and N more"


@dataclass(frozen=True)
class CommunityTheme:
    theme: str
    label: str
    members: int  # members with the theme
    share: float  # members with it / community size
    lift: float  # share / share among all authorities


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
    authorities: int
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


def similarity_graph(profiles: dict[str, Profile], min_shared: int = 2,
                     neighbours: int | None = 5) -> nx.Graph:
    """Authorities (IRIs, in sorted order for determinism) linked by Jaccard similarity.

    With ``neighbours`` each authority keeps only its links to the ``neighbours`` most similar
    others (a k-nearest-neighbour graph): about 20 of 40 themes per profile make almost every
    pair similar, and Louvain finds one undifferentiated block on the complete graph."""
    G = nx.Graph()
    G.add_nodes_from(sorted(a for a, p in profiles.items() if p.themes))
    edges = sorted(similarity_edges(profiles, min_shared))
    if neighbours:
        best: dict[str, list[tuple[float, str]]] = {a: [] for a in G}
        for a, b, _, jac in edges:
            best[a].append((-jac, b))
            best[b].append((-jac, a))
        keep = {(min(a, b), max(a, b)) for a, lst in best.items() for _, b in sorted(lst)[:neighbours]}
        edges = [e for e in edges if (e[0], e[1]) in keep]
    for a, b, shared, jac in edges:
        G.add_edge(a, b, weight=jac, shared=len(shared))
    return G


def bipartite_graph(profiles: dict[str, Profile]) -> nx.Graph:
    B = nx.Graph()
    for a in sorted(profiles):
        B.add_node(a, bipartite=0)
        for t in sorted(profiles[a].themes):
            B.add_node(("theme", t), bipartite=1)
            B.add_edge(a, ("theme", t), weight=len(profiles[a].statements[t]))
    return B


def communities(data: KgData, profiles: dict[str, Profile], *, min_shared: int = 2,
                neighbours: int | None = 5, seed: int = 42, resolution: float = 1.0,
                top_themes: int = 3) -> list[Community]:
    G = similarity_graph(profiles, min_shared, neighbours)
    if G.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    n_all = len(profiles)
    overall = Counter(t for p in profiles.values() for t in p.themes)
    groups = sorted((sorted(c, key=lambda a: data.name(a)) for c in parts),
                    key=lambda c: (-len(c), data.name(c[0])))
    out = []
    for number, members in enumerate(groups, 1):
        counts = Counter(t for a in members for t in profiles[a].themes)
        ranked = []
        for t, n in counts.items():
            share = n / len(members)
            lift = share / (overall[t] / n_all)
            ranked.append(CommunityTheme(t, data.label("theme", t), n, round(share, 3), round(lift, 2)))
        # what most members share (half or more), most distinctive first; then the commonest
        common = sorted((c for c in ranked if c.share >= 0.5), key=lambda c: (-c.lift, -c.members, c.theme))
        rest = sorted((c for c in ranked if c not in common[:top_themes]),
                      key=lambda c: (-c.members, -c.lift, c.theme))
        themes = tuple((common[:top_themes] + rest)[:top_themes])
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
            return f"{who}; its weaknesses include {_and([t.label for t in themes])}."
        return who + "."
    listed = names if n <= MAX_NAMES else names[:MAX_NAMES] + [f"{n - MAX_NAMES} more"]
    parts = [f"{t.label} ({t.members} of {n})" for t in themes]
    return (f"These {n} authorities share weaknesses in {_and(parts)}: "
            f"{_and(listed)}.")


def central_themes(data: KgData, profiles: dict[str, Profile]) -> list[CentralTheme]:
    B = bipartite_graph(profiles)
    themes = [n for n, d in B.nodes(data="bipartite") if d == 1]
    if not themes:
        return []
    degree = nx.bipartite.degree_centrality(B, themes)
    betweenness = nx.bipartite.betweenness_centrality(B, themes)
    out = [CentralTheme(t[1], data.label("theme", t[1]), B.degree(t), round(degree[t], 4),
                        round(betweenness[t], 4)) for t in themes]
    out.sort(key=lambda c: (-c.authorities, -c.betweenness, c.theme))
    return out


def analyse(data: KgData, selection: Selection = Selection(), *, min_shared: int = 2,
            neighbours: int | None = 5, seed: int = 42, resolution: float = 1.0, region: str | None = None,
            grade: str | None = None, top_themes: int = 3) -> Analysis:
    """Communities, central themes and a readable summary for the selected inspections."""
    profiles = {a: p for a, p in data.profiles(selection, with_evidence=False).items()
                if _keep(data, a, region, grade, selection.until)}
    comms = communities(data, profiles, min_shared=min_shared, neighbours=neighbours, seed=seed,
                        resolution=resolution, top_themes=top_themes)
    central = central_themes(data, profiles)
    summary: list[str] = []
    if not profiles:
        summary.append("No authority in this selection has weakness statements.")
    else:
        top = central[:3]
        widest = _and([f"{t.label} ({t.authorities} of {len(profiles)})" for t in top])
        summary.append(f"Across {len(profiles)} authorities ({selection.describe()}), the most "
                       f"widespread weakness themes are {widest}.")
        bridge = max(central, key=lambda t: t.betweenness) if central else None
        if bridge and bridge.betweenness > 0:
            summary.append(f"The theme connecting the most different weakness profiles is "
                           f"{bridge.label} (bipartite betweenness {bridge.betweenness:.3f}).")
        groups = [c for c in comms if c.size > 1]
        alone = [c for c in comms if c.size == 1]
        summary.append(f"Louvain (seed {seed}) finds {len(groups)} group(s) of authorities with "
                       f"similar weakness profiles" + (f" and {len(alone)} authorit"
                       f"{'y' if len(alone) == 1 else 'ies'} on its own" if alone else "") + ".")
        summary += [c.summary for c in groups]
    params = {"since": selection.since.isoformat() if selection.since else None,
              "until": selection.until.isoformat() if selection.until else None,
              "min_shared": min_shared, "neighbours": neighbours, "seed": seed, "resolution": resolution,
              "region": region, "grade": grade}
    return Analysis(selection.describe(), len(profiles), comms, central, summary, params)
