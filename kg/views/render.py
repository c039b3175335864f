"""Renderer adapters: a projection (``networkx.Graph``) -> an offline HTML page, GraphML or GEXF.

HTML goes through pyvis 0.3.2 (``Network.add_node`` / ``generate_html``) with our own Jinja
template, because pyvis's template cannot be used offline or safely as shipped
(shared/spec/architecture.md, "pyvis: what to know"):

- vis-network 9.1.2 (the copy pyvis bundles in ``pyvis/templates/lib``) and its CSS are inlined;
  there is no Bootstrap, no CDN, no ``<link>`` and no ``src=`` at all, and a Content Security
  Policy (``default-src 'none'``, scripts allowed by SHA-256 hash only) makes the page unable
  to fetch anything or run any script but ours even if some text slipped through unescaped;
- the template environment autoescapes, so the heading, description and legend are escaped;
  node and edge data are emitted with ``tojson`` (``<``, ``>``, ``&``, ``'`` as ``\\u003c``...);
- tooltips are plain text: vis-network shows string titles with ``innerText``, and the
  template has no "href" popup branch (pyvis switches to ``popup.innerHTML = title`` whenever a
  title contains "href"), so quotes from documents are never parsed as HTML; labels are canvas
  text and are not escaped (escaping would show ``&lt;`` on the canvas);
- node ids are opaque integers (names live in labels), the page has its own legend, search,
  type filter and neighbour highlighting, and physics is switched off after stabilisation when
  there are more than 100 nodes;
- the file is written by us as UTF-8 (pyvis's ``write_html`` uses the platform encoding).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import networkx as nx

GRADE_COLOURS = {
    "outstanding": "#1b7837",
    "good": "#7fbf7b",
    "requires-improvement": "#f1a340",
    "adequate": "#fee08b",
    "inadequate": "#d7301f",
}
GRADE_LABELS = {
    "outstanding": "Outstanding", "good": "Good",
    "requires-improvement": "Requires improvement", "adequate": "Adequate",
    "inadequate": "Inadequate",
}
NO_GRADE = "#bdbdbd"
# community fills (colour-blind-safe "Tol muted" + "Tol light" qualitative sets); communities
# past the palette share SMALL_COMMUNITY
COMMUNITY_COLOURS = (
    "#88ccee", "#cc6677", "#ddcc77", "#117733", "#332288", "#aa4499", "#44aa99", "#999933",
    "#882255", "#661100", "#6699cc", "#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff",
    "#44bb99", "#bbcc33",
)
SMALL_COMMUNITY = "#e0e0e0"
KIND_STYLE = {  # kind -> (vis shape, colour or None for "by grade", legend symbol, legend text)
    "authority": ("dot", None, "●", "local authority (colour or border: latest overall grade)"),
    "inspection": ("square", None, "■", "inspection or visit (colour: overall grade)"),
    "theme": ("diamond", "#8e6bbf", "◆", "weakness theme"),
    "inspector": ("triangle", "#4a78a8", "▲", "inspector"),
}
LARGE = 100  # above this many nodes physics stops after stabilisation
VIS_DIR = "vis-9.1.2"

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="__KG_CSP__">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg view (pyvis {{ pyvis_version }}, vis-network 9.1.2)">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<style>
 html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
 body { display: flex; flex-direction: column; }
 header { padding: 8px 14px 4px; border-bottom: 1px solid #ddd; }
 h1 { font-size: 19px; margin: 0 0 2px; }
 .desc { margin: 0; color: #555; }
 #controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 6px 14px; border-bottom: 1px solid #eee; }
 #controls input[type=search] { width: 260px; padding: 3px 6px; }
 #controls label { white-space: nowrap; }
 #status { color: #777; }
 #main { flex: 1; display: flex; min-height: 0; }
 #mynetwork { flex: 1; min-height: 480px; position: relative; background: {{ bgcolor }}; }
 #legend { width: 250px; padding: 10px 12px; border-left: 1px solid #ddd; overflow-y: auto; font-size: 13px; }
 #legend h2 { font-size: 14px; margin: 10px 0 4px; }
 #legend ul { list-style: none; margin: 0; padding: 0; }
 #legend li { margin: 2px 0; }
 .sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%; border: 1px solid #888; vertical-align: -1px; margin-right: 6px; }
 .sw.ring { background: #fff; border-width: 3px; width: 8px; height: 8px; }
 .sym { display: inline-block; width: 16px; text-align: center; margin-right: 4px; }
 div.vis-tooltip { white-space: pre-wrap; max-width: 480px; font: 12.5px/1.35 system-ui, sans-serif; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header>
<h1>{{ heading }}</h1>
<p class="desc">{{ description }}</p>
</header>
<div id="controls">
 <input type="search" id="kg-search" list="kg-names" placeholder="Find by name…" aria-label="Find a node by name">
 <datalist id="kg-names"></datalist>
 {% for kind in kinds %}<label><input type="checkbox" class="kg-kind" value="{{ kind.id }}" checked> {{ kind.symbol }} {{ kind.plural }}</label>
 {% endfor %}<button type="button" id="kg-reset">Reset</button>
 <span id="status">{{ nodes|length }} nodes, {{ edges|length }} links{% if physics_enabled %}; laying out…{% endif %}</span>
</div>
<div id="main">
<div id="mynetwork"></div>
<aside id="legend">
{% if communities %}<h2>Fill: community</h2>
<ul>{% for c in communities %}<li><span class="sw" style="background: {{ c.colour }}"></span>{{ c.label }}</li>{% endfor %}</ul>{% endif %}
{% if grades %}<h2>{% if by_community %}Border{% else %}Colour{% endif %}: overall effectiveness</h2>
<ul>{% for g in grades %}<li><span class="sw{% if by_community %} ring{% endif %}" style="{% if by_community %}border-color{% else %}background{% endif %}: {{ g.colour }}"></span>{{ g.label }}</li>{% endfor %}</ul>{% endif %}
<h2>Shapes</h2>
<ul>{% for kind in kinds %}<li><span class="sym" style="color: {{ kind.colour }}">{{ kind.symbol }}</span>{{ kind.text }}</li>{% endfor %}</ul>
{% if size_meaning %}<h2>Size</h2><p>{{ size_meaning }}</p>{% endif %}
{% if edge_meaning %}<h2>Links</h2><p>{{ edge_meaning }}</p>{% endif %}
<h2>Use</h2>
<p>Hover a node or link for details and evidence; click a node to highlight its neighbours; drag to move, scroll to zoom.</p>
</aside>
</div>
<script>
(function () {
  "use strict";
  var nodes = new vis.DataSet({{ nodes|tojson }});
  var edges = new vis.DataSet({{ edges|tojson }});
  var options = {{ options|safe }};
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var status = document.getElementById("status");
  var summary = nodes.length + " nodes, " + edges.length + " links";
  window.network = network; window.nodes = nodes; window.edges = edges; window.kgReady = false;

  function ready() {
    if (window.kgReady) { return; }
    if (nodes.length > {{ large }}) { network.setOptions({physics: {enabled: false}}); }
    network.fit();
    window.kgReady = true;
    status.textContent = summary;
  }
  if (options.physics && options.physics.enabled) {
    network.once("stabilizationIterationsDone", ready);
    network.on("stabilizationProgress", function (p) {
      status.textContent = summary + "; laying out " + Math.round(100 * p.iterations / p.total) + "%";
    });
  } else {
    ready();
  }

  var original = {};
  nodes.forEach(function (n) { original[n.id] = {color: n.color, font: n.font || null}; });
  var dimmed = false;
  function restore() {
    if (!dimmed) { return; }
    nodes.update(nodes.getIds().map(function (id) {
      return {id: id, color: original[id].color, font: original[id].font || {color: "#222"}};
    }));
    dimmed = false;
  }
  function highlight(ids) {
    restore();
    if (!ids.length) { return; }
    var keep = {};
    ids.forEach(function (id) {
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    });
    nodes.update(nodes.getIds().filter(function (id) { return !keep[id]; }).map(function (id) {
      return {id: id, color: "rgba(200,200,200,0.35)", font: {color: "rgba(150,150,150,0.5)"}};
    }));
    dimmed = true;
  }
  network.on("click", function (params) { highlight(params.nodes); });

  var names = document.getElementById("kg-names");
  var labels = {};
  nodes.forEach(function (n) {
    var text = String(n.label);
    if (labels[text]) { return; }
    labels[text] = true;
    var opt = document.createElement("option");
    opt.value = text;
    names.appendChild(opt);
  });
  var search = document.getElementById("kg-search");
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) { restore(); network.unselectAll(); return; }
    var hits = nodes.get({filter: function (n) { return !n.hidden && String(n.label).toLowerCase().indexOf(q) >= 0; }})
                    .map(function (n) { return n.id; });
    status.textContent = summary + "; " + hits.length + " match(es)";
    if (!hits.length) { return; }
    network.selectNodes(hits, true);
    highlight(hits);
    if (hits.length === 1) { network.focus(hits[0], {scale: 1.2, animation: false}); }
    else { network.fit({nodes: hits, animation: false}); }
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { find(); } });

  Array.prototype.forEach.call(document.querySelectorAll("input.kg-kind"), function (box) {
    box.addEventListener("change", function () {
      var kind = box.value, hide = !box.checked;
      nodes.update(nodes.get({filter: function (n) { return n.kind === kind; }})
                        .map(function (n) { return {id: n.id, hidden: hide}; }));
    });
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    search.value = "";
    Array.prototype.forEach.call(document.querySelectorAll("input.kg-kind"), function (box) { box.checked = true; });
    nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: false}; }));
    restore();
    network.unselectAll();
    network.fit();
  });
})();
</script>
</body>
</html>
"""

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
_EXTERNAL = re.compile(r"<(?:script|img|iframe|link|object|embed|source|audio|video)\b[^>]*\b(?:src|href)\s*=",
                       re.I)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network JS and CSS as shipped inside the pyvis package (no download)."""
    import pyvis

    base = Path(pyvis.__file__).resolve().parent
    for lib in (base / "templates" / "lib" / VIS_DIR, base / "lib" / VIS_DIR):
        js, css = lib / "vis-network.min.js", lib / "vis-network.css"
        if js.is_file() and css.is_file():
            # "</script" cannot end the inline script early: "<\\/" is the same in JS strings
            script = re.sub(r"</(script)", r"<\\/\1", js.read_text(encoding="utf-8"), flags=re.I)
            style = re.sub(r"</(style)", r"<\\/\1", css.read_text(encoding="utf-8"), flags=re.I)
            return script, style
    raise FileNotFoundError(f"vis-network {VIS_DIR} not found in the pyvis package at {base}")


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def community_colour(number: int) -> str:
    return COMMUNITY_COLOURS[number - 1] if 1 <= number <= len(COMMUNITY_COLOURS) else SMALL_COMMUNITY


def _vis_colour(attrs: dict):
    """vis-network colour: by grade, or (nodes with a community) filled by community with a
    border in the grade's colour."""
    if attrs.get("community") is None:
        return node_colour(attrs)
    border = GRADE_COLOURS.get(attrs.get("grade", ""), NO_GRADE)
    fill = community_colour(attrs["community"])
    return {"background": fill, "border": border,
            "highlight": {"background": fill, "border": "#222222"},
            "hover": {"background": fill, "border": border}}


