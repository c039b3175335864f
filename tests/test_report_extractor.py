"""Tests for kg.extract.report (report metadata, judgements, team) and kg.extract.dates.

Every fixture text below is invented: made-up authorities and people laid out like the real
report families (only the fixed headings and table labels are Ofsted's own words).
"""
from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from kg.documents import Document, document_from_pages, read_document
from kg.errors import DocumentError
from kg.extract.dates import parse_date, parse_date_range, parse_date_ranges
from kg.extract.report import clean_name, extract_report, is_report

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPORTS = SHARED / "corpus" / "reports"
GOLD = SHARED / "eval" / "gold"


def make_doc(*pages: str, name: str = "x.pdf") -> Document:
    return document_from_pages(Path(name), list(pages), "".join(pages).encode(), "pdf")


def judged(doc: Document) -> dict[str, str]:
    return {j.area: j.grade for j in extract_report(doc).inspections[0].judgements}


def team(doc: Document) -> list[tuple[str, str]]:
    return [(p.name, p.role) for p in extract_report(doc).inspections[0].people]


def assert_evidence(doc: Document) -> None:
    """Every fact quotes the document exactly where it says."""
    insp = extract_report(doc).inspections[0]
    for fact in (*insp.judgements, *insp.people):
        e = fact.evidence
        assert e is not None and doc.text[e.start:e.end] == e.quote
        assert e.page == doc.page_of(e.start)


# ------------------------------------------------------------------------------ dates

@pytest.mark.parametrize("text, start, end", [
    ("Inspection date: 18 March 2014 – 09 April 2014", date(2014, 3, 18), date(2014, 4, 9)),
    ("3 June – 25 June 2014", date(2014, 6, 3), date(2014, 6, 25)),
    ("8 – 12 July 2013", date(2013, 7, 8), date(2013, 7, 12)),
    ("12/09/2016 to 06/10/2016", date(2016, 9, 12), date(2016, 10, 6)),
    ("22 April to 3 May 2024", date(2024, 4, 22), date(2024, 5, 3)),
    ("Inspection dates: 3 to 14 December 2018", date(2018, 12, 3), date(2018, 12, 14)),
    ("11 January 2016–4 February 2016", date(2016, 1, 11), date(2016, 2, 4)),
    ("24 November - 17 December 2015", date(2015, 11, 24), date(2015, 12, 17)),
    ("30 December 2019 to 10 January 2020", date(2019, 12, 30), date(2020, 1, 10)),
    ("30 December to 10 January 2020", date(2019, 12, 30), date(2020, 1, 10)),
    ("Monday 3rd December 2018", date(2018, 12, 3), date(2018, 12, 3)),
    ("no date here", None, None),
])
def test_date_range_forms(text, start, end):
    assert parse_date_range(text) == (start, end)


def test_parse_date_takes_first_complete_date_and_rejects_impossible_ones():
    assert parse_date("Report published: 25/11/2016") == date(2016, 11, 25)
    assert parse_date("Published: 7 Sept 2015, revised 9 October 2015") == date(2015, 9, 7)
    assert parse_date("31 June 2015") is None
    assert parse_date("in March 2015") is None


def test_parse_date_ranges_finds_both_parts_of_a_paused_inspection():
    found = [r for r, _ in parse_date_ranges("5 to 9 December 2022 and 6 to 10 February 2023")]
    assert found == [(date(2022, 12, 5), date(2022, 12, 9)), (date(2023, 2, 6), date(2023, 2, 10))]


# ------------------------------------------------------------------------------ ILACS

ILACS_SPLIT = (
    "Inspection of Oakhampton Vale local \n"
    "authority children’s services \n"
    "Inspection dates: 13 to 24 January 2025\n"
    "Lead inspector: Priya Castellan, His Majesty’s Inspector\n"
    "Judgement Grade\n"
    "The impact of leaders on social work \n"
    "practice with children and families\n"
    "Good\n"
    "The experiences and progress of \n"
    "children who need help and protection\n"
    "Requires improvement to be good \n"
    "The experiences and progress of \n"
    "children in care\n"
    "Good \n"
    "The experiences and progress of care \n"
    "leavers\n"
    "Outstanding\n"
    "Overall effectiveness Good\n"
    "Invented summary text about services in Oakhampton Vale for the test.\n"
)


