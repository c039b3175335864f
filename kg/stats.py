"""Counts that tell a user what the graph holds."""
from __future__ import annotations

COUNTS = {
    "documents": "?x a kg:SourceDocument",
    "authorities inspected": "?i a kg:Inspection ; kg:authority ?x",
    "inspections and visits": "?x a kg:Inspection",
    "judgements": "?x a kg:Judgement",
    "improvement points": "?x a kg:Recommendation",
    "weaknesses": "?x a kg:Weakness",
    "strengths": "?x a kg:Strength",
    "inspectors": "?x a kg:Inspector",
}


def graph_stats(store) -> dict[str, int]:
    out: dict[str, int] = {}
    for label, pattern in COUNTS.items():
        q = ("PREFIX kg: <https://w3id.org/ofsted-kg/def#> "
             f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
        out[label] = int(next(iter(store.query(q)))["n"].value)
    out["named graphs"] = len(store.named_graphs())
    out["triples (all graphs)"] = store.data_quads()
    return out
