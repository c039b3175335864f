"""Shared weaknesses at national shape: a generated corpus of 40 invented authorities whose
latest inspections have skewed theme mixes (four families of characteristic themes over a
background every authority shares) and very different numbers of weakness statements (4 to
about 150, more for weaker grades, as in real reports). The view must link every authority
with weaknesses, and who is linked to whom must not simply follow how much was written.

Also: the build-time summaries the views read match a direct count over the findings."""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from kg.documents import document_from_pages
from kg.records import Evidence, Extraction, Finding, Inspection, Judgement, Person, Recommendation

BACKGROUND = ("workforce-stability", "management-oversight", "plan-quality", "supervision",
              "front-door", "caseloads")
FAMILIES = (
    ("adoption", "permanence-planning", "placement-sufficiency"),
    ("care-leaver-eet", "care-leaver-accommodation", "pathway-plans"),
    ("exploitation-and-missing", "edge-of-care", "homeless-16-17"),
    ("disabled-children", "private-fostering", "health-needs"),
)
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
VOLUME = {"outstanding": (4, 15), "good": (10, 40), "requires-improvement": (30, 90),
          "inadequate": (70, 150)}


def _report(code: str, name: str, when: date, grade: str, statements: list, points: list):
    """One invented report: a header page, then the statements eight to a page."""
    header = f"Inspection of {name} children's services\n{when.isoformat()}\nOverall effectiveness: {grade}\n"
    sentences = [s for _, s in statements] + [s for _, s in points]
    pages = [header] + ["".join(f"{s}\n" for s in sentences[i:i + 8])
                        for i in range(0, len(sentences), 8)]
    file = f"{name.lower().replace(' ', '-')}_{when.isoformat()}.pdf"
    doc = document_from_pages(Path(file), pages, ("".join(pages) + file).encode(), "pdf")

    def ev(text: str) -> Evidence:
        start = doc.text.index(text)
        return Evidence(start, start + len(text), text, doc.page_of(start))

    insp = Inspection(
        authority_code=code, authority_name=name, type="ilacs-standard", start_date=when,
        end_date=when + timedelta(days=11),
        judgements=(Judgement("overall-effectiveness", grade, ev(f"Overall effectiveness: {grade}")),),
        people=(Person("Ada Quill", "lead inspector", lead=True),),
        findings=tuple(Finding("weakness", themes, ev(s)) for themes, s in statements),
        recommendations=tuple(Recommendation(s, themes, i + 1, "la", ev(s))
                              for i, (themes, s) in enumerate(points)))
    return doc, Extraction(inspections=(insp,), genre="report", title=f"Inspection of {name}")


def national_corpus(n: int = 40, seed: int = 11):
    """(code, name, family, grade, documents) per authority: an earlier and a latest report."""
    from kg.authorities import all_authorities

    rng = random.Random(seed)
    current = sorted((a for a in all_authorities() if a.valid_to is None), key=lambda a: a.gss)
    out = []
    for k, a in enumerate(rng.sample(current, n)):
        family = FAMILIES[k % len(FAMILIES)]
        grade = rng.choice(GRADES)
        docs = []
        for year, g in ((2018, rng.choice(GRADES)), (2023, grade)):
            lo, hi = VOLUME[g]
            count = rng.randint(lo, hi)
            statements = []
            for i in range(count):
                own = rng.random() < 0.45  # the family's themes carry under half the weight
                first = rng.choice(family if own else BACKGROUND)
                themes = (first,) if rng.random() < 0.6 else (first, rng.choice(BACKGROUND + family))
                themes = tuple(dict.fromkeys(themes))
                statements.append((themes, f"Weakness {i} for {a.short_name} in {year} on {first}."))
            points = [((rng.choice(family),), f"Improve point {i} for {a.short_name} in {year}.")
                      for i in range(rng.randint(1, 4))]
            docs.append(_report(a.gss, a.short_name, date(year, 3, 1) + timedelta(days=k), g,
                                statements, points))
        out.append((a.gss, a.short_name, family, grade, docs))
    return out


