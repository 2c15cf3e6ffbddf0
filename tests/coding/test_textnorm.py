"""The character policy (coding/textnorm.py) and that every entrance applies it."""
from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from coding.services import (code_changes, codes, coders, documents, memos, segments, speaker_names, summaries, variables)
from coding.services.codebook import import_codebook_file
from coding.services.documents import import_files
from coding.base.errors import ConflictError, InputError
from coding.exchange.importers.model import ParsedDocument, Turn
from coding.store.models import TABLES
from coding.text.remap import Edit
from coding.services.text_edit import edit_text
from coding.text.textnorm import clean_name, clean_text, export_name, export_text, lookup_name
from tests.coding.helpers import do, dump, parsed

NFD = unicodedata.normalize("NFD", "Überblick")
# control characters that are removed, and those that become a line break
REMOVED = {"escape": "\x1b", "backspace": "\x08", "bell": "\x07", "NUL": "\x00", "DEL": "\x7f", "C1": "\x9b",
           "noncharacter": "\uffff"}
BREAKS = {"form feed": "\x0c", "vertical tab": "\x0b", "CR": "\r", "CRLF": "\r\n", "NEL": "\x85",
          "record separator": "\x1e"}
ALL = {**REMOVED, **BREAKS}


# --- the policy --------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", list(REMOVED.values()), ids=list(REMOVED))
def test_text_loses_invisible_control_characters(ch):
    assert clean_text(f"Grü{ch}ße 🏘️\tda") == "Grüße 🏘️\tda"


@pytest.mark.parametrize("ch", list(BREAKS.values()), ids=list(BREAKS))
def test_text_line_breaks_become_lf(ch):
    assert clean_text(f"Seite 1{ch}Seite 2 👍") == "Seite 1\nSeite 2 👍"


def test_text_is_nfc_and_keeps_printable_unicode():
    assert clean_text(NFD + " ß 👩‍👩‍👧 \u2028 \u00a0") == "Überblick ß 👩‍👩‍👧 \u2028 \u00a0"


def test_lone_surrogate_is_refused_with_one_line():
    with pytest.raises(InputError, match="surrogate") as exc:
        clean_text("a\ud800b", "the memo")
    assert "\n" not in str(exc.value) and str(exc.value).startswith("the memo")
    with pytest.raises(InputError, match="surrogate"):
        clean_name("a\udfffb", "a code name", 200)


@pytest.mark.parametrize("ch", list(BREAKS.values()) + ["\n", "\u2028"], ids=list(BREAKS) + ["LF", "LS"])
def test_name_with_a_line_break_is_refused(ch):
    with pytest.raises(InputError, match="^a code name must be one line"):
        clean_name(f"Zeile{ch}zwei", "a code name", 200)


@pytest.mark.parametrize("ch", list(REMOVED.values()), ids=list(REMOVED))
def test_name_loses_invisible_control_characters(ch):
    assert clean_name(f" Über{ch}blick 👍\n", "a code name", 200) == "Überblick 👍"


def test_name_tab_becomes_space_limits_and_emptiness():
    assert clean_name("Straße\tGröße", "a code name", 200) == "Straße Größe"
    assert clean_name("ß" * 200, "a code name", 200) == "ß" * 200
    with pytest.raises(InputError, match="at most 200 characters"):
        clean_name("ß" * 201, "a code name", 200)
    with pytest.raises(InputError, match="must not be empty"):
        clean_name(" \x07 ", "a code name", 200)


def test_lookup_and_export_never_refuse():
    assert lookup_name(f" {NFD} ") == "Überblick"
    assert export_text("a\ud800\x00b\x0cc") == "a\ufffdb\nc"
    assert export_name(" Über\r\nblick\x1b ") == "Über blick"


# --- the entrances -----------------------------------------------------------------------------

@pytest.fixture
def world(project):
    def setup(act):
        doc = documents.add_document(act, "K01", parsed("I: Wie geht es?\nB: Gut, danke.\n"))
        code = codes.create_code(act, "Überblick")
        coder = coders.add_coder(act, "Jürgen")
        seg = segments.apply_code(act, doc, code, coder, 19, 23)
        return doc, code, coder, seg
    return do(project, setup)


