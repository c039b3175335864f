"""Theme choice for findings: what the deficit is about, not a surface word (issue 8).

Every sentence is invented for the test; each test checks one pattern of the scheme's
labelling rules (``themes-method.md``) that the rules once got wrong.
"""
from __future__ import annotations

from pathlib import Path

from kg.documents import document_from_pages
from kg.extract.findings import extract_findings
from kg.themes import classify


def _findings(text: str, area: str | None = None, statements: bool = True):
    d = document_from_pages(Path("t.txt"), [text], text.encode("utf-8"), "text")
    return [(f.polarity, f.themes, f.method)
            for f in extract_findings(d, 0, len(d.text), area, statements=statements)]


def test_a_pronoun_subject_in_a_report_body_takes_the_paragraph_topic():
    got = _findings("Too few children who go missing are offered a return home interview. "
                    "This limits the ability of workers to plan well for their safety.")
    assert got[1][0] == "weakness" and got[1][1][0] == "exploitation-and-missing"
    assert got[1][2].endswith("+paragraph-topic")


def test_a_pronoun_subject_in_news_keeps_its_own_topic():
    got = _findings("Too few children who go missing are offered a return home interview. "
                    "This limits the ability of workers to plan well for their safety.", statements=False)
    assert "exploitation-and-missing" not in got[1][1]


def test_a_news_sentence_without_topic_words_is_not_given_a_guessed_theme():
    assert _findings("Inspectors found two clear weaknesses in the service.", statements=False) == []


def test_a_requirement_written_in_a_plan_is_not_about_the_plan():
    assert classify("Children are seen within the timescales set out in their plans.") == (
        "visits-and-direct-work",)


def test_previous_referrals_are_history_for_the_assessment_not_the_front_door():
    got = classify("Assessments list histories of previous referrals without weighing them.")
    assert got[0] == "assessment-quality" and "front-door" not in got


def test_foster_carers_as_subject_are_carer_support():
    assert classify("Foster carers say they are listened to and treated as equals.") == ("placement-stability",)
    assert classify("Foster carers get regular supervision from experienced workers.") == ("placement-stability",)
    assert "multi-agency-working" not in classify(
        "Foster carers have good working relationships with their supervising social workers.")


def test_recruiting_a_number_of_foster_carers_is_sufficiency_not_workforce():
    assert classify("The council aims to recruit 25 mainstream foster carers this year.") == (
        "placement-sufficiency",)


def test_siblings_living_together_is_sufficiency():
    assert classify("Most children can live with their brothers and sisters.") == ("placement-sufficiency",)


def test_child_in_need_review_meetings_are_not_children_in_care_reviews():
    assert classify("Core groups and child in need review meetings are well attended.") == ("cin-cp-reviews",)


def test_an_exploitation_screening_tool_is_not_front_door_screening():
    assert "front-door" not in classify("Use of the new child exploitation screening tool is inconsistent.")


def test_team_around_the_family_is_early_help():
    assert classify("Schools do not engage in team around the family meetings.")[0] == "early-help"


def test_faith_in_leaders_is_not_religion():
    assert "identity-and-life-story" not in classify("Staff have faith in their senior leadership team.")


def test_staff_morale_is_workforce_stability():
    assert classify("Social workers are positive about working in the borough.") == ("workforce-stability",)


def test_learning_culture_is_development_and_quality_assurance():
    assert set(classify("The service has built a strong learning culture.")) == {
        "workforce-development", "quality-assurance"}


def test_records_that_are_missing_are_not_missing_children():
    assert "exploitation-and-missing" not in classify("Health assessments are too often missing or late.")


def test_matching_under_the_adoption_heading_is_adoption():
    got = _findings("Most children were matched with their new families within the year.", area="adoption")
    assert got and got[0][1][0] == "adoption"


def test_a_generic_cue_beats_a_word_overlap_guess():
    assert classify("Senior leaders set high expectations for practice.") == ("strategic-leadership",)
