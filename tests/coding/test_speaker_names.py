"""Renaming speakers of transcripts: rows and visible labels change, codings and times stay put.

Transcripts come through the real f4 importer (``documents.import_files``); positions are code
points, so the names carry umlauts, ß and emoji.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from coding.services import coders, codes, documents, memos, segments
from coding.base.errors import ConflictError, InputError, NotFoundError
from coding.store.models import TABLES
from coding.services.speaker_names import SpeakerInfo, list_speakers, rename_speaker
from coding.services.text_edit import edit_text
from coding.text.textutil import turn_body
from tests.coding.helpers import do, dump, project, roundtrip, span, templates  # noqa: F401 - fixtures

K01 = (  # an f4 transcript: a header line, a stamp at the end of every turn
    "Interview K01, Mittelstadt\n"
    "\n"
    "I: Wie kam es dazu, dass Sie nach Mittelstadt gezogen sind? #00:00:05-2#\n"
    "\n"
    "B: Wegen der Arbeit. Meine Schwester wohnte schon hier 🏘️, gleich neben der Schule. #00:00:17-8#\n"
    "\n"
    "I: Und wie war der Anfang? #00:00:21-0#\n"
    "\n"
    "B: Schwer. Die Ämter waren kaum zu erreichen, das Jobcenter schon gar nicht. #00:00:40-3#\n"
)
K02 = (  # two interviewees, B2 speaks first
    "I: Wer von Ihnen möchte anfangen? #00:00:03-0#\n"
    "\n"
    "B2: Ich. Wir sind 2019 gekommen 👩‍👩‍👧. #00:00:09-5#\n"
    "\n"
    "B1: Ich kam später nach. Die Straße war damals laut. #00:00:16-1#\n"
    "\n"
    "B2: Inzwischen ist es ruhiger. #00:00:20-0#\n"
    "\n"
    "B: Darf ich auch etwas sagen? #00:00:22-4#\n"
)

turns_t = TABLES["speaker_turns"]
anchors_t = TABLES["time_anchors"]
segments_t = TABLES["segments"]


def imported(project, tmp_path: Path, *names: str) -> dict[str, int]:
    """Import the named transcripts (``K01``, ``K02``) as f4 TXT files; return name -> id."""
    files = []
    for name in names:
        f = tmp_path / f"{name}.txt"
        f.write_bytes(globals()[name].encode("utf-8"))
        files.append(f)
    ids = documents.import_files(project, files)
    return dict(zip(names, ids))


def text_of(project, doc_id: int) -> str:
    with project.read() as conn:
        return documents.get_text(conn, doc_id)


def turns_of(project, doc_id: int) -> list[tuple[int, int, str]]:
    with project.read() as conn:
        return [tuple(r) for r in conn.execute(
            select(turns_t.c.start_pos, turns_t.c.end_pos, turns_t.c.speaker)
            .where(turns_t.c.document_id == doc_id).order_by(turns_t.c.start_pos))]


def turn_texts(project, doc_id: int) -> list[str]:
    text = text_of(project, doc_id)
    return [text[s:e] for s, e, _ in turns_of(project, doc_id)]


def anchors_of(project, doc_id: int) -> list[tuple[int, int]]:
    with project.read() as conn:
        return [tuple(r) for r in conn.execute(
            select(anchors_t.c.position, anchors_t.c.ms).where(anchors_t.c.document_id == doc_id)
            .order_by(anchors_t.c.position))]


def coded(project, seg_id: int) -> str:
    """The text a coding covers now."""
    with project.read() as conn:
        seg = segments.get_segment(conn, seg_id)
        return documents.get_text(conn, seg.document_id)[seg.start:seg.end]


def rename(project, old: str, new: str, doc_id: int | None = None, **kw) -> int:
    return do(project, lambda act: rename_speaker(act, old, new, doc_id, **kw), f"Rename speaker {old} → {new}")


def code(project, doc_id: int, start: int, end: int, path: str = "Zuzug", memo: str | None = None) -> int:
    def go(act):
        coder = coders.resolve_coder(act, "Lena")
        try:
            code_id = codes.find_by_path(act.conn, path)
        except NotFoundError:
            code_id = codes.ensure_path(act, path)
        return segments.apply_code(act, doc_id, code_id, coder, start, end, memo=memo)
    return do(project, go, "Code segment")


# --- listing ---------------------------------------------------------------------------------

def test_speakers_are_listed_in_order_of_first_appearance(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    with project.read() as conn:
        assert list_speakers(conn, ids["K01"]) == [("I", 2, 1), ("B", 2, 1)]
        assert list_speakers(conn, ids["K02"]) == [("I", 1, 1), ("B2", 2, 1), ("B1", 1, 1), ("B", 1, 1)]
        everything = list_speakers(conn)
    assert everything == [("I", 3, 2), ("B", 3, 2), ("B2", 2, 1), ("B1", 1, 1)]
    assert isinstance(everything[0], SpeakerInfo) and everything[1].documents == 2


# --- renaming --------------------------------------------------------------------------------

def test_rename_in_one_document_leaves_the_others_alone(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    k02_before = (text_of(project, ids["K02"]), turns_of(project, ids["K02"]), anchors_of(project, ids["K02"]))
    old_turns = turn_texts(project, ids["K01"])

    assert rename(project, "B", "Frau Yılmaz", ids["K01"]) == 2

    assert turn_texts(project, ids["K01"]) == [t.replace("B:", "Frau Yılmaz:", 1) if t.startswith("B:") else t
                                             for t in old_turns]
    assert [sp for _, _, sp in turns_of(project, ids["K01"])] == ["I", "Frau Yılmaz", "I", "Frau Yılmaz"]
    assert text_of(project, ids["K01"]).startswith("Interview K01, Mittelstadt\n\nI: Wie kam")
    assert (text_of(project, ids["K02"]), turns_of(project, ids["K02"]), anchors_of(project, ids["K02"])) == k02_before
    with project.read() as conn:
        assert list_speakers(conn) == [("I", 3, 2), ("Frau Yılmaz", 2, 1), ("B2", 2, 1), ("B1", 1, 1), ("B", 1, 1)]


def test_rename_everywhere_renames_every_documents_turns(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    assert rename(project, "B", "Befragte", None) == 3
    assert "\n\nBefragte: Darf ich auch etwas sagen?" in text_of(project, ids["K02"])
    assert text_of(project, ids["K01"]).count("\n\nBefragte: ") == 2
    assert "B:" not in text_of(project, ids["K01"]) + text_of(project, ids["K02"])
    with project.read() as conn:
        assert [s.speaker for s in list_speakers(conn)] == ["I", "Befragte", "B2", "B1"]


def test_codings_over_the_label_and_after_it_keep_their_words(project, tmp_path):
    ids = imported(project, tmp_path, "K01")
    doc = ids["K01"]
    text = text_of(project, doc)
    s, e = span(text, "B: Wegen der Arbeit.")
    whole_turn = code(project, doc, s, e, "Zuzug/Arbeit", memo="Ganzer Anfang")
    after_label = code(project, doc, *span(text, "Meine Schwester wohnte schon hier 🏘️"), "Zuzug/Familie")
    question = code(project, doc, *span(text, "Und wie war der Anfang?"), "Frage")
    label_only = code(project, doc, *span(text, "B", 1), "Sprecherwechsel")  # just the second "B"
    label_colon = code(project, doc, *span(text, "B: Schwer."), "Sprecherwechsel/Mit Doppelpunkt")
    before = {sid: coded(project, sid) for sid in (whole_turn, after_label, question, label_only, label_colon)}
    assert before[label_only] == "B"

    with project.action("Rename speaker B → Frau Weiß 🌻") as act:
        assert rename_speaker(act, "B", "Frau Weiß 🌻", doc) == 2
        messages = list(act.changes.messages)

    assert messages == []  # a rename shortens and removes no coding
    assert coded(project, whole_turn) == "Frau Weiß 🌻: Wegen der Arbeit."
    assert coded(project, after_label) == before[after_label]
    assert coded(project, question) == before[question]
    assert coded(project, label_only) == "Frau Weiß 🌻"
    assert coded(project, label_colon) == "Frau Weiß 🌻: Schwer."
    with project.read() as conn:
        assert memos.get_memo(conn, "segment", whole_turn) == "Ganzer Anfang"
        assert segments.get_segment(conn, label_only).id == label_only  # same row, same GUID


def test_time_anchors_stay_at_the_end_of_their_turns(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    for doc in ids.values():
        assert [p for p, _ in anchors_of(project, doc)] == [e for _, e, _ in turns_of(project, doc)]
    times = {doc: [ms for _, ms in anchors_of(project, doc)] for doc in ids.values()}
    rename(project, "B", "Ümit Öztürk-Weiß")
    rename(project, "I", "Interviewerin", ids["K02"])
    for doc in ids.values():
        assert [p for p, _ in anchors_of(project, doc)] == [e for _, e, _ in turns_of(project, doc)]
        assert [ms for _, ms in anchors_of(project, doc)] == times[doc]
    assert times[ids["K01"]] == [5200, 17800, 21000, 40300]


def test_undo_restores_text_turns_segments_exactly_and_redo_repeats(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    text = text_of(project, ids["K01"])
    code(project, ids["K01"], *span(text, "B: Wegen der Arbeit."), "Zuzug", memo="Beleg")
    code(project, ids["K01"], *span(text, "B", 1), "Label")  # removed and put back inside the action
    code(project, ids["K01"], *span(text, "Jobcenter"), "Ämter")
    n, before, after = roundtrip(project, lambda: rename(project, "B", "Frau Yılmaz 👩‍👩‍👧"),
                                 "Rename speaker B → Frau Yılmaz 👩‍👩‍👧")
    assert n == 3
    assert before["segments"] != after["segments"] and before["documents"] != after["documents"]
    assert [r[0] for r in before["segments"]] == [r[0] for r in after["segments"]]  # same rows
    assert project.undo().description == "Rename speaker B → Frau Yılmaz 👩‍👩‍👧"
    assert text_of(project, ids["K01"]) == text and dump(project) == before


def test_names_are_code_points_nfc_and_tidied(project, tmp_path):
    ids = imported(project, tmp_path, "K02")
    doc = ids["K02"]
    decomposed = "U\u0308mit  \t Gro\u00df 👩‍👩‍👧"  # Ü as U + combining diaeresis, a run of blanks
    assert rename(project, "B1", decomposed, doc) == 1
    name = "Ümit Groß 👩‍👩‍👧"
    assert unicodedata.is_normalized("NFC", name) and len(name) == 15  # the family emoji is 5
    (s, e, speaker), = [t for t in turns_of(project, doc) if t[2] != "I" and "B" not in t[2]]
    assert speaker == name
    assert text_of(project, doc)[s:e] == f"{name}: Ich kam später nach. Die Straße war damals laut."
    assert rename(project, "  Ümit   Groß 👩‍👩‍👧 ", "B1", doc) == 1  # the old name is tidied too
    assert turn_texts(project, doc)[2].startswith("B1: Ich kam")


def test_a_label_changed_by_hand_keeps_its_text_only_the_turn_is_renamed(project, tmp_path):
    ids = imported(project, tmp_path, "K01")
    doc = ids["K01"]
    text = text_of(project, doc)
    s, _ = span(text, "B: Schwer.")
    do(project, lambda act: edit_text(act, doc, text[:s] + "B (Mutter)" + text[s + 1:]), "Edit text")
    edited = text_of(project, doc)
    assert rename(project, "B", "Mutter", doc) == 2
    assert [sp for _, _, sp in turns_of(project, doc)] == ["I", "Mutter", "I", "Mutter"]
    assert text_of(project, doc) == edited.replace("\nB: Wegen", "\nMutter: Wegen")
    assert "B (Mutter): Schwer." in text_of(project, doc)


def test_an_empty_turn_label_is_renamed_too(project, tmp_path):
    f = tmp_path / "K03.txt"
    f.write_bytes("I: Noch etwas? #00:01:00-0#\n\nB: #00:01:04-0#\n\nI: Danke.\n".encode())
    doc, = documents.import_files(project, [f])
    assert turn_texts(project, doc) == ["I: Noch etwas?", "B:", "I: Danke."]
    rename(project, "B", "Frau Groß", doc)
    assert turn_texts(project, doc) == ["I: Noch etwas?", "Frau Groß:", "I: Danke."]
    assert [p for p, _ in anchors_of(project, doc)] == [e for _, e, _ in turns_of(project, doc)[:2]]


# --- merging ---------------------------------------------------------------------------------

def test_renaming_to_a_speaker_of_the_document_is_a_merge_and_needs_the_flag(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    before = dump(project)
    with pytest.raises(ConflictError, match=r"'B2' already speaks in K02.*merge"):
        rename(project, "B1", "B2", ids["K02"])
    with pytest.raises(ConflictError, match="merge"):
        rename(project, "B", "I")  # I speaks in both documents of B
    assert dump(project) == before
    assert rename(project, "B1", "B2", ids["K02"], merge=True) == 1
    with project.read() as conn:
        assert list_speakers(conn, ids["K02"]) == [("I", 1, 1), ("B2", 3, 1), ("B", 1, 1)]
    assert "\n\nB2: Ich kam später nach." in text_of(project, ids["K02"])
    project.undo()
    assert dump(project) == before


def test_a_name_used_only_in_other_documents_is_no_merge(project, tmp_path):
    ids = imported(project, tmp_path, "K01", "K02")
    assert rename(project, "B", "B2", ids["K01"]) == 2  # B2 speaks only in K02
    with project.read() as conn:
        assert list_speakers(conn, ids["K01"]) == [("I", 2, 1), ("B2", 2, 1)]


# --- refusals --------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "doc", "message"), [
    ("B", "", "K01", "must not be empty"),
    ("B", "   \t ", "K01", "must not be empty"),
    ("B", "\u00a0 \u2003", None, "must not be empty"),
    ("B", "Frau: Yılmaz", "K01", "must not contain ':'"),
    ("B", "Frau\nYılmaz", "K01", "line break"),
    ("B", "Frau Yılmaz\r", None, "line break"),
    ("B", "Frau\u2028Yılmaz", None, "line break"),
    ("B", "ß" * 61, None, "at most 60 characters"),
    ("B", "B", "K01", "called 'B' already"),
    ("B ", " B", None, "called 'B' already"),
    ("B3", "Dritte", None, "no speaker 'B3'"),
    ("B1", "Erster", "K01", "no speaker 'B1' in 'K01'"),
    ("b", "Befragte", None, "no speaker 'b'"),
])
def test_refusals_are_one_line_and_change_nothing(project, tmp_path, old, new, doc, message):
    ids = imported(project, tmp_path, "K01", "K02")
    before, labels = dump(project), project.undo_redo_labels()
    with pytest.raises(InputError, match=message) as err:
        rename(project, old, new, ids.get(doc))
    assert "\n" not in str(err.value)
    assert dump(project) == before and project.undo_redo_labels() == labels


def test_sixty_characters_are_allowed(project, tmp_path):
    ids = imported(project, tmp_path, "K01")
    name = "Ä" * 59 + "🌻"
    assert rename(project, "B", name, ids["K01"]) == 2
    assert turn_texts(project, ids["K01"])[1].startswith(name + ": Wegen")


def test_codings_over_part_of_a_label_cover_the_whole_new_label(project, tmp_path):
    ids = imported(project, tmp_path, "K02")
    doc = ids["K02"]
    text = text_of(project, doc)
    s, _ = span(text, "B2: Ich. Wir")
    from_digit = code(project, doc, s + 1, span(text, "Ich. Wir")[1], "Teil")  # "2: Ich. Wir"
    into_label = code(project, doc, span(text, "anfangen?")[0], s + 1, "Hinein")  # "anfangen?\n\nB"
    assert (coded(project, from_digit), coded(project, into_label)) == ("2: Ich. Wir", "anfangen?\n\nB")
    rename(project, "B2", "Frau Šimić", doc)
    assert coded(project, from_digit) == "Frau Šimić: Ich. Wir"
    assert coded(project, into_label) == "anfangen?\n\nFrau Šimić"


def test_a_coding_grown_to_the_new_name_joins_a_touching_one_of_its_code_and_coder(project, tmp_path):
    ids = imported(project, tmp_path, "K02")
    doc = ids["K02"]
    text = text_of(project, doc)
    s, _ = span(text, "B1: Ich kam")
    first = code(project, doc, s, s + 1, "Wechsel", memo="nur B")  # "B" of "B1"
    second = code(project, doc, s + 2, span(text, "Ich kam")[1], "Wechsel", memo="Rest")  # ": Ich kam"
    assert len({first, second}) == 2
    roundtrip(project, lambda: rename(project, "B1", "Herr Öz", doc))  # undo/redo exact
    with project.read() as conn:
        segs = segments.segments_of_document(conn, doc)
        assert len(segs) == 1 and segs[0].id == first  # the older one keeps its GUID
        assert memos.get_memo(conn, "segment", first) == "nur B\n\nRest"
    assert coded(project, first) == "Herr Öz: Ich kam"


def test_code_this_turn_finds_the_body_after_a_long_new_label(project, tmp_path):
    ids = imported(project, tmp_path, "K01")
    name = "Frau Dr. Ayşe Yılmaz-Großmann, Leiterin des Quartiersbüros"  # 58 characters
    rename(project, "B", name, ids["K01"])
    text = text_of(project, ids["K01"])
    s, e, _ = turns_of(project, ids["K01"])[1]
    start, end = turn_body(text, s, e)
    assert text[start:end].startswith("Wegen der Arbeit.") and text[s:start] == name + ": "


def test_random_codings_keep_their_words_or_grow_to_whole_labels(project, tmp_path):
    import random

    rnd = random.Random(7)
    ids = imported(project, tmp_path, "K02")
    doc = ids["K02"]
    text = text_of(project, doc)
    labels = [(s, s + 2) for s, _e, sp in turns_of(project, doc) if sp == "B2"]  # the name "B2"
    cases = []
    for k in range(150):
        a = rnd.randrange(len(text) - 1)
        b = rnd.randrange(a + 1, min(len(text), a + 40) + 1)
        cases.append((code(project, doc, a, b, f"Zufall {k}"), a, b))  # own code each: no joins
    new = "Çiçek 🌻"
    rename(project, "B2", new, doc)
    grown = 0
    for sid, a, b in cases:
        for s, e in labels:  # the expected old range: grown to whole labels it touches
            if s <= a < e:
                a, grown = s, grown + 1
            if s < b <= e:
                b, grown = e, grown + 1
        old = text[a:b]
        expected = new if old == "B2" else old.replace("B2:", f"{new}:").replace("\n\nB2", f"\n\n{new}")
        assert coded(project, sid) == expected
    assert grown >= 4  # some codings began or ended inside a label


def test_rename_runs_the_same_on_postgresql(pg_project, tmp_path):
    ids = imported(pg_project, tmp_path, "K01", "K02")
    text = text_of(pg_project, ids["K01"])
    seg = code(pg_project, ids["K01"], *span(text, "B: Wegen der Arbeit."), "Zuzug")
    before = dump(pg_project)
    with pytest.raises(ConflictError):
        rename(pg_project, "B", "I")
    assert rename(pg_project, "B", "Frau Yılmaz 🌻") == 3
    assert coded(pg_project, seg) == "Frau Yılmaz 🌻: Wegen der Arbeit."
    with pg_project.read() as conn:
        assert list_speakers(conn) == [("I", 3, 2), ("Frau Yılmaz 🌻", 3, 2), ("B2", 2, 1), ("B1", 1, 1)]
    pg_project.undo()
    assert dump(pg_project) == before