def test_ilacs_split_areas_grade_on_own_line_and_two_week_standard():
    doc = make_doc(ILACS_SPLIT, "Second page of invented findings.\n")
    insp = extract_report(doc).inspections[0]
    assert is_report(doc)
    assert insp.authority_name == "Oakhampton Vale"
    assert insp.type == "ilacs-standard"
    assert (insp.start_date, insp.end_date, insp.year) == (
        date(2025, 1, 13), date(2025, 1, 24), 2025)
    assert insp.publication_date is None  # not printed: the caller uses the file name
    assert judged(doc) == {
        "impact-of-leaders": "good", "help-and-protection": "requires-improvement",
        "in-care": "good", "care-leavers": "outstanding", "overall-effectiveness": "good"}
    [lead] = insp.people
    assert (lead.name, lead.role, lead.lead, lead.title) == (
        "Priya Castellan", "lead inspector", True, "His Majesty’s Inspector")
    assert_evidence(doc)


ILACS_COMBINED_SHORT = (
    "1\n"
    "Brackenfold Borough Council\n"
    "Inspection of children’s social care services\n"
    "Inspection dates: 6 May to 10 May 2019\n"
    "Lead inspector: Tomasz Whitlow\n"
    "Her Majesty’s Inspector\n"
    "Judgement Grade\n"
    "The impact of leaders on social work practice with children \n"
    "and families Outstanding\n"
    "The experiences and progress of children who need help and \n"
    "protection requires improvement\n"
    "The experiences and progress of children in care and care \n"
    "leavers Require improvement\n"
    "Overall effectiveness Requires Improvement\n"
    "Invented narrative about Brackenfold.\n"
)


def test_ilacs_combined_area_grade_on_second_label_line_and_one_week_short():
    doc = make_doc(ILACS_COMBINED_SHORT)
    insp = extract_report(doc).inspections[0]
    assert insp.authority_name == "Brackenfold Borough Council"
    assert insp.type == "ilacs-short"
    assert judged(doc) == {
        "impact-of-leaders": "outstanding", "help-and-protection": "requires-improvement",
        "in-care-and-care-leavers": "requires-improvement",
        "overall-effectiveness": "requires-improvement"}
    assert team(doc) == [("Tomasz Whitlow", "lead inspector")]
    assert insp.people[0].title == "Her Majesty’s Inspector"
    assert_evidence(doc)


def test_ilacs_grade_wrapped_over_two_lines():
    page = ILACS_COMBINED_SHORT.replace(
        "and families Outstanding\n", "and families\nRequires improvement \nto be good\n")
    assert judged(make_doc(page))["impact-of-leaders"] == "requires-improvement"


def test_ilacs_table_read_as_label_column_then_grade_column():
    page = (
        "Inspection of Fennick local authority children’s services\n"
        "Inspection dates: 2 to 13 June 2025\n"
        "Lead inspector: Ines Brackley, His Majesty’s Inspector\n"
        "Judgement Grade\n"
        "The impact of leaders on social work practice with children and families\n"
        "The experiences and progress of children who need help and protection\n"
        "The experiences and progress of children in care\n"
        "The experiences and progress of care leavers\n"
        "Overall effectiveness\n"
        "Good\nInadequate\nGood\nGood\nRequires improvement to be good\n"
        "Invented narrative.\n"
    )
    assert judged(make_doc(page)) == {
        "impact-of-leaders": "good", "help-and-protection": "inadequate", "in-care": "good",
        "care-leavers": "good", "overall-effectiveness": "requires-improvement"}


def test_ilacs_table_without_overall_effectiveness_is_still_a_report():
    page = ILACS_SPLIT.replace("Overall effectiveness Good\n", "")
    doc = make_doc(page)
    assert is_report(doc)
    assert "overall-effectiveness" not in judged(doc)
    assert judged(doc)["care-leavers"] == "outstanding"


