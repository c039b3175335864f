"""Improvement points: invented fixtures for each report layout, plus the dev corpus."""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kg.documents import Document, document_from_pages, read_document
from kg.extract.improvement_points import extract_improvement_points

CORPUS = Path("/work/shared/corpus/reports")
GOLD = Path("/work/shared/eval/gold/dev_recommendations.csv")


def doc(*pages: str) -> Document:
    return document_from_pages(Path("x.pdf"), list(pages), b"x", "pdf")


def texts(d: Document) -> list[str]:
    return [r.text for r in extract_improvement_points(d)]


ILACS = """Inspection of Exampleshire local authority children's services
3 to 14 March 2031 2
Leaders have a clear plan for the service.
What needs to improve?
◼ The timeliness of visits to children who live
at a distance from the county.
◼ The quality of written records of:
− return interviews for children who run away
− decisions made out of office hours.
◼ Support for young people leaving custody.
The experiences and progress of children who need help and
protection: good
1. Families receive prompt help from a well-staffed early help team.
"""


def test_ilacs_bullets_and_dash_sub_points_joined() -> None:
    assert texts(doc(ILACS)) == [
        "The timeliness of visits to children who live at a distance from the county.",
        "The quality of written records of: return interviews for children who run away; "
        "decisions made out of office hours.",
        "Support for young people leaving custody.",
    ]


def test_evidence_offsets_are_exact() -> None:
    d = doc("cover page\n", ILACS)
    recs = extract_improvement_points(d)
    assert [r.index for r in recs] == [1, 2, 3]
    for r in recs:
        e = r.evidence
        assert e is not None and d.text[e.start:e.end] == e.quote
        assert e.page == 2
    assert recs[0].evidence.quote == ("The timeliness of visits to children who live\n"
                                      "at a distance from the county.")
    assert recs[1].evidence.quote.endswith("decisions made out of office hours.")
    assert all(r.section == "la" and isinstance(r.themes, tuple) for r in recs)


def test_private_use_bullets_and_header_footer_across_page_break() -> None:
    page1 = ("2\nA short summary of the service.\nWhat needs to improve\n"
             "\uf06e The stability of the workforce.\n"
             "\uf06e The range of homes for brothers and sisters who need to\n")
    page2 = ("3\nlive together, and of local foster carers.\n"
             "\uf06e The voice of children in their own plans.\n"
             "The experiences and progress of children who need help and\n"
             "protection requires improvement to be good\n")
    page3 = "4\nMore report text.\n"
    assert texts(doc(page1, page2, page3)) == [
        "The stability of the workforce.",
        "The range of homes for brothers and sisters who need to live together, "
        "and of local foster carers.",
        "The voice of children in their own plans.",
    ]


SIF_LA = """8
Recommendations
1. Make sure that referrals from schools are screened on the day that they
arrive (paragraph 12).
Help and protection
2. Reduce the number of children waiting for a first visit by:
• allocating a worker within five days
• recording each visit on the child's file.
3. Review the work of the placement panel.
Summary for children and young people
• The council listens to children.
"""
SIF_LSCB = """36
The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board requires improvement
Executive summary
The board is chaired by an independent person.
Recommendations
120. Agree a shared data set with every partner agency so that the board can
compare figures.
121. Publish the annual report on time.
Inspection findings – the Local Safeguarding Children Board
122. The board meets every quarter and most partners attend.
"""


def test_sif_recommendations_sub_headings_by_bullets_and_lscb_section() -> None:
    recs = extract_improvement_points(doc(SIF_LA, SIF_LSCB))
    assert [(r.index, r.section) for r in recs] == [
        (1, "la"), (2, "la"), (3, "la"), (4, "lscb"), (5, "lscb")]
    assert recs[0].text == ("Make sure that referrals from schools are screened on the day "
                            "that they arrive (paragraph 12).")
    assert recs[1].text == ("Reduce the number of children waiting for a first visit by: "
                            "allocating a worker within five days; recording each visit on the "
                            "child's file.")
    assert recs[2].text == "Review the work of the placement panel."
    assert recs[3].text.startswith("Agree a shared data set") and recs[3].text.endswith(
        "compare figures.")
    assert recs[4].evidence is not None and recs[4].evidence.page == 2


SIF_2014 = """Contents
What does the local authority need to improve? 4
What does the LSCB need to improve? 30
What does the local authority need to improve?
Priority and immediate action
12. Stop placing children in unregistered homes.
Areas for improvement
Quality of practice
13. Make sure that every child has a plan that says who will do what and by
when.
14. Raise the attendance of health staff at conferences.
The local authority's strengths
15. The front door team is experienced and stable.
"""
SIF_2014_LSCB = """Section 2: The effectiveness of the local safeguarding
children board
What does the LSCB need to improve?
Priority and immediate action
There are no areas for priority action.
Areas for improvement
60. Evaluate the impact of multi-agency training.
Inspection judgement about the LSCB
61. The board is good.
"""


