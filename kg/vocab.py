"""Namespaces and IRI templates: every IRI kg mints is built here, from record keys only,
so rebuilding the same documents gives the same graph.

Plain strings, not rdflib terms: every command imports this module, and rdflib costs a third of
a second to import; the mapper takes the standard vocabularies from rdflib's closed namespaces,
so a misspelt property still fails loudly there."""
from __future__ import annotations

import re
import unicodedata


class Namespace(str):
    """An IRI prefix: ``KG["fileName"]`` and ``KG.fileName`` are the full IRI as a string."""

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        return str(self) + name

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return str(self) + name


BASE = "https://w3id.org/ofsted-kg/"
KG = Namespace(BASE + "def#")  # ontology terms
ID = Namespace(BASE + "id/")  # instances
GRAPH = Namespace(BASE + "graph/")  # named graphs
OA = Namespace("http://www.w3.org/ns/oa#")  # W3C Web Annotation (not in rdflib)
ONS_GEO = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")
ONS_ENTITY = Namespace("http://statistics.data.gov.uk/id/statistical-entity/")
STATGEO = Namespace("http://statistics.data.gov.uk/def/statistical-geography#")
STATENT = Namespace("http://statistics.data.gov.uk/def/statistical-entity#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kg": str(KG), "kgid": str(ID), "kgg": str(GRAPH), "oa": str(OA),
    "prov": "http://www.w3.org/ns/prov#", "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "onsgeo": str(ONS_GEO), "statgeo": str(STATGEO), "statent": str(STATENT),
    "qb": "http://purl.org/linked-data/cube#",
}

REFERENCE_GRAPH = GRAPH["reference"]  # ontology, concept schemes and the authorities table


def slug(text: str) -> str:
    """Lower-case ASCII slug: 'Thomson-Jones, Paula' -> 'thomson-jones-paula'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-") or "x"


def concept(scheme: str, ident: str):
    """IRI of a concept in one of kg's SKOS schemes (inspection-type, area, grade, theme...)."""
    return ID[f"{scheme}/{ident}"]


def authority_iri(gss: str):
    return ID[f"authority/{gss}"]


def document_iri(sha256: str):
    return ID[f"document/{sha256}"]


def document_graph(sha256: str):
    return GRAPH[f"document/{sha256}"]


def person_key(name: str) -> str:
    """Key that makes one node of one person across documents: titles and middle initials
    dropped ("Fiona J Millns" and "Fiona Millns" are one person)."""
    words = re.sub(r"\b(HMI|SHMI|Senior|Dr|Mr|Mrs|Ms|Miss|OI|AI)\b\.?", " ", name)
    tokens = [t for t in re.split(r"\s+", words.strip()) if t]
    if len(tokens) > 2:
        tokens = [tokens[0]] + [t for t in tokens[1:-1] if len(t.strip(".")) > 1] + [tokens[-1]]
    return slug(" ".join(tokens))


def person_iri(name: str):
    return ID[f"person/{person_key(name)}"]
