"""Managing documents: unique citation labels, delete with undo, order, linked recordings."""
from __future__ import annotations

import hashlib
import shutil
import wave
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.base import messages
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.exchange.importers.model import ParsedDocument
from coding.services import document_media, documents, summaries
from coding.services.document_media import MediaFiles, SearchLimits
from coding.store.models import TABLES
from coding.text.textnorm import MAX_LABEL
from tests.coding.helpers import (  # noqa: F401 - project, world, templates are fixtures
    TEXT_A, TEXT_B, do, dump, parsed, project, roundtrip, templates, world,
)
from transcription import audio

docs_t = TABLES["documents"]
MEDIA = MediaFiles(frozenset(audio.SUPPORTED), audio.file_checksum)


def labels(project) -> dict[str, str]:
    with project.read() as conn:
        return {d.name: d.label for d in documents.list_documents(conn)}


def order(project) -> list[str]:
    with project.read() as conn:
        return [d.name for d in documents.list_documents(conn)]


def add(project, name: str, label: str | None = None) -> int:
    return do(project, lambda act: documents.add_document(act, name, parsed(TEXT_B), label=label))


def make_legacy_label(project, document_id: int, label: str) -> None:
    """Give a document a label the way a project from before unique labels may hold it."""
    with project.write() as conn:
        conn.execute(docs_t.update().where(docs_t.c.id == document_id).values(label=label))