def test_nfc_and_nfd_name_give_one_code(project, world):
    with pytest.raises(ConflictError, match="exists already"):
        do(project, lambda act: codes.create_code(act, NFD))
    with pytest.raises(ConflictError):
        do(project, lambda act: codes.ensure_path(act, NFD))
    with project.read() as conn:
        assert codes.find_by_path(conn, NFD) == world[1]


@pytest.mark.parametrize("ch", list(ALL.values()), ids=list(ALL))
def test_code_entrances(project, world, ch):
    _doc, code, _coder, seg = world
    breaks = ch in BREAKS.values()
    if breaks:
        before = dump(project)
        for action in (lambda a: codes.create_code(a, f"Neu{ch}er Code"),
                       lambda a: codes.rename_code(a, code, f"Neu{ch}er Code")):
            with pytest.raises(InputError, match="one line"):
                do(project, action)
        assert dump(project) == before
    else:
        new = do(project, lambda a: codes.create_code(a, f"Neu{ch}er Code 👍"))
        do(project, lambda a: codes.rename_code(a, code, f"Über{ch}sicht"))
        with project.read() as conn:
            assert codes.code_path(conn, new) == "Neuer Code 👍"
            assert codes.code_path(conn, code) == "Übersicht"
    do(project, lambda a: codes.update_details(a, code, definition=f"Größe{ch}Maß", coding_rules=f"x{ch}y"))
    do(project, lambda a: code_changes.add_anchor(a, code, f"Grüße{ch}da", "K01" if breaks else f"K01{ch}"))
    with project.read() as conn:
        row = conn.execute(select(TABLES["codes"]).where(TABLES["codes"].c.id == code)).mappings().one()
        quote = code_changes.list_anchors(conn, code)[0][1]
    sep = "\n" if breaks else ""
    assert row["definition"] == f"Größe{sep}Maß" and row["coding_rules"] == f"x{sep}y"
    assert quote == f"Grüße{sep}da"


@pytest.mark.parametrize("ch", list(ALL.values()), ids=list(ALL))
def test_memo_summary_variable_coder_and_document_entrances(project, world, ch):
    doc, code, _coder, seg = world
    sep = "\n" if ch in BREAKS.values() else ""
    do(project, lambda a: memos.set_memo(a, "segment", seg, f"Notiz{ch}über 🏘️"))
    do(project, lambda a: summaries.set_summary(a, code, f"Kurz{ch}fassung", document_id=doc))
    do(project, lambda a: variables.set_value_by_name(a, doc, "Wohnort", f"Süd{ch}stadt"))
    with project.read() as conn:
        assert memos.get_memo(conn, "segment", seg) == f"Notiz{sep}über 🏘️"
        assert summaries.get_summary(conn, summaries.SummaryKey(code, doc)) == f"Kurz{sep}fassung"
        assert variables.values_of(conn, doc) == {"Wohnort": f"Süd{sep}stadt"}
    names = (lambda a: coders.add_coder(a, f"An{ch}na"),
             lambda a: variables.define_variable(a, f"Al{ch}ter", "integer"),
             lambda a: documents.rename_document(a, doc, f"K0{ch}2"))
    for action in names:
        if sep:
            with pytest.raises(InputError, match="one line"):
                do(project, action)
        else:
            do(project, action)
    if not sep:
        with project.read() as conn:
            assert coders.find_coder(conn, "Anna") is not None
            assert variables.find_variable(conn, "Alter") is not None
            assert documents.find_document(conn, "K02") == doc


def test_lookups_normalise_the_query(project, world):
    doc, _code, _coder, _seg = world
    nfd = unicodedata.normalize("NFD", "Größe")
    do(project, lambda a: (coders.add_coder(a, "Jörg"), variables.define_variable(a, "Größe", "integer"),
                           documents.rename_document(a, doc, "Über")))
    with project.read() as conn:
        assert coders.find_coder(conn, unicodedata.normalize("NFD", "Jörg")) is not None
        assert variables.find_variable(conn, nfd) is not None
        assert documents.find_document(conn, unicodedata.normalize("NFD", "Über")) == doc
    with pytest.raises(ConflictError):
        do(project, lambda a: coders.add_coder(a, unicodedata.normalize("NFD", "Jörg")))
    with pytest.raises(ConflictError):
        do(project, lambda a: variables.define_variable(a, nfd, "text"))


