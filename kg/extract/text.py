"""Letters, press releases and news texts (placeholder until the text extractor lands)."""
from __future__ import annotations

from ..documents import Document
from ..records import Extraction


def extract_text(doc: Document) -> Extraction:
    return Extraction(genre="unknown")
