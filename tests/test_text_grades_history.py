"""Issue 9 failure kinds, one test each, on invented texts (tests/fixtures/texts/), and the
linear-time scanning of issue 10 item 3 (counted, not timed)."""
from __future__ import annotations

from pathlib import Path

from kg.build import extract
from kg.documents import document_from_pages, read_document
from kg.extract import events, text as text_module
from kg.records import Extraction, Inspection

TEXTS = Path(__file__).parent / "fixtures" / "texts"


def read(name: str) -> Extraction:
    return extract(read_document(TEXTS / name))


def judged(i: Inspection) -> dict[str, str]:
    return {j.area: j.grade for j in i.judgements}


def only(ex: Extraction, code: str, previous: bool = False) -> list[Inspection]:
    return [i for i in ex.inspections if i.authority_code == code and i.previous == previous]


def test_grades_in_headings_lists_and_tables_are_read():
    ex = read("digest_labels.txt")
    [lambeth] = only(ex, "E09000022")
    assert judged(lambeth) == {"overall-effectiveness": "requires-improvement", "impact-of-leaders": "good",
                               "help-and-protection": "requires-improvement", "in-care": "good",
                               "care-leavers": "requires-improvement"}
    [derby] = only(ex, "E06000015")  # a plain-text table
    assert judged(derby)["help-and-protection"] == "good"
    assert judged(derby)["care-leavers"] == "outstanding"


def test_sif_areas_in_prose_are_read():
    [kent] = only(read("press_release_sif.md"), "E10000016")
    assert kent.type == "sif"
    assert judged(kent) == {"overall-effectiveness": "good", "looked-after-and-permanence": "good",
                            "adoption": "outstanding", "leadership-management-governance": "good",
                            "lscb": "requires-improvement"}


def test_digest_items_keep_their_own_grades_types_and_leads():
    ex = read("digest_labels.txt")
    [lambeth], [derby], [torbay] = (only(ex, c) for c in ("E09000022", "E06000015", "E06000027"))
    assert (lambeth.type, derby.type, torbay.type) == ("ilacs-standard", "ilacs-short", "ilacs-standard")
    assert judged(torbay) == {"overall-effectiveness": "inadequate", "help-and-protection": "inadequate",
                              "in-care": "requires-improvement", "care-leavers": "requires-improvement"}
    leads = {i.authority_code: [p.name for p in i.people if p.lead] for i in (lambeth, derby, torbay)}
    assert leads == {"E09000022": ["Orla Penhallow"], "E06000015": ["Tobias Wrenfield"],
                     "E06000027": ["Maud Kettleby"]}


def test_a_visit_mentioned_as_history_does_not_set_the_subject_type():
    ex = read("digest_labels.txt")  # Lambeth's item recalls a focused visit in 2022
    [lambeth] = only(ex, "E09000022")
    assert lambeth.type == "ilacs-standard"
    [medway] = only(read("news_earlier_grades.txt"), "E06000035")  # recalls a 2021 focused visit
    assert medway.type.startswith("ilacs") and judged(medway) == {"overall-effectiveness": "good"}


def test_annual_engagement_letter_recalling_grades_has_none_of_its_own():
    ex = read("letter_engagement_history.txt")
    [meeting] = only(ex, "E08000014")
    assert meeting.type == "annual-engagement" and meeting.judgements == ()
    [earlier] = only(ex, "E08000014", previous=True)
    assert earlier.year == 2022
    assert judged(earlier) == {"overall-effectiveness": "inadequate", "help-and-protection": "inadequate"}


def test_earlier_grades_become_previous_accounts_with_their_years():
    ex = read("news_earlier_grades.txt")
    earlier = {i.year: judged(i) for i in only(ex, "E06000035", previous=True)}
    assert earlier == {2019: {"overall-effectiveness": "inadequate"},
                       2015: {"overall-effectiveness": "requires-improvement"}}


