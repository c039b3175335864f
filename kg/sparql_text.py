"""Reading SPARQL text just enough to bind parameters and to tell queries from updates.

Why parameters are bound as ``VALUES`` blocks and not as engine substitutions: Oxigraph plans a
query without looking at its substitutions, so ``recommendations -p authority=Ealing`` joined
every improvement point of the national corpus before keeping Ealing's (5-9 s, 500 MB), while
the same query with ``VALUES ?authority { <...> }`` at the start of its group starts from the
authority (20 ms). The protocol of remote servers has no substitution at all, so every store
binds the same way. Terms are serialised by pyoxigraph, so a value can never change the query's
shape.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import QueryError

_SKIP = re.compile(r"""\#[^\n]*|<[^<>"{}|^`\\\s]*>|'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"
                   |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[{}()*]|[?$][A-Za-z0-9_]+|\b[A-Za-z]+\b""",
                   re.X | re.S)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                     "WITH")


def tokens(sparql: str) -> Iterator[re.Match]:
    """Keywords, variables, braces and brackets outside comments, IRIs and strings."""
    for m in _SKIP.finditer(sparql):
        tok = m.group()
        if tok[0] in "{}()*?$" or tok[0].isalpha():
            yield m


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or the first keyword of an update (INSERT, LOAD...)."""
    for m in tokens(sparql):
        word = m.group().upper()
        if word in FORMS or word in UPDATE_OPERATIONS:
            return word
    return "SELECT"


@dataclass
class _Query:
    """A query or subquery being read: what it projects, and whether its group has opened."""

    form: str
    depth: int  # brace depth at which the query's WHERE group opens
    binds: frozenset[str]  # the parameters that are the caller's variables in this query
    projection: set[str] = field(default_factory=set)
    star: bool = False  # SELECT *
    leading: bool = True  # nothing but DISTINCT or REDUCED read after SELECT yet
    seen_where: bool = False
    opened: bool = False
    brackets: int = 0  # inside a projected expression such as (COUNT(?o) AS ?n)
    after_as: bool = False


def bind_values(sparql: str, bindings: dict) -> str:
    """Bind ``?name`` to an RDF term with a ``VALUES`` block at the start of the query's WHERE
    group, and of every subquery group that projects ``?name`` (so the engine starts from the
    bound value inside the subquery too, rather than grouping everything and joining after).
    A subquery that does not project the name has its own variable of that name: it is left
    alone, as SPARQL's scoping says."""
    if not bindings:
        return sparql
    for term in bindings.values():
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise QueryError(f"cannot bind {term!r}: not an IRI or a literal")
    names = frozenset(bindings)
    inserts: list[tuple[int, frozenset[str]]] = []
    stack: list[_Query] = []
    depth = 0
    for m in tokens(sparql):
        tok = m.group()
        word = tok.upper()
        top = stack[-1] if stack else None
        if word in FORMS and (top is None or top.opened):
            binds = names if top is None else top.binds
            stack.append(_Query(word, depth, binds))
        elif top is not None and not top.opened:
            if word == "WHERE":
                top.seen_where = True
            elif tok == "{" and (top.seen_where or top.form != "CONSTRUCT"):
                top.opened = True
                if len(stack) > 1:  # a subquery: only what it hands to the caller
                    top.binds = top.binds if top.star else top.binds & top.projection
                if top.binds:
                    inserts.append((m.end(), top.binds))
            elif tok == "*" and top.leading:
                top.star = True
            elif tok == "(":
                top.brackets += 1
            elif tok == ")":
                top.brackets -= 1
            elif tok[0] in "?$":
                if top.brackets == 0 or top.after_as:  # a plain variable, or the name after AS
                    top.projection.add(tok[1:])
                top.after_as = False
            elif word == "AS":
                top.after_as = True
            if word not in ("SELECT", "DISTINCT", "REDUCED"):
                top.leading = False
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            while stack and stack[-1].opened and depth <= stack[-1].depth:
                stack.pop()
    if not inserts:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    out, last = [], 0
    for pos, binds in inserts:
        values = " ".join(f"VALUES ?{name} {{ {bindings[name]} }}" for name in bindings
                          if name in binds)
        out += [sparql[last:pos], " ", values, " "]
        last = pos
    return "".join(out) + sparql[last:]
