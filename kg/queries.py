"""Saved SPARQL queries: ``queries/<name>.rq`` files with a small metadata header.

Header lines (before the query)::

    #+ summary: Authorities that share weakness themes with a given authority
    #+ param: authority (authority): the authority, by name or GSS code
    #+ param: min_shared (integer, default 2): fewest shared themes to list

A parameter ``x`` binds the query variable ``?x``. Values are checked against their declared
type (and, for grades, areas, themes, inspection types, polarities and authorities, against the
ontology's schemes), turned into RDF terms and bound by substitution, never spliced into the
query text. An empty value means the declared default; a required parameter has none.

:func:`run_query` is the one way queries reach the store: it makes the project's prefixes
available without declaring them and refuses ``SERVICE`` calls (network requests) to any
endpoint not on the caller's allow-list.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from .errors import (ParameterError, QueryError, QueryNotFound, ServiceFailed,
                     ServiceNotAllowed)
from .resources import queries_dir
from .vocab import PREFIXES, authority_iri, concept, person_iri

_PARAM = re.compile(r"^(?P<name>\w+)\s*\((?P<type>[\w-]+)(?:\s*,\s*default\s+(?P<default>[^)]*))?\)"
                    r"\s*:\s*(?P<doc>.*)$")
XSD = "http://www.w3.org/2001/XMLSchema#"
QUERY_SUFFIXES = (".rq", ".sparql")
SCHEME_TYPES = ("grade", "area", "theme", "inspection-type", "polarity")


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


# ------------------------------------------------------------------ loading

def parse_query_text(text: str, name: str, path: Path) -> SavedQuery:
    """A query with its ``#+`` header read; the header is optional."""
    summary, params = "", []
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
    return SavedQuery(name, path, summary, tuple(params), text)