def test_a_table_of_inspections_by_date_gives_each_its_own_year():
    text = ("Stockport Council: inspection history\n\n"
            "Inspection            Area                       Grade\n"
            "May 2016 (SIF)        Overall effectiveness      Requires improvement\n"
            "                      Adoption performance       Good\n\n"
            "March 2022 (ILACS)    Overall effectiveness      Good\n"
            "                      Help and protection        Good\n\n"
            "Ofsted inspected Stockport's children's services from 7 to 18 March 2022.\n")
    ex = extract(document_from_pages(Path("t.txt"), [text], text.encode(), "text"))
    [now] = only(ex, "E08000007")
    assert judged(now) == {"overall-effectiveness": "good", "help-and-protection": "good"}
    [then] = only(ex, "E08000007", previous=True)
    assert then.year == 2016 and judged(then) == {"overall-effectiveness": "requires-improvement",
                                                  "adoption": "good"}


def _doc(text: str):
    return document_from_pages(Path("t.txt"), [text], text.encode(), "text")


def test_a_sentence_naming_many_kinds_is_dated_once(monkeypatch):
    """Each sentence is read for dates a bounded number of times, however many inspections
    and visits it names (it used to be once per mention: quadratic)."""
    calls = []
    real = text_module.sentence_dates

    def counting(s: str):
        calls.append(len(s))
        return real(s)

    monkeypatch.setattr(text_module, "sentence_dates", counting)
    for n in (50, 400):
        calls.clear()
        body = "Ealing Council was inspected and rated good " + "after an inspection " * n + "."
        text_module.extract_text(_doc(body))
        assert len(calls) <= 4, (n, len(calls))


def test_grade_clauses_read_a_bounded_window(monkeypatch):
    """Area lookup around each grade reads at most a fixed window, so the text read grows
    linearly with the number of grade words in one long sentence."""
    read_chars = []
    real = events._areas

    def counting(span: str):
        read_chars.append(len(span))
        return real(span)

    monkeypatch.setattr(events, "_areas", counting)
    totals = []
    for n in (100, 800):
        read_chars.clear()
        s = "Ealing was rated good " + "and judged good " * n + "."
        events.grades_in_sentence(s, 0, len(s))
        totals.append(sum(read_chars))
    assert totals[1] <= 8 * totals[0] * 1.5


def test_digest_items_headed_by_grade_split_by_rules_or_led_by_the_name():
    ex = read("digest_rules.txt")
    [leeds], [swindon], [sheffield] = (only(ex, c) for c in ("E08000035", "E06000030", "E08000019"))
    assert judged(leeds) == {"overall-effectiveness": "good", "in-care": "outstanding", "care-leavers": "good"}
    assert swindon.type == "ilacs-standard"  # its own history names a focused visit
    assert judged(swindon) == {"overall-effectiveness": "inadequate", "help-and-protection": "inadequate"}
    assert (sheffield.type, sheffield.year, sheffield.judgements) == ("monitoring-visit", 2024, ())
    assert [i.year for i in only(ex, "E08000019", previous=True)] == [2022]


def test_bold_bullets_and_run_on_in_brief_lists_are_read():
    [croydon] = only(read("news_bold_bullets.txt"), "E09000008")
    assert judged(croydon)["in-care"] == "good" and judged(croydon)["care-leavers"] == "good"
    [wigan] = only(read("news_in_brief.txt"), "E08000010")
    assert judged(wigan) == {"overall-effectiveness": "good", "help-and-protection": "good",
                             "in-care": "requires-improvement", "care-leavers": "good",
                             "impact-of-leaders": "good"}


def test_focused_visit_letter_keeps_the_last_inspection_as_history():
    ex = read("letter_focused_visit_history.txt")
    [visit] = only(ex, "E10000015")
    assert (visit.type, visit.judgements) == ("focused-visit", ())
    assert [(i.year, judged(i)) for i in only(ex, "E10000015", previous=True)] == \
        [(2019, {"overall-effectiveness": "good"})]


def test_grade_statements_are_not_findings_and_quoted_recommendations_are_weaknesses():
    text = ("Ofsted rates Derby children's services good\n\n"
            "Derby City Council's children's services were rated good by Ofsted after an inspection in May 2024. "
            "Care leavers were judged good. Inspectors asked Derby to improve two things: how it "
            "helps homeless 16- and 17-year-olds, and its recognition of neglect.\n")
    ex = extract(_doc(text))
    [derby] = only(ex, "E06000015")
    quotes = {(f.polarity, f.evidence.quote) for f in derby.findings}
    assert not any("judged good" in q or "rated good" in q for _, q in quotes)
    assert {p for p, q in quotes if q.startswith("Inspectors asked")} == {"weakness"}


