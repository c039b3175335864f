"""The view pages in headless Chromium, offline: every node and edge drawn, nothing fetched from
anywhere but the file itself, and script payloads in authority-facing text inert on load and on
hover. Skipped when chromium or chromedriver is not installed (CI installs Debian's
``chromium`` and ``chromium-driver``); Selenium Manager is never used (no downloads).

Set ``KG_SCREENSHOT_STORE=/path/to/store`` (and ``KG_SCREENSHOT_NAME``, default
``shared-weaknesses-examples.png``; ``KG_SCREENSHOT_K``, ``KG_SCREENSHOT_MIN_SHARED``) to rewrite a README picture in
docs/ from a built store; otherwise screenshots go to a temporary folder.
"""
from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from test_views import XSS_IMG, XSS_SCRIPT, build_store, xss_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",  # nothing resolves: offline
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-domain-reliability", "--no-first-run", "--no-pings",
    "--disable-client-side-phishing-detection", "--metrics-recording-only",
]


@pytest.fixture(scope="module")
def driver():
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium and chromedriver are not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=options)  # never Selenium Manager
    d.set_script_timeout(30)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


def load(driver, path: Path, timeout: float = 90) -> None:
    driver.get(path.resolve().as_uri())
    end = time.monotonic() + timeout
    while not driver.execute_script("return window.kgReady === true"):
        if time.monotonic() > end:
            raise AssertionError(f"{path.name}: the network never finished its layout")
        time.sleep(0.1)


def drawn(driver) -> dict:
    return driver.execute_script(
        "return {nodes: nodes.length, drawnNodes: network.body.nodeIndices.length,"
        " edges: edges.length, drawnEdges: network.body.edgeIndices.length,"
        " resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),"
        " physics: network.physics.options.enabled}")


