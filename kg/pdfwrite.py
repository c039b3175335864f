"""A tiny PDF writer for invented example and test documents (text only, Helvetica).

kg reads PDFs; to ship examples and fixtures without copying real reports we write our own
small PDFs. Lines longer than the page are not wrapped: callers pass lines ready to print.
"""
from __future__ import annotations

from pathlib import Path

_PAGE_W, _PAGE_H, _MARGIN, _LEADING, _SIZE = 595, 842, 56, 14, 10


def _escape(line: str) -> bytes:
    data = line.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A valid PDF with one page per list of lines."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # placeholder id, filled after the pages
    kids = []
    for lines in pages:
        ops = [b"BT", f"/F1 {_SIZE} Tf {_LEADING} TL {_MARGIN} {_PAGE_H - _MARGIN} Td".encode()]
        for line in lines:
            ops.append(b"(" + _escape(line) + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, _PAGE_W, _PAGE_H, content, font)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
               + b"] /Count %d >>" % len(kids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    return bytes(out)


def text_to_pdf(text: str, path: Path | str, lines_per_page: int = 52) -> Path:
    """Write ``text`` as a PDF; a form feed (\\f) forces a new page."""
    pages: list[list[str]] = []
    for chunk in text.split("\f"):
        lines = chunk.strip("\n").split("\n")
        for i in range(0, max(1, len(lines)), lines_per_page):
            pages.append(lines[i:i + lines_per_page])
    path = Path(path)
    path.write_bytes(pdf_bytes(pages))
    return path
