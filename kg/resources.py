"""Where the bundled ontology and saved queries live.

In a wheel they are packaged inside ``kg/`` (see ``pyproject.toml``); in a source checkout or
an editable install they are the top-level ``ontology/`` and ``queries/`` folders."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg resource folder {name!r} not found next to {_PACKAGE}")


def ontology_dir() -> Path:
    return resource_dir("ontology")


def queries_dir() -> Path:
    return resource_dir("queries")
