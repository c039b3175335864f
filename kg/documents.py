"""Reading source files into :class:`Document` objects (PDF, plain text, Markdown, HTML).

A Document keeps the normalised text, where each page starts, the SHA-256 of the file's bytes
(the document's identity) and the file name. Offsets in every :class:`kg.records.Evidence`
refer to ``Document.text``.
"""
from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .errors import DocumentError

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES

# Private-use bullet glyphs that PDF text layers emit (U+F06E, U+F02D, U+F0A7, ...), and
# other bullet characters, become one plain bullet so extractors see a single form.
_BULLETS = re.compile("[\uf000-\uf0ff\u25aa\u25fc\u25a0\u2023\u2043\u25e6\u2219\u25cf]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")


@dataclass(frozen=True)
class Document:
    """Text of one source file with its page boundaries and content hash."""

    path: Path
    sha256: str
    kind: str  # "pdf" | "text" | "html"
    text: str
    page_starts: tuple[int, ...] = (0,)
    notes: tuple[str, ...] = field(default=())  # e.g. "decoded as cp1252"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def page_count(self) -> int:
        return len(self.page_starts)

    def page_of(self, offset: int) -> int:
        """1-based page number of a character offset."""
        return max(1, bisect_right(self.page_starts, offset))

    def page_text(self, page: int) -> str:
        start = self.page_starts[page - 1]
        end = self.page_starts[page] if page < len(self.page_starts) else len(self.text)
        return self.text[start:end]

    @property
    def pages(self) -> list[str]:
        return [self.page_text(i + 1) for i in range(self.page_count)]


def normalise(text: str) -> str:
    """Unify line ends, hyphen markers, bullets and odd spaces without changing meaning."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
    text = _BULLETS.sub("•", text)
    text = _SPACES.sub(" ", text)
    text = _ZERO_WIDTH.sub("", text)
    return text


def document_from_pages(path: Path | str, pages: list[str], data: bytes, kind: str,
                        notes: tuple[str, ...] = ()) -> Document:
    """Join page texts (each ending in a newline) and remember where each page starts."""
    starts, parts, pos = [], [], 0
    for page in pages:
        page = normalise(page)
        if not page.endswith("\n"):
            page += "\n"
        starts.append(pos)
        parts.append(page)
        pos += len(page)
    return Document(Path(path), hashlib.sha256(data).hexdigest(), kind, "".join(parts),
                    tuple(starts) or (0,), notes)


def read_document(path: Path | str) -> Document:
    """Read one file; raise :class:`DocumentError` naming the file and the problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(path, f"cannot read file: {e.strerror or e}") from None
    suffix = path.suffix.lower()
    if not data.strip():
        raise DocumentError(path, "file is empty")
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data)
    if suffix in HTML_SUFFIXES:
        text, notes = _decode(path, data)
        return document_from_pages(path, [html_to_text(text)], data, "html", notes)
    if suffix in TEXT_SUFFIXES:
        text, notes = _decode(path, data)
        return document_from_pages(path, [text], data, "text", notes)
    raise DocumentError(path, f"unsupported file type {suffix or '(none)'}",
                        "kg reads .pdf, .txt, .md and .html files")


def _decode(path: Path, data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise DocumentError(path, "binary data, not text")
    return data.decode("cp1252", errors="replace"), ("not valid UTF-8; decoded as cp1252",)


def _read_pdf(path: Path, data: bytes) -> Document:
    if not data.startswith(b"%PDF-"):
        head = data[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise DocumentError(path, "not a PDF: the file is an HTML page",
                                "probably a saved web page such as 'Report not found'")
        raise DocumentError(path, "not a PDF: the file does not start with %PDF-")
    import pypdfium2 as pdfium  # heavy import, only when a PDF is read

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:  # pdfium raises PdfiumError with a terse message
        raise DocumentError(path, f"corrupt PDF: {e}") from None
    pages: list[str] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    except Exception as e:
        raise DocumentError(path, f"corrupt PDF (page {len(pages) + 1}): {e}") from None
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        raise DocumentError(path, "PDF has no text layer", "scanned PDFs need OCR first")
    return document_from_pages(path, pages, data, "pdf")


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page with block elements on their own lines."""

    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "header", "footer", "ul", "ol", "table", "blockquote", "title"}
    _SKIP = {"script", "style", "noscript", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # malformed markup: fall back to stripping tags
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip() + "\n"
