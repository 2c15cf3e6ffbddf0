"""read_document: real files of every supported kind, encodings, and every refusal."""
from __future__ import annotations

import codecs

import docx
import pytest

from coding.base.errors import InputError
from coding.exchange.importers.model import TimeAnchor, Turn
from coding.exchange.importers.reader import SUPPORTED_SUFFIXES, read_document
from coding.exchange.importers.transcript import parse_transcript, to_f4_text

F4 = (
    "I: Wie sind Sie nach Kassel gekommen? #00:00:04-2#\n"
    "\n"
    "B: Über Freunde 🏘️, die schon hier waren. (lacht) #00:00:11-8#\n"
    "\n"
    "I: Und Ihre Familie 👩‍👩‍👧? #00:00:14-0#\n"
    "\n"
    "B: Die kam später. Straße, Größe, Übung. #00:00:20-5#\n"
)
EXPECTED = (
    "I: Wie sind Sie nach Kassel gekommen?\n\n"
    "B: Über Freunde 🏘️, die schon hier waren. (lacht)\n\n"
    "I: Und Ihre Familie 👩‍👩‍👧?\n\n"
    "B: Die kam später. Straße, Größe, Übung."
)


def check_f4(doc):
    assert doc.kind == "transcript"
    assert doc.text == EXPECTED
    assert [t.speaker for t in doc.turns] == ["I", "B", "I", "B"]
    t = doc.text
    assert doc.anchors == [
        TimeAnchor(t.find("gekommen?") + 9, 4_200),
        TimeAnchor(t.find("(lacht)") + 7, 11_800),
        TimeAnchor(t.find("👩‍👩‍👧?") + 6, 14_000),
        TimeAnchor(len(t), 20_500),
    ]
    assert [a.position for a in doc.anchors] == [turn.end for turn in doc.turns]


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".docx", ".srt", ".vtt")


@pytest.mark.parametrize("name", ["interview.txt", "INTERVIEW.TXT", "Interview.Txt"])
def test_f4_txt_utf8(tmp_path, name):
    path = tmp_path / name
    path.write_text(F4, encoding="utf-8")
    check_f4(read_document(path))


