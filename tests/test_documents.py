import pytest

from kg.documents import normalise, read_document
from kg.errors import DocumentError
from kg.pdfwrite import text_to_pdf


def test_utf8_text_is_read_with_one_page(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("Ofsted visited Exampleton’s children’s services.\n", encoding="utf-8")
    doc = read_document(p)
    assert doc.kind == "text" and doc.page_count == 1 and "Exampleton’s" in doc.text
    assert len(doc.sha256) == 64 and doc.notes == ()


def test_cp1252_text_falls_back_and_says_so(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("The council’s response".encode("cp1252"))
    doc = read_document(p)
    assert "council’s" in doc.text
    assert any("cp1252" in n for n in doc.notes)


def test_html_keeps_visible_text_only(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><style>p{}</style><script>alert(1)</script></head>"
                 "<body><h1>Title</h1><p>First&nbsp;para</p><ul><li>item</li></ul></body></html>")
    doc = read_document(p)
    assert "alert" not in doc.text and "Title" in doc.text and "First para" in doc.text
    assert "• item" in doc.text


def test_html_page_saved_as_pdf_is_named_not_a_pdf(tmp_path):
    p = tmp_path / "report_2012-10-19.pdf"
    p.write_text("<!DOCTYPE html><html><title>Report not found</title></html>")
    with pytest.raises(DocumentError) as e:
        read_document(p)
    assert "report_2012-10-19.pdf" in str(e.value) and "not a PDF" in str(e.value)


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"%PDF-1.4 garbage", "corrupt PDF"),
                                             (b"\x00\x01binary", "not a PDF")])
def test_bad_pdfs_give_one_clear_reason(tmp_path, content, reason):
    p = tmp_path / "bad.pdf"
    p.write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        read_document(p)


def test_unsupported_suffix_is_refused(tmp_path):
    p = tmp_path / "grades.xlsx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(DocumentError, match="unsupported file type"):
        read_document(p)


def test_pdf_pages_and_offsets(tmp_path):
    p = text_to_pdf("First page line\n\fSecond page line", tmp_path / "two.pdf")
    doc = read_document(p)
    assert doc.page_count == 2
    assert doc.page_of(doc.text.index("Second")) == 2 and doc.page_of(0) == 1
    assert doc.page_text(2).startswith("Second page line")


def test_normalise_maps_pdf_quirks():
    assert normalise("a\r\nb") == "a\nb"
    assert normalise("High\x02quality") == "High-quality"
    assert normalise("\uf06e point\u00a0here") == "• point here"


def test_image_bytes_named_txt_are_binary_but_a_stray_nul_in_a_letter_is_not(tmp_path):
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    with pytest.raises(DocumentError, match="binary data"):
        read_document(image)
    letter = tmp_path / "letter.txt"
    letter.write_bytes(b"Ofsted visited the council.\x00\nLeaders know their services well.\n")
    assert read_document(letter).text == "Ofsted visited the council.\nLeaders know their services well.\n"


def test_page_limit_refuses_before_reading_text(tmp_path):
    p = text_to_pdf("One\fTwo\fThree", tmp_path / "three.pdf")
    assert read_document(p, max_pages=3).page_count == 3
    with pytest.raises(DocumentError, match="3 pages, over the limit of 2"):
        read_document(p, max_pages=2)


def test_byte_limit_refuses_a_file_that_is_larger(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("x" * 101)
    assert read_document(p, max_bytes=101).text == "x" * 101 + "\n"
    with pytest.raises(DocumentError, match="file is 101 bytes, over the limit of 100 bytes"):
        read_document(p, max_bytes=100)
