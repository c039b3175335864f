"""One vocabulary of grades, judgement areas, inspection types, inspector titles, roles and
themes, read from data (``kg/data/vocabulary.json`` and ``kg/data/themes.csv``) so that the
extractors, the mapping, the queries and the views spell them the same way.

API (all cached; ids are the ones of ``ontology/schemes.ttl``):

- ``grades()`` -> tuple of :class:`Grade` (``id``, ``label``, ``printed`` phrases), best first;
  ``grade_ids()`` the ids in that order; ``grade_label(id)``.
- ``grade_pattern()`` -> a regex source with one named group ``grade`` that matches any printed
  grade or no-grade phrase ("requires improvement to be good", "not judged"), white space
  flexible; ``grade_id(printed)`` -> the grade id, ``None`` for a no-grade phrase or unknown text.
- ``areas()`` -> tuple of :class:`Area` (``id``, ``label``, ``table`` per framework, ``heading``);
  ``area_label(id)``; ``table_labels(framework)`` -> ((area id, regex), ...) in file order for
  the judgement table of ``"ilacs"``, ``"sif"`` or ``"lac"``; ``heading_pattern(id)`` -> the
  regex of the area's section heading in a report body, any space may be a line break.
- ``inspection_types()`` -> ((id, label), ...); ``titles()``; ``roles()``.
- ``themes()`` -> the :class:`kg.themes.Theme` records; ``theme_ids()``.

Example: ``re.compile(r"Overall effectiveness\\s?" + grade_pattern(), re.I)`` and then
``grade_id(m["grade"])``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Grade", "Area", "grades", "grade_ids", "grade_label", "grade_pattern", "grade_id",
           "areas", "area_label", "table_labels", "heading_pattern", "inspection_types",
           "titles", "roles", "themes", "theme_ids"]

_DATA = Path(__file__).parent / "data" / "vocabulary.json"
# A space of a heading that may be a line break (headings wrap in PDF text).
WRAPPED_SPACE = r"[ \t]*\n?[ \t]*"


@dataclass(frozen=True)
class Grade:
    id: str
    label: str
    printed: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    id: str
    label: str
    table: tuple[tuple[str, str], ...]  # (framework, regex of the table label)
    heading: str | None  # regex of the section heading, spaces as printed


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def grades() -> tuple[Grade, ...]:
    return tuple(Grade(g["id"], g["label"], tuple(g["printed"])) for g in _data()["grades"])


def grade_ids() -> tuple[str, ...]:
    return tuple(g.id for g in grades())


def grade_label(grade: str) -> str | None:
    return next((g.label for g in grades() if g.id == grade), None)


def _phrase(p: str) -> str:
    return r"\s+".join(re.escape(w) for w in p.split())


@lru_cache(maxsize=1)
def grade_pattern() -> str:
    """Regex source, group ``grade``: any printed grade or no-grade phrase, longest first."""
    phrases = [p for g in grades() for p in g.printed] + list(_data()["no_grade"])
    phrases.sort(key=len, reverse=True)
    return r"(?P<grade>\b(?:" + "|".join(_phrase(p) for p in phrases) + r")\b)"


@lru_cache(maxsize=256)
def grade_id(printed: str) -> str | None:
    """Grade id of a printed grade; None for "Not judged" and the like, or unknown words."""
    text = " ".join(printed.lower().split())
    best: tuple[int, str] | None = None
    for g in grades():
        for p in g.printed:
            if text == p or text.startswith(p + " "):
                if best is None or len(p) > best[0]:
                    best = (len(p), g.id)
    return best[1] if best else None


@lru_cache(maxsize=1)
def areas() -> tuple[Area, ...]:
    return tuple(Area(a["id"], a["label"], tuple((a.get("table") or {}).items()), a.get("heading"))
                 for a in _data()["areas"])


def area_label(area: str) -> str | None:
    return next((a.label for a in areas() if a.id == area), None)


def table_labels(framework: str) -> tuple[tuple[str, str], ...]:
    """(area id, label regex) of a framework's judgement table, in file order."""
    return tuple((a.id, dict(a.table)[framework]) for a in areas() if framework in dict(a.table))


def _wrap_spaces(pattern: str) -> str:
    """Each literal space outside a character class becomes :data:`WRAPPED_SPACE`."""
    out, depth, escaped = [], 0, False
    for c in pattern:
        if escaped:
            out.append(c)
            escaped = False
        elif c == "\\":
            out.append(c)
            escaped = True
        elif c == "[":
            depth += 1
            out.append(c)
        elif c == "]" and depth:
            depth -= 1
            out.append(c)
        elif c == " " and not depth:
            out.append(WRAPPED_SPACE)
        else:
            out.append(c)
    return "".join(out)


def heading_pattern(area: str) -> str | None:
    """Regex source of the area's section heading (any space may be a line break)."""
    a = next((a for a in areas() if a.id == area), None)
    return _wrap_spaces(a.heading) if a and a.heading else None


def inspection_types() -> tuple[tuple[str, str], ...]:
    return tuple((t["id"], t["label"]) for t in _data()["inspection_types"])


def titles() -> tuple[str, ...]:
    return tuple(_data()["titles"])


def roles() -> tuple[str, ...]:
    return tuple(_data()["roles"])


def themes():
    from .themes import load_themes

    return load_themes()


def theme_ids() -> frozenset[str]:
    from .themes import theme_ids as ids

    return ids()
