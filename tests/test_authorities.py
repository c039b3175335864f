"""Tests for the bundled authorities table and its resolver (kg.authorities).

All running-text sentences here are invented for the tests.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from kg.authorities import Authority, all_authorities, by_code, find_mentions, resolve

TODAY = date.today()
REGIONS = {
    "E12000001": "North East", "E12000002": "North West", "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands", "E12000005": "West Midlands", "E12000006": "East of England",
    "E12000007": "London", "E12000008": "South East", "E12000009": "South West",
}


def current() -> list[Authority]:
    return [a for a in all_authorities() if a.in_force(TODAY)]


def mentions(text: str) -> list[tuple[str, str]]:
    """(matched text, GSS) pairs, for compact assertions."""
    return [(text[s:e], a.gss) for s, e, a in find_mentions(text)]


# --------------------------------------------------------------------------- the table


def test_table_has_exactly_153_authorities_in_force_today() -> None:
    assert len(current()) == 153


def test_gss_codes_are_unique_across_the_whole_table() -> None:
    codes = [a.gss for a in all_authorities()]
    assert len(codes) == len(set(codes))


def test_la_codes_and_urns_are_unique_among_authorities_in_force() -> None:
    la = [a.la_code for a in current()]
    urns = [a.ofsted_urn for a in current()]
    assert None not in la and len(la) == len(set(la))
    assert None not in urns and len(urns) == len(set(urns))


def test_every_gss_code_is_an_upper_tier_code_matching_its_entity_type() -> None:
    for a in all_authorities():
        assert re.fullmatch(r"E(06|08|09|10)\d{6}", a.gss), a.gss
        assert a.entity_type == a.gss[:3]


def test_region_codes_and_names_are_valid_and_consistent() -> None:
    for a in all_authorities():
        assert a.region_gss in REGIONS, a.gss
        assert a.region == REGIONS[a.region_gss], a.gss


def test_current_authorities_per_region_match_the_known_counts() -> None:
    counts = Counter(a.region for a in current())
    assert counts == {
        "North East": 12, "North West": 24, "Yorkshire and The Humber": 15, "East Midlands": 10,
        "West Midlands": 14, "East of England": 11, "London": 33, "South East": 19,
        "South West": 15,
    }


def test_london_has_32_boroughs_and_the_city_all_e09() -> None:
    london = [a for a in current() if a.region == "London"]
    assert {a.entity_type for a in london} == {"E09"}
    assert by_code("E09000001").short_name == "City of London"


def test_la_codes_are_three_digit_and_urns_numeric() -> None:
    for a in all_authorities():
        assert a.la_code is not None and re.fullmatch(r"\d{3}", a.la_code), a.gss
        assert a.ofsted_urn is None or a.ofsted_urn.isdigit(), a.gss


@pytest.mark.parametrize(
    ("gss", "urn", "la_code"),
    [
        ("E10000020", "80418", "926"),  # Norfolk
        ("E06000046", "80419", "921"),  # Isle of Wight
        ("E08000025", "80429", "330"),  # Birmingham
        ("E06000060", "80442", "825"),  # Buckinghamshire (unitary)
        ("E10000002", "80442", "825"),  # Buckinghamshire (county)
        ("E08000036", "80451", "384"),  # Wakefield
        ("E08000037", "80469", "390"),  # Gateshead
        ("E10000014", "80472", "850"),  # Hampshire
        ("E10000019", "80484", "925"),  # Lincolnshire
        ("E09000009", "80493", "307"),  # Ealing
        ("E09000026", "80512", "317"),  # Redbridge
        ("E09000032", "80518", "212"),  # Wandsworth
        ("E06000032", "80520", "821"),  # Luton
        ("E08000024", "80566", "394"),  # Sunderland
        ("E08000008", "80569", "357"),  # Tameside
    ],
)
def test_known_urns_and_la_codes_match_the_gold_file(gss: str, urn: str, la_code: str) -> None:
    a = by_code(gss)
    assert a is not None
    assert (a.ofsted_urn, a.la_code) == (urn, la_code)


def test_predecessors_end_the_day_before_their_successors_start() -> None:
    for old in all_authorities():
        for code in old.replaced_by:
            new = by_code(code)
            assert new is not None, code
            assert old.valid_to is not None and new.valid_from is not None
            assert (new.valid_from - old.valid_to).days == 1, (old.gss, new.gss)


def test_every_row_with_an_end_date_names_a_successor() -> None:
    for a in all_authorities():
        assert bool(a.valid_to) == bool(a.replaced_by), a.gss


@pytest.mark.parametrize(
    ("old", "new", "last_day"),
    [
        ("E10000021", ("E06000061", "E06000062"), date(2021, 3, 31)),  # Northamptonshire
        ("E10000006", ("E06000063", "E06000064"), date(2023, 3, 31)),  # Cumbria
        ("E06000028", ("E06000058",), date(2019, 3, 31)),  # Bournemouth
        ("E06000029", ("E06000058",), date(2019, 3, 31)),  # Poole
        ("E10000002", ("E06000060",), date(2020, 3, 31)),  # Buckinghamshire
        ("E10000023", ("E06000065",), date(2023, 3, 31)),  # North Yorkshire
        ("E10000027", ("E06000066",), date(2023, 3, 31)),  # Somerset
        ("E08000020", ("E08000037",), date(2013, 3, 31)),  # Gateshead boundary change
    ],
)
def test_reorganised_authorities_record_their_successors(
    old: str, new: tuple[str, ...], last_day: date
) -> None:
    a = by_code(old)
    assert a is not None and a.replaced_by == new and a.valid_to == last_day
    assert a.in_force(last_day) and not a.in_force(date.fromordinal(last_day.toordinal() + 1))


def test_old_dorset_hands_over_to_dorset_council_first() -> None:
    a = by_code("E10000009")
    assert a is not None and a.replaced_by[0] == "E06000059"


def test_by_code_is_case_and_space_tolerant_and_returns_none_for_unknown() -> None:
    assert by_code(" e09000009 ").short_name == "Ealing"  # type: ignore[union-attr]
    assert by_code("E07000242") is None


def test_all_authorities_is_cached() -> None:
    assert all_authorities() is all_authorities()


# --------------------------------------------------------------------------- resolve: time


def test_buckinghamshire_resolves_to_county_code_before_2020() -> None:
    assert resolve("Buckinghamshire", date(2018, 1, 1)).gss == "E10000002"  # type: ignore[union-attr]


def test_buckinghamshire_resolves_to_unitary_code_after_april_2020() -> None:
    assert resolve("Buckinghamshire", date(2022, 1, 1)).gss == "E06000060"  # type: ignore[union-attr]
    assert resolve("Buckinghamshire Council", date(2020, 4, 1)).gss == "E06000060"  # type: ignore[union-attr]
    assert resolve("Buckinghamshire", date(2020, 3, 31)).gss == "E10000002"  # type: ignore[union-attr]


def test_undated_name_prefers_the_authority_in_force_today() -> None:
    assert resolve("Buckinghamshire").gss == "E06000060"  # type: ignore[union-attr]
    assert resolve("Dorset").gss == "E06000059"  # type: ignore[union-attr]
    assert resolve("Gateshead").gss == "E08000037"  # type: ignore[union-attr]


def test_undated_exact_old_name_means_the_old_council() -> None:
    assert resolve("Buckinghamshire County Council").gss == "E10000002"  # type: ignore[union-attr]
    assert resolve("North Yorkshire County Council").gss == "E10000023"  # type: ignore[union-attr]
    assert resolve("Dorset County Council").gss == "E10000009"  # type: ignore[union-attr]


@pytest.mark.parametrize("on", [None, date(2015, 6, 1), date(2021, 3, 31), date(2024, 1, 1)])
def test_northamptonshire_resolves_to_the_county_on_any_date(on: date | None) -> None:
    assert resolve("Northamptonshire", on).gss == "E10000021"  # type: ignore[union-attr]


def test_north_and_west_northamptonshire_are_their_own_unitaries() -> None:
    assert resolve("North Northamptonshire", date(2022, 1, 1)).gss == "E06000061"  # type: ignore[union-attr]
    assert resolve("West Northamptonshire Council").gss == "E06000062"  # type: ignore[union-attr]


def test_dorset_resolves_by_date_across_the_2019_reorganisation() -> None:
    assert resolve("Dorset", date(2015, 1, 1)).gss == "E10000009"  # type: ignore[union-attr]
    assert resolve("Dorset", date(2020, 1, 1)).gss == "E06000059"  # type: ignore[union-attr]
    assert resolve("Dorset Council", date(2019, 4, 1)).gss == "E06000059"  # type: ignore[union-attr]


def test_bournemouth_and_poole_are_predecessors_of_bcp() -> None:
    assert resolve("Bournemouth", date(2017, 1, 1)).gss == "E06000028"  # type: ignore[union-attr]
    assert resolve("Borough of Poole", date(2016, 1, 1)).gss == "E06000029"  # type: ignore[union-attr]
    assert resolve("BCP", date(2022, 1, 1)).gss == "E06000058"  # type: ignore[union-attr]
    assert resolve("Bournemouth, Christchurch & Poole").gss == "E06000058"  # type: ignore[union-attr]


def test_cumbria_and_its_successors() -> None:
    assert resolve("Cumbria County Council", date(2022, 9, 20)).gss == "E10000006"  # type: ignore[union-attr]
    assert resolve("Cumberland", date(2024, 10, 7)).gss == "E06000063"  # type: ignore[union-attr]
    assert resolve("Westmorland & Furness").gss == "E06000064"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "on", "gss"),
    [
        ("North Yorkshire", date(2019, 5, 1), "E10000023"),
        ("North Yorkshire", date(2023, 7, 3), "E06000065"),
        ("Somerset", date(2022, 7, 18), "E10000027"),
        ("Somerset", date(2023, 4, 1), "E06000066"),
        ("Gateshead", date(2012, 1, 1), "E08000020"),
        ("Gateshead", date(2013, 4, 1), "E08000037"),
        ("Northumberland", date(2011, 5, 1), "E06000048"),
        ("Northumberland", date(2019, 5, 1), "E06000057"),
    ],
)
def test_code_in_force_on_the_date_is_chosen(name: str, on: date, gss: str) -> None:
    assert resolve(name, on).gss == gss  # type: ignore[union-attr]


def test_resolve_accepts_datetimes() -> None:
    from datetime import datetime

    assert resolve("Buckinghamshire", datetime(2018, 1, 1, 9, 30)).gss == "E10000002"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- resolve: forms


@pytest.mark.parametrize(
    ("name", "gss"),
    [
        ("Ealing", "E09000009"),
        ("Ealing Council", "E09000009"),
        ("London Borough of Ealing", "E09000009"),
        ("the London Borough of Ealing", "E09000009"),
        ("Ealing London Borough Council", "E09000009"),
        ("EALING COUNCIL", "E09000009"),
        ("Hull", "E06000010"),
        ("Kingston upon Hull", "E06000010"),
        ("Kingston-upon-Hull City Council", "E06000010"),
        ("Hull City Council", "E06000010"),
        ("Kingston upon Hull, City of", "E06000010"),
        ("Telford & Wrekin", "E06000020"),
        ("Telford and Wrekin Council", "E06000020"),
        ("City of London", "E09000001"),
        ("London Corporation", "E09000001"),
        ("City of London Corporation", "E09000001"),
        ("Isles of Scilly", "E06000053"),
        ("Council of the Isles of Scilly", "E06000053"),
        ("Bristol", "E06000023"),
        ("City of Bristol", "E06000023"),
        ("Bristol City Council", "E06000023"),
        ("Herefordshire", "E06000019"),
        ("County of Herefordshire", "E06000019"),
        ("Durham", "E06000047"),
        ("County Durham", "E06000047"),
        ("Durham County Council", "E06000047"),
        ("St Helens", "E08000013"),
        ("St. Helens", "E08000013"),
        ("Saint Helens Council", "E08000013"),
        ("Southend", "E06000033"),
        ("Southend-on-Sea", "E06000033"),
        ("Southend on Sea Borough Council", "E06000033"),
        ("BCP", "E06000058"),
        ("Birmingham City Council", "E08000025"),
        ("Royal Borough of Greenwich", "E09000011"),
        ("Royal Borough of Kensington and Chelsea", "E09000020"),
        ("Westminster", "E09000033"),
        ("Westminster City Council", "E09000033"),
        ("Newcastle upon Tyne", "E08000021"),
        ("Newcastle City Council", "E08000021"),
        ("Barking and Dagenham", "E09000002"),
        ("Barking & Dagenham", "E09000002"),
        ("North Yorkshire", "E06000065"),
        ("York", "E06000014"),
        ("City of York Council", "E06000014"),
        ("East Sussex", "E10000011"),
        ("Richmond upon Thames", "E09000027"),
        ("Hackney's children's services", "E09000012"),
        ("Hackney\u2019s children\u2019s services", "E09000012"),
        ("Tameside Metropolitan Borough Council", "E08000008"),
        ("Tameside metropolitan borough", "E08000008"),
        ("London Borough of Redbridge Council", "E09000026"),
        ("Birmingham local authority children's services", "E08000025"),
        ("Bedford Borough", "E06000055"),
        ("Stoke on Trent", "E06000021"),
        ("Bath and North East Somerset", "E06000022"),
        ("Bath & North East Somerset Council", "E06000022"),
        ("E09000009", "E09000009"),
    ],
)
def test_alias_and_decorated_forms_resolve(name: str, gss: str) -> None:
    a = resolve(name)
    assert a is not None, name
    assert a.gss == gss


@pytest.mark.parametrize(
    "name",
    [
        "Richmond",  # Richmond (North Yorkshire) is a district, not an LA
        "Sussex",
        "Bath",
        "Newcastle-under-Lyme",
        "Brentford",
        "London",
        "Yorkshire",
        "Christchurch",
        "Council",
        "",
        "   ",
        "E07000242",  # a district code
    ],
)
def test_names_that_are_not_children_services_authorities_give_none(name: str) -> None:
    assert resolve(name) is None


def test_near_neighbours_never_resolve_to_each_other() -> None:
    assert resolve("North Yorkshire").gss != resolve("York").gss  # type: ignore[union-attr]
    assert resolve("North Somerset").gss == "E06000024"  # type: ignore[union-attr]
    assert resolve("Somerset").gss == "E06000066"  # type: ignore[union-attr]
    assert resolve("North Lincolnshire").gss == "E06000013"  # type: ignore[union-attr]
    assert resolve("North East Lincolnshire").gss == "E06000012"  # type: ignore[union-attr]
    assert resolve("Lincolnshire").gss == "E10000019"  # type: ignore[union-attr]
    assert resolve("Bedford").gss == "E06000055"  # type: ignore[union-attr]
    assert resolve("Central Bedfordshire").gss == "E06000056"  # type: ignore[union-attr]
    assert resolve("Kingston upon Thames").gss == "E09000021"  # type: ignore[union-attr]


def test_every_name_form_resolves_back_to_its_own_row_on_a_date_it_was_in_force() -> None:
    """No form in the table is captured by another council, or by the wrong period's code."""
    for a in all_authorities():
        on = a.valid_to or a.valid_from or TODAY
        for form in a.forms:
            got = resolve(form, on)
            assert got is not None and got.gss == a.gss, (form, a.gss, got and got.gss)