def test_ilacs_lead_with_grade_note_on_same_line():
    page = ILACS_COMBINED_SHORT.replace(
        "Lead inspector: Tomasz Whitlow\nHer Majesty’s Inspector\n",
        "Lead inspector: Tomasz Whitlow HMI\n")
    [lead] = extract_report(make_doc(page)).inspections[0].people
    assert (lead.name, lead.title) == ("Tomasz Whitlow", "HMI")


def test_joint_lead_inspectors_on_page_one():
    page = ILACS_SPLIT.replace(
        "Lead inspector: Priya Castellan, His Majesty’s Inspector\n",
        "Lead inspectors: Priya Castellan, His Majesty’s Inspector\n"
        "Gareth Olufemi, His Majesty’s Inspector\n")
    leads = [(p.name, p.lead) for p in extract_report(make_doc(page)).inspections[0].people]
    assert leads == [("Priya Castellan", True), ("Gareth Olufemi", True)]


def test_joint_leads_sharing_one_printed_title():
    page = ILACS_SPLIT.replace(
        "Lead inspector: Priya Castellan, His Majesty’s Inspector\n",
        "Lead inspectors: Priya Castellan and Gareth Olufemi, His Majesty’s Inspectors\n")
    people = extract_report(make_doc(page)).inspections[0].people
    title = "His Majesty’s Inspectors"
    assert [(p.name, p.title) for p in people] == [
        ("Priya Castellan", title), ("Gareth Olufemi", title)]


def test_authority_resolved_with_the_code_in_force_on_the_start_date():
    # Buckinghamshire County Council was replaced by Buckinghamshire Council in April 2020.
    page = ILACS_COMBINED_SHORT.replace("Brackenfold Borough Council",
                                        "Buckinghamshire County Council")
    insp = extract_report(make_doc(page)).inspections[0]
    assert insp.authority_code == "E10000002"


def test_unknown_authority_gives_empty_code_and_a_warning():
    ex = extract_report(make_doc(ILACS_COMBINED_SHORT))
    assert ex.inspections[0].authority_code == ""
    assert any("Brackenfold" in w for w in ex.warnings)


# -------------------------------------------------------------------------------- SIF

SIF_2014_PAGE1 = (
    "1\n"
    "Westmarsh County Council\n"
    "Inspection of services for children in need of help and \n"
    "protection, children looked after and care leavers\n"
    "and\n"
    "Review of the effectiveness of the local safeguarding children \n"
    "board1\n"
    "Inspection date: 4 March 2014 – 26 March 2014\n"
    "Report published: 9 May 2014\n"
    "The overall judgement is that children’s services require \n"
    "improvement\n"
    "It is an invented sentence that mentions good help for children.\n"
    "1. Children who need help and protection Require improvement\n"
    "2. Children looked after and achieving \n"
    "permanence\n"
    "Requires \n"
    "Improvement\n"
    "2.1 Adoption performance Good\n"
    "2.2 Experiences and progress of care leavers\n"
    "Inadequate\n"
    "3. Leadership, management and governance Require improvement\n"
    "The effectiveness of the Local Safeguarding Children Board (LSCB) is \n"
    "good\n"
    "1 An invented footnote.\n"
)
SIF_2014_TEAM = (
    "9\n"
    "Information about this inspection\n"
    "Invented text about the inspection.\n"
    "The inspection team\n"
    "Lead inspector: Rosalind Ferris Senior HMI\n"
    "Team inspectors: Colm Adebayo HMI, Hester Vane HMI, Marguerite \n"
    "Okonjo-Hale, Dev Ranasinghe AI and Bryony \n"
    "Stokes (OI).\n"
    "Quality assurance manager: Alun Pryce Senior Her Majesty’s Inspector.\n"
)


