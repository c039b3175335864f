"""Projections, analytics, renderers and commands of ``kg view`` / ``kg analyse`` on a small
invented graph built from records through the mapper (no wall-clock assertions here; timings
are in bench/bench_views.py)."""
from __future__ import annotations

import json
import re
from collections import Counter
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.documents import document_from_pages
from kg.records import Evidence, Extraction, Finding, Inspection, Judgement, Person

XSS_IMG = "<img src=x onerror=\"document.title+='X'\">"
XSS_SCRIPT = "</script><script>document.title+='X'</script>"

# authority -> list of (type, start date, overall grade or None, lead inspector,
#                       [(polarity, themes, sentence)])
CORPUS = {
    ("E09000009", "Ealing"): [
        ("sif", date(2016, 6, 13), "requires-improvement", "Ada Quill",
         [("weakness", ("adoption",), "Adoption plans in Ealing drift for too long.")]),
        ("ilacs-standard", date(2023, 3, 6), "good", "Bea Marsh",
         [("weakness", ("front-door",), "Ealing's front door delays some referrals."),
          ("weakness", ("workforce-stability",), "Ealing relies on agency social workers."),
          ("weakness", ("plan-quality", "workforce-stability"), "Ealing plans are vague."),
          ("strength", ("adoption",), "Adoption in Ealing is now strong.")]),
    ],
    ("E09000005", "Brent"): [
        ("ilacs-standard", date(2022, 5, 9), "inadequate", "Ada Quill",
         [("weakness", ("front-door",), "In Brent, contacts wait days at the front door."),
          ("weakness", ("workforce-stability",), "Brent has high turnover of social workers."),
          ("weakness", ("caseloads",), "Brent caseloads are too high.")]),
    ],
    ("E08000035", "Leeds"): [
        ("sif", date(2016, 1, 11), "good", "Cal Fenwick",
         [("weakness", ("adoption", "front-door"), "Leeds adoption and referral delays.")]),
        ("ilacs-standard", date(2021, 11, 1), "outstanding", "Cal Fenwick",
         [("weakness", ("front-door",), "Leeds MASH decisions are sometimes late."),
          ("weakness", ("adoption",), "Leeds adopters wait for support.")]),
    ],
    ("E10000016", "Kent"): [
        ("ilacs-standard", date(2019, 4, 1), "requires-improvement", "Bea Marsh",
         [("weakness", ("plan-quality",), "Kent plans lack measurable actions."),
          ("weakness", ("workforce-stability",), "Kent cannot recruit enough social workers.")]),
        ("focused-visit", date(2024, 2, 5), None, "Dev Oduya", []),  # no weaknesses stated
    ],
}


def _document(code: str, name: str, kind: str, when: date, grade: str | None, lead: str,
              facts: list, genre: str = "report", file: str | None = None):
    """One invented report: header page, then one sentence per fact on page 2."""
    page1 = f"Inspection of {name} children's services\n{kind} {when.isoformat()}\nLead inspector: {lead}\n"
    if grade:
        page1 += f"Overall effectiveness: {grade}\n"
    page2 = "".join(f"{sentence}\n" for _, _, sentence in facts) or "No findings.\n"
    file = file or f"{name.lower()}_{when.isoformat()}.pdf"
    doc = document_from_pages(Path(file), [page1, page2], (page1 + page2 + file).encode(), "pdf")

    def ev(text: str, page: int) -> Evidence:
        start = doc.text.index(text)
        return Evidence(start, start + len(text), text, page)

    findings = tuple(Finding(pol, themes, ev(sentence, 2)) for pol, themes, sentence in facts)
    judgements = (Judgement("overall-effectiveness", grade, ev(f"Overall effectiveness: {grade}", 1)),) if grade else ()
    insp = Inspection(authority_code=code, authority_name=name, type=kind, start_date=when,
                      end_date=when, judgements=judgements,
                      people=(Person(lead, "lead inspector", lead=True, evidence=ev(lead, 1)),),
                      findings=findings)
    return doc, Extraction(inspections=(insp,), genre=genre, title=f"Inspection of {name}")