# --------------------------------------------------------------------------- find_mentions


def test_find_mentions_reports_decorated_forms_as_one_span() -> None:
    text = (
        "Leaders at Ealing Council met officers from the London Borough of Hackney, and "
        "Hackney's children's services shared their plans."
    )
    assert mentions(text) == [
        ("Ealing Council", "E09000009"),
        ("London Borough of Hackney", "E09000012"),
        ("Hackney", "E09000012"),
    ]


def test_find_mentions_north_yorkshire_county_council_holds_no_york() -> None:
    text = "Social workers from North Yorkshire County Council visited a family in York."
    assert mentions(text) == [
        ("North Yorkshire County Council", "E10000023"),
        ("York", "E06000014"),
    ]


def test_find_mentions_ignores_the_verb_bury_but_finds_the_borough() -> None:
    text = "Managers should not bury poor practice; in Bury, leaders are open about it."
    assert mentions(text) == [("Bury", "E08000002")]


def test_find_mentions_reading_is_the_town_only_when_it_is_a_name() -> None:
    text = (
        "Reading the case files, inspectors saw that Reading Borough Council has acted. "
        "Reading's leaders now meet monthly, and families in Reading notice the change."
    )
    found = mentions(text)
    assert found == [
        ("Reading Borough Council", "E06000038"),
        ("Reading", "E06000038"),
        ("Reading", "E06000038"),
    ]
    assert text.index("Reading's") == find_mentions(text)[1][0]


