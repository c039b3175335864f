"""Interactive network views and graph analytics of shared weaknesses.

Views are *projections + renderer adapters* (architecture practice 10):

- :mod:`kg.views.projections` reads the knowledge graph with SPARQL and returns plain
  ``networkx`` graphs whose nodes and edges carry ``kind``, ``label``, ``tooltip`` (plain text),
  ``grade`` and ``value`` attributes, with ``title``/``description`` in ``graph.graph``;
- :mod:`kg.views.render` turns any such graph into a self-contained, offline HTML page with
  pyvis (vis-network inlined, no external URL, every text escaped) or exports it as GraphML or
  GEXF for Gephi/Cytoscape;
- :mod:`kg.views.analytics` finds communities of authorities with similar weakness profiles
  (Louvain, seeded) and central themes (degree, betweenness), with readable summaries.

The command line (``kg view ...``, ``kg analyse``) is in :mod:`kg.cli.views`. Importing this
package is cheap: networkx and pyvis are imported by the submodules only when used.
"""
from __future__ import annotations

__all__ = [
    "KgData", "Selection", "shared_weaknesses", "authority_view", "themes_view", "theme_view",
    "inspectors_view", "analyse", "render", "write_view", "RENDERERS",
]

_LAZY = {
    "KgData": "projections", "Selection": "projections", "shared_weaknesses": "projections",
    "authority_view": "projections", "themes_view": "projections", "theme_view": "projections",
    "inspectors_view": "projections", "analyse": "analytics", "render": "render",
    "write_view": "render", "RENDERERS": "render",
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