def test_sif_2014_table_overall_sentence_lscb_on_page_one_and_team():
    doc = make_doc(SIF_2014_PAGE1, SIF_2014_TEAM)
    insp = extract_report(doc).inspections[0]
    assert is_report(doc)
    assert insp.type == "sif"
    assert insp.authority_name == "Westmarsh County Council"
    assert (insp.start_date, insp.end_date, insp.publication_date) == (
        date(2014, 3, 4), date(2014, 3, 26), date(2014, 5, 9))
    assert judged(doc) == {
        "overall-effectiveness": "requires-improvement",
        "help-and-protection": "requires-improvement",
        "looked-after-and-permanence": "requires-improvement", "adoption": "good",
        "care-leavers": "inadequate", "leadership-management-governance": "requires-improvement",
        "lscb": "good"}
    assert team(doc) == [
        ("Rosalind Ferris", "lead inspector"), ("Colm Adebayo", "team inspector"),
        ("Hester Vane", "team inspector"), ("Marguerite Okonjo-Hale", "team inspector"),
        ("Dev Ranasinghe", "team inspector"), ("Bryony Stokes", "team inspector"),
        ("Alun Pryce", "quality assurance manager")]
    people = extract_report(doc).inspections[0].people
    assert people[0].lead and people[0].title == "Senior HMI"
    assert not any(p.lead for p in people[1:])
    assert_evidence(doc)


SIF_2016_PAGE1 = (
    "1\n"
    "London Borough of Ashgrove\n"
    "Inspection of services for children in need of help and \n"
    "protection, children looked after and care leavers\n"
    "And\n"
    "Review of the effectiveness of the Local Safeguarding Children \n"
    "Board1\n"
    "Inspection date: 12/09/2016 to 06/10/2016\n"
    "Report published: 25/11/2016\n"
    "Children’s services in the London Borough of Ashgrove are good\n"
    "1. Children who need help and protection Good\n"
    "2. Children looked after and achieving \n"
    "permanence\n"
    "Outstanding\n"
    "2.1 Adoption performance Good\n"
    "2.2 Experiences and progress of care leavers Requires improvement\n"
    "3. Leadership, management and governance Good\n"
)
SIF_2016_LSCB = (
    "36\n"
    "The Local Safeguarding Children Board (LSCB)\n"
    "The Local Safeguarding Children Board requires improvement \n"
    "Executive summary\n"
    "Invented text: the LSCB is not yet good.\n"
)
SIF_2016_TEAM = (
    "44\n"
    "The inspection team consisted of seven of Her Majesty’s Inspectors (HMI) from Ofsted.\n"
    "The inspection team\n"
    "Lead inspector: Wilhelmina Stroud\n"
    "Deputy lead inspector: Kofi Barrington/Nell Ashdown\n"
    "Team inspectors: Iolo Penhallow, Saoirse \n"
    "Quilliam, Rufus Tennant\n"
    "Shadow inspectors: Regulatory Inspection Manager Agnes Morrow, Piers Lindqvist\n"
    "HMI\n"
    "Senior data analysts: Hamish Coutts, Leila Farouk\n"
    "Quality assurance manager: Verity Olsen \n"
    "45\n"
    "Any complaints about the inspection or the report should be made following the procedures.\n"
)


def test_sif_2016_headline_sentence_numeric_dates_and_lscb_section_heading():
    doc = make_doc(SIF_2016_PAGE1, SIF_2016_LSCB, SIF_2016_TEAM)
    insp = extract_report(doc).inspections[0]
    assert (insp.start_date, insp.end_date, insp.publication_date) == (
        date(2016, 9, 12), date(2016, 10, 6), date(2016, 11, 25))
    assert judged(doc) == {
        "overall-effectiveness": "good", "help-and-protection": "good",
        "looked-after-and-permanence": "outstanding", "adoption": "good",
        "care-leavers": "requires-improvement", "leadership-management-governance": "good",
        "lscb": "requires-improvement"}
    assert_evidence(doc)