def test_find_mentions_handles_hull_and_telford_forms() -> None:
    text = "Kingston upon Hull City Council and Telford & Wrekin compared notes with Hull."
    assert mentions(text) == [
        ("Kingston upon Hull City Council", "E06000010"),
        ("Telford & Wrekin", "E06000020"),
        ("Hull", "E06000010"),
    ]


def test_find_mentions_is_word_boundary_safe() -> None:
    text = "A carer from Brentford moved to Brent; Yorkshire is a county, Brentwood is not an LA."
    assert mentions(text) == [("Brent", "E09000005")]


def test_find_mentions_skips_hyphen_glued_and_compound_place_names() -> None:
    text = (
        "A child moved from Newcastle-under-Lyme to Newcastle upon Tyne, then to Sutton "
        "Coldfield, then to New York; Greater Manchester is not a council but Manchester is."
    )
    assert mentions(text) == [
        ("Newcastle upon Tyne", "E08000021"),
        ("Manchester", "E08000003"),
    ]


def test_find_mentions_skips_surnames_after_titles_and_first_names() -> None:
    text = "Cllr Sefton and Jane Halton met Dr Durham; leaders in Sefton and Halton agreed."
    assert mentions(text) == [("Sefton", "E08000014"), ("Halton", "E06000006")]


