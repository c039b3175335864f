"""Properties of the text extractor on arbitrary input: it never raises, and every piece of
evidence quotes the document exactly (``doc.text[start:end] == quote``)."""
from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import document_from_pages, normalise
from kg.extract.findings import extract_findings
from kg.extract.text import extract_text
from kg.records import Extraction

TEXTS = Path(__file__).parent / "fixtures" / "texts"

# Words that steer the extractor into its interesting paths (names, grades, titles, bullets).
WORDS = ["Ofsted", "Ealing", "Hackney's", "Telford & Wrekin", "Kingston upon Hull City Council",
         "the council", "rated", "judged", "good", "outstanding", "inadequate",
         "requires improvement to be good", "in 2016", "when it was judged", "focused visit",
         "monitoring visit", "HMI", "Her Majesty\u2019s Inspector", "Jane Doe", "Councillor",
         "director of children's services", "caseloads", "are too high", "not always", "but",
         "however,", "although", "strategy meetings", "care leavers", "\u2022", "\n", "\n\n",
         ".", ",", ":", "\u201c", "\u201d", "\u2019", "\u00a0", "Yours sincerely", "Dear",
         "7 September 2020", "on 3 and 4 May 2021", "in May", "What needs to improve", "1."]


def doc_of(text: str, kind: str = "text"):
    return document_from_pages(Path("p.txt"), [text], text.encode("utf-8", "replace"), kind)


def check(doc, ex: Extraction) -> None:
    text = doc.text
    for insp in ex.inspections:
        evs = [insp.evidence, *(j.evidence for j in insp.judgements),
               *(p.evidence for p in insp.people), *(f.evidence for f in insp.findings)]
        for ev in evs:
            if ev is not None:
                assert 0 <= ev.start <= ev.end <= len(text)
                assert text[ev.start:ev.end] == ev.quote
        for f in insp.findings:
            assert f.polarity in ("weakness", "strength") and f.themes
    for p in ex.people:
        assert not p.is_inspector
        if p.evidence is not None:
            assert text[p.evidence.start:p.evidence.end] == p.evidence.quote


def run_both(doc) -> None:
    check(doc, extract_text(doc))
    for f in extract_findings(doc, 0, len(doc.text)):
        assert doc.text[f.evidence.start:f.evidence.end] == f.evidence.quote


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=3000))
def test_arbitrary_unicode_never_raises(text):
    run_both(doc_of(text))


@FAST
@given(st.binary(max_size=3000))
def test_bytes_decoded_with_replacement_never_raise(data):
    run_both(doc_of(data.decode("utf-8", errors="replace")))


@FAST
@given(st.lists(st.sampled_from(WORDS), max_size=120), st.sampled_from(["text", "html", "pdf"]))
def test_word_salad_of_cue_words(words, kind):
    text = " ".join(words)
    run_both(doc_of(text, kind))


@FAST
@given(st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(sorted(p.name for p in TEXTS.iterdir())))
def test_findings_in_any_range_of_a_fixture(a, b, name):
    raw = (TEXTS / name).read_text(encoding="utf-8")
    doc = doc_of(raw)
    for f in extract_findings(doc, a, b):
        assert a <= f.evidence.start and f.evidence.end <= max(a, b)
        assert doc.text[f.evidence.start:f.evidence.end] == f.evidence.quote


def test_empty_and_blank_documents():
    for text in ("", " ", "\n\n\n", "\u00a0", "\u2022", "."):
        doc = doc_of(text)
        assert extract_text(doc).inspections == ()
        assert extract_findings(doc, 0, len(doc.text)) == ()


def test_two_megabyte_text_never_raises():
    rnd = random.Random(7)
    chunks = []
    size = 0
    while size < 2_000_000:
        if rnd.random() < 0.95:
            piece = "".join(chr(rnd.randrange(0x20, 0x2FFF)) for _ in range(rnd.randrange(1, 200)))
        else:
            piece = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(1, 30)))
        chunks.append(piece)
        size += len(piece)
    text = normalise("".join(chunks))[:2_000_000]
    run_both(doc_of(text))


def test_one_very_long_line_and_many_newlines():
    run_both(doc_of("a" * 500_000))
    run_both(doc_of("\n" * 200_000 + "Ofsted rated Ealing good." + "\n" * 200_000))
