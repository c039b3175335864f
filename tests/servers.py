"""SPARQL servers that tests start on loopback: each with its own database folder and free
ports, ready before the test runs and stopped afterwards (see the pytest fixtures in
conftest.py). Skips when the binary is missing."""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {root}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 1G
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {root}/www
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, process: subprocess.Popen, log: Path, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: "
                               f"{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {seconds:g} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Server:
    name: str
    url: str  # the SPARQL query endpoint, as given to --store
    env: dict[str, str]  # credentials for kg, as a user would export them
    process: subprocess.Popen
    stop_hook: object = None

    def stop(self) -> None:
        if self.stop_hook:
            self.stop_hook()
        _stop(self.process)


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.is_file() else shutil.which("oxigraph")


def start_oxigraph(root: Path) -> Server:
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("oxigraph (pip install oxigraph)")
    port = free_port()
    log = root / "oxigraph.log"
    process = subprocess.Popen([binary, "serve", "--location", str(root / "db"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    _wait_ready(url, process, log)
    return Server("oxigraph", url, {}, process)


def start_virtuoso(root: Path) -> Server:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        raise FileNotFoundError("virtuoso-t (apt-get install virtuoso-opensource)")
    db = root / "db"
    db.mkdir(parents=True)
    (root / "www").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = root / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, root=root, sql_port=sql_port, http_port=http_port))
    log = root / "stdout.log"
    process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{http_port}/sparql"
    _wait_ready(url, process, log)
    password = secrets.token_hex(8)

    def isql_exec(user_pw: str, sql: str) -> None:
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", user_pw, f"exec={sql}"],
                       check=True, capture_output=True, timeout=60)

    isql_exec("dba", f"USER_SET_PASSWORD('dba', '{password}');")

    def shutdown() -> None:
        if process.poll() is None:
            try:
                isql_exec(password, "shutdown;")
                process.wait(30)
            except (subprocess.SubprocessError, OSError):
                pass

    return Server("virtuoso", url, {"KG_STORE_USER": "dba", "KG_STORE_PASSWORD": password},
                  process, shutdown)


def server_env(server: Server) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_STORE")}
    env.update(server.env)
    return env
