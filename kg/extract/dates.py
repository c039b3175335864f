"""Dates as Ofsted documents print them, turned into :class:`datetime.date`.

Reports, letters and news all print dates loosely: "18 March 2014 – 09 April 2014",
"3 June – 25 June 2014", "8 – 12 July 2013", "12/09/2016 to 06/10/2016", "22 April to
3 May 2024", "30 December 2019 to 10 January 2020", "Monday 3rd December 2018". Ranges
leave out the month or year of their first date when it equals the second's, so the
parser borrows them from the end date. Nothing here ever invents a date: when the text
does not state a day, month and year, the answer is ``None``.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

_MONTH = (r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DAY = _WEEKDAY + r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"
_SEP = r"\s*(?:–|—|‒|-|\bto\b|\buntil\b|\btill\b|\band\b)\s*"  # "between 10 March and 1 April 2015"

# Textual range: the first date may omit its month and year, the second is complete.
_TEXT_RANGE = re.compile(
    r"(?<!\d)" + _DAY.format("d1") + r"(?:\s+" + _MONTH.format("m1") + r")?(?:,?\s+"
    + _YEAR.format("y1") + r")?" + _SEP + _DAY.format("d2") + r"\s+" + _MONTH.format("m2")
    + r",?\s+" + _YEAR.format("y2") + r"(?!\d)",
    re.IGNORECASE,
)
_NUM = r"(?P<{0}d>[0-3]?\d)/(?P<{0}m>[01]?\d)/(?P<{0}y>(?:19|20)\d\d)"
_NUM_RANGE = re.compile(r"(?<!\d)" + _NUM.format("a") + _SEP + _NUM.format("b") + r"(?!\d)")
_TEXT_DATE = re.compile(r"(?<!\d)" + _DAY.format("d") + r"\s+" + _MONTH.format("m")
                        + r",?\s+" + _YEAR.format("y") + r"(?!\d)", re.IGNORECASE)
_US_DATE = re.compile(_MONTH.format("m") + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,\s+"
                      + _YEAR.format("y") + r"(?!\d)", re.IGNORECASE)
_NUM_DATE = re.compile(r"(?<!\d)" + _NUM.format("a") + r"(?!\d)")


def _make(year: int | str, month: int | str, day: int | str) -> date | None:
    """A real calendar date or None (e.g. 31 June is a typo, not a date)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month(name: str | None) -> int | None:
    return MONTHS.get(name.lower().rstrip(".")) if name else None


def _text_range(m: re.Match) -> tuple[date | None, date | None]:
    """Fill the first date's month/year from the second's; step a year back when needed
    ("30 December to 10 January 2020" starts in 2019)."""
    m2, y2 = _month(m["m2"]), int(m["y2"])
    end = _make(y2, m2, m["d2"])
    m1 = _month(m["m1"]) or m2
    if m["y1"]:
        return _make(m["y1"], m1, m["d1"]), end
    start = _make(y2, m1, m["d1"])
    if start and end and start > end:
        start = _make(y2 - 1, m1, m["d1"])
    return start, end


def parse_date_ranges(text: str) -> list[tuple[tuple[date | None, date | None], tuple[int, int]]]:
    """Every date range in ``text`` with its character span, in order of appearance."""
    found: list[tuple[tuple[date | None, date | None], tuple[int, int]]] = []
    for m in _TEXT_RANGE.finditer(text):
        found.append((_text_range(m), m.span()))
    for m in _NUM_RANGE.finditer(text):
        found.append(((_make(m["ay"], m["am"], m["ad"]), _make(m["by"], m["bm"], m["bd"])),
                      m.span()))
    found.sort(key=lambda x: x[1])
    return found


def _all_dates(text: str) -> list[tuple[date | None, int]]:
    hits = [(_make(m["y"], _month(m["m"]), m["d"]), m.start()) for m in _TEXT_DATE.finditer(text)]
    hits += [(_make(m["y"], _month(m["m"]), m["d"]), m.start()) for m in _US_DATE.finditer(text)]
    hits += [(_make(m["ay"], m["am"], m["ad"]), m.start()) for m in _NUM_DATE.finditer(text)]
    return sorted(hits, key=lambda x: x[1])


def parse_date(text: str) -> date | None:
    """The first complete date (day, month, year) printed in ``text``, else None."""
    for d, _ in _all_dates(text):
        if d:
            return d
    return None


def parse_date_range(text: str) -> tuple[date | None, date | None]:
    """Start and end of the first date range in ``text``.

    A text with no range but one complete date gives ``(d, d)`` (a one-day event); a text
    with no complete date gives ``(None, None)``.
    """
    ranges = parse_date_ranges(text)
    if ranges:
        return ranges[0][0]
    d = parse_date(text)
    return d, d