def test_names_have_length_limits(project, world):
    doc, code, _coder, _seg = world
    for action, limit in ((lambda a: codes.create_code(a, "ß" * 201), 200),
                          (lambda a: coders.add_coder(a, "ß" * 101), 100),
                          (lambda a: variables.define_variable(a, "ß" * 101, "text"), 100),
                          (lambda a: documents.rename_document(a, doc, "ß" * 256), 255)):
        with pytest.raises(InputError, match=f"at most {limit} characters"):
            do(project, action)


@pytest.mark.parametrize("ch", list(ALL.values()), ids=list(ALL))
def test_text_edit_entrance(project, world, ch):
    doc = world[0]
    sep = "\n" if ch in BREAKS.values() else ""
    with project.read() as conn:
        old = documents.get_text(conn, doc)
    do(project, lambda a: edit_text(a, doc, new_text=old + f"Ende{ch}gut"))
    do(project, lambda a: edit_text(a, doc, edits=[Edit(0, 0, f"Kopf{ch}zeile ")]))
    with project.read() as conn:
        assert documents.get_text(conn, doc) == f"Kopf{sep}zeile " + old + f"Ende{sep}gut"
        seg = segments.segments_of_document(conn, doc)[0]
        text = documents.get_text(conn, doc)
    assert text[seg.start:seg.end] == "Gut,"


@pytest.mark.parametrize("ch", list(ALL.values()), ids=list(ALL))
def test_document_import_entrance(project, tmp_path, ch):
    src = tmp_path / "Interview.txt"
    src.write_bytes(f"I: Wie geht{ch} es?\nB: Gut{ch}, danke.\nI: Und?\nB: Schön 🏘️.\n".encode())
    if ch == "\x00":  # a NUL byte in a file means UTF-16 without BOM: refused with a hint
        with pytest.raises(InputError, match="encoding"):
            import_files(project, [src])
        return
    (doc,) = import_files(project, [src])
    with project.read() as conn:
        text = documents.get_text(conn, doc)
    assert "Schön 🏘️" in text and all(c not in text for c in ALL.values())


def test_add_document_keeps_turns_on_their_words(project):
    text = "I: Fra\x07ge\x0c?\nB: Ant\x00wort 👍\n"
    body = "B: Ant\x00wort 👍"
    turns = [Turn(0, text.index("\n"), "I"), Turn(text.index(body), text.index(body) + len(body), "B")]
    doc = do(project, lambda a: documents.add_document(a, "K09", ParsedDocument(text, "transcript", turns)))
    with project.read() as conn:
        stored = documents.get_text(conn, doc)
        rows = conn.execute(select(TABLES["speaker_turns"].c.start_pos, TABLES["speaker_turns"].c.end_pos)
                            .where(TABLES["speaker_turns"].c.document_id == doc)
                            .order_by(TABLES["speaker_turns"].c.start_pos)).all()
    assert stored == "I: Frage\n?\nB: Antwort 👍\n"
    assert [stored[s:e] for s, e in rows] == ["I: Frage\n?", "B: Antwort 👍"]


@pytest.mark.parametrize("ch", list(REMOVED.values()), ids=list(REMOVED))
def test_speaker_name_entrance(project, world, ch):
    do(project, lambda a: speaker_names.rename_speaker(a, "B", f"Frau{ch} Yılmaz"))
    with project.read() as conn:
        assert "Frau Yılmaz" in {s.speaker for s in speaker_names.list_speakers(conn)}


def test_codebook_import_entrance(project, tmp_path):
    src = tmp_path / "cb.json"
    src.write_text('{"format": "andock-codebook", "version": 1, "title": "T", "codes": ['
                   '{"name": "Über\\u001bblick", "definition": "Seite\\f2\\u0007", "memo": "m\\u0000emo",'
                   ' "anchors": [{"quote": "Grüße\\u0008!", "source": "K01"}], "children": []}]}',
                   encoding="utf-8")
    import_codebook_file(project, src)
    with project.read() as conn:
        (node,) = codes.load_tree(conn)
        row = conn.execute(select(TABLES["codes"].c.definition)).scalar()
        memo = memos.get_memo(conn, "code", node.id)
        quote = code_changes.list_anchors(conn, node.id)[0][1]
    assert (node.name, row, memo, quote) == ("Überblick", "Seite\n2", "memo", "Grüße!")
