"""kg: a knowledge-graph builder for Ofsted inspections of English children's services.

Library first: ``read_document`` -> ``extract`` -> ``map_extraction`` -> ``KgStore``;
``build`` runs the whole pipeline. The ``kg`` command line (``kg.cli``) is a thin layer on top.
"""
__version__ = "0.1.0"

from .build import BuildSummary, build, extract
from .documents import Document, read_document
from .errors import DocumentError, KgError, QueryError, StoreError, ValidationFailed
from .records import (Evidence, Extraction, Finding, Inspection, Judgement, Person,
                      Recommendation)
from .store import KgStore

__all__ = [
    "BuildSummary", "Document", "DocumentError", "Evidence", "Extraction", "Finding",
    "Inspection", "Judgement", "KgError", "KgStore", "Person", "QueryError", "Recommendation",
    "StoreError", "ValidationFailed", "build", "extract", "read_document", "__version__",
]