def build_store(corpus=CORPUS, extra_ntriples: bytes = b"", path: Path | None = None,
                accounts=()):
    """The corpus mapped into a store: in memory, or in a folder like 'kg build' makes.
    ``accounts`` are ``(code, name, visit, genre, file)``: letters or news about a visit."""
    from kg.mapping import map_extraction, to_ntriples
    from kg.reference import reference_ntriples
    from kg.store import KgStore

    store = KgStore(path)
    store.set_reference(reference_ntriples() + extra_ntriples)
    docs = [_document(code, name, *visit) for (code, name), visits in corpus.items() for visit in visits]
    docs += [_document(code, name, *visit, genre=genre, file=file)
             for code, name, visit, genre, file in accounts]
    for doc, ex in docs:
        store.put_document(str(doc.path), doc.name, doc.sha256, to_ntriples(map_extraction(doc, ex)))
    from kg.build import refresh_summaries

    refresh_summaries(store)
    store.commit()
    return store


def xss_store():
    """The invented corpus plus one authority whose quote, inspector name and theme label
    (a fake theme concept) carry script-injection payloads."""
    fake_theme = (
        "<https://w3id.org/ofsted-kg/id/theme/xss> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.w3.org/2004/02/skos/core#Concept> .\n"
        "<https://w3id.org/ofsted-kg/id/theme/xss> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/ofsted-kg/def#Theme> .\n"
        "<https://w3id.org/ofsted-kg/id/theme/xss> <http://www.w3.org/2004/02/skos/core#notation> \"xss\" .\n"
        f"<https://w3id.org/ofsted-kg/id/theme/xss> <http://www.w3.org/2004/02/skos/core#prefLabel> "
        f"{json.dumps('Theme ' + XSS_IMG + XSS_SCRIPT)}@en .\n").encode()
    corpus = dict(CORPUS)
    corpus[("E06000017", "Rutland")] = [
        ("ilacs-standard", date(2024, 6, 3), "inadequate", f"Eve {XSS_IMG} {XSS_SCRIPT}",
         [("weakness", ("xss", "front-door"), f"Quote {XSS_IMG} and {XSS_SCRIPT} href=javascript:x."),
          ("weakness", ("workforce-stability",), f"Also {XSS_SCRIPT} in Rutland.")]),
    ]
    return build_store(corpus, fake_theme)


@pytest.fixture(scope="module")
def data():
    from kg.views.projections import KgData

    return KgData(build_store())


def key(code: str) -> str:
    return f"authority:{code}"


# ------------------------------------------------------------------ layering