def severe_console_messages(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def write(G, folder: Path, name: str) -> Path:
    from kg.views.render import write_view

    return write_view(G, folder / f"{name}.html")


def views(data):
    from kg.views.projections import (authority_view, inspectors_view, shared_weaknesses,
                                      theme_view, themes_view)

    return {
        "shared-weaknesses": lambda: shared_weaknesses(data),
        "authority": lambda: authority_view(data, data.resolve_authority("Ealing")),
        "themes": lambda: themes_view(data),
        "theme": lambda: theme_view(data, "front-door"),
        "inspectors": lambda: inspectors_view(data),
    }


@pytest.fixture(scope="module")
def data():
    from kg.views.projections import KgData

    return KgData(build_store())


@pytest.mark.parametrize("name", ["shared-weaknesses", "authority", "themes", "theme", "inspectors"])
def test_view_draws_every_node_and_edge_offline(driver, data, shots, name):
    G = views(data)[name]()
    load(driver, write(G, shots, name))
    got = drawn(driver)
    assert got["nodes"] == got["drawnNodes"] == G.number_of_nodes()
    assert got["edges"] == got["drawnEdges"] == G.number_of_edges()
    assert all(r.startswith(("file:", "data:")) for r in got["resources"]), got["resources"]
    assert severe_console_messages(driver) == []  # no CSP refusal, no missing "vis"
    assert driver.execute_script("return document.querySelectorAll('#legend li').length") > 0
    driver.save_screenshot(str(shots / f"{name}.png"))


def test_large_view_stops_physics_after_stabilising(driver, shots):
    """Above 100 nodes the page switches physics off once the layout is done."""
    rng = random.Random(5)
    G = nx.Graph(title="Large synthetic view")
    grades = ["outstanding", "good", "requires-improvement", "inadequate"]
    for i in range(140):
        G.add_node(f"authority:{i}", kind="authority", label=f"Authority {i}",
                   tooltip=f"Authority {i}", grade=rng.choice(grades), value=rng.randint(1, 30))
    for i in range(400):
        a, b = rng.sample(range(140), 2)
        G.add_edge(f"authority:{a}", f"authority:{b}", weight=rng.randint(1, 9), tooltip="shared")
    load(driver, write(G, shots, "large"))
    got = drawn(driver)
    assert got["drawnNodes"] == 140 and got["drawnEdges"] == G.number_of_edges()
    assert got["physics"] is False
    driver.save_screenshot(str(shots / "large.png"))


HOVER_ALL = """
var ih = network.interactionHandler, out = [];
function show(kind, id, point) {
  ih.popupObj = undefined;  // what a mouse-out does; vis then looks for the item under point
  ih._checkShowPopup(network.canvasToDOM(point));
  var obj = ih.popupObj, via = "vis";
  if (!obj || obj.id !== id || ih.popup === undefined) {   // overlapped by another item:
    var item = (kind === "node" ? nodes : edges).get(id);    // show its title as vis would
    if (ih.popup === undefined) { return {kind: kind, id: id, text: null, via: "none", title: document.title}; }
    ih.popup.setText(item.title); ih.popup.show(); via = "direct";
  }
  var tip = document.querySelector("div.vis-tooltip");
  return {kind: kind, id: id, text: tip ? tip.innerText : null, via: via, title: document.title};
}
nodes.getIds().forEach(function (id) { out.push(show("node", id, network.getPosition(id))); });
edges.getIds().forEach(function (id) {
  out.push(show("edge", id, network.body.edges[id].edgeType.getPoint(0.5)));
});
return out;
"""


def test_script_payloads_stay_text_on_load_and_hover(driver, shots):
    """Payloads in an evidence quote, an inspector's name and a theme label (a fake theme in
    the graph) never run: document.title is unchanged after loading and after hovering every
    node and edge, and the tooltips show the payloads as literal text."""
    from selenium.webdriver.common.action_chains import ActionChains

    from kg.views.projections import (KgData, authority_view, inspectors_view,
                                      shared_weaknesses, theme_view, themes_view)

    data = KgData(xss_store())
    pages = {
        "xss-shared": shared_weaknesses(data),
        "xss-theme": theme_view(data, "xss"),
        "xss-themes": themes_view(data),
        "xss-authority": authority_view(data, data.resolve_authority("Rutland")),
        "xss-inspectors": inspectors_view(data),
    }
    for name, G in pages.items():
        load(driver, write(G, shots, name))
        expected = " ".join(G.graph["title"].split())
        assert driver.execute_script("return document.title") == expected, name
        assert driver.execute_script("return document.images.length") == 0
        assert driver.execute_script("return document.scripts.length") == 2
        # real mouse moves over every node (vis shows tooltips after its delay) ...
        canvas = driver.find_element("css selector", "#mynetwork canvas")
        size = canvas.size
        points = driver.execute_script(
            "return nodes.getIds().map(function (id) { return network.canvasToDOM(network.getPosition(id)); })")
        for p in points:
            x, y = p["x"] - size["width"] / 2, p["y"] - size["height"] / 2
            if abs(x) < size["width"] / 2 - 2 and abs(y) < size["height"] / 2 - 2:
                ActionChains(driver).move_to_element_with_offset(canvas, int(x), int(y)).pause(0.15).perform()
        # ... and every node and edge through vis-network's own popup path
        shown = driver.execute_script(HOVER_ALL)
        assert len(shown) == G.number_of_nodes() + G.number_of_edges()
        assert {s["title"] for s in shown} == {expected}, name
        assert sum(s["via"] == "vis" for s in shown) > len(shown) / 2, shown  # mostly real hits
        texts = "\n".join(s["text"] or "" for s in shown)
        assert XSS_IMG in texts or XSS_SCRIPT in texts, name  # shown literally, as text
        assert driver.execute_script("return document.title") == expected
        assert driver.execute_script("return document.images.length") == 0
        assert driver.execute_script("return document.scripts.length") == 2
        driver.save_screenshot(str(shots / f"{name}.png"))


def test_readme_screenshot(driver, shots):
    """docs/shared-weaknesses-examples.png (with one link's tooltip open), from
    KG_SCREENSHOT_STORE when set."""
    from kg.store import KgStore
    from kg.views.projections import KgData, shared_weaknesses

    folder = os.environ.get("KG_SCREENSHOT_STORE")
    store = KgStore(folder, read_only=True) if folder else build_store()
    G = shared_weaknesses(KgData(store), k=int(os.environ.get("KG_SCREENSHOT_K", "3")),
                          min_shared=int(os.environ.get("KG_SCREENSHOT_MIN_SHARED", "1")))
    load(driver, write(G, shots, "readme"))
    driver.execute_script(  # show the tooltip of the lightest link, as a mouse-over would
        "network.fit(); var best = edges.get().sort(function (a, b) { return a.value - b.value; })[0];"
        "if (best) { var ih = network.interactionHandler; ih.popupObj = undefined;"
        " ih._checkShowPopup(network.canvasToDOM(network.body.edges[best.id].edgeType.getPoint(0.5))); }")
    time.sleep(0.3)
    name = os.environ.get("KG_SCREENSHOT_NAME", "shared-weaknesses-examples.png")
    target = ROOT / "docs" / name if folder else shots / "readme.png"
    target.parent.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
