"""Saved SPARQL queries: ``queries/<name>.rq`` files with a small metadata header.

Header lines (before the query)::

    #+ summary: Authorities that share weakness themes with a given authority
    #+ param: authority (authority): the authority, by name or GSS code
    #+ param: min_shared (integer, default 2): fewest shared themes to list

A parameter ``x`` binds the query variable ``?x``. Values are turned into RDF terms of the
declared type and bound by substitution, never spliced into the query text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .resources import queries_dir
from .vocab import authority_iri, concept, person_iri

_PARAM = re.compile(r"^(?P<name>\w+)\s*\((?P<type>[\w-]+)(?:\s*,\s*default\s+(?P<default>[^)]*))?\)"
                    r"\s*:\s*(?P<doc>.*)$")
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    summary: str
    params: tuple[Param, ...]
    text: str


def parse_query_file(path: Path) -> SavedQuery:
    summary, params = "", []
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        value = value.strip()
        if key.strip() == "summary":
            summary = value
        elif key.strip() == "param":
            m = _PARAM.match(value)
            if not m:
                raise QueryError(f"{path.name}: cannot read parameter line {line!r}")
            params.append(Param(m["name"], m["type"], m["doc"].strip(),
                                m["default"].strip() if m["default"] is not None else None))
    return SavedQuery(path.stem, path, summary, tuple(params), text)


def saved_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    folder = folder or queries_dir()
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def load_query(name_or_file: str) -> SavedQuery:
    """A saved query by name, or any ``.rq`` file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    queries = saved_queries()
    if name_or_file not in queries:
        known = ", ".join(sorted(queries))
        raise QueryError(f"no saved query {name_or_file!r}; known queries: {known}")
    return queries[name_or_file]


def bind_params(query: SavedQuery, given: dict[str, str]) -> dict[str, object]:
    """Turn ``--param name=value`` strings into typed RDF terms."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {names})")
    bindings: dict[str, object] = {}
    for p in query.params:
        value = given.get(p.name, p.default)
        if value is None:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=... ({p.description})")
        if value == "" and not p.required:
            continue  # an empty default leaves the variable unbound
        bindings[p.name] = to_term(p, value)
    return bindings


def to_term(p: Param, value: str):
    kind = p.type
    try:
        if kind == "string":
            return ox.Literal(value)
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "date":
            return ox.Literal(date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if kind == "year":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "gYear"))
        if kind == "iri":
            return ox.NamedNode(value)
    except ValueError as e:
        raise QueryError(f"--param {p.name}={value!r}: not a valid {kind} ({e})") from None
    if kind == "authority":
        return ox.NamedNode(str(authority_iri(_authority_code(value))))
    if kind in ("theme", "grade", "area", "inspection-type", "polarity"):
        return ox.NamedNode(str(concept(kind, _concept_id(kind, value))))
    if kind == "inspector":
        return ox.NamedNode(str(person_iri(value)))
    raise QueryError(f"{p.name}: unknown parameter type {kind!r}")


def _authority_code(value: str) -> str:
    from .authorities import by_code, resolve

    if re.fullmatch(r"E\d{8}", value.strip().upper()):
        code = value.strip().upper()
        if by_code(code):
            return code
    found = resolve(value)
    if found is None:
        raise QueryError(f"no local authority called {value!r} (give a name such as 'Ealing' "
                         "or a GSS code such as E09000009)")
    return found.gss


def _concept_id(kind: str, value: str) -> str:
    ident = re.sub(r"[\s_]+", "-", value.strip().lower())
    if kind == "grade" and ident.startswith("requires-improvement"):
        ident = "requires-improvement"
    if kind == "theme":
        from .themes import load_themes

        known = {t.id for t in load_themes()}
        if ident not in known:
            raise QueryError(f"unknown theme {value!r}; see 'kg query themes' for the 40 ids")
    return ident
