"""A read-only SPARQL 1.1 Protocol endpoint over a kg store (``kg serve``).

Why worker processes: pyoxigraph cannot interrupt a running query, so each query runs in one
of a small pool of processes that open the store read-only (the embedded store's current
snapshot opens in about 10 ms); a worker that exceeds the time limit is killed and replaced.
Each worker reopens the store when the store's ``CURRENT`` file changes, so a finished build
becomes visible without a restart.

Results are written by pyoxigraph's own W3C serialisers. The result-size limit is checked on
the way out: solutions are first written as SPARQL TSV (one line per row) into a buffer that
refuses to grow past the limit, then converted to the format the client asked for.
"""
from __future__ import annotations

import contextlib
import functools
import io
import multiprocessing as mp
import queue
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .sparql_text import UPDATE_OPERATIONS, query_form

RESULT_TYPES = {  # media type -> pyoxigraph format, for SELECT and ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {  # media type -> pyoxigraph format, for CONSTRUCT and DESCRIBE
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class ServeConfig:
    location: str  # a store folder or a SPARQL server URL
    timeout: float = 30.0  # seconds per query
    max_rows: int = 100_000
    workers: int = 2
    remote_options: dict = field(default_factory=dict)


class QueryFailed(Exception):
    """An answer other than 200: the HTTP status and a message for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ------------------------------------------------------------------ content negotiation

def negotiate(accept: str | None, offers: dict[str, object], default: str) -> str | None:
    """The offered media type the client prefers (``Accept`` q-values), or None."""
    if not accept or not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        ranked.append((q, -i, media.lower()))
    for q, _, media in sorted(ranked, reverse=True):
        if q <= 0:
            continue
        if media in offers:
            return media
        if media in ("*/*", "application/*", "text/*"):
            top = media.split("/")[0]
            return default if top == "*" or default.startswith(top) else next(
                (o for o in offers if o.startswith(top + "/")), None)
    return None


# ------------------------------------------------------------------ the worker side

class _Capped(io.BytesIO):
    """A buffer that refuses to hold more than ``lines`` lines."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.left = lines

    def write(self, b) -> int:
        self.left -= bytes(b).count(b"\n")
        if self.left < 0:
            raise _TooLarge()
        return super().write(b)


class _TooLarge(Exception):
    pass


def answer(store, job: dict, max_rows: int) -> tuple[str, bytes]:
    """Run one query on ``store``; (media type, body). Raises QueryFailed."""
    from .errors import KgError, QueryError

    bindings = None
    text = job.get("query", "")
    try:
        if job.get("saved"):
            from .queries import bind_params

            saved = saved_queries()[job["saved"]]
            text = saved.text
            bindings = bind_params(saved, job.get("params", {}))
        result = store.query(text, bindings)
    except QueryError as e:
        raise QueryFailed(400, str(e)) from None
    except KgError as e:
        raise QueryFailed(500, str(e)) from None
    accept = job.get("accept")
    too_large = QueryFailed(500, f"the result has more than {max_rows:,} rows (the endpoint's "
                                 "limit); add a LIMIT or narrow the query")
    try:
        if isinstance(result, ox.QueryBoolean):
            media = _pick(accept, RESULT_TYPES, "application/sparql-results+json")
            return media, result.serialize(format=RESULT_TYPES[media])
        if isinstance(result, ox.QuerySolutions):
            media = _pick(accept, RESULT_TYPES, "application/sparql-results+json")
            buf = _Capped(max_rows + 1)  # the TSV header line, then one line a row
            result.serialize(buf, format=ox.QueryResultsFormat.TSV)
            tsv = buf.getvalue()
            if RESULT_TYPES[media] == ox.QueryResultsFormat.TSV:
                return media, tsv
            again = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
            return media, again.serialize(format=RESULT_TYPES[media])
        media = _pick(accept, GRAPH_TYPES, "text/turtle")
        buf = _Capped(max_rows)
        ox.serialize(iter(result), buf, format=ox.RdfFormat.N_TRIPLES)
        if GRAPH_TYPES[media] == ox.RdfFormat.N_TRIPLES:
            return media, buf.getvalue()
        triples = ox.parse(buf.getvalue(), format=ox.RdfFormat.N_TRIPLES)
        return media, ox.serialize(triples, format=GRAPH_TYPES[media]) or b""
    except _TooLarge:
        raise too_large from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryFailed(500, f"query failed: {e}") from None


@functools.lru_cache(maxsize=1)
def saved_queries() -> dict:
    """The saved queries, read once per process (they ship with the code)."""
    from .queries import saved_queries as read

    return read()


def _pick(accept: str | None, offers: dict, default: str) -> str:
    media = negotiate(accept, offers, default)
    if media is None:
        raise QueryFailed(406, f"cannot answer this query as {accept}; ask for one of "
                               + ", ".join(offers))
    return media


def _store_version(location: str) -> str:
    """What changes when a build publishes a snapshot (embedded stores only)."""
    try:
        return (Path(location) / "CURRENT").read_text(encoding="utf-8")
    except OSError:
        return ""


def _worker_main(conn, config: ServeConfig) -> None:
    """Answer jobs from ``conn`` until it closes; reopen the store when CURRENT changes."""
    from .errors import KgError
    from .store import is_url, open_store

    remote = is_url(config.location)
    store, version = None, None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        try:
            now = None if remote else _store_version(config.location)
            if store is None or now != version:
                if store is not None:
                    store.close()
                store = None
                store = open_store(config.location, read_only=True, **config.remote_options)
                version = now
            reply = ("ok", *answer(store, job, config.max_rows))
        except QueryFailed as e:
            reply = ("error", e.status, str(e))
        except KgError as e:
            reply = ("error", 503, str(e))
        except Exception as e:  # a bug must answer 500, not kill the worker silently
            reply = ("error", 500, f"{type(e).__name__}: {e}")
        conn.send(reply)
    if store is not None:
        store.close()


# ------------------------------------------------------------------ the pool

class _Worker:
    def __init__(self, config: ServeConfig, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, config), daemon=True)
        self.process.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class QueryPool:
    """A few worker processes; a query that outlives the time limit costs its worker."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(max(1, config.workers)):
            self._add()

    def _add(self) -> None:
        w = _Worker(self.config, self._ctx)
        with self._lock:
            self._all.add(w)
        self._idle.put(w)

    def run(self, job: dict) -> tuple[str, bytes]:
        """(media type, body) for one job; raises QueryFailed. Blocking: call from a thread."""
        try:
            worker = self._idle.get(timeout=self.config.timeout)
        except queue.Empty:
            raise QueryFailed(503, "the endpoint is busy: every worker is running a query; "
                                   "try again") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.config.timeout):
                self._replace(worker, kill=True)
                worker = None
                raise QueryFailed(503, f"the query ran longer than the time limit of "
                                       f"{self.config.timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                self._replace(worker, kill=True)
                worker = None
            raise QueryFailed(500, "the query worker stopped unexpectedly") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1], reply[2]
        raise QueryFailed(reply[1], reply[2])

    def _replace(self, worker: _Worker, kill: bool) -> None:
        worker.stop(kill=kill)
        with self._lock:
            self._all.discard(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()


# ------------------------------------------------------------------ the HTTP side

def create_app(config: ServeConfig):
    """The Starlette application: /sparql, /queries.json, /saved/<name> and the page at /."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    pool: dict[str, QueryPool] = {}

    def get_pool() -> QueryPool:
        if "pool" not in pool:
            pool["pool"] = QueryPool(config)
        return pool["pool"]

    def text(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    async def run(job: dict) -> Response:
        try:
            media, body = await run_in_threadpool(get_pool().run, job)
        except QueryFailed as e:
            return text(e.status, str(e))
        charset = "" if media.startswith("application/sparql-results") else "; charset=utf-8"
        return Response(body, media_type=None, headers={"Content-Type": media + charset})

    async def sparql(request: Request) -> Response:
        form: dict[str, str] = dict(request.query_params)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return refuse_update()
            if ctype == "application/sparql-query":
                form["query"] = (await request.body()).decode("utf-8", "replace")
            elif ctype == "application/x-www-form-urlencoded":
                body = (await request.body()).decode("utf-8", "replace")
                form.update(urllib.parse.parse_qsl(body, keep_blank_values=True))
            else:
                return text(415, f"unsupported Content-Type {ctype!r}: send application/"
                                 "sparql-query or application/x-www-form-urlencoded")
        if "update" in form:
            return refuse_update()
        query = form.get("query")
        if not query:
            return text(400, "no query: give the SPARQL text as the 'query' parameter")
        if any(k in form for k in ("default-graph-uri", "named-graph-uri")):
            return text(400, "this endpoint answers over the union of its graphs; "
                             "default-graph-uri and named-graph-uri are not supported")
        if query_form(query) in UPDATE_OPERATIONS:
            return refuse_update()
        return await run({"query": query, "accept": request.headers.get("accept")})

    def refuse_update() -> Response:
        return text(403, "this endpoint is read-only: SPARQL Update is refused (change the "
                         "graph with 'kg build' on the store)")

    async def saved_list(request: Request) -> Response:
        return JSONResponse([
            {"name": q.name, "summary": q.summary, "text": q.text,
             "params": [{"name": p.name, "type": p.type, "description": p.description,
                         "default": p.default} for p in q.params]}
            for q in saved_queries().values()])

    async def saved(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in saved_queries():
            return text(404, f"no saved query {name!r}")
        return await run({"saved": name, "params": dict(request.query_params),
                          "accept": request.headers.get("accept")})

    async def page(request: Request) -> Response:
        return HTMLResponse(PAGE)

    async def script(request: Request) -> Response:
        return Response(SCRIPT, media_type="text/javascript")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        get_pool()
        try:
            yield
        finally:
            if "pool" in pool:
                pool.pop("pool").close()

    return Starlette(lifespan=lifespan, routes=[
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", saved_list),
        Route("/saved/{name}", saved),
        Route("/", page),
        Route("/kg.js", script),
    ])


def serve(config: ServeConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Check the store opens, then answer until interrupted."""
    import uvicorn

    from .store import open_store

    open_store(config.location, read_only=True, **config.remote_options).close()
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:90em}
textarea{width:100%;height:14em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;
vertical-align:top;text-align:left}#status{margin:.5em 0;color:#555}.error{color:#b00}
label{margin-right:1em}
</style></head><body>
<h1>kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> (read-only). Pick a saved query or type one.</p>
<p><label>Saved query <select id="saved"><option value="">(type your own)</option></select></label></p>
<p id="summary"></p><form id="params"></form>
<textarea id="query" spellcheck="false">SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea>
<p><button id="run">Run</button></p>
<div id="status"></div><div id="result"></div>
<script src="/kg.js"></script>
</body></html>
"""

SCRIPT = """// Every piece of text from the server goes in through textContent, never parsed as HTML.
const $ = (id) => document.getElementById(id);
let saved = {};
function status(msg, error) { $("status").textContent = msg; $("status").className = error ? "error" : ""; }
function cell(term) {
  if (!term) return "";
  if (term.type === "uri") return term.value;
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}
function show(data) {
  const out = $("result"); out.replaceChildren();
  if (typeof data.boolean === "boolean") { out.textContent = String(data.boolean); return; }
  const vars = data.head.vars, rows = data.results.bindings;
  const table = document.createElement("table"), head = table.createTHead().insertRow();
  for (const v of vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  const body = table.createTBody();
  for (const r of rows) { const tr = body.insertRow(); for (const v of vars) tr.insertCell().textContent = cell(r[v]); }
  out.appendChild(table);
  status(rows.length + " row(s)");
}
async function run() {
  const name = $("saved").value, started = performance.now();
  let response;
  status("running...");
  const headers = {"Accept": "application/sparql-results+json"};
  if (name && $("query").value === saved[name].text) {
    const params = new URLSearchParams();
    for (const input of $("params").querySelectorAll("input")) if (input.value !== "") params.set(input.name, input.value);
    response = await fetch("/saved/" + encodeURIComponent(name) + "?" + params, {headers});
  } else {
    response = await fetch("/sparql", {method: "POST", headers: {...headers,
      "Content-Type": "application/x-www-form-urlencoded"}, body: new URLSearchParams({query: $("query").value})});
  }
  const ms = Math.round(performance.now() - started);
  if (!response.ok) { $("result").replaceChildren(); status(response.status + ": " + await response.text(), true); return; }
  show(await response.json());
  status($("status").textContent + " in " + ms + " ms");
}
function pick() {
  const q = saved[$("saved").value], form = $("params");
  form.replaceChildren(); $("summary").textContent = q ? q.summary : "";
  if (!q) return;
  $("query").value = q.text;
  for (const p of q.params) {
    const label = document.createElement("label"), input = document.createElement("input");
    input.name = p.name; input.value = p.default || ""; input.title = p.description;
    label.append(p.name + " (" + p.type + ") ", input); form.appendChild(label);
  }
}
fetch("/queries.json").then((r) => r.json()).then((list) => {
  for (const q of list) {
    saved[q.name] = q;
    const o = document.createElement("option"); o.value = q.name; o.textContent = q.name + " - " + q.summary;
    $("saved").appendChild(o);
  }
});
$("saved").addEventListener("change", pick);
$("run").addEventListener("click", run);
"""