def test_sif_team_with_slashes_wrapped_names_job_title_prefix_and_plural_labels():
    doc = make_doc(SIF_2016_PAGE1, SIF_2016_LSCB, SIF_2016_TEAM)
    assert team(doc) == [
        ("Wilhelmina Stroud", "lead inspector"), ("Kofi Barrington", "deputy lead inspector"),
        ("Nell Ashdown", "deputy lead inspector"), ("Iolo Penhallow", "team inspector"),
        ("Saoirse Quilliam", "team inspector"), ("Rufus Tennant", "team inspector"),
        ("Agnes Morrow", "shadow inspector"), ("Piers Lindqvist", "shadow inspector"),
        ("Hamish Coutts", "senior data analyst"), ("Leila Farouk", "senior data analyst"),
        ("Verity Olsen", "quality assurance manager")]
    people = extract_report(doc).inspections[0].people
    assert people[6].title == "Regulatory Inspection Manager"


SIF_REINSPECTION = (
    "1\n"
    "Crowmere Council\n"
    "Re-inspection of services for children in need of help and \n"
    "protection, children looked after and care leavers\n"
    "Inspection date: 23 April–18 May 2018\n"
    "Report published: 25 July 2018\n"
    "Children’s services in Crowmere requires improvement to be good\n"
    "1. Children who need help and protection inadequate\n"
    "2. Children looked after and achieving \n"
    "permanence\n"
    "requires improvement to \n"
    "be good\n"
    "2.1 Adoption performance Not judged\n"
    "2.2 Experiences and progress of care leavers good\n"
    "3. Leadership, management and governance requires improvement to be good\n"
)
TEAM_LABELS_ON_OWN_LINES = (
    "30\n"
    "Inspection team\n"
    "Lead inspector\n"
    "Odile Framlingham\n"
    "Deputy lead inspector\n"
    "Barnaby Kettering\n"
    "Team inspectors\n"
    "Yusuf Aldane, Fenella Crisp, Gideon Marsh\n"
    "Shadow inspectors: Not applicable\n"
    "Data analyst\n"
    "Petra Lund\n"
    "Regulatory inspection managers: Cassius Webb\n"
)


def test_sif_reinspection_not_judged_left_out_and_labels_on_their_own_lines():
    doc = make_doc(SIF_REINSPECTION, TEAM_LABELS_ON_OWN_LINES)
    insp = extract_report(doc).inspections[0]
    assert insp.type == "sif"
    assert judged(doc) == {
        "overall-effectiveness": "requires-improvement", "help-and-protection": "inadequate",
        "looked-after-and-permanence": "requires-improvement", "care-leavers": "good",
        "leadership-management-governance": "requires-improvement"}
    assert (insp.start_date, insp.end_date) == (date(2018, 4, 23), date(2018, 5, 18))
    assert team(doc) == [
        ("Odile Framlingham", "lead inspector"), ("Barnaby Kettering", "deputy lead inspector"),
        ("Yusuf Aldane", "team inspector"), ("Fenella Crisp", "team inspector"),
        ("Gideon Marsh", "team inspector"), ("Petra Lund", "data analyst"),
        ("Cassius Webb", "other:regulatory inspection manager")]
    assert_evidence(doc)


def test_team_list_crossing_a_page_and_ending_before_prose():
    first = SIF_REINSPECTION + "Invented closing text.\nThe inspection team\n" \
        "Lead inspector: Odile Framlingham\nTeam inspectors: Yusuf Aldane, Fenella \n"
    second = "31\nCrisp and Gideon Marsh\nQuality assurance manager: Cassius Webb\n" \
        "Any complaints about the inspection should be made following the procedures.\n"
    assert team(make_doc(first, second)) == [
        ("Odile Framlingham", "lead inspector"), ("Yusuf Aldane", "team inspector"),
        ("Fenella Crisp", "team inspector"), ("Gideon Marsh", "team inspector"),
        ("Cassius Webb", "quality assurance manager")]


def test_sif_overall_judgement_is_grade_word_only():
    page = SIF_2014_PAGE1.replace(
        "The overall judgement is that children’s services require \nimprovement\n",
        "The overall judgement is Outstanding\n")
    assert judged(make_doc(page))["overall-effectiveness"] == "outstanding"


# ------------------------------------------------------------- 2013 looked-after children

