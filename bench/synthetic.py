"""A seeded synthetic corpus: N authorities x M inspections, built from records through the
real mapper into an in-memory store, for benchmarking the views and analytics.

Every fact goes through ``kg.mapping.map_extraction`` exactly as extracted facts do, so the
graph has the production shape (one named graph per document, Web Annotation evidence with
quote and page, SKOS concepts for types, areas, grades and themes).

Theme distribution (invented, calibrated on the dev corpus, where an authority's latest
inspection states about 35 weaknesses on about 20 of the 40 themes): theme popularity falls off
like a Zipf law (exponent 0.6) over the 40 themes; each authority has 3-6 "chronic" themes that
recur across its inspections (so there are communities to find); weaker grades come with more
weaknesses (graded inspections 20-40 weakness sentences x 0.4-1.5 by grade, visits 4-12);
improvement points carry 1-3 themes, weaknesses 1-2.

    python bench/synthetic.py --authorities 153 --inspections 10   # prints counts and timings
"""
from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from kg.authorities import all_authorities
from kg.documents import document_from_pages
from kg.mapping import map_extraction, to_ntriples
from kg.records import (Evidence, Extraction, Finding, Inspection, Judgement, Person,
                        Recommendation)
from kg.reference import reference_ntriples
from kg.store import KgStore
from kg.themes import load_themes

FIRST = ("Ada", "Bea", "Cal", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou",
         "Max", "Nia", "Oli", "Pam", "Quin", "Ros", "Sam", "Tam", "Uma", "Vic", "Wyn", "Zoe")
LAST = ("Quill", "Marsh", "Fenwick", "Oduya", "Brack", "Lister", "Penrose", "Hadley", "Tarn",
        "Wexford", "Ashdown", "Colby", "Darrow", "Ellery", "Frome", "Garside")
# (type, year offset from 2013, graded?) - a typical sequence of visits from 2013 to 2024
SEQUENCE = (("looked-after-children", 0, True), ("sif", 2, True), ("monitoring-visit", 3, False),
            ("ilacs-standard", 5, True), ("focused-visit", 6, False), ("focused-visit", 7, False),
            ("monitoring-visit", 8, False), ("ilacs-short", 9, True), ("focused-visit", 10, False),
            ("ilacs-standard", 11, True))
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
AREAS = ("impact-of-leaders", "help-and-protection", "in-care-and-care-leavers")
SENTENCES = ("In {la}, {t} is a weakness: {trig}.", "Inspectors found that {trig} in {la}.",
             "Senior leaders in {la} have not ensured improvement in {t} ({trig}).",
             "For too many children in {la}, {trig}.")
STRENGTH = "Leaders in {la} have improved {t}, and {trig} is now a strength."
PER_PAGE = 8  # sentences per page


def _pick_grade(rng: random.Random, quality: float) -> str:
    """quality in [0, 1): lower is weaker."""
    q = min(0.999, max(0.0, quality + rng.gauss(0, 0.12)))
    return GRADES[3 - int(q * 4)]


class _Doc:
    """Builds the text of one invented report sentence by sentence, remembering spans."""

    def __init__(self, header: str) -> None:
        self.sentences: list[str] = [header]

    def add(self, sentence: str) -> int:
        self.sentences.append(sentence)
        return len(self.sentences) - 1

    def pages(self) -> list[str]:
        return ["\n".join(self.sentences[i:i + PER_PAGE]) + "\n"
                for i in range(0, len(self.sentences), PER_PAGE)]