def test_f4_txt_crlf_and_utf8_bom(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(codecs.BOM_UTF8 + F4.replace("\n", "\r\n").encode("utf-8"))
    check_f4(read_document(path))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_f4_txt_utf16_and_utf32_with_bom(tmp_path, codec):
    path = tmp_path / f"{codec}.txt"
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[codec]
    path.write_bytes(bom + F4.replace("\n", "\r\n").encode(codec))
    check_f4(read_document(path))


def test_cp1252_is_refused_without_encoding_and_read_with_it(tmp_path):
    path = tmp_path / "alt.txt"
    path.write_bytes("I: Grüße aus der Straße\r\nB: Schön – danke\r\n".encode("cp1252"))
    with pytest.raises(InputError, match=r"^alt\.txt: not UTF-8.*--encoding cp1252"):
        read_document(path)
    doc = read_document(path, encoding="cp1252")
    assert doc.text == "I: Grüße aus der Straße\n\nB: Schön – danke"
    assert doc.turns == [Turn(0, 23, "I"), Turn(25, 25 + len("B: Schön – danke"), "B")]


def test_nfd_txt_becomes_nfc_and_positions_follow(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text("B: Mu\u0308ller und Gro\u0308ße #00:00:02-0#\nI: u\u0308berall", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "B: M\u00fcller und Gr\u00f6\u00dfe\n\nI: \u00fcberall"
    assert doc.anchors == [TimeAnchor(doc.text.find("\n"), 2_000)]


def test_plain_text_is_kept_exactly(tmp_path):
    text = "Protokoll Workshop Kassel\r\n\r\nHinweis: Teilnehmende  aus 12 Kommunen.\r\nZiel: Austausch 🏘️\r\n"
    path = tmp_path / "protokoll.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = read_document(path)
    assert doc.kind == "text"
    assert doc.text == text.replace("\r\n", "\n")
    assert doc.turns == [] and doc.anchors == [] and doc.warnings == []


def test_docx_transcript(tmp_path):
    document = docx.Document()
    for paragraph in F4.split("\n"):
        document.add_paragraph(paragraph)
    path = tmp_path / "interview.docx"
    document.save(str(path))
    check_f4(read_document(path))


def test_docx_transcript_without_blank_paragraphs_or_stamps(tmp_path):
    document = docx.Document()
    for paragraph in ["Interview 12", "I: Frage eins?", "B: Antwort.", "I: Frage zwei?", "B: Ja."]:
        document.add_paragraph(paragraph)
    path = tmp_path / "kurz.DOCX"
    document.save(str(path))
    doc = read_document(path, encoding="cp1252")  # encoding only matters for text files
    assert doc.text == "Interview 12\n\nI: Frage eins?\n\nB: Antwort.\n\nI: Frage zwei?\n\nB: Ja."
    assert [t.speaker for t in doc.turns] == ["I", "B", "I", "B"]


def test_docx_plain_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("Strategiepapier")
    document.add_paragraph("Fazit: Die Kommune plant ein Ankunftszentrum.")
    path = tmp_path / "papier.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.kind == "text"
    assert doc.text == "Strategiepapier\nFazit: Die Kommune plant ein Ankunftszentrum."


def test_srt_and_vtt_files(tmp_path):
    srt = tmp_path / "untertitel.SRT"
    srt.write_bytes(codecs.BOM_UTF8 + b"1\r\n00:00:01,000 --> 00:00:02,000\r\nI: Gr\xc3\xbc\xc3\x9fe\r\n")
    doc = read_document(srt)
    assert (doc.kind, doc.text, doc.anchors) == (
        "transcript", "I: Grüße", [TimeAnchor(3, 1_000), TimeAnchor(8, 2_000)])
    vtt = tmp_path / "untertitel.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v B>Tschüß 👩‍👩‍👧\n", encoding="utf-16")
    doc = read_document(vtt)
    assert doc.text == "B: Tschüß 👩‍👩‍👧"
    assert doc.turns == [Turn(0, len(doc.text), "B")]


def test_f4_file_written_back_reads_the_same(tmp_path):
    doc = read_document(_write(tmp_path / "a.txt", F4))
    again = read_document(_write(tmp_path / "b.txt", to_f4_text(doc)))
    assert again == doc == parse_transcript(to_f4_text(doc))


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["bericht.pdf", "bericht.odt", "bericht.doc", "bericht.rtf", "notizen.md", "README"])
def test_unsupported_suffix_names_the_supported_ones(tmp_path, name):
    path = _write(tmp_path / name, "I: a\nB: b")
    with pytest.raises(InputError, match=rf"^{name}: cannot import .*supported are \.txt, \.docx, \.srt, \.vtt"):
        read_document(path)


def test_unsupported_suffix_hint_for_old_word(tmp_path):
    with pytest.raises(InputError, match=r"save it as \.docx"):
        read_document(_write(tmp_path / "alt.doc", "x"))


@pytest.mark.parametrize("name", ["leer.txt", "leer.srt", "leer.vtt"])
@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n", codecs.BOM_UTF8])
def test_empty_files_contain_no_text(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{name}: contains no text$"):
        read_document(path)


def test_empty_docx_and_subtitles_without_text(tmp_path):
    path = tmp_path / "leer.docx"
    docx.Document().save(str(path))
    with pytest.raises(InputError, match=r"^leer\.docx: contains no text$"):
        read_document(path)
    vtt = _write(tmp_path / "nur-kopf.vtt", "WEBVTT\n\nNOTE nichts\n")
    with pytest.raises(InputError, match=r"^nur-kopf\.vtt: contains no text$"):
        read_document(vtt)


def test_parse_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match=r"^kaputt\.srt: line 2: malformed time line"):
        read_document(_write(tmp_path / "kaputt.srt", "1\n00:00:01 -> 00:00:02\nText\n"))
    with pytest.raises(InputError, match=r"^zeit\.txt: line 1: invalid timestamp #00:99:00-0#"):
        read_document(_write(tmp_path / "zeit.txt", "I: a #00:99:00-0#\nB: b"))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"^fehlt\.txt: cannot read file"):
        read_document(tmp_path / "fehlt.txt")


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "bild.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"^bild\.txt: "):
        read_document(path)
