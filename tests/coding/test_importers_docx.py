"""Word (.docx) text extraction, including hostile and broken files."""
from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from coding.base.errors import InputError
from coding.exchange import zipguard
from coding.exchange.importers.docx_reader import read_docx_text

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_paragraphs_line_breaks_tabs_and_emoji(tmp_path):
    document = docx.Document()
    document.add_paragraph("Interview 3 – Kommune A")
    p = document.add_paragraph("I: Grüße ")
    p.add_run("fett").bold = True
    p.add_run().add_break()
    p.add_run("zweite Zeile\tmit Tab 🏘️ 👩‍👩‍👧")
    document.add_paragraph("")
    document.add_paragraph("B: Straße")
    document.sections[0].header.paragraphs[0].text = "Kopfzeile wird nicht gelesen"
    path = tmp_path / "interview.docx"
    document.save(str(path))
    assert read_docx_text(path) == (
        "Interview 3 – Kommune A\nI: Grüße fett\nzweite Zeile\tmit Tab 🏘️ 👩‍👩‍👧\n\nB: Straße"
    )


def test_tables_are_read_in_document_order_row_by_row(tmp_path):
    document = docx.Document()
    document.add_paragraph("vor der Tabelle")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Funktion"
    table.cell(0, 2).text = "Ort"
    table.cell(0, 2).add_paragraph("zweiter Absatz")
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "verbunden"
    table.cell(1, 2).add_table(rows=1, cols=2).cell(0, 1).text = "innen"
    document.add_paragraph("nach der Tabelle")
    path = tmp_path / "tabelle.docx"
    document.save(str(path))
    assert read_docx_text(path) == (
        "vor der Tabelle\nName\tFunktion\tOrt zweiter Absatz\nverbunden\tinnen\nnach der Tabelle"
    )


def test_tracked_changes_hyperlinks_fields_and_text_boxes(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Alt")
    p._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="x"><w:r><w:t xml:space="preserve"> neu</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="x"><w:r><w:delText> weg</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(
        f'<w:hyperlink {W_NS}><w:r><w:t xml:space="preserve"> Link</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(
        f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W_NS}><w:instrText> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W_NS}><w:t xml:space="preserve"> 7</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>'))
    p._p.append(parse_xml(
        f'<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        '<w:txbxContent><w:p><w:r><w:t>Textfeld</w:t></w:r></w:p></w:txbxContent>'
        '</v:textbox></v:shape></w:pict></w:r>'))
    sdt = parse_xml(f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>im Steuerelement</w:t></w:r></w:p>'
                    '</w:sdtContent></w:sdt>')
    document.element.body.insert(1, sdt)
    path = tmp_path / "spezial.docx"
    document.save(str(path))
    assert read_docx_text(path) == "Alt neu Link 7\nim Steuerelement"


def test_text_is_normalised_to_nfc(tmp_path):
    path = make_docx(tmp_path / "nfd.docx", "Mu\u0308ller", "Gru\u0308ße")
    assert read_docx_text(path) == "M\u00fcller\nGr\u00fc\u00dfe"


def test_empty_document_gives_empty_text(tmp_path):
    assert read_docx_text(make_docx(tmp_path / "leer.docx")) == ""


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "kaputt.docx"
    path.write_bytes(os.urandom(4096).replace(b"PK", b"pk"))
    with pytest.raises(InputError, match=r"^kaputt\.docx: not a Word \.docx file"):
        read_docx_text(path)


def test_old_word_doc_gets_a_hint(tmp_path):
    path = tmp_path / "alt.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match=r"old Word \.doc file.*save it as \.docx"):
        read_docx_text(path)


def test_truncated_docx(tmp_path):
    good = make_docx(tmp_path / "gut.docx", "Hallo").read_bytes()
    path = tmp_path / "abgeschnitten.docx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match=r"^abgeschnitten\.docx: "):
        read_docx_text(path)


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "archiv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    with pytest.raises(InputError, match=r"^archiv\.docx: a zip archive, but not a Word file"):
        read_docx_text(path)


def test_zip_with_content_types_but_no_document(tmp_path):
    path = tmp_path / "halb.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    with pytest.raises(InputError, match=r"^halb\.docx: cannot read this Word file"):
        read_docx_text(path)


def test_broken_document_xml(tmp_path):
    source = make_docx(tmp_path / "gut.docx", "Hallo")
    path = tmp_path / "xml.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"<w:document><unclosed>" if info.filename == "word/document.xml" else data)
    with pytest.raises(InputError, match=r"^xml\.docx: cannot read this Word file"):
        read_docx_text(path)


def _docx_with_extra_part(tmp_path: Path, name: str, data: bytes) -> Path:
    path = make_docx(tmp_path / name, "Hallo")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/bomb.bin", data)
    return path


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = _docx_with_extra_part(tmp_path, "bombe.docx", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match=r"^bombe\.docx: part word/media/bomb\.bin is compressed more than 100:1"):
        read_docx_text(path)


def test_oversized_part_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(zipguard, "MAX_PART_BYTES", 1024 * 1024)
    path = _docx_with_extra_part(tmp_path, "gross.docx", os.urandom(2 * 1024 * 1024))
    with pytest.raises(InputError, match=r"would unpack to 2 MB; refusing \(limit 1 MB\)"):
        read_docx_text(path)


def test_oversized_total_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(zipguard, "MAX_TOTAL_BYTES", 1024 * 1024)
    path = _docx_with_extra_part(tmp_path, "summe.docx", os.urandom(1024 * 1024))
    with pytest.raises(InputError, match=r"^summe\.docx: would unpack to 1 MB; refusing \(limit 1 MB\)"):
        read_docx_text(path)


def test_part_lying_about_its_size_is_caught(tmp_path):
    real_size = 3_000_017
    path = _docx_with_extra_part(tmp_path, "luege.docx", (b"Andock " * real_size)[:real_size])
    data = path.read_bytes()
    packed = struct.pack("<I", real_size)
    assert data.count(packed) == 2  # local header and central directory
    path.write_bytes(data.replace(packed, struct.pack("<I", 1000)))
    with pytest.raises(InputError, match=r"^luege\.docx: damaged or unsupported Word file"):
        read_docx_text(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match=r"^fehlt\.docx: cannot read file"):
        read_docx_text(tmp_path / "fehlt.docx")
    (tmp_path / "ordner.docx").mkdir()
    with pytest.raises(InputError, match=r"^ordner\.docx: cannot read file"):
        read_docx_text(tmp_path / "ordner.docx")


def test_damaged_bytes_anywhere_give_input_error_or_text(tmp_path):
    """Flip bytes of a real .docx in many places: the reader either reads it or says why not."""
    import random

    good = make_docx(tmp_path / "gut.docx", "Hallo Welt", "I: Frage?", "B: Antwort.").read_bytes()
    rng = random.Random(20240312)
    for attempt in range(150):
        data = bytearray(good)
        for _ in range(rng.choice([1, 3, 20])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"mutant{attempt}.docx"
        path.write_bytes(bytes(data))
        try:
            text = read_docx_text(path)
        except InputError as exc:
            assert str(exc).startswith(path.name + ": ") and "\n" not in str(exc)
        else:
            assert isinstance(text, str)
