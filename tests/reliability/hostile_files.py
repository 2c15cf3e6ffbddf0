"""Hostile and clumsy input files for tests/reliability/test_hostile_inputs.py, made from scratch.

Every builder writes one real file into a folder and returns its path. The Office files start
from a small, valid document (so a reader that skips the hostile part would import something,
which the tests would notice) and change one thing about it.
"""
from __future__ import annotations

import io
import random
import shutil
import sqlite3
import struct
import wave
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A guide-like body: a numbered heading and a question, so both the transcript importer and the
# guide reader would find something to take if they skipped the hostile part.
_BODY = ('<w:p><w:r><w:t>1. Wohnen und Nachbarschaft</w:t></w:r></w:p>'
         '<w:p><w:r><w:t>I: Wie wohnen Sie heute, Frau Öztürk? Straße, Größe, 🏘️</w:t></w:r></w:p>')


def document_xml(body: str = _BODY, doctype: str = "") -> bytes:
    """A ``word/document.xml`` with ``body`` (and an optional DOCTYPE, which Word never writes)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>').encode("utf-8")


def _valid_docx_parts() -> dict[str, bytes]:
    """The parts of a small valid DOCX written by python-docx."""
    document = docx.Document()
    document.add_paragraph("1. Wohnen und Nachbarschaft")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_file(path: Path, replace: dict[str, bytes | None] | None = None) -> Path:
    """A DOCX whose parts are python-docx's with ``replace`` applied (``None`` removes a part)."""
    parts = _valid_docx_parts()
    parts["word/document.xml"] = document_xml()
    for name, data in (replace or {}).items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def billion_laughs_xml(levels: int = 10) -> bytes:
    """A document.xml whose one entity expands to 10**levels 'lol's (a few GB)."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    doctype = f"<!DOCTYPE w:document [{''.join(entities)}]>\n"
    body = _BODY + f"<w:p><w:r><w:t>&lol{levels - 1};</w:t></w:r></w:p>"
    return document_xml(body, doctype)


def xxe_xml(target: str = "/etc/passwd") -> bytes:
    """A document.xml that asks the parser to paste a local file into the text."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>\n'
    return document_xml(_BODY + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype)


def lying_zip(source: Path, target: Path, part: str, padding_mb: int = 64) -> Path:
    """Copy a zip, padding ``part`` with blanks that its headers do not mention (size and CRC lie)."""
    with zipfile.ZipFile(source) as src, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != part:
                dst.writestr(info.filename, data)
                continue
            real, padded_info = data, zipfile.ZipInfo(part)
            padded_info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(padded_info, "w") as out:
                out.write(real)
                blanks = b" " * (1 << 20)
                for _ in range(padding_mb):
                    out.write(blanks)
    padded = len(real) + padding_mb * (1 << 20)
    blob = target.read_bytes()
    with zipfile.ZipFile(target) as check:
        padded_crc = check.getinfo(part).CRC
    for wrong, right in ((padded, len(real)), (padded_crc, zlib.crc32(real))):
        packed = struct.pack("<I", wrong)
        assert blob.count(packed) == 2  # local header and central directory
        blob = blob.replace(packed, struct.pack("<I", right))
    target.write_bytes(blob)
    return target


def xlsx_file(path: Path, rows: list[list[object]]) -> Path:
    """A real workbook with ``rows`` on its first sheet."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def xlsx_ratio_bomb(path: Path, padding_mb: int = 60) -> Path:
    """A workbook whose (honest) sheet part unpacks 1000:1 to ``padding_mb`` MB of blanks."""
    source = xlsx_file(path.with_name("bomb_source.xlsx"), [["Dokument", "Alter"], ["K01_Sozialamt", 54]])
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (padding_mb << 20), 1)
            dst.writestr(info.filename, data)
    source.unlink()
    return path


def random_bytes(path: Path, size: int = 64 * 1024, seed: int = 9) -> Path:
    """``size`` reproducible random bytes (not a header of any format)."""
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def silent_wav(path: Path, seconds: float = 1.0, rate: int = 16000) -> Path:
    """A valid mono 16-bit WAV of silence."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * int(seconds * rate))
    return path


MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


# --- DOCX damage -----------------------------------------------------------------------------

EVIL_NAME = "evil-andock-hostile.txt"  # the zip-slip member's file name, looked for afterwards
BROKEN_XML = document_xml("<w:p><w:r><w:t>Wohnen</w:r></w:p>")  # </w:t> missing


def not_a_docx(path: Path) -> Path:
    """A text file named .docx."""
    path.write_text("Das ist kein Word-Dokument, nur Text. Größe, Straße 🏘️\n", encoding="utf-8")
    return path


def docx_without_document(path: Path) -> Path:
    """A zip with every DOCX part but ``word/document.xml``."""
    return docx_file(path, {"word/document.xml": None})


def docx_with_document(xml: bytes):
    """A builder of a DOCX whose ``word/document.xml`` is ``xml``."""
    return lambda path: docx_file(path, {"word/document.xml": xml})


def lying_docx(path: Path) -> Path:
    """A DOCX whose document part is 64 MB larger than its zip headers say."""
    source = docx_file(path.with_name("ehrlich.docx"))
    lying_zip(source, path, "word/document.xml")
    source.unlink()
    return path


def zip_slip_docx(path: Path) -> Path:
    """A valid DOCX plus a member named ``../../evil…txt`` (written outside on naive unpacking)."""
    docx_file(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(f"../../{EVIL_NAME}", "geschrieben, wo es nicht hingehört\n")
    return path


# --- subtitles and codebooks -----------------------------------------------------------------

SRT_HUGE_HOURS = "1\n99999999:00:01,000 --> 99999999:00:04,000\nI: Wie wohnen Sie in der Südstadt?\n"
SRT_NEGATIVE = "1\n-00:00:05,000 --> 00:00:04,000\nI: Wie wohnen Sie?\n"
SRT_MINUTES_75 = "1\n00:75:01,000 --> 00:75:04,000\nI: Wie wohnen Sie?\n"
VTT_WITHOUT_HEADER = "00:00:01.000 --> 00:00:04.000\nI: Wie wohnen Sie?\n"
_CODEBOOK = '{"format": "andock-codebook", "version": 1, "codes": '
DEEP_JSON = _CODEBOOK + "[" * 5_000_000 + "]" * 5_000_000 + "}"  # 10 MB of nesting
GUID = "6f1c2b9e-0d4a-4c47-9a0e-2f3d1b5c7e11"
GUID_TWICE_JSON = (_CODEBOOK + '[{"guid": "%s", "name": "Wohnen", "children": '
                   '[{"guid": "%s", "name": "Wohnen selbst"}]}]}' % (GUID, GUID))


def codebook_json(codes: str, version: int = 1) -> str:
    """An Andock codebook JSON text with ``codes`` (JSON) as its list of codes."""
    return '{"format": "andock-codebook", "version": %d, "codes": %s}' % (version, codes)


def nested_codes(depth: int) -> str:
    """A codebook whose one code has ``depth`` levels of subcodes."""
    node = '{"name": "Ebene"}'
    for _ in range(depth):
        node = '{"name": "Ebene", "children": [' + node + "]}"
    return codebook_json("[" + node + "]")


# --- project files that are not (this Andock's) projects -------------------------------------

def newer_andock(project: Path, path: Path) -> Path:
    """A copy of ``project`` that claims a schema from a newer Andock."""
    shutil.copyfile(project, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    return path


def foreign_sqlite(path: Path) -> Path:
    """An SQLite database of some other program."""
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE kontakte (name TEXT, strasse TEXT)")
        con.execute("INSERT INTO kontakte VALUES ('Frau Öztürk', 'Hauptstraße 5')")
    con.close()
    return path


def truncated_copy(project: Path, path: Path) -> Path:
    """The first half of ``project`` (an interrupted copy)."""
    data = project.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def folder(path: Path) -> Path:
    """A folder where a file was meant to be (named like one)."""
    path.mkdir()
    return path