def synthetic_extractions(n_authorities: int = 153, n_inspections: int = 10, seed: int = 7):
    """Yield ``(Document, Extraction)`` pairs, one document per inspection."""
    rng = random.Random(seed)
    themes = load_themes()
    ids = [t.id for t in themes]
    labels = {t.id: t.label.lower() for t in themes}
    triggers = {t.id: t.triggers or (t.label.lower(),) for t in themes}
    order = ids[:]
    rng.shuffle(order)
    popularity = {t: 1.0 / (rank + 1) ** 0.6 for rank, t in enumerate(order)}
    inspectors = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(inspectors)
    inspectors = inspectors[:70]
    current = sorted((a for a in all_authorities() if a.valid_to is None), key=lambda a: a.gss)
    older = sorted((a for a in all_authorities() if a.valid_to is not None), key=lambda a: a.gss)
    authorities = (current + older)[:n_authorities]
    for a in authorities:
        quality = rng.betavariate(2.2, 2.2)  # about 15% outstanding, 35% good, 35% RI, 15% inadequate
        chronic = set(rng.sample(ids, rng.randint(3, 6)))
        weights = [popularity[t] * (6.0 if t in chronic else 1.0) for t in ids]
        for k in range(n_inspections):
            kind, offset, graded = SEQUENCE[k % len(SEQUENCE)]
            year = 2013 + offset + (k // len(SEQUENCE)) * 12
            start = date(year, 1, 8) + timedelta(days=rng.randint(0, 320))
            quality = min(0.999, max(0.0, quality + rng.gauss(0.0, 0.08)))
            grade = _pick_grade(rng, quality) if graded else None
            strain = {"outstanding": 0.4, "good": 0.7, "requires-improvement": 1.0,
                      "inadequate": 1.5, None: 0.6}[grade]
            doc = _Doc(f"Inspection of {a.short_name} local authority children's services, "
                       f"{kind} starting {start.isoformat()}")
            people = []
            lead = rng.choice(inspectors)
            people.append((lead, "lead inspector", True))
            for name in rng.sample([i for i in inspectors if i != lead], rng.randint(1, 3)):
                people.append((name, "team inspector", False))
            person_idx = [doc.add(f"{name}, {role}") for name, role, _ in people]
            judgements = []
            if grade:
                judgements.append(("overall-effectiveness", grade,
                                   doc.add(f"Overall effectiveness: {grade}")))
                for area in AREAS:
                    g = _pick_grade(rng, quality)
                    judgements.append((area, g, doc.add(f"{area}: {g}")))

            def theme_set(count: int) -> tuple[str, ...]:
                out: list[str] = []
                while len(out) < count:
                    t = rng.choices(ids, weights)[0]
                    if t not in out:
                        out.append(t)
                return tuple(out)

            recs = []
            n_recs = max(1, int(rng.randint(3, 9) * strain)) if graded else rng.randint(1, 4)
            for r in range(n_recs):
                ts = theme_set(rng.choice((1, 1, 2, 2, 3)))
                sentence = f"Improve {labels[ts[0]]}: {rng.choice(triggers[ts[0]])} ({a.short_name})."
                recs.append((ts, r + 1, doc.add(sentence)))
            findings = []
            for _ in range(int(rng.randint(20, 40) * strain) if graded else rng.randint(4, 12)):
                ts = theme_set(rng.choice((1, 1, 2)))
                sentence = rng.choice(SENTENCES).format(la=a.short_name, t=labels[ts[0]],
                                                        trig=rng.choice(triggers[ts[0]]))
                findings.append(("weakness", ts, doc.add(sentence)))
            for _ in range(rng.randint(2, 6)):
                t = rng.choice(ids)
                findings.append(("strength", (t,), doc.add(
                    STRENGTH.format(la=a.short_name, t=labels[t], trig=rng.choice(triggers[t])))))

            pages = doc.pages()
            name = f"{a.short_name.lower().replace(' ', '-')}_{start.isoformat()}_{kind}.pdf"
            data = ("".join(pages) + name).encode("utf-8")
            document = document_from_pages(Path(name), pages, data, "pdf")
            starts, pos = [], 0
            for i, s in enumerate(doc.sentences):  # page text = its sentences joined by \n
                if i % PER_PAGE == 0:
                    pos = document.page_starts[i // PER_PAGE]
                starts.append(pos)
                pos += len(s) + 1

            def ev(i: int) -> Evidence:
                s = doc.sentences[i]
                return Evidence(starts[i], starts[i] + len(s), s, i // PER_PAGE + 1)

            insp = Inspection(
                authority_code=a.gss, authority_name=a.short_name, type=kind,
                start_date=start, end_date=start + timedelta(days=11 if graded else 2),
                publication_date=start + timedelta(days=45),
                judgements=tuple(Judgement(ar, g, ev(i)) for ar, g, i in judgements),
                people=tuple(Person(n, role, lead=is_lead, title="HMI", evidence=ev(i))
                             for (n, role, is_lead), i in zip(people, person_idx)),
                recommendations=tuple(Recommendation(doc.sentences[i], ts, idx, "la", ev(i))
                                      for ts, idx, i in recs),
                findings=tuple(Finding(pol, ts, ev(i)) for pol, ts, i in findings),
            )
            yield document, Extraction(inspections=(insp,), genre="report",
                                       title=f"Inspection of {a.short_name}", published=start)


def synthetic_store(n_authorities: int = 153, n_inspections: int = 10, seed: int = 7,
                    path: Path | str | None = None) -> KgStore:
    """An in-memory (or on-disk, with ``path``) store holding the synthetic corpus."""
    store = KgStore(path)
    store.set_reference(reference_ntriples())
    for doc, extraction in synthetic_extractions(n_authorities, n_inspections, seed):
        store.put_document(f"synthetic/{doc.name}", doc.name, doc.sha256,
                           to_ntriples(map_extraction(doc, extraction)))
    store.flush()
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--authorities", type=int, default=153)
    ap.add_argument("--inspections", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--store", type=Path, default=None, help="write an on-disk store here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    store = synthetic_store(args.authorities, args.inspections, args.seed, args.store)
    print(f"{args.authorities} authorities x {args.inspections} inspections: {len(store):,} quads "
          f"in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