def test_views_package_and_projections_do_not_import_cli_or_renderer_stack():
    code = ("import sys, kg.views; heavy = [m for m in ('networkx', 'pyvis', 'typer') if m in sys.modules]; "
            "import kg.views.projections, kg.views.analytics; "
            "print(heavy, [m for m in ('pyvis', 'typer', 'rich') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_view_queries_live_in_rq_files_any_sparql_engine_reads():
    """queries/views/*.rq: valid SPARQL (their empty VALUES blocks included), full IRIs for
    kg's concepts (Virtuoso rejects escaped local names such as kgid:grade\\/good), and not
    listed among the saved queries."""
    import pyoxigraph as ox

    from kg.queries import saved_queries
    from kg.resources import queries_dir
    from kg.views.projections import view_query, with_values

    files = sorted((queries_dir() / "views").glob("*.rq"))
    assert len(files) >= 10
    empty = ox.Store()
    for f in files:
        text = view_query(f.stem)
        assert "\\/" not in text and "kgid:" not in text, f.name
        list(empty.query(text))
        if "VALUES" in text:
            list(empty.query(with_values(text, None)))
    assert all(p.parent == queries_dir() for p in (q.path for q in saved_queries().values()))


# ------------------------------------------------------------------ shared weaknesses

def test_profiles_use_the_most_recent_inspection_that_states_weaknesses(data):
    from kg.views.projections import Selection
    from kg.vocab import authority_iri

    profiles = data.profiles()
    themes = {data.authority(a).code: set(p.themes) for a, p in profiles.items()}
    assert themes == {
        "E09000009": {"front-door", "workforce-stability", "plan-quality"},  # 2023, not 2016
        "E09000005": {"front-door", "workforce-stability", "caseloads"},
        "E08000035": {"front-door", "adoption"},
        "E10000016": {"plan-quality", "workforce-stability"},  # 2024 visit stated none
    }
    ealing = profiles[str(authority_iri("E09000009"))]
    # the strength is not counted; "plans are vague" counts under both of its themes, as a
    # second theme with half the weight
    assert ealing.weaknesses == 4
    assert ealing.summary.weights == {"front-door": 1, "workforce-stability": 1.5, "plan-quality": 1}
    assert ealing.counts is None  # the analysis graph's profile: weights, no per-theme counts
    window = data.profiles(Selection(date(2023, 1, 1)))[str(authority_iri("E09000009"))]
    assert window.counts == {"front-door": 1, "workforce-stability": 2, "plan-quality": 1}
    assert window.summary.weights == ealing.summary.weights


def test_shared_weaknesses_links_each_authority_to_its_most_similar(data):
    from kg.views.projections import shared_weaknesses

    G = shared_weaknesses(data)
    assert set(G) == {key("E09000009"), key("E09000005"), key("E08000035"), key("E10000016")}
    shared = {frozenset((u, v)): d["shared"] for u, v, d in G.edges(data=True)}
    assert shared == {
        frozenset((key("E09000009"), key("E10000016"))): 2,  # plans and workforce
        frozenset((key("E09000009"), key("E09000005"))): 2,  # front door and workforce
        frozenset((key("E09000009"), key("E08000035"))): 1,
        frozenset((key("E09000005"), key("E08000035"))): 1,
        frozenset((key("E09000005"), key("E10000016"))): 1,
    }
    e = G.edges[key("E09000009"), key("E10000016")]
    assert e["weight"] == e["similarity"] == max(d["similarity"] for *_, d in G.edges(data=True))
    assert set(e["themes"]) == {"plan-quality", "workforce-stability"}
    # communities: Ealing with Kent, Brent with Leeds; border colour data: latest overall grade
    comm = {n: a["community"] for n, a in G.nodes(data=True)}
    assert comm[key("E09000009")] == comm[key("E10000016")] != comm[key("E09000005")]
    assert comm[key("E09000005")] == comm[key("E08000035")]
    assert G.graph["communities"] == 2 and len(G.graph["community_legend"]) == 2
    assert G.nodes[key("E09000005")]["grade"] == "inadequate"
    assert G.nodes[key("E10000016")]["grade"] == "requires-improvement"  # 2019, not the 2024 visit
    assert G.nodes[key("E09000009")]["value"] == 4  # size = weakness statements

    by_shared = shared_weaknesses(data, weight="shared", size="degree", k=1)
    assert by_shared.edges[key("E09000009"), key("E10000016")]["weight"] == 2
    assert all(by_shared.degree(n) >= 1 for n in by_shared)
    assert by_shared.nodes[key("E09000009")]["value"] == by_shared.degree(key("E09000009"))


def test_edge_tooltip_has_shared_themes_with_one_quote_source_and_page_from_each_side(data):
    from kg.views.projections import shared_weaknesses

    G = shared_weaknesses(data, min_shared=2)
    e = G.edges[key("E09000009"), key("E09000005")]
    tip = e["tooltip"]
    assert re.match(r"(Brent and Ealing|Ealing and Brent): similarity 0\.\d\d", tip)
    assert "2 shared distinctive weakness theme(s)" in tip
    assert "Front door, thresholds and out-of-hours response" in tip
    assert tip.count("Ealing's front door delays some referrals.") == 1
    assert tip.count("In Brent, contacts wait days at the front door.") == 1
    assert "(ealing_2023-03-06.pdf, p. 2)" in tip and "(brent_2022-05-09.pdf, p. 2)" in tip
    assert sorted(e["evidence"]) == sorted(e["themes"])
    assert all(len(sides) == 2 for sides in e["evidence"].values())
    # Leeds shares two distinctive themes with nobody: it keeps its nearest, marked as such
    leeds = [d for *_, d in G.edges(key("E08000035"), data=True)]
    assert len(leeds) == 1 and leeds[0]["fallback"] and leeds[0]["shared"] < 2
    assert "nearest" in G.graph["edge_meaning"] or "dashed" in G.graph["edge_meaning"]
    node_tip = G.nodes[key("E09000009")]["tooltip"]
    assert "Latest grades (2023-03-06 ILACS standard inspection)" in node_tip
    assert "Overall effectiveness: Good" in node_tip and "Workforce" in node_tip
    assert "Community " in node_tip


def test_filters_window_region_and_grade(data):
    from kg.views.projections import Selection, shared_weaknesses

    window = shared_weaknesses(data, Selection(date(2015, 1, 1), date(2017, 12, 31)))
    assert set(window) == {key("E09000009"), key("E08000035")}  # the 2016 inspections
    # two authorities alone: the national share is their mean, so adoption, the main theme
    # of both, is distinctive for one of them only; they are still each other's nearest
    assert window.number_of_edges() == 1
    london = shared_weaknesses(data, region=data.resolve_region("London"))
    assert set(london) == {key("E09000009"), key("E09000005")}
    assert london.edges[key("E09000009"), key("E09000005")]["shared"] == 2
    assert data.resolve_region("e12000007") == data.resolve_region("London")
    inadequate = shared_weaknesses(data, grade=data.resolve_grade("Inadequate"))
    assert set(inadequate) == {key("E09000005")}
    # grade as of the window's end: Ealing was RI in 2016
    ri_2016 = shared_weaknesses(data, Selection(None, date(2017, 1, 1)), grade="requires-improvement")
    assert set(ri_2016) == {key("E09000009")}


def _profile(auth: str, weights: dict[str, float]):
    from kg import summaries as sm

    return sm.Profile(auth, [], dict(weights), int(sum(weights.values())), {})


def test_similar_pairs_cap_links_per_authority_and_keep_a_fallback():
    from kg import summaries as sm
    from kg.views.projections import similar_pairs

    profiles = {
        "a": _profile("a", {"t1": 4, "t2": 4, "t9": 1}),
        "b": _profile("b", {"t1": 4, "t2": 3, "t8": 1}),
        "c": _profile("c", {"t1": 3, "t2": 1, "t7": 2}),
        "d": _profile("d", {"t5": 5, "t6": 5}),
        "e": _profile("e", {"t5": 4, "t6": 5, "t8": 1}),
        "f": _profile("f", {"t3": 1}),  # no theme in common with anyone
    }
    sm.distinctiveness(profiles)
    found = similar_pairs(profiles, k=1, min_shared=1)
    pairs = {frozenset((l.a, l.b)) for l in found.links}
    assert frozenset(("d", "e")) in pairs and frozenset(("a", "b")) in pairs
    degree = Counter(x for l in found.links for x in (l.a, l.b))
    assert degree["f"] == 0  # shares no weakness theme at all: nothing to link
    assert all(n >= 1 for x, n in degree.items() if x != "f")
    # c's nearest (a or b) is taken: it keeps its single most similar, beyond the cap
    (c_link,) = [l for l in found.links if "c" in (l.a, l.b)]
    assert c_link.fallback and found.rank("c", c_link.b if c_link.a == "c" else c_link.a) == 1
    wide = similar_pairs(profiles, k=3, min_shared=1)
    assert all(not l.fallback and len(l.shared) >= 1 for l in wide.links)
    assert max(Counter(x for l in wide.links for x in (l.a, l.b)).values()) <= 3
    assert found.order["a"][0] == "b"


def test_bad_arguments_raise_query_errors(data):
    from kg.errors import QueryError
    from kg.views.projections import shared_weaknesses

    for call in (lambda: data.resolve_region("Atlantis"), lambda: data.resolve_grade("superb"),
                 lambda: data.resolve_theme("no-such-theme"),
                 lambda: data.resolve_authority("Narnia"),
                 lambda: shared_weaknesses(data, weight="jaccard")):
        with pytest.raises(QueryError):
            call()
    assert data.resolve_theme("Workforce recruitment, retention and stability") == "workforce-stability"
    assert data.resolve_grade("requires improvement") == "requires-improvement"
    assert data.resolve_authority("E09000005").endswith("/authority/E09000005")


def test_letters_and_news_accounts_merge_into_their_inspection():
    """A press release about Brent's 2022 inspection joins that inspection (one node, both
    sources, its statements counted); a focused-visit letter with no report of its own becomes
    Leeds's most recent visit stating weaknesses."""
    from kg.views.projections import KgData, Selection, authority_view

    accounts = [
        ("E09000005", "Brent", ("ilacs-standard", date(2022, 5, 9), "inadequate", "Ada Quill",
                                [("weakness", ("caseloads",), "Brent social workers carry too many cases.")]),
         "press-release", "brent-press-release_2022-06-20.md"),
        ("E08000035", "Leeds", ("focused-visit", date(2024, 1, 15), None, "Cal Fenwick",
                                [("weakness", ("supervision",), "Supervision in Leeds is irregular.")]),
         "letter", "leeds-focused-visit_2024-02-01.txt"),
    ]
    data = KgData(build_store(accounts=accounts))
    assert len(data.canonical) == 2
    brent = data.by_authority[data.resolve_authority("Brent")]
    assert len(brent) == 1 and len(brent[0].members) == 2
    assert data.sources_of(brent[0]) == ["brent-press-release_2022-06-20.md", "brent_2022-05-09.pdf"]
    profiles = {data.authority(a).code: p for a, p in data.profiles(Selection(date(2022, 1, 1))).items()}
    assert profiles["E09000005"].counts["caseloads"] == 2  # report + press release
    assert set(profiles["E08000035"].themes) == {"supervision"}
    G = authority_view(data, data.resolve_authority("Brent"))
    assert sum(1 for _, k in G.nodes(data="kind") if k == "inspection") == 1


# ------------------------------------------------------------------ other views

def test_authority_view_timeline_inspectors_themes_and_peers(data):
    from kg.views.projections import authority_view

    G = authority_view(data, data.resolve_authority("Ealing"), top=2)
    kinds = {}
    for n, k in G.nodes(data="kind"):
        kinds.setdefault(k, set()).add(n)
    assert len(kinds["inspection"]) == 2
    timeline = sorted((G.nodes[n]["timeline"], G.nodes[n]["date"]) for n in kinds["inspection"])
    assert [d for _, d in timeline] == ["2016-06-13", "2023-03-06"]
    assert {G.nodes[n]["label"] for n in kinds["inspector"]} == {"Ada Quill", "Bea Marsh"}
    assert {G.nodes[n]["theme"] for n in kinds["theme"]} == {
        "adoption", "front-door", "workforce-stability", "plan-quality"}
    peers = {n for n in kinds["authority"]} - {key("E09000009")}
    assert peers == {key("E09000005"), key("E10000016")}  # the 2 most similar
    assert G.edges[key("E09000009"), key("E09000005")]["shared"] == 2
    assert (G.edges[key("E09000009"), key("E10000016")]["similarity"]
            > G.edges[key("E09000009"), key("E09000005")]["similarity"])
    assert {G.nodes[n].get("grade") for n in kinds["inspection"]} == {"requires-improvement", "good"}


def test_themes_view_is_bipartite_and_theme_view_is_a_star(data):
    from kg.views.projections import theme_view, themes_view

    B = themes_view(data)
    themes = {n for n, k in B.nodes(data="kind") if k == "theme"}
    auths = set(B) - themes
    assert nx.is_bipartite(B) and all((u in themes) != (v in themes) for u, v in B.edges)
    assert B.nodes["theme:front-door"]["authorities"] == 3
    assert B.number_of_edges() == sum(len(p.themes) for p in data.profiles().values())
    assert len(auths) == 4

    S = theme_view(data, "workforce-stability")
    assert S.number_of_nodes() == 4 and S.number_of_edges() == 3
    assert S.degree("theme:workforce-stability") == 3
    assert S.edges["theme:workforce-stability", key("E09000009")]["weight"] == 1.5
    assert S.nodes[key("E09000005")]["grade"] == "inadequate"


def test_inspectors_view_links_people_to_the_authorities_they_inspected(data):
    from kg.views.projections import Selection, inspectors_view

    G = inspectors_view(data)
    people = {G.nodes[n]["label"]: n for n, k in G.nodes(data="kind") if k == "inspector"}
    assert set(people) == {"Ada Quill", "Bea Marsh", "Cal Fenwick", "Dev Oduya"}
    assert set(G[people["Ada Quill"]]) == {key("E09000009"), key("E09000005")}
    assert G.edges[people["Cal Fenwick"], key("E08000035")]["weight"] == 2
    assert G.nodes[people["Cal Fenwick"]]["led"] == 2
    recent = inspectors_view(data, Selection(date(2023, 1, 1), None))
    assert {d["label"] for _, d in recent.nodes(data=True) if d["kind"] == "inspector"} == {
        "Bea Marsh", "Dev Oduya"}


# ------------------------------------------------------------------ analytics

def test_analytics_communities_are_deterministic_and_summarised(data):
    from kg.views.analytics import analyse

    a = analyse(data, seed=3)
    b = analyse(data, seed=3)
    assert a.to_json() == b.to_json()
    members = sorted(code for c in a.communities for code, _ in c.authorities)
    assert members == ["E08000035", "E09000005", "E09000009", "E10000016"]
    assert a.central_themes[0].theme in ("front-door", "workforce-stability")
    top = {t.theme: t for t in a.central_themes}
    assert top["front-door"].authorities == 3
    assert top["front-door"].distinctive == 3 and top["front-door"].degree == 0.75
    assert top["caseloads"].authorities == 1
    assert a.summary[0].startswith("Across 4 authorities")
    for c in a.communities:
        if c.size > 1:
            assert re.match(rf"These {c.size} authorities share weaknesses in .+: .+\.", c.summary)
    json.dumps(a.to_json())


def test_communities_split_two_clear_groups():
    """Two groups with disjoint weakness profiles come out as two communities."""
    from kg import summaries as sm
    from kg.views.analytics import communities
    from kg.views.projections import KgData, Profile

    class Fake(KgData):
        def __init__(self):
            super().__init__(None)
            self.__dict__["labels"] = {}
            self.__dict__["authorities"] = {}
            self.__dict__["by_authority"] = {}

    group_a = ["front-door", "caseloads", "supervision", "plan-quality"]
    group_b = ["adoption", "health-needs", "care-leaver-eet", "pathway-plans"]
    summaries = {}
    for i in range(6):
        themes = (group_a if i < 3 else group_b)[: 3 if i % 3 == 0 else 4]
        iri = f"https://w3id.org/ofsted-kg/id/authority/E0900000{i}"
        summaries[iri] = sm.Profile(iri, [], {t: 1.0 + (i + j) % 3 for j, t in enumerate(themes)},
                                    len(themes), {})
    sm.distinctiveness(summaries)
    profiles = {a: Profile(a, [], p) for a, p in summaries.items()}
    comms = communities(Fake(), profiles, neighbours=2, seed=1)
    sets = sorted(sorted(code for code, _ in c.authorities) for c in comms)
    assert sets == [["E09000000", "E09000001", "E09000002"], ["E09000003", "E09000004", "E09000005"]]


# ------------------------------------------------------------------ renderers

def test_html_is_offline_escaped_and_counts_match(data, tmp_path):
    from kg.views.projections import shared_weaknesses
    from kg.views.render import write_view

    G = shared_weaknesses(data)
    path = write_view(G, tmp_path / "v.html")
    html = path.read_bytes().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    markup = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", html, flags=re.S)
    assert not re.search(r"\b(src|href)\s*=", markup), "no external resource may be referenced"
    assert "cdn" not in markup.lower() and "bootstrap" not in html.lower()
    assert "default-src 'none'" in html and "script-src 'sha256-" in html
    m = re.search(r"new vis\.DataSet\((\[.*?\])\);\s*var edges = new vis\.DataSet\((\[.*?\])\);", html, re.S)
    nodes, edges = json.loads(m.group(1)), json.loads(m.group(2))
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert sorted(n["id"] for n in nodes) == list(range(G.number_of_nodes()))  # opaque ids
    assert {n["label"] for n in nodes} == {"Ealing", "Brent", "Leeds", "Kent"}
    assert all(isinstance(e["title"], str) and e["title"] for e in edges)


class _Tags(HTMLParser):
    """Every start tag with its attributes (script and style content is raw text, as in a browser)."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


def test_script_payloads_are_inert_in_html(tmp_path):
    from kg.views.projections import KgData, authority_view, shared_weaknesses, theme_view
    from kg.views.render import render_html

    data = KgData(xss_store())
    pages = [render_html(shared_weaknesses(data)),
             render_html(theme_view(data, "xss")),
             render_html(authority_view(data, data.resolve_authority("Rutland")))]
    for html in pages:
        tags = _Tags()
        tags.feed(html)
        # the only elements with script are our two (vis-network and the page's own)
        assert [t for t, _ in tags.seen if t in ("script", "img", "iframe", "object")] == ["script", "script"]
        assert not [a for _, attrs in tags.seen for a, _ in attrs if a.startswith("on") or a == "src"]
    assert "&lt;img src=x" in pages[1]  # the theme label is in the (escaped) heading
    assert "\\u003cimg src=x" in pages[0]  # and in JSON data, HTML-safe


def test_graphml_and_gexf_exports_round_trip(data, tmp_path):
    from kg.views.projections import shared_weaknesses, themes_view
    from kg.views.render import write_view

    for G in (shared_weaknesses(data), themes_view(data)):
        g1 = nx.read_graphml(write_view(G, tmp_path / "v.graphml", "graphml"))
        g2 = nx.read_gexf(write_view(G, tmp_path / "v.gexf", "gexf"))
        for H in (g1, g2):
            assert H.number_of_nodes() == G.number_of_nodes()
            assert H.number_of_edges() == G.number_of_edges()
        n = next(iter(G))
        assert g1.nodes[n]["label"] == G.nodes[n]["label"] and g1.nodes[n]["color"].startswith("#")


def test_unknown_format_is_refused(data, tmp_path):
    from kg.views.projections import shared_weaknesses
    from kg.views.render import write_view

    with pytest.raises(ValueError):
        write_view(shared_weaknesses(data), tmp_path / "v.svg", "svg")


# ------------------------------------------------------------------ commands

@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    """The invented corpus as an on-disk store, opened the way the commands open it."""
    folder = tmp_path_factory.mktemp("views") / "store"
    build_store(path=folder)
    return folder


@pytest.fixture(scope="module")
def app():
    import typer

    from kg.cli.views import register

    a = typer.Typer()
    a.command("noop")(lambda: None)  # a group, so sub-commands keep their names
    register(a)
    return a


def test_view_commands_write_files_and_say_where(app, cli_store, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    cases = [
        (["view", "shared-weaknesses", "--min-shared", "1"], "shared-weaknesses.html"),
        (["view", "shared-weaknesses", "--weight", "shared", "--k", "1", "--region", "London", "-f", "graphml"],
         "shared-weaknesses.graphml"),
        (["view", "authority", "Ealing"], "authority-ealing.html"),
        (["view", "themes", "--since", "2015", "--until", "2017-12-31"], "themes.html"),
        (["view", "themes", "--distinctive", "-o", "distinctive.html"], "distinctive.html"),
        (["view", "theme", "front-door", "--grade", "outstanding"], "theme-front-door.html"),
        (["view", "inspectors", "--lead-only", "-o", "sub/people.gexf"], "sub/people.gexf"),
    ]
    for args, expected in cases:
        result = runner.invoke(app, args + ["--store", str(cli_store)])
        assert result.exit_code == 0, (args, result.output)
        assert f"wrote {expected}" in result.output, result.output
        assert (tmp_path / expected).stat().st_size > 100


def test_view_commands_report_bad_input_with_exit_2(app, cli_store):
    from typer.testing import CliRunner

    runner = CliRunner()
    for args in (["view", "theme", "no-such-theme"], ["view", "authority", "Narnia"],
                 ["view", "shared-weaknesses", "--grade", "superb"],
                 ["view", "shared-weaknesses", "--since", "last tuesday"],
                 ["analyse", "--region", "Atlantis"]):
        result = runner.invoke(app, args + ["--store", str(cli_store)])
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("kg: "), result.output


def test_analyse_command_formats(app, cli_store):
    from typer.testing import CliRunner

    runner = CliRunner()
    table = runner.invoke(app, ["analyse", "--store", str(cli_store), "--min-shared", "1"])
    assert "distinctive for an authority" in table.output
    assert table.exit_code == 0 and "Across 4 authorities" in table.output
    doc = json.loads(runner.invoke(app, ["analyse", "-f", "json", "--store", str(cli_store)]).output)
    assert set(doc) >= {"summary", "communities", "central_themes", "parameters"}
    csv_out = runner.invoke(app, ["analyse", "-f", "csv", "--part", "themes", "--store", str(cli_store)])
    assert csv_out.output.splitlines()[0] == "theme,label,authorities,distinctive,degree,betweenness"


def test_a_page_with_a_foreign_script_handler_or_source_is_refused():
    from kg.views.render import _seal

    page = '<meta content="__KG_CSP__"><style>s</style><script>one</script><p>x</p><script>two</script>'
    sealed = _seal(page)
    assert "script-src 'sha256-" in sealed and sealed.count("'sha256-") == 2
    for bad in ("<script>three</script>", '<img src="x">', '<p onclick="x()">', '<link href="y">'):
        with pytest.raises(ValueError):
            _seal(page.replace("<p>x</p>", bad))