LAC_PAGE1 = (
    "Inspection of looked after children \n"
    "services\n"
    "Dunmore Borough Council\n"
    "Inspection dates: 8 – 19 April 2013\n"
    "Reporting inspector Lavinia Orchard HMI\n"
    "Age group: All\n"
    "Published: 24 May 2013\n"
)
LAC_CONTENTS = "Contents\nAbout this inspection 2\nRecord of main findings 21\n"
LAC_RECORD = (
    "21\n"
    "Record of main findings\n"
    "Services for looked after children\n"
    "Overall effectiveness Adequate\n"
    "Capacity to improve Good\n"
    "Outcomes for looked after children \n"
    "and young people\n"
    "Adequate\n"
    "Being healthy Good\n"
    "Quality of provision Inadequate\n"
    "Leadership and management Adequate\n"
)


def test_lac_2013_record_of_main_findings_and_reporting_inspector():
    doc = make_doc(LAC_PAGE1, LAC_CONTENTS, LAC_RECORD)
    insp = extract_report(doc).inspections[0]
    assert is_report(doc)
    assert insp.type == "looked-after-children"
    assert insp.authority_name == "Dunmore Borough Council"
    assert (insp.start_date, insp.end_date, insp.publication_date) == (
        date(2013, 4, 8), date(2013, 4, 19), date(2013, 5, 24))
    assert judged(doc) == {
        "lac-overall-effectiveness": "adequate", "capacity-for-improvement": "good",
        "lac-outcomes": "adequate", "lac-quality-of-provision": "inadequate",
        "lac-leadership-and-management": "adequate"}
    [lead] = insp.people
    assert (lead.name, lead.role, lead.lead, lead.title) == (
        "Lavinia Orchard", "lead inspector", True, "HMI")
    assert_evidence(doc)


# ----------------------------------------------------------------------- not reports

def test_letters_and_news_are_not_reports():
    letter = make_doc(
        "Dear Ms Hartley\n"
        "Focused visit to Brackenfold children’s services\n"
        "This letter summarises the findings of the focused visit on 4 and 5 March 2020.\n"
        "Lead inspector: Tomasz Whitlow\n")
    news = make_doc("Ofsted praises Brackenfold children's services\n"
                    "Inspectors judged the council good overall.\n")
    assert not is_report(letter)
    assert not is_report(news)


@pytest.mark.parametrize("raw, name, title", [
    ("Jane Porter HMI", "Jane Porter", "HMI"),
    ("Ravi Sen Senior HMI", "Ravi Sen", "Senior HMI"),
    ("Mo Tate SHMI", "Mo Tate", "SHMI"),
    ("Lou Bracken (OI)", "Lou Bracken", "OI"),
    ("Ned Hale AI", "Ned Hale", "AI"),
    ("Dr Ann Vos", "Ann Vos", "Dr"),
    ("Kit Dane, Her Majesty’s Inspector", "Kit Dane", "Her Majesty’s Inspector"),
    ("Rhian Moss (Contracted Inspector)", "Rhian Moss", "Contracted Inspector"),
    ("Ama Osei-Bonsu", "Ama Osei-Bonsu", None),
    ("Paul D’Arcy-Lee", "Paul D’Arcy-Lee", None),
])
def test_clean_name_moves_titles_out(raw, name, title):
    assert clean_name(raw) == (name, title)


# --------------------------------------------------------------- corpus (integration)

def _same_name(a: str, b: str) -> bool:
    def norm(n: str) -> str:
        n = re.sub(r"[^a-z' -]", " ", n.lower().replace("\u2019", "'")).replace("-", " ")
        return " ".join(n.split())
    a, b = norm(a), norm(b)
    return bool(a) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9)


def _file_date(name: str) -> str:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", name)
    return m.group(1) if m else ""