def test_several_earlier_inspections_in_one_sentence_each_keep_their_year():
    earlier = {i.year: judged(i) for i in only(read("local_newspaper_three_earlier.txt"), "E08000027", previous=True)}
    assert earlier == {2018: {"overall-effectiveness": "requires-improvement"},
                       2016: {"overall-effectiveness": "inadequate"}, 2014: {"overall-effectiveness": "inadequate"}}
    ex = read("letter_engagement_attendees.txt")
    assert only(ex, "E06000051")[0].judgements == ()
    assert sorted(i.year for i in only(ex, "E06000051", previous=True)) == [2014, 2017, 2021]


def test_one_inspector_leads_one_item_and_is_team_in_another():
    ex = read("roundup_leads.txt")
    [wirral], [bolton] = only(ex, "E08000015"), only(ex, "E08000001")
    assert [p.name for p in wirral.people if p.lead] == ["Hazel Orme"]
    assert [p.name for p in bolton.people if p.lead] == ["Morris Venn"]
    assert "Hazel Orme" in [p.name for p in bolton.people if not p.lead]
    assert [(i.year, judged(i)) for i in only(ex, "E08000015", previous=True)] == \
        [(2016, {"overall-effectiveness": "inadequate"})]


def test_a_deputy_or_team_inspector_named_alone_is_not_the_lead():
    from kg.extract.people import find_people

    for text in ("The deputy lead inspector was Sam Wu HMI.", "HMI Kay Lee was the deputy lead inspector.",
                 "Jansy Arden HMI (team inspector, Ofsted) joined the visit."):
        [p] = [p for p in find_people(text) if p.is_inspector]
        assert not p.lead and p.role in ("deputy lead inspector", "team inspector"), text
    [p] = [p for p in find_people("The inspection was carried out by Rhona Teel HMI.") if p.is_inspector]
    assert p.lead  # the only inspector a text names, with no role printed, leads


def test_grades_dated_before_the_inspection_reported_are_history():
    body = ("Luton children's services rated outstanding\n\nLuton Borough Council's children's services "
            "have been rated outstanding by Ofsted after a standard inspection in March 2024. Luton was "
            "rated 'inadequate' in 2017 and 'requires improvement' in 2019.\n")
    ex = extract(_doc(body))
    assert judged(only(ex, "E06000032")[0]) == {"overall-effectiveness": "outstanding"}
    assert {i.year: judged(i) for i in only(ex, "E06000032", previous=True)} == {
        2017: {"overall-effectiveness": "inadequate"}, 2019: {"overall-effectiveness": "requires-improvement"}}


def test_bullets_under_a_question_heading_of_what_must_improve_are_weaknesses():
    body = ("Joint targeted area inspection of the multi-agency response in Rutland\n\n"
            "Between 3 and 7 June 2024, Ofsted and its partners carried out a joint targeted area inspection in Rutland.\n\n"
            "What needs to improve?\n\n"
            "\u2022 How quickly privately fostered children are identified and assessed.\n"
            "\u2022 The timeliness of return home interviews for children who go missing.\n")
    ex = extract(_doc(body))
    [jtai] = only(ex, "E06000017")
    assert jtai.type == "jtai"
    pol = {f.evidence.quote.lstrip("\u2022 ")[:20]: f.polarity for f in jtai.findings}
    assert pol.get("How quickly privatel") == "weakness"


def test_a_grade_recalled_for_a_neighbour_in_another_item_does_not_leak():
    ex = read("digest_cross_reference.txt")
    [barnet], [enfield], [haringey] = (only(ex, c) for c in ("E09000003", "E09000010", "E09000014"))
    assert judged(barnet) == {"overall-effectiveness": "outstanding"}
    assert judged(enfield) == {"overall-effectiveness": "requires-improvement"}
    assert (haringey.type, haringey.judgements) == ("focused-visit", ())
    assert [p.name for p in enfield.people if p.lead] == ["Basil Rook"]
    assert not only(ex, "E09000003", previous=True)


def test_html_list_items_are_grade_labels():
    [calderdale] = only(read("news_list_items.html"), "E08000033")
    assert judged(calderdale) == {"overall-effectiveness": "good", "help-and-protection": "good",
                                  "in-care": "outstanding", "care-leavers": "requires-improvement",
                                  "impact-of-leaders": "good"}
