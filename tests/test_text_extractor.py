"""The text extractor (kg.extract.text) on invented letters, press releases, news and digests.

Every text here and in tests/fixtures/texts/ is invented for the tests; names of people are
made up, authority names are real so that they resolve to GSS codes.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.build import extract
from kg.documents import document_from_pages, read_document
from kg.extract.text import extract_text
from kg.records import Extraction, Inspection

TEXTS = Path(__file__).parent / "fixtures" / "texts"


def doc_of(text: str, name: str = "t.txt", kind: str = "text"):
    return document_from_pages(Path(name), [text], text.encode("utf-8"), kind)


def read(name: str) -> Extraction:
    doc = read_document(TEXTS / name)
    ex = extract(doc)
    assert ex.genre != "report"
    return ex


def subject(ex: Extraction, code: str) -> Inspection:
    found = [i for i in ex.inspections if i.authority_code == code and not i.previous]
    assert len(found) == 1, [(i.authority_code, i.type, i.previous) for i in ex.inspections]
    return found[0]


def previous(ex: Extraction, code: str) -> list[Inspection]:
    return [i for i in ex.inspections if i.authority_code == code and i.previous]


def grades(insp: Inspection) -> dict[str, str]:
    return {j.area: j.grade for j in insp.judgements}


def inspectors(insp: Inspection) -> dict[str, tuple[str, bool]]:
    return {p.name: (p.role, p.lead) for p in insp.people if p.is_inspector}


def themes(insp: Inspection, polarity: str) -> set[str]:
    return {t for f in insp.findings if f.polarity == polarity for t in f.themes}


def check_evidence(doc_text: str, ex: Extraction) -> None:
    for insp in ex.inspections:
        evs = [insp.evidence] + [j.evidence for j in insp.judgements] + \
              [p.evidence for p in insp.people] + [f.evidence for f in insp.findings]
        for ev in evs:
            if ev is not None:
                assert doc_text[ev.start:ev.end] == ev.quote


# ------------------------------------------------------------------------------- letters


def test_focused_visit_letter():
    doc = read_document(TEXTS / "letter_focused_visit.txt")
    ex = extract(doc)
    assert ex.genre == "letter" and ex.published == date(2023, 4, 21)
    assert ex.title.startswith("Focused visit to Kingston upon Hull")
    visit = subject(ex, "E06000010")  # Kingston upon Hull
    assert visit.type == "focused-visit"
    assert (visit.start_date, visit.end_date) == (date(2023, 3, 14), date(2023, 3, 15))
    assert visit.judgements == ()  # visits are not graded
    # The signatory leads; the other inspector named in the text is on the team.
    assert inspectors(visit) == {"Ann Grey": ("lead inspector", True), "Tom Reed": ("inspector", False)}
    # The director the letter is addressed to is not an inspector.
    assert "Sam Patel" not in {p.name for i in ex.inspections for p in i.people}
    # The earlier inspection, with its year and grade.
    [prev] = previous(ex, "E06000010")
    assert (prev.type, prev.year, grades(prev)) == ("ilacs", 2019, {"overall-effectiveness": "requires-improvement"})
    # "What needs to improve" bullets are weaknesses; a child's words are not a finding.
    assert {"strategy-meetings", "management-oversight", "plan-quality"} <= themes(visit, "weakness")
    assert {"caseloads", "visits-and-direct-work", "strategy-meetings"} <= themes(visit, "strength")
    assert not any("brilliant" in f.evidence.quote for f in visit.findings)
    check_evidence(doc.text, ex)


def test_monitoring_visit_letter_keeps_police_and_officers_out_of_the_team():
    ex = read("letter_monitoring_visit.txt")
    visit = subject(ex, "E09000012")  # Hackney
    assert visit.type == "monitoring-visit"
    assert visit.start_date == date(2024, 1, 16)
    assert inspectors(visit) == {"Priya Shah": ("lead inspector", True), "Lee Walsh": ("inspector", False)}
    others = {p.name: p.role for p in ex.people}
    assert others["Jane Doe"] == "director of children's services"
    assert others["Rob Kerr"] == "detective inspector"  # a police rank, not an Ofsted inspector
    assert all(not p.is_inspector for p in ex.people)
    [prev] = previous(ex, "E09000012")
    assert (prev.year, grades(prev)) == (2022, {"overall-effectiveness": "inadequate"})
    # "but agency use remains high": one sentence, a strength and a weakness.
    sentence = [f for f in visit.findings if f.evidence.quote.startswith("The council has recruited")]
    assert {f.polarity for f in sentence} == {"strength", "weakness"}


def test_annual_engagement_letter_attendee_list():
    ex = read("letter_annual_engagement.txt")
    meeting = subject(ex, "E06000020")  # Telford & Wrekin
    assert meeting.type == "annual-engagement"
    assert meeting.start_date == date(2021, 10, 28) and meeting.year == 2021
    assert inspectors(meeting) == {"Helen Moss": ("lead inspector", True), "Peter Lane": ("inspector", False)}
    titles = {p.name: p.title for p in meeting.people}
    assert titles == {"Helen Moss": "HMI", "Peter Lane": "Senior HMI"}
    assert {p.name for p in ex.people} == {"Kim Lowe", "Raj Gill"}
    # A neighbour named in passing is not inspected; a plan for next year is not a finding.
    assert {i.authority_code for i in ex.inspections} == {"E06000020"}
    assert not any("next year" in f.evidence.quote for f in meeting.findings)
    assert "placement-sufficiency" in themes(meeting, "weakness")


# ------------------------------------------------------------------------- press release


def test_press_release_judgements_dates_and_councillor():
    doc = read_document(TEXTS / "press_release.md")  # NBSP inside "Telford & Wrekin"
    ex = extract(doc)
    assert ex.genre == "press-release"
    insp = subject(ex, "E06000020")
    assert insp.type == "ilacs"
    assert insp.publication_date == date(2022, 7, 12) and insp.year == 2022
    assert insp.start_date is None  # "an inspection in May": no day, so no date
    assert grades(insp) == {"overall-effectiveness": "outstanding",
                            "in-care-and-care-leavers": "outstanding",
                            "impact-of-leaders": "outstanding", "help-and-protection": "good"}
    assert [p.name for p in ex.people] == ["Dana Reeve"]
    assert inspectors(insp) == {}
    quotes = " ".join(f.evidence.quote for f in insp.findings)
    assert "thank" not in quotes.lower()  # courtesy remark
    assert "plans to open" not in quotes  # a plan not yet acted on
    assert "exploitation-and-missing" in themes(insp, "weakness")
    assert {"caseloads", "early-help"} <= themes(insp, "strength")
    check_evidence(doc.text, ex)


# ---------------------------------------------------------------------------------- news


def test_trade_news_html_with_earlier_inspection_and_recommendations():
    doc = read_document(TEXTS / "news_article.html")
    ex = extract(doc)
    assert ex.genre == "news" and ex.published == date(2023, 3, 3)
    insp = subject(ex, "E09000012")
    assert grades(insp) == {"overall-effectiveness": "inadequate"}
    assert insp.year is None and insp.start_date is None  # the article's date is not the visit's
    [prev] = previous(ex, "E09000012")
    assert (prev.type, prev.year, grades(prev)) == ("sif", 2016, {"overall-effectiveness": "good"})
    # Neighbouring Islington is named in passing only.
    assert {i.authority_code for i in ex.inspections} == {"E09000012"}
    # Recommendations quoted in the news are weaknesses, bullets included.
    weak = themes(insp, "weakness")
    assert {"assessment-quality", "pathway-plans", "exploitation-and-missing",
            "placement-sufficiency", "strategy-meetings"} <= weak
    assert "adoption" in themes(insp, "strength")
    # People of other bodies are never inspectors.
    assert {p.name for p in ex.people} == {"Lena Ford", "Omar Hale", "Jane Doe"}
    assert inspectors(insp) == {}
    assert not any("rated outstanding" in f.evidence.quote for f in insp.findings)  # <script>
    check_evidence(doc.text, ex)


def test_local_newspaper_coreference_unknown_date_and_two_spellings():
    ex = read("local_newspaper.txt")
    visit = subject(ex, "E08000002")  # Bury
    assert visit.type == "focused-visit"
    assert (visit.start_date, visit.end_date, visit.publication_date, visit.year) == (None,) * 4
    # "Inspector Anna Kowalski, one of His Majesty's Inspectors" / "Ms Kowalsky": one person.
    assert inspectors(visit) == {"Anna Kowalski": ("lead inspector", True)}
    assert {p.name for p in ex.people} == {"Tom Byrne", "Helen Ashworth"}
    [prev] = previous(ex, "E08000002")
    assert (prev.year, grades(prev)) == (2018, {"overall-effectiveness": "requires-improvement"})
    # "The authority's fostering service" is Bury's.
    assert "placement-stability" in themes(visit, "strength")
    assert "exploitation-and-missing" in themes(visit, "weakness")


# -------------------------------------------------------------------------------- digest


def test_digest_items_keep_their_own_grades_and_findings():
    doc = read_document(TEXTS / "digest.txt")
    ex = extract(doc)
    assert ex.genre == "digest"
    kinds = {i.authority_code: i.type for i in ex.inspections if not i.previous}
    assert kinds == {"E10000016": "ilacs", "E06000039": "ilacs", "E08000019": "focused-visit",
                     "E08000018": "monitoring-visit", "E06000020": "jtai"}
    kent, slough = subject(ex, "E10000016"), subject(ex, "E06000039")
    assert grades(kent) == {"overall-effectiveness": "good"}
    # "inadequate in every area": each ILACS area; the earlier grade is a separate inspection.
    # The digest is undated, so the year is unknown: no combined in-care-and-care-leavers area
    # (only given when the year is known to be before 2023).
    assert set(grades(slough).values()) == {"inadequate"}
    assert set(grades(slough)) == {"overall-effectiveness", "help-and-protection",
                                   "in-care", "care-leavers", "impact-of-leaders"}
    [prev] = previous(ex, "E06000039")
    assert (prev.year, grades(prev)) == (2019, {"overall-effectiveness": "requires-improvement"})
    # Kent and Slough share a weakness in different words; neither gets the other's grade.
    assert "caseloads" in themes(kent, "weakness") and "caseloads" in themes(slough, "weakness")
    assert "supervision" in themes(kent, "strength")
    assert "supervision" not in themes(slough, "strength")
    for visit in ex.inspections:
        if visit.type in ("focused-visit", "monitoring-visit", "jtai"):
            assert visit.judgements == ()
    # Windsor and Maidenhead, a neighbour, gets nothing; nor does its sentence go to Slough.
    assert "E06000040" not in {i.authority_code for i in ex.inspections}
    assert not any("Windsor" in f.evidence.quote for f in slough.findings)
    sheffield = subject(ex, "E08000019")
    assert themes(sheffield, "weakness") == {"pathway-plans"}
    check_evidence(doc.text, ex)


def test_digest_under_name_headings_resolves_the_council():
    text = ("Round-up of recent visits\n\n"
            "Luton Borough Council\n"
            "A focused visit found that the council has reduced caseloads, and the authority's "
            "social workers now have time for direct work with children.\n\n"
            "Medway Council\n"
            "Inspectors carried out a monitoring visit. The council still has too many children "
            "waiting for an assessment, and the local authority's front door is not always timely.\n")
    ex = extract_text(doc_of(text))
    luton, medway = subject(ex, "E06000032"), subject(ex, "E06000035")
    assert (luton.type, medway.type) == ("focused-visit", "monitoring-visit")
    assert themes(luton, "strength") >= {"caseloads"} and themes(luton, "weakness") == set()
    assert themes(medway, "weakness") >= {"front-door"} and themes(medway, "strength") == set()


# ---------------------------------------------------------------------- names and quirks


@pytest.mark.parametrize("text, code", [
    ("Ealing Council's children's services have been rated good by Ofsted.", "E09000009"),
    ("Ofsted has judged the London Borough of Hackney's children's services inadequate.", "E09000012"),
    ("Hackney's children's services have been judged good by Ofsted.", "E09000012"),
    ("Ofsted has rated Kingston upon Hull City Council's children's services as requires "
     "improvement to be good.", "E06000010"),
    ("Telford & Wrekin children's services are outstanding, according to Ofsted.", "E06000020"),
])
def test_authority_name_forms_resolve(text, code):
    ex = extract_text(doc_of(text))
    assert [i.authority_code for i in ex.inspections] == [code]
    assert ex.inspections[0].judgements


def test_grade_in_prose_with_earlier_grade_in_same_text():
    text = ("Telford & Wrekin children's services are outstanding, according to Ofsted's latest "
            "inspection. The authority was judged good in 2016.")
    ex = extract_text(doc_of(text))
    now = subject(ex, "E06000020")
    assert grades(now) == {"overall-effectiveness": "outstanding"} and now.year is None
    [prev] = previous(ex, "E06000020")
    assert (prev.type, prev.year, grades(prev)) == ("sif", 2016, {"overall-effectiveness": "good"})


def test_previous_with_year_before_the_clause():
    text = ("Ofsted has rated Kingston upon Hull City Council's children's services as requires "
            "improvement to be good. Previously, in 2012, the council was judged inadequate.")
    ex = extract_text(doc_of(text))
    [prev] = previous(ex, "E06000010")
    # 2012 is before the single inspection framework: the type is not guessed.
    assert (prev.type, prev.year, grades(prev)) == ("other", 2012, {"overall-effectiveness": "inadequate"})


def test_curly_quotes_non_breaking_spaces_and_bullet_glyphs():
    text = ("Ofsted\u2019s inspectors said Ealing\u00a0Council\u2019s \u201cfront door is effective\u201d.\n"
            "\uf0b7 However, the council\u2019s pathway plans are \u201cnot always up to date\u201d.\n")
    doc = doc_of(text)
    assert "\u00a0" not in doc.text and "\u2022" in doc.text
    ex = extract_text(doc)
    insp = subject(ex, "E09000009")
    assert insp.type == "other"  # Ofsted reported on Ealing without naming the visit
    assert themes(insp, "strength") >= {"front-door"}
    assert themes(insp, "weakness") == {"pathway-plans"}
    weak = next(f for f in insp.findings if f.polarity == "weakness")
    assert weak.evidence.quote.startswith("However")  # the bullet glyph is not quoted
    check_evidence(doc.text, ex)


def test_grades_that_are_not_judgements():
    text = ("Ofsted inspected Ealing Council's children's services. Children's plans are of good "
            "quality and they receive good support. Inspectors described the council's role as "
            "corporate parent as outstanding. Julie asked whether schools judged to require "
            "improvement would be visited.")
    ex = extract_text(doc_of(text))
    assert subject(ex, "E09000009").judgements == ()


def test_no_authority_or_no_ofsted_gives_no_inspection():
    assert extract_text(doc_of("The weather was good and the trains ran on time.")).inspections == ()
    ex = extract_text(doc_of("Brent Council opened a new library on the high street."))
    assert ex.inspections == ()


def test_empty_text():
    ex = extract_text(doc_of("   \n"))
    assert ex.inspections == () and ex.people == ()


def test_joint_inspection_letter_names_no_ofsted_inspector():
    ex = read("letter_jtai.txt")
    jtai = subject(ex, "E08000004")  # Oldham
    assert jtai.type == "jtai" and jtai.judgements == ()
    assert (jtai.start_date, jtai.end_date) == (date(2022, 3, 7), date(2022, 3, 11))
    # Other inspectorates' signatories ("Her Majesty's Inspector of Constabulary") and
    # Ofsted's director are not Ofsted inspectors.
    assert inspectors(jtai) == {}
    assert "Wendy Willis" not in {p.name for p in ex.people if p.is_inspector}
    assert {"exploitation-and-missing"} <= themes(jtai, "strength") & themes(jtai, "weakness")


def test_reinspection_named_in_a_following_clause():
    text = ("Following a re-inspection in 2017, Birmingham's children's services were judged to "
            "require improvement. Inspectors found that management oversight had strengthened.")
    ex = extract_text(doc_of(text))
    insp = subject(ex, "E08000025")
    assert (insp.type, insp.year, grades(insp)) == ("sif", 2017, {"overall-effectiveness": "requires-improvement"})
    assert themes(insp, "strength") == {"management-oversight"}


def test_neighbour_graded_in_passing_gets_nothing():
    text = ("Ofsted's short inspection of Oldham's children's services found that services remain "
            "good. Unlike neighbouring Rochdale, which was rated outstanding, Oldham has too few "
            "foster carers.")
    ex = extract_text(doc_of(text))
    assert [(i.authority_code, i.type, grades(i)) for i in ex.inspections] == [
        ("E08000004", "ilacs-short", {"overall-effectiveness": "good"})]


def test_month_without_a_year_takes_the_letters_year_but_no_date():
    text = ("14 January 2021\n\nDear Ms Hart\n\nFocused visit to Sefton children's services\n\n"
            "Inspectors carried out a focused visit in December. Caseloads are too high in the "
            "assessment teams.\n\nYours sincerely\n\nNia Ward\nHer Majesty's Inspector\n")
    ex = extract_text(doc_of(text))
    visit = subject(ex, "E08000014")  # Sefton
    assert visit.start_date is None and visit.end_date is None
    assert visit.year == 2020  # December before a January letter
    assert inspectors(visit) == {"Nia Ward": ("lead inspector", True)}


# ------------------------------------------------------------------- grades in prose (events)

from kg.extract.events import grades_in_sentence  # noqa: E402


@pytest.mark.parametrize("sentence, expected", [
    ("Services for children in Bury have declined since the last inspection in 2016, and now "
     "require improvement to be good.", [(("overall",), "requires-improvement", False, None)]),
    ("The experiences and progress of children who need help and protection, which requires "
     "improvement to be good, were the focus.", [(("help",), "requires-improvement", False, None)]),
    ("Inspectors gave the service an overall rating of 'good' but services for care leavers "
     "were rated outstanding.", [(("overall",), "good", False, None),
                                 (("care-leavers",), "outstanding", False, None)]),
    ("Adoption, help and protection and leadership, management and governance were rated good.",
     [(("adoption", "help", "lmg"), "good", False, None)]),
    ("The council was judged inadequate in all areas in the SIF in May 2017.",
     [(("all",), "inadequate", False, 2017)]),
    ("Since the council was judged inadequate in all areas in 2017, leaders have acted.",
     [(("all",), "inadequate", True, 2017)]),
    ("This follows the last inspection in 2015, when the local authority was judged good overall.",
     [(("overall",), "good", True, 2015)]),
    ("A plan was agreed after the department was rated 'requires improvement' by Ofsted in 2019.",
     [(("overall",), "requires-improvement", True, 2019)]),
    ("Quality has fallen from the good level seen at the last inspection in 2016.",
     [(("overall",), "good", True, 2016)]),
    ("The council has improved since it was judged inadequate in 2018 and is now rated good.",
     [(("overall",), "inadequate", True, 2018), (("overall",), "good", False, None)]),
    ("Ofsted rates Gateshead 'good'", [(("overall",), "good", False, None)]),
    # Not grades: descriptive uses, praise, other bodies, negation.
    ("Children's plans are of good quality and they receive good support.", []),
    ("The centre was found to be outstanding in helping children to learn.", []),
    ("They described the council's role as corporate parent as outstanding.", []),
    ("Schools judged to require improvement will be visited.", []),
    ("Kent's children's services are not yet good.", []),
    ("It is good to see the council's progress.", []),
    ("Children and families receive a good-quality service.", []),
])
def test_grades_in_sentence(sentence, expected):
    got = [(g.areas, g.grade, g.previous, g.year) for g in grades_in_sentence(sentence, 0, len(sentence))]
    assert got == expected


# ------------------------------------------------- earlier inspections in comparative phrasings


@pytest.mark.parametrize("sentence, expected", [
    # (areas, grade, previous, year) of each grade, in order
    ("Its services have now been judged good, up from inadequate in 2021.",
     [(("overall",), "good", False, None), (("overall",), "inadequate", True, 2021)]),
    ("The service was rated requires improvement, down from good when it was last inspected in 2019.",
     [(("overall",), "requires-improvement", False, None), (("overall",), "good", True, 2019)]),
    ("Leaders have improved the service from inadequate in 2018 to good.",
     [(("overall",), "inadequate", True, 2018), (("overall",), "good", False, None)]),
    ("The council was judged outstanding, a rise from requires improvement at its previous "
     "inspection in 2020.", [(("overall",), "outstanding", False, None),
                            (("overall",), "requires-improvement", True, 2020)]),
    ("The council was judged inadequate when inspectors last visited in 2017.",
     [(("overall",), "inadequate", True, 2017)]),
    ("The previous inspection in 2016 rated it good.", [(("overall",), "good", True, 2016)]),
    ("Help for care leavers was rated outstanding, up from good in 2019.",
     [(("care-leavers",), "outstanding", False, None), (("care-leavers",), "good", True, 2019)]),
    ("The council was judged good at its last inspection in 2015 and is now rated outstanding.",
     [(("overall",), "good", True, 2015), (("overall",), "outstanding", False, None)]),
    # The time of another grade, or of the present inspection, is not taken.
    ("The council is now rated good, the same grade as when it was last inspected in 2019.",
     [(("overall",), "good", False, None)]),
    ("Its services remain good, as they were at the previous inspection in 2019.",
     [(("overall",), "good", False, None)]),
    ("The council was judged good when inspectors visited in May 2024.",
     [(("overall",), "good", False, None)]),
    ("The move from good homes to outstanding care took years.", []),
])
def test_comparative_grades_in_sentence(sentence, expected):
    got = [(g.areas, g.grade, g.previous, g.year) for g in grades_in_sentence(sentence, 0, len(sentence))]
    assert got == expected


@pytest.mark.parametrize("text, code, now, before", [
    ("Wigan Council's children's services have been judged outstanding by Ofsted, up from "
     "requires improvement when they were last inspected in 2019.",
     "E08000010", "outstanding", (2019, "requires-improvement")),
    ("Ofsted has rated Bolton's children's services requires improvement to be good, down from "
     "good at the last inspection in 2018.", "E08000001", "requires-improvement", (2018, "good")),
    ("Stockport's children's services are now good. The council was previously rated "
     "inadequate, in its last inspection in 2019.", "E08000007", "good", (2019, "inadequate")),
    ("Inspectors judged Trafford's children's services good. The last inspection in 2018 rated "
     "them requires improvement.", "E08000009", "good", (2018, "requires-improvement")),
    ("Salford City Council's children's services have improved from inadequate in 2018 to good, "
     "Ofsted said.", "E08000006", "good", (2018, "inadequate")),
])
def test_earlier_inspection_from_comparative_news(text, code, now, before):
    ex = extract_text(doc_of(text))
    assert grades(subject(ex, code)) == {"overall-effectiveness": now}
    [prev] = previous(ex, code)
    assert (prev.year, grades(prev)) == (before[0], {"overall-effectiveness": before[1]})


# ------------------------------------------------------------- inspection teams named in lists


_SIGN = "\n\nYours sincerely\n\nKaren Bell\nHis Majesty's Inspector\n"


@pytest.mark.parametrize("team_sentence, expected", [
    ("His Majesty's Inspectors for this visit were Karen Bell and Tariq Noor.",
     {"Karen Bell": ("lead inspector", True), "Tariq Noor": ("inspector", False)}),
    ("Ofsted inspectors Karen Bell, Tariq Noor and Ewa Lis looked at the front door.",
     {"Karen Bell": ("lead inspector", True), "Tariq Noor": ("inspector", False),
      "Ewa Lis": ("inspector", False)}),
    ("The inspection team comprised Karen Bell, HMI, and Tariq Noor, Senior HMI.",
     {"Karen Bell": ("lead inspector", True), "Tariq Noor": ("inspector", False)}),
    ("Inspectors: Karen Bell; Tariq Noor.",
     {"Karen Bell": ("lead inspector", True), "Tariq Noor": ("inspector", False)}),
])
def test_team_named_in_a_list_in_a_letter(team_sentence, expected):
    text = ("9 May 2024\n\nDear Ms Akers\n\nFocused visit to Walsall children's services\n\n"
            "This letter summarises the findings of the focused visit to Walsall children's "
            "services on 16 and 17 April 2024. " + team_sentence + "\n\nSocial workers know their "
            "children well, but management oversight is not always recorded." + _SIGN)
    ex = extract_text(doc_of(text))
    visit = subject(ex, "E08000030")  # Walsall
    assert visit.type == "focused-visit"
    assert inspectors(visit) == expected
    check_evidence(text, ex)


def test_team_led_by_an_inspector_in_news():
    text = ("Ofsted has published a monitoring visit letter about Dudley's children's services. "
            "The visit was led by Ruth Okafor, HMI, with Sam Price and Leah Dunn. Inspectors found "
            "that caseloads have reduced.")
    ex = extract_text(doc_of(text))
    visit = subject(ex, "E08000027")  # Dudley
    assert inspectors(visit) == {"Ruth Okafor": ("lead inspector", True), "Sam Price": ("inspector", False),
                                 "Leah Dunn": ("inspector", False)}


@pytest.mark.parametrize("sentence", [
    "The focused visit was led by Councillor Amir Shah, who chairs the scrutiny panel.",
    "The improvement work after the inspection was led by Mark Ellis, a team manager in the council.",
    "Inspectors were told by Mark Ellis that the backlog had cleared.",
])
def test_people_leading_other_work_are_not_inspectors(sentence):
    text = "Ofsted carried out a focused visit to Sandwell's children's services. " + sentence
    ex = extract_text(doc_of(text))
    visit = subject(ex, "E08000028")  # Sandwell
    assert inspectors(visit) == {}


# ------------------------------------------------------ document date and just-published reports


@pytest.mark.parametrize("date_line", [
    "*Press release, 14 November 2023*",
    "_Posted on 14 November 2023_",
    "Published: Tuesday 14 November 2023",
    "**14 November 2023**",
    "November 14, 2023",
])
def test_document_date_line_dates_a_report_published_today(date_line):
    text = ("# Knowsley children's services judged good\n\n" + date_line + "\n\n"
            "Knowsley Council has welcomed today's Ofsted report, which judged its children's "
            "services good in every area.\n\nThe council's cabinet member said staff had worked hard.\n")
    ex = extract_text(doc_of(text, "t.md"))
    assert ex.published == date(2023, 11, 14)
    insp = subject(ex, "E08000011")  # Knowsley
    assert (insp.year, insp.publication_date, insp.start_date, insp.end_date) == \
        (2023, date(2023, 11, 14), None, None)  # the year and publication day, no invented visit day
    # From 2023 the ILACS judges children in care and care leavers apart.
    assert grades(insp) == dict.fromkeys(["overall-effectiveness", "help-and-protection", "in-care",
                                          "care-leavers", "impact-of-leaders"], "good")


def test_dateline_opening_the_article_and_has_been_rated():
    text = ("St Helens services praised\n\n"
            "ST HELENS, 2 July 2021 - Children's services in St Helens have been rated requires "
            "improvement to be good in all areas by Ofsted, the council said on Friday.\n")
    ex = extract_text(doc_of(text))
    assert ex.published == date(2021, 7, 2)
    insp = subject(ex, "E08000013")  # St Helens
    # "have been rated": news of the day, so the document's year; the report's own publication
    # day is not stated.
    assert (insp.year, insp.publication_date) == (2021, None)
    # Before 2023 the ILACS judged children in care and care leavers together.
    assert set(grades(insp)) == {"overall-effectiveness", "help-and-protection",
                                 "in-care-and-care-leavers", "impact-of-leaders"}


def test_article_date_is_not_the_reports_publication_date():
    text = ("Wirral round-up\n\nPublished 5 September 2024\n\n"
            "Wirral Council's children's services were inspected earlier in the summer and have "
            "been judged good. The report was published in August.\n")
    ex = extract_text(doc_of(text))
    insp = subject(ex, "E08000015")  # Wirral
    assert ex.published == date(2024, 9, 5)
    assert insp.publication_date is None and insp.year == 2024


def test_undated_text_reporting_a_grade_has_no_year():
    text = ("Children's services in Halton have been rated good by Ofsted, following an inspection "
            "of the council's services for children in care and care leavers.")
    ex = extract_text(doc_of(text))
    insp = subject(ex, "E06000006")  # Halton
    assert insp.year is None and insp.publication_date is None