def test_sif_2014_sub_lists_and_no_priority_action_statement() -> None:
    recs = extract_improvement_points(doc(SIF_2014, SIF_2014_LSCB))
    assert [(r.text, r.section) for r in recs] == [
        ("Stop placing children in unregistered homes.", "la"),
        ("Make sure that every child has a plan that says who will do what and by when.", "la"),
        ("Raise the attendance of health staff at conferences.", "la"),
        ("Evaluate the impact of multi-agency training.", "lscb"),
    ]


LAC_P1 = """Exampleton Council Inspection of looked after children services 5
14. Leaders know the service well.
Areas for improvement
15. In order to improve the quality of provision and services for looked after
children, the local authority should take the following action.
Immediately:
• ensure every child in care has a named health
professional
• ensure all reviews are held
"""
LAC_P2 = """Exampleton Council Inspection of looked after children services 6
on time.
Within three months:
• ensure that care leavers can get advice at weekends
and during holidays.
Within six months:
• review the local offer with care leavers.
Outcomes for looked after children and young people
16. Most children do well at school.
"""


def test_2013_time_buckets_without_intro_or_running_header() -> None:
    assert texts(doc(LAC_P1, LAC_P2)) == [
        "ensure every child in care has a named health professional",
        "ensure all reviews are held on time.",
        "ensure that care leavers can get advice at weekends and during holidays.",
        "review the local offer with care leavers.",
    ]


def test_heading_placed_at_end_of_page_by_the_text_layer() -> None:
    page0 = "35\nThe council's own services are good.\n"
    page1 = "36\nThe Local Safeguarding Children Board (LSCB)\nThe board is well led.\n"
    page2 = ("37\n123. Extend the data set to cover children who go missing.\n"
             "124. Test the impact of training.\n"
             "Inspection findings – the Local Safeguarding Children Board\n"
             "125. The board is well attended.\nRecommendations\n")
    page3 = "38\n126. The board's annual report is clear.\n"
    recs = extract_improvement_points(doc(page0, page1, page2, page3))
    assert [(r.text, r.section) for r in recs] == [
        ("Extend the data set to cover children who go missing.", "lscb"),
        ("Test the impact of training.", "lscb"),
    ]


def test_document_without_a_list_has_no_points() -> None:
    assert extract_improvement_points(doc("Ofsted news\nSome text about services.\n")) == ()


def _key(s: str) -> str:
    s = s.lower().replace("\u2019", "'")
    return " ".join(re.sub(r"\W", " ", s).split()[:8])


def _match(a: str, b: str) -> bool:
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    x, y = set(a.split()), set(b.split())
    return bool(x | y) and len(x & y) / len(x | y) >= 0.75


@pytest.mark.skipif(not (CORPUS.is_dir() and GOLD.is_file()), reason="dev corpus absent")
def test_dev_corpus_f1() -> None:
    gold: dict[str, list[str]] = defaultdict(list)
    with GOLD.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gold[row["file"]].append(row["key"])
    tp = n_out = n_gold = 0
    for pdf in sorted(CORPUS.glob("*.pdf")):
        try:
            d = read_document(pdf)
        except Exception:  # saved "report not found" pages are not PDFs
            continue
        out = [_key(r.text) for r in extract_improvement_points(d)]
        want = list(gold.get(pdf.name, []))
        n_out += len(out)
        n_gold += len(want)
        for k in out:
            hit = next((g for g in want if _match(k, g)), None)
            if hit is not None:
                want.remove(hit)
                tp += 1
    p, r = tp / n_out, tp / n_gold
    assert 2 * p * r / (p + r) >= 0.97


SIF_BODY_AFTER_LIST = """Recommendations
7. Make sure that every child in need has a plan with clear timescales.
8. Improve the quality of supervision so that drift is challenged.
Summary
9. The local authority has a stable senior team and an accurate view of
its services.
10. Most partners attend strategy meetings.
"""


def test_numbered_body_paragraphs_after_the_list_are_not_points() -> None:
    assert texts(doc(SIF_BODY_AFTER_LIST.replace("Summary\n", ""))) == [
        "Make sure that every child in need has a plan with clear timescales.",
        "Improve the quality of supervision so that drift is challenged.",
    ]


ILACS_SUB_HEADINGS = """What needs to improve?
◼ Children in care
− Leaders should increase the number of local foster homes.
− Reviews should record the child's views.
◼ The timeliness of assessments for disabled children.
The experiences and progress of children who need help and protection: good
"""


def test_topic_sub_heading_is_not_glued_to_the_points_under_it() -> None:
    assert texts(doc(ILACS_SUB_HEADINGS)) == [
        "Leaders should increase the number of local foster homes.",
        "Reviews should record the child's views.",
        "The timeliness of assessments for disabled children.",
    ]


NOTHING_TO_IMPROVE = """What needs to improve?
◼ No areas require priority action.
◼ The consistency of return home interviews.
The experiences and progress of children who need help and protection: good
"""


def test_statement_that_nothing_needs_improving_is_not_a_point() -> None:
    recs = extract_improvement_points(doc(NOTHING_TO_IMPROVE))
    assert [(r.index, r.text) for r in recs] == [(1, "The consistency of return home interviews.")]
