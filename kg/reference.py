"""The reference graph: ontology, SKOS schemes, SHACL-free vocabulary and the authorities
table, loaded into one named graph so queries can use labels, codes and regions."""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, SKOS, XSD

from .authorities import all_authorities
from .resources import ontology_dir
from .vocab import KG, ONS_ENTITY, ONS_GEO, PREFIXES, STATENT, STATGEO, authority_iri

ONTOLOGY_FILES = ("kg.ttl", "schemes.ttl", "themes.ttl")


def ontology_graph() -> Graph:
    g = Graph()
    for name in ONTOLOGY_FILES:
        g.parse(ontology_dir() / name, format="turtle")
    return g


def authorities_graph() -> Graph:
    """Each council as an org:FormalOrganization minted under kg's base with its GSS code,
    linked to the ONS statistical-geography IRI of its area and its region."""
    g = Graph()
    for a in all_authorities():
        node, area = authority_iri(a.gss), ONS_GEO[a.gss]
        g.add((node, RDF.type, KG.LocalAuthority))
        g.add((node, SKOS.prefLabel, Literal(a.name, lang="en")))
        g.add((node, RDFS.label, Literal(a.short_name, lang="en")))
        g.add((node, SKOS.notation, Literal(a.gss)))
        g.add((node, SDO.name, Literal(a.short_name)))
        for alias in a.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        g.add((node, DCTERMS.spatial, area))
        g.add((area, STATENT.code, ONS_ENTITY[a.entity_type]))
        g.add((area, SKOS.notation, Literal(a.gss)))
        g.add((area, STATGEO.officialname, Literal(a.short_name)))
        g.add((node, ORG.classification, ONS_ENTITY[a.entity_type]))
        if a.la_code:
            g.add((node, ORG.identifier, Literal(a.la_code, datatype=KG.dfeLACode)))
        if a.ofsted_urn:
            g.add((node, ORG.identifier, Literal(a.ofsted_urn, datatype=KG.ofstedURN)))
        if a.region_gss:
            region = ONS_GEO[a.region_gss]
            g.add((node, KG.region, region))
            g.add((area, STATGEO.parentcode, region))
            if a.region:
                g.add((region, RDFS.label, Literal(a.region, lang="en")))
        if a.valid_from:
            g.add((node, SDO.foundingDate, Literal(a.valid_from.isoformat(), datatype=XSD.date)))
        if a.valid_to:
            g.add((node, SDO.dissolutionDate, Literal(a.valid_to.isoformat(), datatype=XSD.date)))
        for successor in a.replaced_by:
            g.add((node, DCTERMS.isReplacedBy, authority_iri(successor)))
            g.add((authority_iri(successor), DCTERMS.replaces, node))
    return g


@lru_cache(maxsize=1)
def reference_ntriples() -> str:
    g = ontology_graph() + authorities_graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g.serialize(format="nt")
