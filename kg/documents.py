"""Reading source files into :class:`Document` objects (PDF, plain text, Markdown, HTML).

A Document keeps the normalised text, where each page starts, the SHA-256 of the file's bytes
(the document's identity) and the file name. Offsets in every :class:`kg.records.Evidence`
refer to ``Document.text``.
"""
from __future__ import annotations

import codecs
import hashlib
import html
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .errors import DocumentError, printable

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES

# Private-use bullet glyphs that PDF text layers emit (U+F06E, U+F02D, U+F0A7, ...), and
# other bullet characters, become one plain bullet so extractors see a single form.
_BULLETS = re.compile("[\uf000-\uf0ff\u25aa\u25fc\u25a0\u2023\u2043\u25e6\u2219\u25cf]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
# Controls that are not line structure (C0 but tab and newline, DEL, C1), lone surrogates and
# the non-characters U+FFFE/U+FFFF: meaningless in prose, ill-formed in XML, and escape
# sequences on a terminal. Vertical tab and form feed still separate lines.
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


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
    """Unify line ends, hyphen markers, bullets and odd spaces without changing meaning, and
    drop control characters. Runs before any offset is taken, so evidence spans stay exact."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
    text = _BULLETS.sub("•", text)
    text = _SPACES.sub(" ", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROLS.sub("", text)


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


def read_document(path: Path | str, *, max_bytes: int | None = None,
                  max_pages: int | None = None) -> Document:
    """Read one file; raise :class:`DocumentError` naming the file and the problem.

    ``max_bytes`` refuses a larger file before it is read in full; ``max_pages`` refuses a PDF
    with more pages before any text is extracted (either is unlimited when None)."""
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    if not data.strip():
        raise DocumentError(path, "file is empty")
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data, max_pages)
    if suffix in HTML_SUFFIXES:
        text, notes = decode_text(path, data)
        return document_from_pages(path, [html_to_text(text)], data, "html", notes)
    if suffix in TEXT_SUFFIXES:
        text, notes = decode_text(path, data)
        return document_from_pages(path, [text], data, "text", notes)
    raise DocumentError(path, f"unsupported file type {printable(suffix) or '(none)'}",
                        "kg reads .pdf, .txt, .md and .html files")


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes, reading at most one byte past the limit (a size from ``stat`` can
    lie for special files), and never opening something that would block, such as a FIFO."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(path, "not a regular file")
        if max_bytes is not None and st.st_size > max_bytes:
            raise DocumentError(path, f"file is {_size(st.st_size)}, over the limit of "
                                      f"{_size(max_bytes)} per document; not read")
        with path.open("rb") as f:
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    except OSError as e:
        raise DocumentError(path, f"cannot read file: {e.strerror or e}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise DocumentError(path, f"file is over the limit of {_size(max_bytes)} per document; "
                                  "not read")
    return data


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


# ------------------------------------------------------------------ text encodings

_BOMS = (  # longest first: the UTF-32LE mark begins with the UTF-16LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(path: Path | str, data: bytes) -> tuple[str, tuple[str, ...]]:
    """Text of a file and notes for people on how it was decoded.

    A byte-order mark decides; without one, UTF-16 shows as NUL bytes in every other place;
    then UTF-8, replacing only bytes that are not UTF-8 (and counting them); cp1252 only when
    the bytes hold no UTF-8 at all. Data thick with NULs and control bytes is binary."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_strict_or_replace(data[len(bom):], codec, ())
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_strict_or_replace(data, utf16, (f"no byte-order mark; decoded as {utf16}",))
    if _looks_binary(data[:4096]):
        raise DocumentError(path, "binary data, not text")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    if good >= bad:
        text = re.sub("[\udc80-\udcff]", "\ufffd", text)
        return text, (f"{bad} byte(s) that are not UTF-8 replaced with \ufffd",)
    return data.decode("cp1252", errors="replace"), ("not valid UTF-8; decoded as cp1252",)


_BINARY_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")


def _looks_binary(sample: bytes) -> bool:
    """More than 2% NULs and other control bytes: no text is like that, images and archives
    are. A stray control character in a letter is dropped later, not a reason to refuse it."""
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls * 50 > len(sample)


def _decode_strict_or_replace(data: bytes, codec: str, notes: tuple[str, ...]
                              ) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode(codec), notes
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return text, notes + (f"{text.count(chr(0xFFFD))} damaged {codec} sequence(s) replaced "
                              "with \ufffd",)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NULs sit mostly in odd/even places (Latin text in UTF-16),
    else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd > 0.3 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "utf-16-be"
    return None


# ------------------------------------------------------------------ PDF

def _read_pdf(path: Path, data: bytes, max_pages: int | None = None) -> Document:
    if not data.startswith(b"%PDF-"):
        head = data[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise DocumentError(path, "not a PDF: the file is an HTML page",
                                "probably a saved web page such as 'Report not found'")
        raise DocumentError(path, "not a PDF: the file does not start with %PDF-")
    import pypdfium2 as pdfium  # heavy import, only when a PDF is read
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:  # terse message; the error code says what is wrong
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocumentError(path, "encrypted PDF: it needs a password to open",
                                "save an unprotected copy to build from it") from None
        raise DocumentError(path, f"corrupt PDF: {e}") from None
    except Exception as e:
        raise DocumentError(path, f"corrupt PDF: {e}") from None
    pages: list[str] = []
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise DocumentError(path, f"PDF has {len(pdf)} pages, over the limit of {max_pages} "
                                      "per document; not read")
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    except DocumentError:
        raise
    except Exception as e:
        raise DocumentError(path, f"corrupt PDF (page {len(pages) + 1}): {e}") from None
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        raise DocumentError(path, "PDF has no text layer", "scanned PDFs need OCR first")
    return document_from_pages(path, pages, data, "pdf")


# ------------------------------------------------------------------ HTML

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
