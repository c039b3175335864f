"""Shared fixtures: invented records and an in-memory store built from them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.documents import document_from_pages
from kg.records import (Evidence, Extraction, Finding, Inspection, Judgement, Person,
                        Recommendation)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"

PAGE_1 = (
    "Inspection of Exampleton local authority children's services\n"
    "Inspection dates: 4 to 15 March 2024\n"
    "Lead inspector: Ada Quill, His Majesty's Inspector\n"
    "Overall effectiveness Requires improvement to be good\n"
)
PAGE_2 = (
    "What needs to improve?\n"
    "• The timeliness of strategy meetings when children are at risk of harm.\n"
    "• The stability of the social work workforce.\n"
    "Managers do not always record their decisions on children's files.\n"
)


def span(text: str, quote: str, page: int | None = None) -> Evidence:
    start = text.index(quote)
    return Evidence(start, start + len(quote), quote, page)


def sample_document(name: str = "exampleton_2024-04-30.pdf", pages=(PAGE_1, PAGE_2)):
    data = ("\n".join(pages) + name).encode()
    return document_from_pages(Path(name), list(pages), data, "pdf")


def sample_extraction(doc, code: str = "E09000009", name: str = "Ealing") -> Extraction:
    t = doc.text
    recs = (
        Recommendation("The timeliness of strategy meetings when children are at risk of harm.",
                       ("strategy-meetings",), 1, "la",
                       span(t, "The timeliness of strategy meetings when children are at risk of harm.", 2)),
        Recommendation("The stability of the social work workforce.", ("workforce-stability",), 2, "la",
                       span(t, "The stability of the social work workforce.", 2)),
    )
    finding = Finding("weakness", ("management-oversight", "recording-and-systems"),
                      span(t, "Managers do not always record their decisions on children's files.", 2),
                      "help-and-protection")
    insp = Inspection(
        authority_code=code, authority_name=name, type="ilacs-standard",
        start_date=date(2024, 3, 4), end_date=date(2024, 3, 15), publication_date=date(2024, 4, 30),
        judgements=(Judgement("overall-effectiveness", "requires-improvement",
                              span(t, "Overall effectiveness Requires improvement to be good", 1)),),
        people=(Person("Ada Quill", "lead inspector", lead=True, title="His Majesty's Inspector",
                       evidence=span(t, "Ada Quill", 1)),),
        recommendations=recs, findings=(finding,),
    )
    previous = Inspection(authority_code=code, authority_name=name, type="sif", year=2016,
                          judgements=(Judgement("overall-effectiveness", "good"),), previous=True)
    return Extraction(inspections=(insp, previous), genre="report", title="Inspection of Exampleton")


@pytest.fixture
def memory_store():
    from kg.mapping import map_extraction, to_ntriples
    from kg.reference import reference_ntriples
    from kg.store import KgStore

    store = KgStore(None)
    store.set_reference(reference_ntriples())
    doc = sample_document()
    store.put_document(str(doc.path), doc.name, doc.sha256,
                       to_ntriples(map_extraction(doc, sample_extraction(doc))))
    return store


def needs_corpus():
    if not (CORPUS / "reports").is_dir():
        pytest.skip("../shared/corpus is not here (it is in CI)")


# ------------------------------------------------------------------ SPARQL servers (tests/servers.py)

FIXTURE_DOCUMENTS = [Path(__file__).resolve().parent / "fixtures",
                     Path(__file__).resolve().parents[1] / "examples"]


def fixture_document_count() -> int:
    """How many documents ``kg build`` reads from FIXTURE_DOCUMENTS (every one is readable)."""
    from kg.build import collect_files

    return len(collect_files(FIXTURE_DOCUMENTS)[0])


def _server(tmp_path_factory, name: str):
    from servers import start_oxigraph, start_virtuoso

    start = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}[name]
    try:
        server = start(tmp_path_factory.mktemp(name))
    except FileNotFoundError as e:
        pytest.skip(f"{name} is not installed: {e}")
    return server


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """An Oxigraph server on a free loopback port with its own database folder."""
    server = _server(tmp_path_factory, "oxigraph")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """Virtuoso Open Source 7 on free loopback ports, its own database, a fresh dba password."""
    server = _server(tmp_path_factory, "virtuoso")
    yield server
    server.stop()
