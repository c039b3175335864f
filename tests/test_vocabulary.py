"""The one vocabulary (kg/data/vocabulary.json): ids agree with the records and the ontology."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import vocabulary as v
from kg.records import AREAS, GRADES, INSPECTION_TYPES, ROLES

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def test_ids_are_the_records_ids():
    assert v.grade_ids() == GRADES
    assert {a.id for a in v.areas()} == set(AREAS)
    assert tuple(i for i, _ in v.inspection_types()) == INSPECTION_TYPES
    assert v.roles() == ROLES


def test_every_grade_area_and_type_is_a_concept_of_the_schemes():
    schemes = (ONTOLOGY / "schemes.ttl").read_text(encoding="utf-8")
    notations = set(re.findall(r'skos:notation "([^"]+)"', schemes))
    ids = set(v.grade_ids()) | {a.id for a in v.areas()} | {i for i, _ in v.inspection_types()}
    assert ids <= notations, ids - notations


@pytest.mark.parametrize("printed,gid", [
    ("Requires improvement to be good", "requires-improvement"),
    ("require\nimprovement", "requires-improvement"),
    ("Inadequate", "inadequate"), ("adequate", "adequate"), ("Good", "good"),
    ("Not judged", None), ("splendid", None),
])
def test_printed_grades_read_to_ids(printed, gid):
    assert v.grade_id(printed) == gid


def test_grade_pattern_finds_the_longest_printed_grade():
    m = re.search(r"Overall effectiveness\s?" + v.grade_pattern(), "Overall effectiveness Requires improvement to be good", re.I)
    assert m and m["grade"] == "Requires improvement to be good"


def test_heading_patterns_allow_a_wrapped_heading():
    rx = re.compile(v.heading_pattern("help-and-protection"))
    assert rx.search("The experiences and progress of\nchildren who need help and protection")
    assert v.table_labels("lac")[0][0] == "lac-overall-effectiveness"


def test_themes_come_from_the_theme_scheme():
    assert len(v.themes()) == 40 and "front-door" in v.theme_ids()
