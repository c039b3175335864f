"""SHACL Core shapes checked as SPARQL queries on the store's own engine.

pySHACL validates an rdflib graph in Python: about a second per document graph of ours, so
several minutes for a national corpus, and it needs the whole graph in rdflib's memory. The
constraints kg's shapes use are few and each is one SPARQL query over the union of graphs, so
the engine that already holds the data answers them in seconds. This module translates exactly
those constraint components (``sh:targetClass`` node shapes whose property shapes have a plain
predicate ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``,
``sh:in``, ``sh:minLength``, ``sh:pattern``, ``sh:lessThan``, ``sh:lessThanOrEquals``, with
``sh:severity`` and ``sh:message``); a shape using anything else is refused with its name, so
the shapes file cannot silently outgrow it (``kg validate --engine pyshacl`` checks any SHACL).
A test checks that both engines report the same results on invented graphs.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

SUPPORTED = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH["in"], SH.minLength,
             SH.pattern, SH.lessThan, SH.lessThanOrEquals, SH.severity, SH.message, SH.name,
             SH.description}


@dataclass(frozen=True)
class Check:
    """One constraint as a query: rows are (focus, value) pairs that violate it."""

    shape: str
    path: str
    component: str
    severity: str  # Violation | Warning | Info
    message: str
    sparql: str


def _target(cls: str, subclasses: dict[str, set[str]]) -> str:
    values = " ".join(f"<{c}>" for c in sorted(subclasses.get(cls, {cls})))
    return f"VALUES ?cls {{ {values} }} ?this a ?cls ."


def _term(node) -> str:
    return node.n3()


def compile_shapes(shapes: Graph, subclasses: dict[str, set[str]]) -> list[Check]:
    """The shapes graph as checks; ``subclasses`` maps a class to itself and its subclasses."""
    checks: list[Check] = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        targets = list(shapes.objects(shape, SH.targetClass))
        node_severity = shapes.value(shape, SH.severity)
        for prop in shapes.objects(shape, SH.property):
            used = {p for p in shapes.predicates(prop, None)} - SUPPORTED
            path = shapes.value(prop, SH.path)
            if used or not isinstance(path, URIRef):
                raise ValueError(f"shape {shape}: cannot check {sorted(map(str, used)) or 'a complex sh:path'} "
                                 "as SPARQL; use the pyshacl engine")
            sev = shapes.value(prop, SH.severity) or node_severity or SH.Violation
            severity = str(sev).rsplit("#", 1)[-1]
            message = str(shapes.value(prop, SH.message) or "")
            p = _term(path)
            for cls in targets:
                t = _target(str(cls), subclasses)

                def add(component: str, where: str, default: str) -> None:
                    checks.append(Check(str(shape), str(path), component, severity,
                                        message or default, f"SELECT DISTINCT ?this ?value WHERE {{ {where} }}"))

                n = shapes.value(prop, SH.minCount)
                if n is not None and int(n) == 1:
                    add("MinCount", f"{t} FILTER NOT EXISTS {{ ?this {p} ?v }}", f"No value on {path}")
                elif n is not None and int(n) > 1:
                    add("MinCount", f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?value) WHERE {{ {t} "
                                    f"OPTIONAL {{ ?this {p} ?v }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(n)}) }}",
                        f"Less than {int(n)} values on {path}")
                n = shapes.value(prop, SH.maxCount)
                if n is not None:
                    add("MaxCount", f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?value) WHERE {{ {t} ?this {p} ?v }} "
                                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(n)}) }}",
                        f"More than {int(n)} values on {path}")
                c = shapes.value(prop, SH["class"])
                if c is not None:
                    values = " ".join(f"<{x}>" for x in sorted(subclasses.get(str(c), {str(c)})))
                    add("Class", f"{t} ?this {p} ?value . FILTER NOT EXISTS {{ VALUES ?vc {{ {values} }} ?value a ?vc }}",
                        f"Value does not have class {c}")
                d = shapes.value(prop, SH.datatype)
                if d is not None:
                    add("Datatype", f"{t} ?this {p} ?value . FILTER(!isLiteral(?value) || datatype(?value) != {_term(d)})",
                        f"Value is not a literal of datatype {d}")
                lst = shapes.value(prop, SH["in"])
                if lst is not None:
                    allowed = ", ".join(_term(x) for x in Collection(shapes, lst))
                    add("In", f"{t} ?this {p} ?value . FILTER(?value NOT IN ({allowed}))",
                        "Value is not one of the allowed values")
                n = shapes.value(prop, SH.minLength)
                if n is not None:
                    add("MinLength", f"{t} ?this {p} ?value . FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(n)})",
                        f"Value has fewer than {int(n)} characters")
                pat = shapes.value(prop, SH.pattern)
                if pat is not None:
                    add("Pattern", f"{t} ?this {p} ?value . FILTER(isBlank(?value) || !REGEX(STR(?value), {_term(pat)}))",
                        f"Value does not match {pat}")
                for comp, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
                    other = shapes.value(prop, comp)
                    if other is not None:
                        add(str(comp).rsplit("#", 1)[-1][0].upper() + str(comp).rsplit("#", 1)[-1][1:],
                            f"{t} ?this {p} ?value . ?this {_term(other)} ?w . FILTER(!(?value {op} ?w))",
                            f"Value is not {op} the value of {other}")
    return checks


def class_closure(store) -> dict[str, set[str]]:
    """Every class with its subclasses (rdfs:subClassOf*), from the store's subclass triples
    (a free ``subClassOf*`` path would visit every node of the store)."""
    parents: dict[str, set[str]] = {}
    for row in store.query("SELECT DISTINCT ?sub ?sup WHERE { ?sub "
                           "<http://www.w3.org/2000/01/rdf-schema#subClassOf> ?sup . "
                           "FILTER(isIRI(?sub) && isIRI(?sup)) }"):
        parents.setdefault(row["sub"].value, set()).add(row["sup"].value)
    closure: dict[str, set[str]] = {}
    for cls in parents:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in parents.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        for sup in seen:
            closure.setdefault(sup, {sup}).add(cls)
    return closure


def run_checks(store, checks: list[Check], progress=None) -> list[tuple[Check, str, str]]:
    """(check, focus node, value) for every violating pair."""
    out = []
    for check in checks:
        for row in store.query(check.sparql):
            focus, value = row["this"], row["value"]
            out.append((check, _text(focus), _text(value)))
        if progress:
            progress(check)
    return out


def _text(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return "" if term is None else term.value
