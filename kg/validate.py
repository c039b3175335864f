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
