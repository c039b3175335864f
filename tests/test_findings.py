"""Findings (weaknesses and strengths) in running text: kg.extract.findings and .sentences.

All sentences are invented for the tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.documents import document_from_pages
from kg.extract.findings import extract_findings, polarity, split_clauses
from kg.extract.sentences import blocks, sentences


def doc_of(text: str | None = None, kind: str = "text", pages: list[str] | None = None):
    pages = pages if pages is not None else [text]
    name = "t.pdf" if kind == "pdf" else "t.txt"
    return document_from_pages(Path(name), pages, "".join(pages).encode("utf-8"), kind)


def findings(text: str, area: str | None = None):
    d = doc_of(text)
    out = extract_findings(d, 0, len(d.text), area)
    for f in out:
        assert d.text[f.evidence.start:f.evidence.end] == f.evidence.quote
    return [(f.polarity, f.themes) for f in out]


# ------------------------------------------------------------------------------ sentences


def test_blocks_and_sentences_keep_offsets_and_leave_bullet_marks_out():
    text = ("Headline findings\n"
            "Strategy meetings are timely. Mr. Jones, the manager, agrees.\n"
            "\u2022 Plans are clear.\n"
            "1. Visits are regular.\n"
            "Young people have enjoyed the new service and\n\n"
            "responded well to it.\n")
    d = doc_of(text)
    bl = blocks(d.text)
    assert [b.kind for b in bl] == ["heading", "paragraph", "bullet", "numbered", "paragraph"]
    got = [(d.text[s.start:s.end], s.kind) for s in sentences(d.text, block_list=bl)]
    assert got == [("Headline findings", "heading"),
                   ("Strategy meetings are timely.", "paragraph"),
                   ("Mr. Jones, the manager, agrees.", "paragraph"),
                   ("Plans are clear.", "bullet"),
                   ("Visits are regular.", "numbered"),
                   ("Young people have enjoyed the new service and\n\nresponded well to it.", "paragraph")]


def test_wrapped_pdf_lines_join_into_sentences():
    page = ("Children who need help and protection\n"
            "Social workers visit children regularly and they know the children they\n"
            "work with well. Managers do not always record the reasons for their\n"
            "decisions on children's files, and some plans drift.\n")
    d = doc_of(kind="pdf", pages=[page])
    got = [d.text[s.start:s.end] for s in sentences(d.text, kind="pdf")]
    assert got[0] == "Children who need help and protection"
    assert got[1].startswith("Social workers visit") and got[1].endswith("work with well.")
    assert got[2].endswith("some plans drift.")


# ------------------------------------------------------------------------------- polarity


@pytest.mark.parametrize("clause, expected", [
    ("Strategy meetings are timely and well attended", 1),
    ("Visits are not always prompt", -1),
    ("Caseloads are too high in some teams", -1),
    ("Staff turnover has reduced", 1),
    ("There are no further delays in allocation", 1),
    ("The council should improve its pathway plans", -1),
    ("Recommendations for improvement included recruiting more foster carers", -1),
    ("Improve the quality of assessments", -1),
    ("Supervision is irregular", -1),
    ("Children who cannot live with their parents have a strong focus on permanence", 1),
    ("The council will recruit more foster carers next year", 0),
    ("Reviews for children in need are not frequent enough to support good oversight", -1),
    ("Early help services are effective in preventing needs from escalating", 1),
    ("Changes of worker have prevented them from developing trusting relationships", -1),
    ("The report was published on Friday", 0),
])
def test_polarity(clause, expected):
    assert polarity(clause) == expected


def test_clauses_split_at_contrast_markers():
    s = "Reviews are timely but of variable quality; however, IROs rarely challenge."
    assert [s[a:b].strip(" ;,") for a, b in split_clauses(s)] == [
        "Reviews are timely", "but of variable quality", "however, IROs rarely challenge."]
    s = "Although some assessments are improving, too many are still poor."
    assert [s[a:b] for a, b in split_clauses(s)] == [
        "Although some assessments are improving, ", "too many are still poor."]
    s = "Not only are plans clear but also they are reviewed."
    assert len(split_clauses(s)) == 1


# ------------------------------------------------------------------------------- findings


def test_positive_and_negative_clause_give_two_findings_each_quoting_its_clause():
    d = doc_of("Children in care reviews are timely but of variable quality.")
    out = extract_findings(d, 0, len(d.text), "in-care")
    assert [(f.polarity, f.themes, f.area) for f in out] == [
        ("strength", ("iro-challenge",), "in-care"), ("weakness", ("iro-challenge",), "in-care")]
    assert [f.evidence.quote for f in out] == ["Children in care reviews are timely", "of variable quality."]


def test_concessive_clause_states_its_own_finding():
    got = findings("While some supervision is reflective, for other workers supervision is irregular.")
    assert got == [("strength", ("supervision",)), ("weakness", ("supervision",))]


def test_each_clause_keeps_its_own_topic():
    got = dict(findings("Care leavers are well supported by personal advisers, although pathway "
                        "plans are not always updated."))
    assert got == {"strength": ("care-leaver-support",), "weakness": ("pathway-plans",)}


@pytest.mark.parametrize("text", [
    "Practice is too variable.",  # no topic
    "Services are good.",  # a grade, not a finding
    "Children's services in Hackney are rated outstanding.",
    "One young person told inspectors: \u201cMy social worker always visits me and I feel safe.\u201d",
    "Thank you again for a very constructive meeting about your fostering service.",
    "I would like to thank our staff for their excellent work with care leavers.",
    "The council will recruit more foster carers next year.",  # a plan not yet acted on
    "Is the front door effective?",
    "The report was published on Friday.",
])
def test_not_findings(text):
    assert findings(text) == []


def test_recommendations_quoted_in_news_are_weaknesses():
    assert findings("The council should improve the timeliness of strategy meetings.") == [
        ("weakness", ("strategy-meetings",))]
    assert findings("Ofsted recommended that the council recruits more foster carers.") == [
        ("weakness", ("placement-sufficiency",))]


def test_officers_statements_count_when_they_name_a_topic():
    assert findings("\u201cHigh caseloads are affecting our ability to retain social workers,\u201d "
                    "the director said.") == [("weakness", ("caseloads", "workforce-stability"))]


def test_a_sentence_referring_back_takes_the_topic_before_it():
    got = findings("Some care leavers live in unsuitable accommodation. This is not acceptable.")
    assert got == [("weakness", ("care-leaver-accommodation",)), ("weakness", ("care-leaver-accommodation",))]


def test_improvement_bullets_are_weaknesses_until_the_list_ends():
    pages = ["Headline findings\nSocial workers visit children regularly and know them well.\n",
             "What needs to improve\n"
             "\u2022 The timeliness of initial child protection conferences.\n"
             "\u2022 The quality of pathway plans.\n"
             "Leaders have a clear understanding of the service and have strengthened the front door.\n"]
    d = doc_of(kind="pdf", pages=pages)
    out = extract_findings(d, 0, len(d.text))
    got = [(f.polarity, f.themes[0], f.evidence.page) for f in out]
    assert got == [("strength", "visits-and-direct-work", 1), ("weakness", "cin-cp-reviews", 2),
                   ("weakness", "pathway-plans", 2), ("strength", "front-door", 2)]


def test_range_and_area_are_respected():
    text = "Plans are clear and specific. Visits are not always timely. Caseloads are manageable."
    d = doc_of(text)
    start = text.index("Visits")
    out = extract_findings(d, start, text.index("Caseloads"), "help-and-protection")
    assert [(f.polarity, f.themes, f.area) for f in out] == [
        ("weakness", ("visits-and-direct-work",), "help-and-protection")]
    assert extract_findings(d, 50, 10) == ()
    assert extract_findings(d, -5, 10**9)  # clamped, not an error


def test_typographic_quirks_keep_offsets_exact():
    text = ("\u201cManagers\u00a0do not consistently oversee plans,\u201d said the report.\r\n"
            "\uf0a7 Care leavers\u2019 pathway plans are \u2018not always\u2019 up to date.\r\n")
    d = doc_of(text)
    out = extract_findings(d, 0, len(d.text))
    assert {f.polarity for f in out} == {"weakness"}
    for f in out:
        assert d.text[f.evidence.start:f.evidence.end] == f.evidence.quote
        assert not f.evidence.quote.startswith("\u2022")


# --------------------------------------------- failure kinds of issue 8 (invented sentences)


def _one(text: str, area: str | None = None):
    d = doc_of(text + "\n")
    return [(f.polarity, f.evidence.quote, f.method) for f in extract_findings(d, 0, len(d.text), area)]


def test_praise_of_some_items_is_not_read_as_weakness():
    out = _one("Some child protection plans are of high quality and set out clearly what parents must change.")
    assert [p for p, _, _ in out] == ["strength"]


@pytest.mark.parametrize("sentence", [
    "Plans for children in need are too generic to guide the work of the family.",
    "The pace of change in the fostering service needs to accelerate.",
    "Scrutiny of care plans by team managers is cursory.",
])
def test_weakness_adjectives_and_needed_change_are_weaknesses(sentence):
    assert [p for p, _, _ in _one(sentence)] == ["weakness"]


@pytest.mark.parametrize("sentence", [
    "Only some care leavers have an up-to-date pathway plan.",
    "Too few foster carers have been recruited to meet the needs of children in care.",
    "Return home interviews are not always offered to children who go missing.",
    "The quality of supervision could be improved for newly qualified social workers.",
    "Managers have yet to make sure that every assessment considers the family history.",
])
def test_hedged_statements_are_weaknesses(sentence):
    assert [p for p, _, _ in _one(sentence)] == ["weakness"]


def test_mixed_sentence_gives_both_sides_with_their_own_spans():
    out = _one("Most visits to children are purposeful; however, not all visits happen within the "
               "timescales set by leaders.")
    assert out == [
        ("strength", "Most visits to children are purposeful", "rule:contrast"),
        ("weakness", "not all visits happen within the timescales set by leaders.", "rule:contrast"),
    ]


def test_concession_and_despite_clauses_split_the_sentence():
    out = _one("Although supervision is regular and reflective, managers do not always record "
               "their decisions on the child's file.")
    assert [(p, q) for p, q, _ in out] == [
        ("strength", "supervision is regular and reflective"),
        ("weakness", "managers do not always record their decisions on the child's file."),
    ]


@pytest.mark.parametrize("sentence", [
    "Family network meetings are held at the earliest opportunity for children in pre-proceedings.",
    "Social workers visit children in care within the timescales set out in their plans.",
    "Children's views are central to the planning of their care.",
])
def test_good_practice_stated_as_fact_is_a_strength(sentence):
    assert [p for p, _, _ in _one(sentence)] == ["strength"]


def test_a_leading_condition_is_not_read_as_the_finding():
    out = _one("When children go missing from care, return home interviews are offered within 72 hours.")
    assert [p for p, _, _ in out] == ["strength"]


def test_history_and_intentions_are_not_findings():
    assert _one("At the last inspection in 2029, the council was judged to be inadequate overall.") == []
    assert _one("It is too early to see the impact of the new early help strategy.") == []


def test_topic_of_the_paragraph_carries_to_a_sentence_without_one():
    d = doc_of("Return home interviews for children who go missing are late. This is a missed opportunity.\n")
    out = extract_findings(d, 0, len(d.text))
    assert [(f.polarity, f.themes[0], f.method) for f in out] == [
        ("weakness", "exploitation-and-missing", "rule:cue"),
        ("weakness", "exploitation-and-missing", "rule:cue+paragraph-topic"),
    ]


def test_running_headers_and_page_numbers_are_never_read_or_quoted():
    header = "Exampleshire Council Inspection of children's services"
    pages = [f"{header} {n}\n" + body + f"\n{n}\n" for n, body in enumerate((
        "The front door is well run.",
        "Assessments of children in need are thorough and\n",
        "timely, and they are updated when circumstances change.",
        "Leaders know the service well."), 1)]
    d = doc_of(kind="pdf", pages=pages)
    out = extract_findings(d, 0, len(d.text))
    quotes = [f.evidence.quote for f in out]
    assert quotes and not any(header in q or "\n3\n" in q for q in quotes)
    assert any(q.startswith("timely, and they are updated") for q in quotes)


def test_plain_statement_of_practice_is_a_strength_in_a_report_body_only():
    text = "Family time arrangements are in keeping with the wishes of children in care.\n"
    d = doc_of(text)
    assert [(f.polarity, f.method) for f in extract_findings(d, 0, len(d.text), statements=True)] == [
        ("strength", "rule:practice-statement")]
    assert extract_findings(d, 0, len(d.text)) == ()
    context = doc_of("The council commissioned a new family time service for children in care in 2029.\n")
    assert extract_findings(context, 0, len(context.text), statements=True) == ()


def test_plans_under_the_care_leavers_heading_are_pathway_plans():
    text = "Plans are not always updated when circumstances change.\n"
    d = doc_of(text)
    [f] = extract_findings(d, 0, len(d.text), "care-leavers")
    assert f.themes[0] == "pathway-plans"
    [g] = extract_findings(d, 0, len(d.text), "help-and-protection")
    assert g.themes[0] == "plan-quality"


def test_findings_under_the_board_heading_carry_safeguarding_partnership_first():
    d = doc_of("Audits by the board were not independent or robust.\n")
    [f] = extract_findings(d, 0, len(d.text), "lscb")
    assert f.themes[0] == "safeguarding-partnership"


@pytest.mark.parametrize("sentence", [
    "Managers take swift action when risks to children are not reducing.",
    "This gives stability to young people, who do not have to tell their story again.",
    "There are no care leavers in bed and breakfast accommodation.",
    "Inspectors did not find any children who had been left in care without a plan.",
])
def test_negation_inside_a_condition_or_relative_clause_is_not_a_weakness(sentence):
    assert "weakness" not in [p for p, _, _ in _one(sentence)]


def test_one_parent_quoted_is_not_a_finding():
    assert _one("One parent interviewed by inspectors commented that the plan was not realistic.") == []


@pytest.mark.parametrize("sentence", [
    "Leaders know the areas where improvements need to be made in the front door.",
    "Most areas that require improvement are captured in the service plan for children in care.",
    "Leaders have acted on the recommendations of the last review of the fostering service.",
    "The council makes best use of limited resources to keep children safe from exploitation.",
])
def test_self_knowledge_and_acting_on_advice_are_praise(sentence):
    assert [p for p, _, _ in _one(sentence)] == ["strength"]


def test_a_deficit_that_has_shrunk_or_is_prevented_is_praise():
    from kg.extract.findings import polarity

    assert polarity("Over the past year, turnover and vacancies have significantly reduced.") == 1
    assert polarity("Team managers hold monthly reviews of every plan, preventing drift for children.") == 1
    assert polarity("There is no sign of complacency among senior leaders.") == 1
    assert polarity("Staff turnover remains high and caseloads have increased.") == -1


def test_reported_views_of_what_needs_to_change_are_not_a_weakness():
    from kg.extract.findings import polarity

    assert polarity("Young people tell their workers what they think needs to change.") == 0
    assert polarity("Leaders need to reduce delays in assessments.") == -1


def test_courage_populations_below_thresholds_and_hyphenated_need_are_not_weaknesses():
    from kg.extract.findings import polarity

    assert polarity("Leaders are not afraid of making difficult decisions for brothers and sisters.") == 1
    assert polarity("Early help in the hub means families that do not meet the threshold still get support.") == 0
    assert polarity("Reviews make sure that children step up from child-in-need to child protection.") >= 0
    assert polarity("Managers do not always check plans.") == -1


def test_hardship_spared_and_a_population_described_are_not_weaknesses():
    from kg.extract.findings import polarity

    assert polarity("As a result, families do not experience sudden changes of worker when their needs change.") == 1
    assert polarity("Young people with poor mental health are helped by key workers until they are ready to move on.") >= 0
    assert polarity("Children wait too long for assessments.") == -1
    assert polarity("Care leavers keep their counselling and it does not automatically end at 18.") == 1
