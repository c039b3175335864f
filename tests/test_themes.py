"""Tests for kg.themes: the theme list and the rule-based classifier.

Sentences below are invented for the tests (not copied from reports); each neighbour test
follows a row of the "choosing between neighbours" table in themes-method.md.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.themes import GENERIC, Theme, classify, load_themes, theme_ids

ROOT = Path(__file__).resolve().parents[1]

GROUPS = {
    "Front door and early help": {"early-help", "front-door"},
    "Help and protection": {
        "strategy-meetings", "assessment-quality", "plan-quality", "cin-cp-reviews",
        "visits-and-direct-work", "neglect-and-domestic-abuse", "exploitation-and-missing",
        "pre-proceedings", "disabled-children", "private-fostering", "homeless-16-17",
        "allegations-against-professionals",
    },
    "Children in care": {
        "edge-of-care", "placement-sufficiency", "placement-stability",
        "kinship-and-connected-carers", "permanence-planning", "adoption", "iro-challenge",
        "health-needs", "education-in-care",
    },
    "Care leavers": {
        "pathway-plans", "care-leaver-accommodation", "care-leaver-eet", "care-leaver-support",
    },
    "Voice and identity": {"voice-and-participation", "identity-and-life-story"},
    "Leadership and workforce": {
        "management-oversight", "supervision", "caseloads", "workforce-stability",
        "workforce-development", "quality-assurance", "performance-data", "recording-and-systems",
        "strategic-leadership",
    },
    "Partnerships": {"multi-agency-working", "safeguarding-partnership"},
}


def themes_of(text: str, **kw) -> set[str]:
    return set(classify(text, **kw))


# --------------------------------------------------------------------------------------------
# load_themes
# --------------------------------------------------------------------------------------------

def test_load_themes_forty_unique_ids():
    themes = load_themes()
    assert len(themes) == 40
    ids = [t.id for t in themes]
    assert len(set(ids)) == 40
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)
    assert theme_ids() == frozenset(ids)
    assert load_themes() is themes  # cached


def test_load_themes_fields():
    for t in load_themes():
        assert isinstance(t, Theme)
        assert t.label and t.group and t.definition and t.scope_note
        assert isinstance(t.triggers, tuple) and t.triggers
        assert all(isinstance(x, str) and x for x in t.triggers)
    with pytest.raises(Exception):
        load_themes()[0].id = "x"  # frozen


def test_groups_match_scheme():
    got: dict[str, set[str]] = {}
    for t in load_themes():
        got.setdefault(t.group, set()).add(t.id)
    assert got == GROUPS


def test_groups_match_ontology():
    path = ROOT / "ontology" / "themes.ttl"
    if not path.exists():
        pytest.skip("ontology/themes.ttl not present")
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import RDF, SKOS

    g = rdflib.Graph().parse(path, format="turtle")
    notation = {c: str(n) for c, n in g.subject_objects(SKOS.notation)}
    collections = {}
    for coll in g.subjects(RDF.type, SKOS.Collection):
        label = str(g.value(coll, SKOS.prefLabel) or coll)
        collections[label] = {notation.get(m, str(m).rsplit("/", 1)[-1]) for m in
                              g.objects(coll, SKOS.member)}
    if not collections:
        pytest.skip("ontology has no theme groups")
    assert set(notation.values()) >= theme_ids()
    by_members = sorted(map(sorted, collections.values()))
    assert by_members == sorted(map(sorted, GROUPS.values()))


def test_generic_themes_are_known():
    assert GENERIC <= theme_ids()


def test_typical_wordings_find_their_theme():
    # Every typical wording of the scheme is tagged with its own theme.
    for t in load_themes():
        for trigger in t.triggers:
            assert t.id in classify(trigger), (t.id, trigger, classify(trigger))


# --------------------------------------------------------------------------------------------
# Neighbour rules (one test per row or pair of the method's table)
# --------------------------------------------------------------------------------------------

def test_front_door_vs_strategy_meetings():
    front = themes_of("Contacts received by the MASH wait too long for a screening decision.")
    assert "front-door" in front and "strategy-meetings" not in front
    strat = themes_of("Strategy discussions are not always held promptly when significant harm "
                      "is suspected, and section 47 enquiries lack rigour.")
    assert "strategy-meetings" in strat and "front-door" not in strat
    both = classify("The timeliness of responses to referrals, including strategy discussions.")
    assert set(both) == {"front-door", "strategy-meetings"}


def test_thresholds_are_front_door():
    assert classify("Partners' understanding of the thresholds for statutory intervention.")[0] == "front-door"
    assert "front-door" in classify("The emergency out-of-hours service response to families.")


def test_assessment_vs_plan_quality():
    a = themes_of("Assessments do not analyse the cumulative impact of family history.")
    assert a == {"assessment-quality"}
    p = themes_of("Child protection plans lack clear timescales and contingency arrangements.")
    assert p == {"plan-quality"}


def test_carer_assessments_are_not_social_work_assessments():
    k = themes_of("Viability assessments of relatives are completed late.")
    assert "kinship-and-connected-carers" in k and "assessment-quality" not in k
    h = themes_of("Initial health assessments for children entering care are delayed.")
    assert "health-needs" in h and "assessment-quality" not in h


def test_conferences_vs_iro_challenge():
    c = themes_of("Initial child protection conferences are held outside timescales and core "
                  "groups do not meet regularly.")
    assert c == {"cin-cp-reviews"}
    i = themes_of("Child protection chairs and independent reviewing officers rarely escalate "
                  "their concerns about drift.")
    assert "iro-challenge" in i and "cin-cp-reviews" not in i


def test_iro_vs_management_oversight():
    i = themes_of("IROs do not challenge delays for children in care effectively.")
    assert "iro-challenge" in i and "management-oversight" not in i
    m = themes_of("Team managers' oversight of casework does not prevent drift.")
    assert "management-oversight" in m and "iro-challenge" not in m


def test_supervision_vs_management_oversight():
    s = themes_of("Supervision is infrequent and rarely reflective.")
    assert s == {"supervision"}
    both = classify("The consistency of management oversight and supervision.")
    assert both == ("management-oversight", "supervision")


def test_recording_of_managers_decisions():
    got = themes_of("Managers' decisions on children's cases are not recorded on case records.")
    assert {"management-oversight", "recording-and-systems"} <= got


def test_quality_assurance_vs_performance_data():
    assert themes_of("Case file audits focus on compliance rather than on the impact of practice.") \
        == {"quality-assurance"}
    assert themes_of("The accuracy of performance data used by senior managers.") \
        == {"performance-data"}


def test_caseloads_vs_workforce_stability():
    assert themes_of("Social workers' caseloads remain too high in the assessment teams.") == {"caseloads"}
    w = themes_of("High staff turnover and reliance on agency workers mean frequent changes of "
                  "social worker.")
    assert w == {"workforce-stability"}
    both = themes_of("Ensure that there are enough social workers to meet demand.")
    assert {"caseloads", "workforce-stability"} <= both


def test_placement_sufficiency_vs_stability():
    s = themes_of("There are not enough foster carers and too many children live far from home.")
    assert "placement-sufficiency" in s and "placement-stability" not in s
    m = themes_of("Children experience too many placement moves because matching is weak.")
    assert "placement-stability" in m and "placement-sufficiency" not in m


def test_care_leaver_accommodation_vs_homeless_16_17():
    cl = themes_of("Some care leavers live in bed and breakfast accommodation.")
    assert "care-leaver-accommodation" in cl and "homeless-16-17" not in cl
    h = themes_of("Homeless 16- and 17-year-olds are placed in bed and breakfast.")
    assert "homeless-16-17" in h and "care-leaver-accommodation" not in h
    cic = themes_of("Children in care aged 16 and 17 live in unregulated accommodation.")
    assert "placement-sufficiency" in cic
    assert "care-leaver-accommodation" not in cic and "homeless-16-17" not in cic


def test_homeless_section_20_is_not_edge_of_care():
    got = themes_of("Young people who present as homeless are not told of their right to become "
                    "looked after under section 20.")
    assert "homeless-16-17" in got and "edge-of-care" not in got


def test_adoption_vs_permanence_planning():
    a = themes_of("Family finding for children with a plan for adoption is too slow.")
    assert "adoption" in a and "permanence-planning" not in a
    p = themes_of("Children wait too long for long-term fostering matches to be confirmed.")
    assert "permanence-planning" in p and "adoption" not in p
    assert "adoption" in themes_of("Fostering for adoption is rarely considered.")


def test_kinship_vs_private_fostering():
    k = themes_of("Support for special guardians and family and friends carers.")
    assert k == {"kinship-and-connected-carers"}
    pf = themes_of("Checks on privately fostered children are not completed.")
    assert pf == {"private-fostering"}


def test_edge_of_care_vs_pre_proceedings():
    e = themes_of("Children return home to their parents without a reunification assessment.")
    assert "edge-of-care" in e and "pre-proceedings" not in e
    p = themes_of("Work under the public law outline drifts and applications to court are late.")
    assert "pre-proceedings" in p and "edge-of-care" not in p


def test_return_home_interviews_are_missing_not_reunification():
    got = themes_of("Return home interviews are not offered to every child who goes missing.")
    assert got == {"exploitation-and-missing"}


def test_exploitation_vs_neglect():
    assert themes_of("Responses to criminal exploitation and county lines.") == {"exploitation-and-missing"}
    assert themes_of("Children live with chronic neglect and domestic abuse for too long.") \
        == {"neglect-and-domestic-abuse"}


def test_pathway_plans_vs_care_leaver_support_and_eet():
    assert themes_of("Pathway plans are not updated when circumstances change.") == {"pathway-plans"}
    assert themes_of("Care leavers do not know about their entitlements or the local offer.") \
        == {"care-leaver-support"}
    eet = themes_of("Too many care leavers are not in education, employment or training.")
    assert eet == {"care-leaver-eet"}
    assert themes_of("The attainment of children in care and their personal education plans.") \
        == {"education-in-care"}


def test_service_named_alone_takes_general_theme():
    assert classify("The consistency of practice for care leavers.") == ("care-leaver-support",)


def test_care_leaver_health_histories_are_health_needs():
    assert "health-needs" in themes_of("Care leavers do not receive their health histories.")


def test_voice_vs_visits():
    v = themes_of("Children are not always seen alone during statutory visits.")
    assert "visits-and-direct-work" in v and "voice-and-participation" not in v
    p = themes_of("Children's wishes and feelings are not evident and few have an advocate.")
    assert "voice-and-participation" in p and "visits-and-direct-work" not in p


def test_identity_and_life_story():
    assert themes_of("Life-story work and later life letters are not completed.") == {"identity-and-life-story"}
    assert "identity-and-life-story" in themes_of(
        "Assessments do not consider children's cultural and religious needs.")


def test_strategic_leadership_and_corporate_parenting():
    assert themes_of("The corporate parenting board does not scrutinise outcomes.") == {"strategic-leadership"}


def test_multi_agency_vs_safeguarding_partnership():
    m = themes_of("Information sharing between the police and schools is inconsistent.")
    assert m == {"multi-agency-working"}
    s = classify("The safeguarding children board's annual report lacks analysis.")
    assert s == ("safeguarding-partnership",)


def test_health_partners_at_strategy_meetings_are_not_health_needs():
    got = themes_of("Health partners do not attend strategy meetings.")
    assert "strategy-meetings" in got and "health-needs" not in got


def test_disabled_children_transition():
    got = themes_of("Transition planning to adult services for disabled children starts late.")
    assert "disabled-children" in got and "pathway-plans" not in got


def test_allegations_vs_complaints():
    assert themes_of("The designated officer's handling of allegations against staff.") \
        == {"allegations-against-professionals"}
    assert "voice-and-participation" in themes_of("Learning from complaints made by children.")


# --------------------------------------------------------------------------------------------
# Labelling rules
# --------------------------------------------------------------------------------------------

def test_lscb_always_includes_safeguarding_partnership_first():
    for text in ("", "Improve the annual report.", "Review the multi-agency training programme.",
                 "Raise awareness of private fostering in the community.", "\x00\ud7ff"):
        got = classify(text, section="lscb")
        assert got and got[0] == "safeguarding-partnership", (text, got)
    t = classify("The board should evaluate the impact of multi-agency training.", section="lscb")
    assert t[:2] == ("safeguarding-partnership", "workforce-development")
    a = classify("Ensure that multi-agency audits are completed and learning is shared.", section="lscb")
    assert a[0] == "safeguarding-partnership" and "quality-assurance" in a
    th = classify("Revise the threshold document and monitor its use by partners.", section="lscb")
    assert "front-door" in th
    d = classify("Develop a multi-agency data set on children who go missing.", section="lscb")
    assert {"safeguarding-partnership", "performance-data", "exploitation-and-missing"} == set(d)


def test_purpose_clause_ignored():
    got = classify("Improve the quality of plans so that children are protected from exploitation "
                   "and fewer go missing.")
    assert got == ("plan-quality",)
    got = classify("Strengthen supervision in order to improve placement stability and reduce "
                   "caseloads.")
    assert got == ("supervision",)
    # "to ensure that" opening the point is its head, not a purpose clause.
    assert classify("Ensure that pathway plans are completed with young people.") == ("pathway-plans",)
    # An actor-only head lets the substance after "to ensure" count.
    got = classify("Work with health partners to ensure that initial health assessments are timely.")
    assert got[0] == "health-needs"


def test_generic_process_needs_a_cue():
    # Somebody has to act, but no process is named: no generic theme.
    got = themes_of("Senior managers should make sure that return home interviews take place.")
    assert got == {"exploitation-and-missing"}


def test_at_most_three_and_limit():
    shopping = ("The quality of case recording, including chronologies, management oversight, "
                "supervision, audits, performance data, pathway plans, life-story work and "
                "health assessments.")
    got = classify(shopping)
    assert 1 <= len(got) <= 3
    assert got[0] == "recording-and-systems"  # head of the bullet kept
    # more specific named topics are kept before generic ones
    assert {"supervision", "pathway-plans"} <= set(got)
    assert len(classify(shopping, limit=1)) == 1
    assert classify(shopping, limit=0) == ()
    assert len(classify(shopping, limit=6)) <= 6


def test_primary_first():
    assert classify("Management oversight and supervision.")[0] == "management-oversight"
    assert classify("Pre-proceedings work and the quality of court statements, and the recording "
                    "of decisions.")[0] == "pre-proceedings"
    # An actor named first yields to the topic.
    got = classify("The local authority and its partners should improve the early help offer.")
    assert got[0] == "early-help"


def test_finding_sentences_from_prose():
    assert "caseloads" in classify("Social workers in the duty team told inspectors that their "
                                   "caseloads are too high.")
    assert "workforce-stability" in classify("Staff turnover has slowed progress in the service.")
    assert "placement-stability" in classify("Most children live in stable homes with carers "
                                             "who know them well.")


def test_empty_and_odd_inputs():
    assert classify("") == ()
    assert classify("   \n\t ") == ()
    assert classify("1.") == ()
    assert classify(None) == ()  # type: ignore[arg-type]
    assert classify("Improve adoption.", section="unknown") == ("adoption",)


# --------------------------------------------------------------------------------------------
# Robustness and speed
# --------------------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["la", "lscb", "LSCB", "", "other"]),
       st.integers(min_value=-2, max_value=6))
def test_classify_never_raises_and_returns_known_ids(text, section, limit):
    got = classify(text, section=section, limit=limit)
    assert isinstance(got, tuple)
    assert len(got) <= max(0, limit)
    assert len(set(got)) == len(got)
    assert set(got) <= theme_ids()
    if section.lower() == "lscb" and limit > 0:
        assert got[0] == "safeguarding-partnership"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["the", "quality", "of", "plans", "care", "leavers", "IROs", "MASH", "so", "that", "to",
     "ensure", "homeless", "16-", "and", "17-year-olds", "adoption", "•", "◼", "\uf06e", ";", ".",
     "’", "‘", "-", "(", ")", "supervision", "audits", "board", "partners", "missing", "drift"]),
    max_size=80))
def test_classify_on_word_salad(words):
    got = classify(" ".join(words))
    assert set(got) <= theme_ids() and len(got) <= 3


def test_huge_input_gives_known_ids():
    big = ("Improve the quality of assessments and plans so that children are safe. " * 20000)
    got = classify(big)
    assert set(got) <= theme_ids()




def test_parental_capacity_is_assessment_not_caseloads():
    assert classify("Parental capacity to change is not always analysed.")[0] == "assessment-quality"


def test_management_decision_making_is_management_oversight():
    assert "management-oversight" in classify("Management decision-making on cases of neglect is slow.")


def test_key_stage_results_are_education_in_care():
    assert classify("Results at key stage 4 were below those of similar areas.") == ("education-in-care",)


def test_nearest_theme_uses_label_triggers_and_definition_and_can_abstain():
    from kg.themes import nearest_theme

    assert nearest_theme("Connected carers and kinship carers are assessed quickly.", "in-care") == (
        "kinship-and-connected-carers",)
    assert nearest_theme("The weather was fine.") == ()