def parse_query_file(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read the query file ({e})") from None
    return parse_query_text(text, path.stem, path)


def inline_query(text: str, name: str = "query") -> SavedQuery:
    """Query text given directly (or read from standard input); it may carry a header."""
    return parse_query_text(text, name, Path(name))


def saved_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    folder = folder or queries_dir()
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def load_query(name_or_file: str) -> SavedQuery:
    """A saved query by name, or any query file by path (``.rq``/``.sparql`` or an existing file)."""
    path = Path(name_or_file)
    if path.is_file():
        return parse_query_file(path)
    if path.suffix.lower() in QUERY_SUFFIXES or "/" in name_or_file or "\\" in name_or_file:
        raise QueryNotFound(f"no query file {name_or_file!r}", name=name_or_file, path=path)
    queries = saved_queries()
    if name_or_file not in queries:
        near = difflib.get_close_matches(name_or_file, list(queries), n=1)
        suggestion = near[0] if near else None
        msg = f"no saved query {name_or_file!r}"
        msg += f"; did you mean {suggestion!r}?" if suggestion else ""
        raise QueryNotFound(f"{msg} (saved queries: {', '.join(sorted(queries))})",
                            name=name_or_file, suggestion=suggestion)
    return queries[name_or_file]


# ------------------------------------------------------------------ parameters

def bind_params(query: SavedQuery, given: dict[str, str]) -> dict[str, object]:
    """Turn ``name -> value`` strings into typed RDF terms; an empty value means the default."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        near = difflib.get_close_matches(unknown[0], list(declared), n=1)
        raise ParameterError(
            f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {names})",
            query=query.name, parameter=unknown[0], allowed=tuple(declared),
            suggestion=near[0] if near else None, problem="unknown")
    bindings: dict[str, object] = {}
    for p in query.params:
        value = given.get(p.name)
        if value is None or not value.strip():
            value = p.default
        if value is None:
            raise ParameterError(f"query {query.name!r} needs a value for parameter {p.name!r} "
                                 f"({p.type}: {p.description})", query=query.name, parameter=p.name,
                                 allowed=allowed_values(p.type), problem="missing")
        if value == "":
            continue  # a declared empty default: the variable stays unbound ("everyone")
        bindings[p.name] = to_term(p, value, query=query.name)
    return bindings


def allowed_values(kind: str) -> tuple[str, ...]:
    """The ids a scheme-typed parameter accepts, from the one place each scheme is listed."""
    from . import records

    if kind == "grade":
        return records.GRADES
    if kind == "area":
        return records.AREAS
    if kind == "inspection-type":
        return records.INSPECTION_TYPES
    if kind == "polarity":
        return records.POLARITIES
    if kind == "theme":
        from .themes import theme_ids

        return tuple(sorted(theme_ids()))
    return ()


def to_term(p: Param, value: str, query: str = ""):
    """One parameter value as an RDF term of the declared type; ParameterError if it is not one."""
    kind = p.type

    def bad(reason: str, allowed: Sequence[str] = (), suggestion: str | None = None):
        return ParameterError(f"parameter {p.name}={value!r}: {reason}", query=query,
                              parameter=p.name, value=value, allowed=allowed, suggestion=suggestion)

    try:
        if kind == "string":
            return ox.Literal(value)
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "date":
            return ox.Literal(date.fromisoformat(value.strip()).isoformat(),
                              datatype=ox.NamedNode(XSD + "date"))
        if kind == "year":
            if not re.fullmatch(r"\s*\d{4}\s*", value):
                raise ValueError("four digits expected")
            return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "gYear"))
        if kind == "iri":
            return ox.NamedNode(value)
    except ValueError as e:
        raise bad(f"not a valid {kind} ({e})") from None
    if kind == "authority":
        return ox.NamedNode(str(authority_iri(_authority_code(value, bad))))
    if kind in SCHEME_TYPES:
        return ox.NamedNode(str(concept(kind, _concept_id(kind, value, bad))))
    if kind == "inspector":
        return ox.NamedNode(str(person_iri(value)))
    raise QueryError(f"{p.name}: unknown parameter type {kind!r}")


def _authority_code(value: str, bad) -> str:
    from .authorities import all_authorities, by_code, resolve

    v = value.strip()
    if re.fullmatch(r"E\d{8}", v.upper()):
        if by_code(v.upper()):
            return v.upper()
        raise bad("no local authority has this GSS code")
    found = resolve(v)
    if found is not None:
        return found.gss
    names = sorted({a.short_name for a in all_authorities()})
    near = difflib.get_close_matches(v, names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else \
        " (give a name such as 'Ealing' or a GSS code such as E09000009)"
    raise bad(f"no local authority called {v!r}{hint}", suggestion=near[0] if near else None)


def _concept_id(kind: str, value: str, bad) -> str:
    ident = re.sub(r"[\s_]+", "-", value.strip().lower())
    if kind == "grade" and (ident.startswith("requires-improvement") or ident == "ri"):
        ident = "requires-improvement"
    allowed = allowed_values(kind)
    if ident in allowed:
        return ident
    near = difflib.get_close_matches(ident, allowed, n=1, cutoff=0.6)
    if near:
        raise bad(f"unknown {kind}; did you mean {near[0]!r}?", allowed, near[0])
    raise bad(f"unknown {kind}; allowed: {', '.join(allowed)}", allowed)


# ------------------------------------------------------------------ SERVICE (network) guard

def _unescape(text: str) -> str:
    """SPARQL's \\uXXXX / \\UXXXXXXXX escapes, which apply before parsing (so also to keywords)."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m[1] or m[2], 16)), text)


def service_endpoints(text: str) -> list[str | None]:
    """The endpoint IRIs of every ``SERVICE`` in a query (``None`` for a variable endpoint).

    The query is parsed with rdflib's SPARQL grammar, so the word in a string or a comment
    is not a call; a query rdflib cannot parse is treated conservatively.
    """
    if "service" not in _unescape(text).casefold():
        return []  # the keyword cannot occur: no need to parse
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except Exception:  # rdflib's grammar lags Oxigraph's: fall back to a conservative scan
        found = re.findall(r"(?i)\bSERVICE\s+(?:SILENT\s+)?(<[^>\s]*>|\S+)", _unescape(text))
        return [f[1:-1] if f.startswith("<") else None for f in found]
    namespaces = dict(PREFIXES)
    for decl in parsed[0]:
        if getattr(decl, "name", "") == "PrefixDecl":
            namespaces[str(decl.get("prefix") or "")] = str(decl["iri"])
    found: list[str | None] = []
    _walk_services(parsed[1], namespaces, found)
    return found


def _walk_services(node, namespaces: dict[str, str], found: list[str | None]) -> None:
    from rdflib import URIRef
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            term = node.get("term")
            if isinstance(term, URIRef):
                found.append(str(term))
            elif isinstance(term, CompValue) and term.name == "pname":
                ns = namespaces.get(str(term.get("prefix") or ""))
                found.append(ns + str(term.get("localname") or "") if ns else None)
            else:
                found.append(None)
        for value in node.values():
            _walk_services(value, namespaces, found)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            _walk_services(value, namespaces, found)


def _host_allowed(endpoint: str | None, allow: Sequence[str]) -> bool:
    if endpoint is None:
        return False
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    hostport = f"{host}:{parts.port}" if parts.port else host
    for entry in allow:
        e = entry.strip().lower()
        if "//" in e:
            e = (urlsplit(e).netloc or e).lower()
        if e and e in (host, hostport):
            return True
    return False


def check_services(text: str, allow: Iterable[str] = ()) -> list[str]:
    """The query's SERVICE endpoints, all on the allow-list (hosts); ServiceNotAllowed otherwise."""
    allow = [a for a in allow if a.strip()]
    endpoints = service_endpoints(text)
    refused = [e for e in endpoints if not _host_allowed(e, allow)]
    if refused:
        shown = ", ".join(e or "a variable endpoint" for e in dict.fromkeys(refused))
        raise ServiceNotAllowed(f"the query calls SERVICE {shown}, which would make network "
                                "requests; SERVICE is refused unless its host is allowed",
                                endpoints=refused)
    return [e for e in endpoints if e]


# ------------------------------------------------------------------ running

def run_query(store, text: str, bindings: dict[str, object] | None = None, *,
              allow_service: Iterable[str] = (), limits=None):
    """Run SPARQL with the project's prefixes predeclared and SERVICE checked, under
    ``limits`` (a :class:`kg.limits.Limits`; None: unbounded).

    Returns the engine's result (solutions, boolean or triples). A query with an allowed
    SERVICE is answered completely here, so an unreachable endpoint is a ServiceFailed error
    rather than a failure half-way through printing.
    """
    services = check_services(text, allow_service)
    try:
        if limits is not None:
            from .limits import bounded_query

            return bounded_query(store, text, bindings, prefixes=PREFIXES, limits=limits)
        result = store.query(text, bindings, prefixes=PREFIXES)
        if services:
            return _materialise(result)
    except OSError as e:
        if services:
            raise ServiceFailed(f"SERVICE {', '.join(services)} failed: {e}", reason=str(e)) from None
        raise QueryError(f"query failed: {e}") from None
    except RuntimeError as e:
        if services:
            raise ServiceFailed(f"SERVICE {', '.join(services)} failed: {e}", reason=str(e)) from None
        raise
    except QueryError as e:
        raise QueryError(_short_syntax_error(str(e))) from None
    return result


def _materialise(result):
    """Read the whole result now (a SERVICE call happens while iterating)."""
    if isinstance(result, ox.QuerySolutions):
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryTriples):
        return list(result)
    return result


def _short_syntax_error(message: str) -> str:
    """Oxigraph lists every expected character range; keep the position and the gist."""
    m = re.search(r"expected one of (.*)$", message, flags=re.DOTALL)
    if m and "Prefix not found" in m[1]:
        return message[:m.start()] + "unknown prefix (declare it with a PREFIX line)"
    if m and len(m[1]) > 120:
        return message[:m.start()] + "unexpected text here"
    return message