def test_find_mentions_skips_lower_case_common_words() -> None:
    text = "The derby was a slough of despond, with a harrow in the field and a hull in the dock."
    assert mentions(text) == []


def test_find_mentions_skips_football_clubs_and_other_compounds() -> None:
    text = "Derby County played at home while Derby City Council met; Sefton Park was busy."
    assert mentions(text) == [("Derby City Council", "E06000015")]


def test_find_mentions_bath_alone_is_not_a_council() -> None:
    text = "The Roman baths in Bath are in Bath and North East Somerset."
    assert mentions(text) == [("Bath and North East Somerset", "E06000022")]


def test_find_mentions_east_sussex_is_found_but_sussex_is_not() -> None:
    text = "Police in Sussex work with East Sussex County Council and West Sussex."
    assert mentions(text) == [
        ("East Sussex County Council", "E10000011"),
        ("West Sussex", "E10000032"),
    ]


def test_find_mentions_accepts_title_case_connectors_all_caps_and_line_breaks() -> None:
    text = "KINGSTON UPON HULL CITY COUNCIL\nStockton-On-Tees and Bath And North East\nSomerset."
    assert mentions(text) == [
        ("KINGSTON UPON HULL CITY COUNCIL", "E06000010"),
        ("Stockton-On-Tees", "E06000004"),
        ("Bath And North East\nSomerset", "E06000022"),
    ]