def write_wav(path: Path, seconds: float = 0.25, tone: int = 0) -> Path:
    """A real, small 16 kHz mono WAV; ``tone`` makes recordings of the same length differ."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(bytes([tone % 256, 0]) * int(16000 * seconds))
    return path


# --- citation labels ------------------------------------------------------------------------------------

def test_labels_derived_from_similar_names_are_made_unique(project):
    first = add(project, "interview_de")
    second = add(project, "interview_de_long")
    third = add(project, "interview_de_kurz")
    got = labels(project)
    assert (got["interview_de"], got["interview_de_long"], got["interview_de_kurz"]) == (
        "interview_de", "interview_de-2", "interview_de-3")
    with project.read() as conn:  # each label now finds its own document
        assert [documents.find_document(conn, lab) for lab in ("interview_de", "interview_de-2",
                                                               "interview_de-3")] == [first, second, third]


def test_importing_two_files_with_one_prefix_gives_two_labels(project, tmp_path):
    files = [tmp_path / "interview_de.txt", tmp_path / "interview_de_long.txt"]
    for f in files:
        f.write_text(TEXT_B, encoding="utf-8")
    documents.import_files(project, files)
    assert labels(project) == {"interview_de": "interview_de", "interview_de_long": "interview_de-2"}


def test_labels_differing_only_in_case_count_as_the_same(project):
    add(project, "K01_Sozialamt")
    add(project, "Zweitgespräch", label="k01")
    assert labels(project)["Zweitgespräch"] == "k01-2"


def test_a_derived_label_at_full_length_keeps_within_the_limit(project):
    long = "Ä" * MAX_LABEL
    add(project, "Erstes", label=long)
    add(project, "Zweites", label=long)
    assert labels(project)["Zweites"] == "Ä" * (MAX_LABEL - 2) + "-2"


def test_setting_a_label_another_document_has_is_refused_and_changes_nothing(project, world):
    before = dump(project)
    with pytest.raises(ConflictError, match="label 'g02' belongs to 'G02_Jobcenter' already"):
        do(project, lambda act: documents.set_label(act, world.doc_a, "g02"))
    with pytest.raises(ConflictError):  # renaming with a taken label: the name does not change either
        do(project, lambda act: documents.rename_document(act, world.doc_a, "K01_Neu", "G02"))
    assert dump(project) == before


def test_the_refusal_speaks_german_when_asked(project, world):
    messages.set_language("de")
    try:
        with pytest.raises(ConflictError) as exc:
            do(project, lambda act: documents.set_label(act, world.doc_a, "G02"))
    finally:
        messages.set_language("en")
    assert "Zitierkürzel „G02“" in str(exc.value) and "G02_Jobcenter" in str(exc.value)


def test_a_free_label_with_umlauts_and_emoji_is_set_and_undone(project, world):
    roundtrip(project, lambda: do(project, lambda act: documents.set_label(
        act, world.doc_a, "  Süß-ß 🎙️ "), "Change label"), "Change label")  # ends redone
    assert labels(project)["K01_Sozialamt"] == "Süß-ß 🎙️"
    with project.read() as conn:
        assert documents.find_document(conn, "Süß-ß 🎙️") == world.doc_a


@pytest.mark.parametrize("label", ["", "   ", "a\nb", "x" * (MAX_LABEL + 1)])
def test_an_empty_multi_line_or_too_long_label_is_refused(project, world, label):
    before = dump(project)
    with pytest.raises(InputError):
        do(project, lambda act: documents.set_label(act, world.doc_a, label))
    assert dump(project) == before


def test_renaming_keeps_the_label_so_quoted_citations_stay_valid(project, world):
    do(project, lambda act: documents.rename_document(act, world.doc_a, "Straße 🏘️ Interview"))
    assert labels(project)["Straße 🏘️ Interview"] == "K01"


def test_duplicate_labels_of_an_old_project_are_kept_and_reported(project, world):
    make_legacy_label(project, world.doc_b, "k01")
    with project.read() as conn:
        assert documents.duplicate_labels(conn) == {"K01": ["K01_Sozialamt", "G02_Jobcenter"]}
    before = dump(project)
    do(project, lambda act: documents.set_label(act, world.doc_b, "k01"))  # unchanged: allowed, nothing done
    assert dump(project) == before
    add(project, "K01_Drittes")  # a new document still gets a label of its own
    assert labels(project)["K01_Drittes"] == "K01-2"
    do(project, lambda act: documents.set_label(act, world.doc_b, "G02"))
    with project.read() as conn:
        assert documents.duplicate_labels(conn) == {}


# --- deleting ---------------------------------------------------------------------------------------------

def _add_word_timings(project, document_id: int, n: int) -> None:
    do(project, lambda act: act.insert_many("word_timings", [
        {"document_id": document_id, "seq": i, "gap": 1, "length": 3, "start_ms": i * 300,
         "end_ms": i * 300 + 250, "probability": 0.9} for i in range(n)]), "Store word timings")


def test_deletion_impact_counts_what_would_go(project, world):
    do(project, lambda act: summaries.set_summary(act, world.wohnen, "Wohnt gern dort", document_id=world.doc_a))
    with project.read() as conn:
        a = documents.deletion_impact(conn, world.doc_a)
        b = documents.deletion_impact(conn, world.doc_b)
        with pytest.raises(NotFoundError):
            documents.deletion_impact(conn, 999)
    # doc A: three codings; its document memo and the memo on the Nachbarschaft coding; one summary
    assert (a.codings, a.memos, a.summaries) == (3, 2, 1)
    assert (b.codings, b.memos, b.summaries) == (1, 0, 0)


def test_delete_and_one_undo_bring_everything_back(project, world):
    do(project, lambda act: summaries.set_summary(act, world.wohnen, "Wohnt gern dort", document_id=world.doc_a))
    _add_word_timings(project, world.doc_a, 40)
    _add_word_timings(project, world.doc_b, 5)
    lost, before, after = roundtrip(project, lambda: do(
        project, lambda act: documents.delete_document(act, world.doc_a), "Delete document"), "Delete document")
    assert lost == 3

    def of_doc(state: dict, table: str, document_id: int) -> list[tuple]:
        column = list(TABLES[table].columns.keys()).index("document_id")
        return [r for r in state[table] if r[column] == document_id]

    for table in ("segments", "speaker_turns", "time_anchors", "word_timings", "variable_values", "summaries",
                  "memos"):
        assert of_doc(after, table, world.doc_a) == [], table  # all gone (roundtrip: and all back)
        assert of_doc(after, table, world.doc_b) == of_doc(before, table, world.doc_b), table
    assert of_doc(before, "word_timings", world.doc_a) and of_doc(before, "summaries", world.doc_a)
    assert len(after["memos"]) == len(before["memos"]) - 2  # the document's memo and a coding's memo
    assert after["anchor_examples"] == before["anchor_examples"]  # anchors of the codebook stay


# --- order ------------------------------------------------------------------------------------------------

def test_moving_a_document_renumbers_the_order_and_undo_restores_it(project, world):
    add(project, "Ölmühle 🛢️")
    add(project, "Straße")
    assert order(project) == ["K01_Sozialamt", "G02_Jobcenter", "Ölmühle 🛢️", "Straße"]
    with project.read() as conn:
        oil = documents.find_document(conn, "Ölmühle 🛢️")
    roundtrip(project, lambda: do(project, lambda act: documents.move_document(act, oil, 1), "Move document"),
              "Move document")
    assert order(project) == ["Ölmühle 🛢️", "K01_Sozialamt", "G02_Jobcenter", "Straße"]
    do(project, lambda act: documents.move_document(act, oil, 4))
    assert order(project) == ["K01_Sozialamt", "G02_Jobcenter", "Straße", "Ölmühle 🛢️"]
    with project.read() as conn:
        assert documents.position_of(conn, oil) == 4


def test_a_whole_new_order_is_set_at_once(project, world):
    do(project, lambda act: documents.set_document_order(act, [world.doc_b, world.doc_a]))
    assert order(project) == ["G02_Jobcenter", "K01_Sozialamt"]
    assert project.undo().description == "Test action"
    assert order(project) == ["K01_Sozialamt", "G02_Jobcenter"]


def test_moving_to_where_it_is_records_nothing(project, world):
    do(project, lambda act: documents.move_document(act, world.doc_a, 1))
    assert project.undo_redo_labels() == ("Build world", None)


def test_impossible_orders_are_refused_and_change_nothing(project, world):
    before = dump(project)
    for call in (lambda act: documents.move_document(act, world.doc_a, 0),
                 lambda act: documents.move_document(act, world.doc_a, 3),
                 lambda act: documents.set_document_order(act, [world.doc_a]),
                 lambda act: documents.set_document_order(act, [world.doc_a, world.doc_a]),
                 lambda act: documents.set_document_order(act, [world.doc_a, world.doc_b, 999])):
        with pytest.raises(InputError):
            do(project, call)
    with pytest.raises(NotFoundError):
        do(project, lambda act: documents.move_document(act, 999, 1))
    assert dump(project) == before


# --- linked recordings -------------------------------------------------------------------------------------

def media_row(project, document_id: int) -> tuple:
    with project.read() as conn:
        return tuple(conn.execute(select(docs_t.c.media_path, docs_t.c.media_checksum, docs_t.c.media_duration_ms)
                                  .where(docs_t.c.id == document_id)).one())


def test_linking_stores_a_relative_path_and_the_sha256_and_is_undoable(project, world):
    rec = write_wav(project.base_dir / "Aufnahmen" / "K01 Grüße 🎙️.wav")
    link = roundtrip(project, lambda: document_media.link_recording(project, world.doc_a, rec, MEDIA),
                     "Link recording")[0]
    assert link.path == "Aufnahmen/K01 Grüße 🎙️.wav"
    assert link.checksum == "sha256:" + hashlib.sha256(rec.read_bytes()).hexdigest()
    assert media_row(project, world.doc_a) == (link.path, link.checksum, None)


def test_a_recording_outside_the_project_folder_is_linked_with_dots(project, world, tmp_path):
    rec = write_wav(tmp_path.parent / f"{tmp_path.name}-media" / "b.flac")  # a sibling folder
    document_media.link_recording(project, world.doc_a, rec, MEDIA)
    assert media_row(project, world.doc_a)[0] == f"../{tmp_path.name}-media/b.flac"


def test_bad_files_are_refused_with_a_clear_message_and_nothing_changes(project, world, tmp_path):
    (tmp_path / "notiz.txt").write_text("kein Ton", encoding="utf-8")
    (tmp_path / "leer.wav").write_bytes(b"")
    (tmp_path / "Ordner.wav").mkdir()
    before = dump(project)
    cases = {tmp_path / "fehlt.wav": "fehlt.wav: file not found",
             tmp_path / "notiz.txt": r"notiz.txt: not a recording Andock can link \(file endings: aac, flac",
             tmp_path / "leer.wav": r"leer.wav: the file is empty \(0 bytes\)",
             tmp_path / "Ordner.wav": "Ordner.wav: is a folder",
             tmp_path / ("ü" * 200 + ".wav"): r"cannot be read \(File name too long\)"}
    for path, message in cases.items():
        with pytest.raises(InputError, match=message):
            document_media.link_recording(project, world.doc_a, path, MEDIA)
    with pytest.raises(InputError, match="not a media checksum"):
        write_wav(tmp_path / "ok.wav")
        do(project, lambda act: document_media.link_media(act, world.doc_a, tmp_path / "ok.wav",
                                                          project.base_dir, "md5:123"))
    assert dump(project) == before


def test_a_moved_recording_is_found_by_its_checksum_and_relinked(project, world):
    rec = write_wav(project.base_dir / "audio" / "K01.wav", tone=1)
    document_media.link_recording(project, world.doc_a, rec, MEDIA, duration_ms=250)
    moved = project.base_dir / "Archiv 2024" / "Straße ß" / "interview-k01 🎧.wav"
    moved.parent.mkdir(parents=True)
    rec.rename(moved)
    write_wav(project.base_dir / "Archiv 2024" / "K01.wav", tone=2)  # the same name, another recording
    write_wav(project.base_dir / "andere.mp3", tone=3)
    before = media_row(project, world.doc_a)
    search = document_media.relink_moved_media(project, world.doc_a, MEDIA)
    assert search.found == moved and not search.in_place and search.complete
    assert search.checksummed == 3  # the same-named file first, then nearest first
    path, checksum, duration = media_row(project, world.doc_a)
    assert (path, checksum, duration) == ("Archiv 2024/Straße ß/interview-k01 🎧.wav", before[1], 250)
    assert project.undo().description == "Relink recording"
    assert media_row(project, world.doc_a) == before


def test_a_moved_file_that_kept_its_name_is_checked_before_nearer_ones(project, world):
    rec = write_wav(project.base_dir / "K01 Müller.wav", tone=20)
    document_media.link_recording(project, world.doc_a, rec, MEDIA)
    moved = project.base_dir / "tief" / "unten" / "K01 Müller.wav"
    moved.parent.mkdir(parents=True)
    rec.rename(moved)
    for i in range(4):
        write_wav(project.base_dir / f"näher{i}.wav", tone=30 + i)
    search = document_media.relink_moved_media(project, world.doc_a, MEDIA)
    assert (search.found, search.checksummed) == (moved, 1)


def test_a_recording_in_place_is_reported_and_nothing_is_recorded(project, world):
    rec = write_wav(project.base_dir / "K01.wav")
    document_media.link_recording(project, world.doc_a, rec, MEDIA)
    search = document_media.relink_moved_media(project, world.doc_a, MEDIA)
    assert search.in_place and search.found == rec
    assert project.undo_redo_labels()[0] == "Link recording"


def test_nothing_found_leaves_the_link_as_it_was(project, world):
    rec = write_wav(project.base_dir / "K01.wav", tone=4)
    document_media.link_recording(project, world.doc_a, rec, MEDIA)
    hidden = project.base_dir / ".versteckt" / "K01.wav"
    backup = project.base_dir / "test.andock-backups" / "K01.wav"
    for copy in (hidden, backup):  # never searched: hidden folders and Andock's backups
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(rec, copy)
    rec.unlink()
    write_wav(project.base_dir / "anders.wav", tone=5)
    before = dump(project)
    search = document_media.relink_moved_media(project, world.doc_a, MEDIA)
    assert (search.found, search.in_place, search.complete, search.checksummed) == (None, False, True, 1)
    assert dump(project) == before


def test_the_search_stops_at_its_limits_and_says_so(project, world):
    rec = write_wav(project.base_dir / "K01.wav", tone=6)
    document_media.link_recording(project, world.doc_a, rec, MEDIA)
    deep = project.base_dir / "a" / "b" / "c" / "K01-kopie.wav"
    deep.parent.mkdir(parents=True)
    rec.rename(deep)
    for i in range(3):
        write_wav(project.base_dir / f"decoy{i}.wav", tone=10 + i)
    with project.read() as conn:
        shallow = document_media.find_moved_media(conn, world.doc_a, project.base_dir, MEDIA, SearchLimits(depth=2))
        few = document_media.find_moved_media(conn, world.doc_a, project.base_dir, MEDIA, SearchLimits(checksums=2))
        busy = document_media.find_moved_media(conn, world.doc_a, project.base_dir, MEDIA, SearchLimits(entries=3))
        full = document_media.find_moved_media(conn, world.doc_a, project.base_dir, MEDIA)
    assert (shallow.found, shallow.complete) == (None, True)  # too deep: not a limit of the count
    assert (few.found, few.complete, few.checksummed) == (None, False, 2)
    assert (busy.found, busy.complete, busy.entries_seen) == (None, False, 3)
    assert full.found == deep and full.complete


def test_searching_for_a_document_without_recording_is_refused(project, world):
    with project.read() as conn, pytest.raises(InputError, match="'K01_Sozialamt' has no linked recording"):
        document_media.find_moved_media(conn, world.doc_a, project.base_dir, MEDIA)


def test_the_core_and_transcription_agree_on_the_checksum_form(tmp_path):
    rec = write_wav(tmp_path / "x.wav")
    assert MEDIA.checksum(rec) == audio.probe(rec).checksum


def test_a_new_document_with_media_keeps_its_checksum_when_relinked(project, tmp_path):
    rec = write_wav(project.base_dir / "t.wav", tone=7)
    checksum = MEDIA.checksum(rec)
    doc = do(project, lambda act: documents.add_document(
        act, "Transkript", ParsedDocument(TEXT_A, "transcript"), media=("t.wav", checksum), duration_ms=250))
    other = write_wav(project.base_dir / "neu.wav", tone=8)
    document_media.link_recording(project, doc, other, MEDIA)  # another recording: its length is unknown
    assert media_row(project, doc) == ("neu.wav", MEDIA.checksum(other), None)
