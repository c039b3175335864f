"""Parameters bound as VALUES blocks give the answers SPARQL's own semantics give."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.sparql_text import bind_values, query_form

EX = "http://example.org/"
A, B = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")
P, Q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")


@pytest.fixture()
def store() -> ox.Store:
    s = ox.Store()
    for subj, obj in ((A, "one"), (A, "two"), (B, "three")):
        s.add(ox.Quad(subj, P, ox.Literal(obj)))
    s.add(ox.Quad(A, Q, B))
    return s


def rows(store: ox.Store, sparql: str) -> list[tuple]:
    return sorted(tuple(str(v) if v is not None else "" for v in sol)
                  for sol in store.query(sparql))


def test_bound_query_equals_substitution(store):
    sparql = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"
    bound = bind_values(sparql, {"s": A})
    expected = sorted(tuple(str(v) for v in sol)
                      for sol in store.query(sparql, substitutions={ox.Variable("s"): A}))
    assert rows(store, bound) == expected
    assert len(expected) == 2


def test_subquery_projecting_the_name_is_bound_inside():
    sparql = ("SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
              " GROUP BY ?s } }")
    bound = bind_values(sparql, {"s": A})
    assert bound.count("VALUES ?s") == 2


def test_subquery_with_own_variable_of_that_name_is_left_alone(store):
    # the subquery's ?o is not projected: binding it would change the count
    sparql = ("SELECT ?s ?n ?o WHERE { ?s <http://example.org/q> ?o "
              "{ SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <http://example.org/p> ?o } GROUP BY ?s } }")
    bound = bind_values(sparql, {"o": B})
    assert bound.count("VALUES ?o") == 1
    assert rows(store, bound) == [(str(A), '"2"^^<http://www.w3.org/2001/XMLSchema#integer>', str(B))]


def test_aliased_name_is_not_a_projection_of_the_subquery():
    sparql = ("SELECT ?x WHERE { { SELECT (?s AS ?x) WHERE { ?s <http://example.org/p> ?o } } }")
    bound = bind_values(sparql, {"s": A})
    # ?s is the outer query's own (unbound) variable, never the subquery's ?s
    assert bound.count("VALUES ?s") == 1
    assert bound.index("VALUES ?s") < bound.index("{ SELECT")


def test_select_star_subquery_is_bound_inside():
    sparql = "SELECT * WHERE { { SELECT * WHERE { ?s <http://example.org/p> ?o } } }"
    assert bind_values(sparql, {"s": A}).count("VALUES ?s") == 2


def test_construct_template_is_not_taken_for_the_where_group(store):
    sparql = ("CONSTRUCT { ?s <http://example.org/r> ?o } WHERE { ?s <http://example.org/p> ?o }")
    bound = bind_values(sparql, {"s": B})
    assert bound.index("VALUES") > bound.index("WHERE")
    assert len(list(store.query(bound))) == 1


def test_braces_in_strings_and_comments_are_ignored(store):
    sparql = ('SELECT ?s WHERE { # a { comment\n ?s <http://example.org/p> ?o '
              'FILTER(?o != "}{") }')
    assert rows(store, bind_values(sparql, {"s": B})) == [(str(B),)]


def test_query_without_where_group_is_refused():
    with pytest.raises(QueryError):
        bind_values("ASK", {"s": A})


def test_a_blank_node_cannot_be_bound():
    with pytest.raises(QueryError):
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": ox.BlankNode()})


@pytest.mark.parametrize("text, form", [
    ("PREFIX x: <http://e/select> SELECT * WHERE {}", "SELECT"),
    ("# CONSTRUCT\nASK {}", "ASK"),
    ("INSERT DATA { <a:b> <a:c> 'SELECT' }", "INSERT"),
])
def test_query_form_reads_past_prefixes_comments_and_strings(text, form):
    assert query_form(text) == form