def _store(corpus):
    from kg.build import refresh_summaries
    from kg.mapping import map_extraction, to_ntriples
    from kg.reference import reference_ntriples
    from kg.store import KgStore

    store = KgStore(None)
    store.set_reference(reference_ntriples())
    for *_, docs in corpus:
        for doc, ex in docs:
            store.put_document(str(doc.path), doc.name, doc.sha256, to_ntriples(map_extraction(doc, ex)))
    refresh_summaries(store)
    store.commit()
    return store


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (average ranks for ties)."""
    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for m in range(i, j + 1):
                r[order[m]] = (i + j) / 2 + 1
            i = j + 1
        return r

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else 0.0


def test_spearman_helper_on_known_values():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)


@pytest.fixture(scope="module")
def corpus():
    return national_corpus()


@pytest.fixture(scope="module")
def data(corpus):
    from kg.views.projections import KgData

    return KgData(_store(corpus))


@pytest.fixture(scope="module")
def view(data):
    from kg.views.projections import shared_weaknesses

    return shared_weaknesses(data)


def test_the_generated_corpus_has_very_different_volumes(data):
    volumes = [p.weaknesses for p in data.profiles().values()]
    assert len(volumes) == 40 and max(volumes) > 8 * min(volumes)


def test_every_authority_with_weaknesses_has_a_link(data, view):
    with_weaknesses = {data.authority(a).key for a in data.profiles()}
    assert with_weaknesses == set(view)
    assert all(view.degree(n) >= 1 for n in view)
    capped = Counter(x for u, v, d in view.edges(data=True) if not d["fallback"] for x in (u, v))
    assert max(capped.values()) <= 3  # k = 3: nobody collects everyone's links


def test_links_do_not_follow_the_number_of_weakness_statements(view):
    nodes = list(view)
    degree = [view.degree(n) for n in nodes]
    volume = [view.nodes[n]["weaknesses"] for n in nodes]
    assert spearman(degree, volume) <= 0.3
    # and the links mostly join authorities of the same family of distinctive themes
    assert sum(len(d["themes"]) > 0 for *_, d in view.edges(data=True)) > 0.8 * view.number_of_edges()


def test_links_join_authorities_of_the_same_theme_family(corpus, view):
    family = {f"authority:{code}": fam for code, _, fam, _, _ in corpus}
    same = sum(family[u] == family[v] for u, v in view.edges)
    assert same >= 0.8 * view.number_of_edges()


def test_edge_evidence_has_one_quote_per_side_per_shared_theme(data, view):
    profiles = {data.authority(a).key: p for a, p in data.profiles().items()}
    for u, v, e in view.edges(data=True):
        assert sorted(e["evidence"]) == sorted(e["themes"])
        for theme, sides in e["evidence"].items():
            assert [s[0] for s in sides] == [view.nodes[u]["label"], view.nodes[v]["label"]]
            for (name, quote, file, page), node in zip(sides, (u, v)):
                assert quote and page >= 2  # page 1 is the header
                assert file.startswith(name.lower().replace(" ", "-") + "_")
                assert e["tooltip"].count(quote[:60]) == 1
                assert theme in profiles[node].distinctive
        quotes = [line for line in e["tooltip"].splitlines() if line.startswith("    ")]
        assert len(quotes) == 2 * len(e["themes"])  # never a cross product


def test_communities_colour_the_view_and_analyse_finds_the_families(corpus, data, view):
    from kg.views.analytics import analyse

    assert {view.nodes[n]["community"] for n in view} == set(range(1, view.graph["communities"] + 1))
    result = analyse(data)
    family = {code: fam for code, _, fam, _, _ in corpus}
    pure = sum(max(sum(family[c] == f for c, _ in comm.authorities) for f in FAMILIES)
               for comm in result.communities)
    assert pure >= 0.8 * 40  # communities are (mostly) families
    assert {t.theme for c in result.communities for t in c.themes[:1]} <= {
        t for fam in FAMILIES for t in fam}


# ------------------------------------------------------------------ summaries vs direct count

def test_summaries_match_a_direct_count_over_the_findings():
    """Statement counts and weights per inspection x theme, as stored, against a count of the
    findings and improvement points in the graph itself (a statement read both as a finding
    and as an improvement point, same span, counts once)."""
    from kg.views.projections import KgData, Selection

    shared = "Leaders have not improved planning for care leavers."
    statements = [(("plan-quality",), "Plans are vague."),
                  (("plan-quality", "pathway-plans"), "Pathway plans are not updated."),
                  (("pathway-plans", "plan-quality", "care-leaver-eet"), "Care leavers drift."),
                  (("care-leaver-eet",), shared)]
    points = [(("care-leaver-eet",), shared), (("supervision",), "Improve supervision.")]
    doc, ex = _report("E09000009", "Ealing", date(2024, 1, 8), "good", statements, points)
    data = KgData(_store([("E09000009", "Ealing", (), "good", [(doc, ex)])]))
    rows = data.store.query("""
        PREFIX kg: <https://w3id.org/ofsted-kg/def#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?i ?theme (COUNT(DISTINCT ?start) AS ?n) WHERE {
          ?i kg:hasFinding|kg:hasRecommendation ?f .
          ?f kg:polarity <https://w3id.org/ofsted-kg/id/polarity/weakness> ; kg:theme ?theme ;
             kg:evidence/oa:hasTarget/oa:hasSelector/oa:start ?start .
        } GROUP BY ?i ?theme""")
    direct = {(r["i"].value, r["theme"].value.rsplit("/", 1)[-1]): int(r["n"].value) for r in rows}
    stored = {(i, t): c.statements for i, themes in data.inspection_themes.items()
              for t, c in themes.items()}
    assert stored == direct
    assert set(direct.values()) == {1, 2, 3}
    weights = defaultdict(float)
    for themes, _ in statements:
        for rank, t in enumerate(themes):
            weights[t] += (1.0, 0.5, 0.33)[rank]
    read_as_findings = {text for _, text in statements}
    for themes, text in points:  # an improvement point counts double, once however read
        weights[themes[0]] += 1.0 if text in read_as_findings else 2.0
    (insp,) = data.inspection_themes
    assert {t: round(c.weight, 3) for t, c in data.inspection_themes[insp].items()} == {
        t: round(w, 3) for t, w in weights.items()}
    (profile,) = data.profiles().values()  # as the analysis graph holds it
    assert profile.weaknesses == sum(direct.values())
    assert {t: round(w, 3) for t, w in profile.summary.weights.items()} == {
        t: round(w, 3) for t, w in weights.items()}
    (window,) = data.profiles(Selection(date(2024, 1, 1))).values()
    assert window.counts == {t: n for (_, t), n in direct.items()}
