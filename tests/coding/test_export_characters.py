"""Exports succeed whatever characters an (old) project holds; each entrance stores the policy.

Nasty values are written straight into the database, as a project from an older Andock could
hold them, then every export is written and read back (python-docx, pypdf, codebook re-import).
"""
from __future__ import annotations

import re
import unicodedata

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import update

from coding.services import codes, coders, documents, memos, segments, variables
from coding.services.codebook import export_codebook_file, import_codebook_file
from coding.exchange.codebook_files import read_codebook_file
from coding.base.errors import ConflictError
from coding.store.models import TABLES
from coding.store.project import Project
from coding.reports import write_report
from coding.reports.quotes import write_quotes
from tests.coding.helpers import do, parsed, span

TEXT = "I: Wie geht es Ihnen heute?\n\nB: Schöne Grüße aus der Südstadt 🏘️, die Straße ist groß.\n"
QUOTE = "Schöne Grüße aus der Südstadt 🏘️"
NASTY = {"form feed": "\x0c", "escape": "\x1b", "backspace": "\x08", "bell": "\x07", "NUL": "\x00",
         "carriage return": "\r", "CRLF": "\r\n", "vertical tab": "\x0b", "DEL": "\x7f", "C1": "\x9b"}


def _world(project):
    def setup(act):
        doc = documents.add_document(act, "K03_Südstadt", parsed(TEXT))
        code = codes.create_code(act, "Überblick 👍", definition="Alles Wichtige, größer.")
        coder = coders.add_coder(act, "Jürgen")
        seg = segments.apply_code(act, doc, code, coder, *span(TEXT, QUOTE), key_quote=True)
        memos.set_memo(act, "code", code, "Memo über Grüße")
        variables.set_value_by_name(act, doc, "Gruppe", "Straße")
        return doc, code, coder, seg
    return do(project, setup)


def _spoil(project, ch: str, long: bool = False) -> None:
    """Write nasty characters into every stored name and text, as an old project could hold them."""
    name = "Über" + ch + "blick" + ("Ü" * 3000 if long else "")
    with project.write() as conn:
        conn.execute(update(TABLES["codes"]).values(name=name, definition=f"Grüße{ch}Straße 🏘️",
                                                    inclusion=f"a{ch}b"))
        conn.execute(update(TABLES["memos"]).values(text=f"Memo{ch}über"))
        conn.execute(update(TABLES["coders"]).values(name=f"Jür{ch}gen"))
        conn.execute(update(TABLES["variable_values"]).values(value=f"Stra{ch}ße"))
        conn.execute(update(TABLES["documents"]).values(name=f"K03{ch}Süd", label=f"K03{ch}"))


def pdf_text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(str(path)).pages))


def docx_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.mark.parametrize("ch", list(NASTY.values()), ids=list(NASTY))
def test_reports_and_codebook_export_survive_stored_control_characters(project, tmp_path, ch):
    _world(project)
    _spoil(project, ch)
    for kind in ("codebook", "segments", "comparison"):
        for suffix, read in ((".docx", docx_text), (".pdf", pdf_text)):
            out = write_report(project, tmp_path / f"{kind}{suffix}", kind, by="Gruppe")
            text = read(out)
            assert "Über" in text and "blick" in text, (kind, suffix)
            if kind == "codebook":
                assert "Grüße" in text and "🏘" in text
    assert write_quotes(project, tmp_path / "quotes.docx", "Über" + ch + "blick") == 1
    assert QUOTE in docx_text(tmp_path / "quotes.docx")
    for suffix in (".json", ".md"):
        out = tmp_path / f"cb{suffix}"
        export_codebook_file(project, out)
        cb = read_codebook_file(out)
        assert cb.codes[0].name.startswith("Über") and cb.codes[0].definition.startswith("Grüße")
        fresh = Project.create(tmp_path / f"fresh{suffix}.andock")
        try:
            import_codebook_file(fresh, out)
            with fresh.read() as conn:
                names = [n.name for n in codes.walk(codes.load_tree(conn))]
            assert len(names) == 1 and "\x00" not in names[0] and "\r" not in names[0]
        finally:
            fresh.close()


def test_very_long_stored_names_wrap_in_reports(project, tmp_path):
    _world(project)
    _spoil(project, " ", long=True)
    for kind in ("codebook", "segments", "comparison"):
        for suffix, read in ((".docx", docx_text), (".pdf", pdf_text)):
            out = write_report(project, tmp_path / f"{kind}{suffix}", kind, by="Gruppe")
            assert "Über blick" in read(out), (kind, suffix)


def test_nfc_and_nfd_siblings_of_an_old_project_export_as_two_codes(project, tmp_path):
    _world(project)
    do(project, lambda act: codes.create_code(act, "Zweiter"))
    nfd = unicodedata.normalize("NFD", "Überblick")
    with project.write() as conn:
        conn.execute(update(TABLES["codes"]).where(TABLES["codes"].c.name == "Zweiter").values(name=nfd))
        conn.execute(update(TABLES["codes"]).where(TABLES["codes"].c.name != nfd).values(name="Überblick"))
    out = tmp_path / "cb.json"
    export_codebook_file(project, out)
    names = [c.name for c in read_codebook_file(out).codes]
    assert len(names) == 2 and all(unicodedata.is_normalized("NFC", n) for n in names)
    assert len(set(names)) == 2


def test_nfd_name_is_the_same_code(project):
    do(project, lambda act: codes.create_code(act, "Überblick"))
    nfd = unicodedata.normalize("NFD", "Überblick")
    with pytest.raises(ConflictError, match="exists already"):
        do(project, lambda act: codes.create_code(act, nfd))
    with project.read() as conn:
        assert codes.find_by_path(conn, nfd) == codes.find_by_path(conn, "Überblick")


def test_cli_finds_an_nfc_code_typed_in_nfd(project, cli, tmp_path):
    doc = tmp_path / "K01.txt"
    doc.write_text("Die Straße ist schön.\n", encoding="utf-8")
    project.close()
    path = tmp_path / "test.andock"
    assert cli("import", path, doc)[0] == 0
    assert cli("code-new", path, "Überblick")[0] == 0
    nfd = unicodedata.normalize("NFD", "Überblick")
    code, _out, err = cli("code", path, "--doc", "K01", "--code", nfd, "--start", 4, "--end", 10)
    assert code == 0, err
    code, _out, err = cli("code-new", path, nfd)
    assert code == 1 and "exists already" in err
    code, _out, err = cli("code-new", path, "Zeile\rzwei")
    assert code == 1 and "one line" in err and len(err.strip().splitlines()) == 1