def _f1(tp: int, n_out: int, n_gold: int) -> float:
    p, r = (tp / n_out if n_out else 1.0), (tp / n_gold if n_gold else 1.0)
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.corpus
def test_dev_corpus_meets_accuracy_targets():
    if not REPORTS.is_dir() or not (GOLD / "dev_reports.csv").is_file():
        pytest.skip("../shared/corpus or ../shared/eval/gold is not here")
    gold = [r for r in csv.DictReader(open(GOLD / "dev_reports.csv", encoding="utf-8"))
            if r["inspection_type"] != "other:not-a-report" and (REPORTS / r["file"]).is_file()]
    teams = defaultdict(list)
    for r in csv.DictReader(open(GOLD / "dev_inspectors.csv", encoding="utf-8")):
        teams[r["file"]].append(r["name"])
    fields = ("authority", "type", "start", "end", "publication", "lead")
    ok = dict.fromkeys(fields, 0)
    j = [0, 0, 0]
    t = [0, 0, 0]
    wrong = []
    for g in gold:
        doc = read_document(REPORTS / g["file"])
        assert is_report(doc), g["file"]
        insp = extract_report(doc).inspections[0]
        pub = insp.publication_date.isoformat() if insp.publication_date else _file_date(g["file"])
        got = {
            "authority": insp.authority_code == g["gss_code"],
            "type": insp.type == g["inspection_type"].removeprefix("other:"),
            "start": str(insp.start_date) == g["start_date"],
            "end": str(insp.end_date) == g["end_date"],
            "publication": pub == g["publication_date"],
            "lead": any(_same_name(p.name, x) for p in insp.people if p.lead
                        for x in g["lead_inspector"].split(";")),
        }
        for k, v in got.items():
            ok[k] += v
            if not v:
                wrong.append(f"{g['file']}: {k}")
        gj = {tuple(a.split("=")) for a in g["judgements"].split(";") if "=" in a}
        oj = {(x.area, x.grade) for x in insp.judgements}
        j = [j[0] + len(gj & oj), j[1] + len(oj), j[2] + len(gj)]
        outs = [p.name for p in insp.people]
        t[1] += len(outs)
        t[2] += len(teams[g["file"]])
        for name in teams[g["file"]]:
            m = next((o for o in outs if _same_name(name, o)), None)
            if m:
                outs.remove(m)
                t[0] += 1
    for k in fields:
        assert ok[k] / len(gold) >= 0.99, (k, wrong)
    assert _f1(*j) >= 0.99
    assert _f1(*t) >= 0.98


@pytest.mark.corpus
def test_html_page_saved_as_pdf_is_refused_clearly():
    path = REPORTS / "birmingham_2012-10-19.pdf"
    if not path.is_file():
        pytest.skip("../shared/corpus is not here")
    with pytest.raises(DocumentError, match="HTML"):
        read_document(path)


# ------------------------------------------------------------- findings of report bodies

LAC_BODY = (
    "Dunmore Borough Council Inspection of looked after children services 3\n"
    "Areas for improvement\n"
    "9. In order to improve the quality of provision for looked after children, the local\n"
    "authority should take the following action.\n"
    "Immediately:\n"
    "\u2022 ensure that every looked after child has an up-to-date care plan\n"
    "Outcomes for looked after children and young \n"
    "people\n"
    "Grade 3 (adequate)\n"
    "10. Too many care leavers are not in education, employment or training.\n"
    "Dunmore Borough Council Inspection of looked after children services 4\n"
    "Leadership and management\n"
    "Grade 3 (adequate)\n"
    "11. Corporate parenting is strong and elected members know their children well.\n"
)


def test_lac_2013_body_sections_and_improvement_points_give_findings():
    doc = make_doc(LAC_PAGE1, LAC_CONTENTS, LAC_BODY, LAC_RECORD)
    insp = extract_report(doc).inspections[0]
    got = {(f.polarity, f.area, f.method.split("+")[0]) for f in insp.findings}
    assert ("weakness", None, "improvement-point") in got
    assert ("weakness", "lac-outcomes", "rule:cue") in got
    assert ("strength", "lac-leadership-and-management", "rule:cue") in got
    [point] = insp.recommendations
    [as_finding] = [f for f in insp.findings if f.method == "improvement-point"]
    assert (as_finding.themes, as_finding.evidence) == (point.themes, point.evidence)
    assert not any("Inspection of looked after" in f.evidence.quote for f in insp.findings)
