"""Regenerate the example report PDFs from the invented texts in tests/fixtures/example-reports/.

    .venv/bin/python examples/make_pdfs.py

The texts are written for kg's documentation in the layout of Ofsted ILACS reports; a line
holding only \\f starts a new page.
"""
from pathlib import Path

from kg.pdfwrite import text_to_pdf

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent / "tests" / "fixtures" / "example-reports"

for src in sorted(SOURCES.glob("*.txt")):
    text = src.read_text(encoding="utf-8").replace("\n\\f\n", "\n\f\n")
    out = text_to_pdf(text, HERE / "reports" / (src.stem + ".pdf"))
    print("wrote", out.relative_to(HERE))
