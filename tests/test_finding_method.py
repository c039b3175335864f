"""Each finding says which rule or method produced it: Finding.method -> kg:extractedBy."""
from __future__ import annotations

import dataclasses

from conftest import sample_document, sample_extraction

from kg.mapping import map_extraction
from rdflib import Namespace

from kg import vocab

KG = Namespace(vocab.KG)  # rdflib terms, for rdflib graphs


def test_finding_method_is_mapped_as_extracted_by():
    doc = sample_document()
    ex = sample_extraction(doc)
    insp = ex.inspections[0]
    finding = dataclasses.replace(insp.findings[0], method="rule:contrast")
    ex = dataclasses.replace(ex, inspections=(dataclasses.replace(insp, findings=(finding,)),))
    triples = map_extraction(doc, ex)
    got = [t.object.value for t in triples if t.predicate.value == str(KG["extractedBy"])]
    assert got == ["rule:contrast"]


def test_finding_without_a_method_gets_no_extracted_by_triple():
    doc = sample_document()
    triples = map_extraction(doc, sample_extraction(doc))
    assert not [t for t in triples if t.predicate.value == str(KG["extractedBy"])]
