"""The reference graph: ontology, SKOS schemes and the authorities table, loaded into one
named graph so queries can use labels, codes and regions."""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, SKOS

from .authorities import all_authorities
from .mapping import L, N
from .resources import ontology_dir
from .vocab import KG, ONS_ENTITY, ONS_GEO, STATENT, STATGEO, authority_iri

ONTOLOGY_FILES = ("kg.ttl", "schemes.ttl", "themes.ttl", "summaries.ttl")


def ontology_triples() -> list[ox.Triple]:
    out: list[ox.Triple] = []
    for name in ONTOLOGY_FILES:
        out.extend(ox.parse(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE))
    return out


def authorities_triples() -> list[ox.Triple]:
    """Each council as an org:FormalOrganization minted under kg's base with its GSS code,
    linked to the ONS statistical-geography IRI of its area and its region."""
    triples: list[ox.Triple] = []

    def add(s, p, o) -> None:
        triples.append(ox.Triple(N(s), N(p), o if isinstance(o, ox.Literal) else N(o)))

    for a in all_authorities():
        node, area = authority_iri(a.gss), ONS_GEO[a.gss]
        add(node, RDF.type, KG.LocalAuthority)
        add(node, SKOS.prefLabel, ox.Literal(a.name, language="en"))
        add(node, RDFS.label, ox.Literal(a.short_name, language="en"))
        add(node, SKOS.notation, L(a.gss))
        # display name; a council that no longer exists says so ("Buckinghamshire (to 2020)")
        shown = f"{a.short_name} (to {a.valid_to.year})" if a.valid_to else a.short_name
        add(node, SDO.name, L(shown))
        for alias in a.aliases:
            add(node, SKOS.altLabel, ox.Literal(alias, language="en"))
        add(node, DCTERMS.spatial, area)
        add(area, STATENT.code, ONS_ENTITY[a.entity_type])
        add(area, SKOS.notation, L(a.gss))
        add(area, STATGEO.officialname, L(a.short_name))
        add(node, ORG.classification, ONS_ENTITY[a.entity_type])
        if a.la_code:
            add(node, ORG.identifier, L(a.la_code, KG.dfeLACode))
        if a.ofsted_urn:
            add(node, ORG.identifier, L(a.ofsted_urn, KG.ofstedURN))
        if a.region_gss:
            region = ONS_GEO[a.region_gss]
            add(node, KG.region, region)
            add(area, STATGEO.parentcode, region)
            if a.region:
                add(region, RDFS.label, ox.Literal(a.region, language="en"))
        if a.valid_from:
            add(node, SDO.foundingDate, L(a.valid_from))
        if a.valid_to:
            add(node, SDO.dissolutionDate, L(a.valid_to))
        for successor in a.replaced_by:
            add(node, DCTERMS.isReplacedBy, authority_iri(successor))
            add(authority_iri(successor), DCTERMS.replaces, node)
    return triples


@lru_cache(maxsize=1)
def reference_ntriples() -> bytes:
    return ox.serialize(ontology_triples() + authorities_triples(), format=ox.RdfFormat.N_TRIPLES)