def node_colour(attrs: dict) -> str:
    shape, colour, _, _ = KIND_STYLE.get(attrs.get("kind", ""), ("dot", None, "", ""))
    if colour:
        return colour
    return GRADE_COLOURS.get(attrs.get("grade", ""), NO_GRADE)


def _options(n_nodes: int, physics: bool) -> dict:
    large = n_nodes > LARGE
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
            "font": {"size": 13, "face": "system-ui, sans-serif", "color": "#222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#555555",
                      "opacity": 0.55},
            "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
            "smooth": False if large else {"enabled": True, "type": "continuous"},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "navigationButtons": False, "keyboard": False, "multiselect": True},
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120,
                                 "springConstant": 0.05, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400 if large else 600,
                              "updateInterval": 25, "fit": True},
        },
    }


def pyvis_network(G: nx.Graph):
    """A pyvis ``Network`` filled from the projection, nodes renumbered 0..n-1."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network(height="100%", width="100%", heading=str(G.graph.get("title", "kg view")),
                  cdn_resources="in_line")
    ids: dict[object, int] = {}
    timeline = [n for n, t in G.nodes(data="timeline") if t is not None]
    for i, (key, attrs) in enumerate(G.nodes(data=True)):
        ids[key] = i
        shape = KIND_STYLE.get(attrs.get("kind", ""), ("dot",))[0]
        extra = {}
        if attrs.get("timeline") is not None:  # inspections in date order along a line
            step = attrs["timeline"] - (len(timeline) - 1) / 2
            extra = {"x": round(step * 170), "y": -260, "fixed": {"x": True, "y": True}}
        if attrs.get("community") is not None:
            extra["borderWidth"] = 4
        net.add_node(i, label=str(attrs.get("label") or key), shape=shape,
                     color=_vis_colour(attrs), title=str(attrs.get("tooltip", "")),
                     value=float(attrs.get("value") or 1), kind=str(attrs.get("kind", "")),
                     **extra)
    for u, v, attrs in G.edges(data=True):
        # pyvis add_edge scans every existing edge for duplicates (quadratic); a networkx
        # Graph has none, so edges are appended directly, in pyvis's own Edge format
        edge = Edge(ids[u], ids[v], False, title=str(attrs.get("tooltip", "")),
                    value=float(attrs.get("weight") or 1)).options
        if attrs.get("fallback"):
            edge["dashes"] = True
        net.edges.append(edge)
    return net


def render_html(G: nx.Graph) -> str:
    """The page as a string: pyvis fills the data, our template renders it."""
    import jinja2
    import pyvis
    from markupsafe import Markup

    net = pyvis_network(G)
    physics = G.number_of_nodes() > 0
    net.options = _options(G.number_of_nodes(), physics)
    # our template through pyvis's own hooks (what Network.set_template sets), autoescaping on
    env = jinja2.Environment(loader=jinja2.DictLoader({"kg-view.html": TEMPLATE}),
                             autoescape=True)
    kinds_present = [k for k in KIND_STYLE if any(a == k for _, a in G.nodes(data="kind"))]
    graded = [a for _, a in G.nodes(data=True) if KIND_STYLE.get(a.get("kind", ""), (0, 1))[1] is None]
    grade_ids = {a.get("grade") for a in graded}
    grades = [{"colour": GRADE_COLOURS[g], "label": GRADE_LABELS[g]}
              for g in GRADE_COLOURS if g in grade_ids]
    if graded and (None in grade_ids or "" in grade_ids):
        grades.append({"colour": NO_GRADE, "label": "No overall grade"})
    communities = [{"colour": community_colour(c["number"]),
                    "label": f"{c['number']}: {c['label']} ({c['size']})"}
                   for c in G.graph.get("community_legend", ())
                   if c["number"] <= len(COMMUNITY_COLOURS)]
    if len(G.graph.get("community_legend", ())) > len(COMMUNITY_COLOURS):
        communities.append({"colour": SMALL_COMMUNITY, "label": "smaller communities"})
    by_community = any(a.get("community") is not None for _, a in G.nodes(data=True))
    plural = {"authority": "authorities", "inspection": "inspections", "theme": "themes",
              "inspector": "inspectors"}
    vis_js, vis_css = _vis_assets()
    env.globals.update(
        description=str(G.graph.get("description", "")),
        size_meaning=str(G.graph.get("size_meaning", "")),
        edge_meaning=str(G.graph.get("edge_meaning", "")),
        kinds=[{"id": k, "symbol": KIND_STYLE[k][2], "text": KIND_STYLE[k][3], "plural": plural[k],
                "colour": KIND_STYLE[k][1] or "#555"} for k in kinds_present],
        grades=grades, communities=communities, by_community=by_community, large=LARGE, pyvis_version=getattr(pyvis, "__version__", "0.3.2"),
        vis_js=Markup(vis_js), vis_css=Markup(vis_css),
    )
    net.templateEnv = env
    net.path = "kg-view.html"
    html = net.generate_html()
    return _seal(html)


def _seal(html: str) -> str:
    """Check the page holds exactly our two scripts (vis-network, then ours), no tag pointing
    outside the page and no inline event handler; then fill in the Content Security Policy:
    only those two scripts (by hash) may run and nothing may be fetched."""
    scripts = _SCRIPT.findall(html)
    markup = _SCRIPT.sub("<script></script>", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    if len(scripts) != 2 or _EXTERNAL.search(markup) or _HANDLER.search(markup):
        raise ValueError("a view page must hold only its own scripts and no external resource")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts)
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
           "img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    return html.replace("__KG_CSP__", csp, 1)


# ------------------------------------------------------------------ GraphML / GEXF

# Characters XML 1.0 forbids (most C0 controls, surrogates, U+FFFE/U+FFFF): one in a label
# makes the whole GraphML/GEXF file unreadable, so they are dropped from every string.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value):
    """``value`` with XML-illegal characters removed when it is a string."""
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def export_graph(G: nx.Graph, *, gexf: bool = False) -> nx.Graph:
    """A copy with only scalar attributes (lists joined with "; ", None dropped), colours
    as ``color`` (and GEXF ``viz`` for Gephi), and no character XML cannot hold."""
    H = nx.Graph()
    H.graph.update({xml_safe(k): xml_safe(v) for k, v in G.graph.items()
                    if isinstance(v, (str, int, float, bool))})

    def clean(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set, frozenset)):
                v = "; ".join(str(x) for x in v)
            elif isinstance(v, dict):
                v = json.dumps(v, ensure_ascii=False, sort_keys=True)
            out[xml_safe(str(k))] = xml_safe(v)
        return out

    for key, attrs in G.nodes(data=True):
        a = clean(attrs)
        a["color"] = node_colour(attrs)
        if gexf:
            r, g, b = _hex_rgb(a["color"])
            a["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0},
                        "size": float(attrs.get("value") or 1)}
        H.add_node(xml_safe(str(key)), **a)
    for u, v, attrs in G.edges(data=True):
        H.add_edge(xml_safe(str(u)), xml_safe(str(v)), **clean(attrs))
    return H


def _write_html(G: nx.Graph, path: Path) -> None:
    path.write_text(render_html(G), encoding="utf-8", newline="\n")


def _write_graphml(G: nx.Graph, path: Path) -> None:
    nx.write_graphml(export_graph(G), path, encoding="utf-8")


def _write_gexf(G: nx.Graph, path: Path) -> None:
    nx.write_gexf(export_graph(G, gexf=True), path, encoding="utf-8")


RENDERERS: dict[str, Callable[[nx.Graph, Path], None]] = {
    "html": _write_html,
    "graphml": _write_graphml,
    "gexf": _write_gexf,
}


def write_view(G: nx.Graph, path: Path | str, fmt: str = "html") -> Path:
    """Write a projection in one of :data:`RENDERERS`' formats; returns the path."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown view format {fmt!r}; choose from {', '.join(RENDERERS)}")
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    RENDERERS[fmt](G, path)
    return path


render = render_html