def test_find_mentions_extends_over_generic_decorations() -> None:
    text = "Officers of Ealing Borough Council and Wigan Metropolitan Borough Council met."
    assert mentions(text) == [
        ("Ealing Borough Council", "E09000009"),
        ("Wigan Metropolitan Borough Council", "E08000010"),
    ]


def test_find_mentions_prefers_the_current_row_for_shared_names() -> None:
    text = "Staff in Buckinghamshire and in Dorset, and Buckinghamshire County Council before 2020."
    assert mentions(text) == [
        ("Buckinghamshire", "E06000060"),
        ("Dorset", "E06000059"),
        ("Buckinghamshire County Council", "E10000002"),
    ]


def test_find_mentions_spans_index_the_original_text() -> None:
    text = "In St. Helens and Barking & Dagenham, BCP and Richmond upon Thames (not Richmond)."
    found = find_mentions(text)
    assert [text[s:e] for s, e, _ in found] == [
        "St. Helens", "Barking & Dagenham", "BCP", "Richmond upon Thames",
    ]
    assert all(isinstance(a, Authority) for _, _, a in found)
    starts = [s for s, _, _ in found]
    assert starts == sorted(starts)


def test_find_mentions_on_empty_text_is_empty() -> None:
    assert find_mentions("") == []
    assert find_mentions("no councils here at all.") == []


def test_find_mentions_finds_every_mention_in_a_long_report() -> None:
    para = (
        "Inspectors found that leaders in Bury and the London Borough of Ealing have "
        "improved help for children, and that carers in North Yorkshire feel supported. "
    )
    text = para * 2000  # about 350,000 characters
    found = find_mentions(text)
    assert len(found) == 6000
