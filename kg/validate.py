"""SHACL validation of the whole graph with pySHACL and ``ontology/shapes.ttl``."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from .resources import ontology_dir


@dataclass(frozen=True)
class Issue:
    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    issues: tuple[Issue, ...]
    report_graph: Graph

    @property
    def violations(self) -> int:
        return sum(i.severity == "Violation" for i in self.issues)

    @property
    def warnings(self) -> int:
        return sum(i.severity == "Warning" for i in self.issues)


def validate_graph(data: Graph) -> ValidationReport:
    """Validate; ``conforms`` is False only when some result is a Violation."""
    import pyshacl

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=True)
    issues = []
    for result in report.subjects(SH.resultSeverity, None):
        sev = report.value(result, SH.resultSeverity)
        issues.append(Issue(
            severity=str(sev).rsplit("#", 1)[-1],
            focus=str(report.value(result, SH.focusNode) or ""),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(report.value(result, SH.resultMessage) or ""),
        ))
    issues.sort(key=lambda i: (i.severity != "Violation", i.focus, i.path))
    return ValidationReport(not any(i.severity == "Violation" for i in issues), tuple(issues), report)


def store_graph(store) -> Graph:
    """Every graph of the store merged into one rdflib Graph."""
    return Graph().parse(data=store.dump("ntriples"), format="nt")


def validate_store(store, progress=None) -> ValidationReport:
    """Validate a store in place with its own engine (kg.shacl_sparql): seconds at national
    scale, where loading everything into rdflib for pySHACL takes minutes."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF

    from .shacl_sparql import class_closure, compile_shapes, run_checks

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    checks = compile_shapes(shapes, class_closure(store))
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    issues = []
    for check, focus, value in run_checks(store, checks, progress):
        issues.append(Issue(check.severity, focus, check.path, check.message))
        r = BNode()
        report.add((node, SH.result, r))
        report.add((r, RDF.type, SH.ValidationResult))
        report.add((r, SH.resultSeverity, SH[check.severity]))
        report.add((r, SH.focusNode, BNode(focus[2:]) if focus.startswith("_:") else URIRef(focus)))
        report.add((r, SH.resultPath, URIRef(check.path)))
        report.add((r, SH.resultMessage, Literal(check.message)))
        report.add((r, SH.sourceConstraintComponent, SH[check.component + "ConstraintComponent"]))
        report.add((r, SH.sourceShape, URIRef(check.shape)))
    issues.sort(key=lambda i: (i.severity != "Violation", i.focus, i.path))
    conforms = not any(i.severity == "Violation" for i in issues)
    report.add((node, SH.conforms, Literal(conforms)))
    return ValidationReport(conforms, tuple(issues), report)
