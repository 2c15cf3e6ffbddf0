"""f4 / Dresing & Pehl transcripts: detection, parsing, layout, timestamps, round trips."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coding.base.errors import InputError
from coding.exchange.importers.model import ParsedDocument, TimeAnchor, Turn
from coding.exchange.importers.transcript import (build_transcript, format_ms_f4, looks_like_transcript, match_label, parse_f4_timestamp,
                                                  parse_transcript, to_f4_text)

HOUSES = "🏘️"  # two code points: U+1F3D8 U+FE0F
FAMILY = "👩‍👩‍👧"  # five code points joined by ZWJ


def turn_texts(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns]


# --- timestamps -------------------------------------------------------------------------

@pytest.mark.parametrize(("ms", "stamp"), [
    (0, "#00:00:00-0#"),
    (83400, "#00:01:23-4#"),
    (83449, "#00:01:23-4#"),
    (83450, "#00:01:23-5#"),
    (59_960, "#00:01:00-0#"),  # rounding carries into the minute
    (3_600_000 + 2 * 60_000 + 3_100, "#01:02:03-1#"),
    (100 * 3_600_000, "#100:00:00-0#"),
])
def test_format_ms_f4_rounds_to_tenths(ms, stamp):
    assert format_ms_f4(ms) == stamp


def test_format_ms_f4_refuses_negative_times():
    with pytest.raises(ValueError):
        format_ms_f4(-1)


@pytest.mark.parametrize(("stamp", "ms"), [
    ("#00:01:23-4#", 83_400),
    ("00:01:23-4", 83_400),
    ("#00:01:23#", 83_000),
    ("#00:01:23.456#", 83_456),
    ("#00:01:23,45#", 83_450),
    ("#1:00:00-0#", 3_600_000),
    (" #00:00:07-9# ", 7_900),
])
def test_parse_f4_timestamp_accepts_f4_and_tolerant_forms(stamp, ms):
    assert parse_f4_timestamp(stamp) == ms


@pytest.mark.parametrize("bad", ["", "#00:01#", "#00:61:00-0#", "#00:00:60-0#", "12:30 Uhr", "#aa:bb:cc#"])
def test_parse_f4_timestamp_refuses_garbage_with_input_error(bad):
    with pytest.raises(InputError, match="timestamp"):
        parse_f4_timestamp(bad)


@given(st.integers(min_value=0, max_value=200 * 3_600_000))
def test_format_then_parse_is_within_half_a_tenth(ms):
    assert abs(parse_f4_timestamp(format_ms_f4(ms)) - ms) <= 50


# --- detection --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ein Bericht. #00:00:12-3# Weiter.",
    "I: Guten Tag.\nB: Hallo.",
    "I: Frage?\n\nB1: Antwort.\n\nB2: Andere Antwort.",
    "Interviewerin: a\n\nFrau Müller: b\n\nInterviewerin: c\n\nFrau Müller: d",
    "Kopf\nDatum: heute\nOrt: Kassel\n\nI: a\nB: b\nI: c\nB: d",
    "I: Eine lange Antwort\nüber mehrere Zeilen\nB: gut",
])
def test_looks_like_transcript_accepts_transcripts(text):
    assert looks_like_transcript(text)


@pytest.mark.parametrize("text", [
    "",
    "Ein ganz normaler Text.\nMit zwei Zeilen.",
    "Hinweis: Das ist ein Hinweis.\nEin Satz.\nFazit: gut.",  # one-off labels are prose
    "Ziel: Teilhabe\nMethode: Interviews\nErgebnis: offen",  # key/value lines, each once
    "Interviewer: a\nBefragte: b",  # long labels used once each are not trusted
    "I: nur ein Sprecher\nI: immer derselbe",
    "Um 10:30 Uhr: Treffen\nhttp://example.org: Link",
    "I: a\n" + "Prosa.\n" * 10 + "B: b",  # labels on too few lines
    "Das heißt: so.\nDas heißt: anders.\nKurz gesagt: nein.\nKurz gesagt: ja.",  # lowercase 2nd word
])
def test_looks_like_transcript_rejects_prose(text):
    assert not looks_like_transcript(text)


@pytest.mark.parametrize(("line", "expected"), [
    ("I: Hallo", ("I", 3)),
    ("B1:\tHallo", ("B1", 4)),
    ("  IP :  Hallo", ("IP", 8)),
    ("B:", ("B", 2)),
    ("Frau Dr. Müller: ja", ("Frau Dr. Müller", 17)),
    ("Befragte 2: ja", ("Befragte 2", 12)),
    ("SPEAKER_00: ja", ("SPEAKER_00", 12)),
    ("Das heißt: ja", None),
    ("10:30 Uhr", None),
    ("http://x.org", None),
    ("I:Hallo", None),  # a label is followed by a blank or the end of the line
    ("Eins zwei drei vier: x", None),
    ("A" * 31 + ": x", None),
])
def test_match_label(line, expected):
    assert match_label(line) == expected


# --- parsing ----------------------------------------------------------------------------

def test_parse_f4_transcript_exact_text_turns_and_anchors():
    text = (
        "I: Guten Tag, schön, dass Sie da sind. #00:00:05-2#\n"
        "\n"
        f"B: Ja, gerne {HOUSES} (lacht). #00:00:09-8#\n"
        "\n"
        f"I: Und die Familie {FAMILY} #00:00:12-0# heute? #00:00:15-5#\n"
    )
    doc = parse_transcript(text)
    assert doc.kind == "transcript"
    assert doc.text == (
        "I: Guten Tag, schön, dass Sie da sind.\n\n"
        f"B: Ja, gerne {HOUSES} (lacht).\n\n"
        f"I: Und die Familie {FAMILY} heute?"
    )
    assert turn_texts(doc) == [
        ("I", "I: Guten Tag, schön, dass Sie da sind."),
        ("B", f"B: Ja, gerne {HOUSES} (lacht)."),
        ("I", f"I: Und die Familie {FAMILY} heute?"),
    ]
    t = doc.text
    assert doc.anchors == [
        TimeAnchor(t.find("sind.") + 5, 5_200),
        TimeAnchor(t.find("(lacht).") + 8, 9_800),
        TimeAnchor(t.find("heute?"), 12_000),  # mid-line stamp: anchor after the kept space
        TimeAnchor(t.find("heute?") + 6, 15_500),
    ]
    assert doc.turns[0].end == doc.anchors[0].position  # end-of-paragraph stamp = end of turn
    assert doc.warnings == []


def test_positions_are_code_points_not_utf16_units():
    doc = parse_transcript(f"B: {FAMILY}{HOUSES} #00:00:01-0#\n")
    assert doc.text == f"B: {FAMILY}{HOUSES}"
    assert len(FAMILY) == 5 and len(HOUSES) == 2
    assert doc.anchors == [TimeAnchor(3 + 5 + 2, 1_000)]
    assert doc.turns == [Turn(0, 10, "B")]


def test_stamp_spacing_rules():
    doc = parse_transcript("I: eins#00:00:01-0# zwei #00:00:02-0# drei#00:00:03-0#vier\nB: x")
    assert doc.text == "I: eins zwei dreivier\n\nB: x"
    t = doc.text
    assert [a.position for a in doc.anchors] == [
        t.find(" zwei"),  # touching the word before: anchor before the kept space
        t.find("drei"),  # spaces on both sides: after the single kept space
        t.find("vier"),  # no spaces at all: the words join, anchor between them
    ]


def test_stamp_before_label_and_after_label_anchor_at_turn_text_start():
    doc = parse_transcript("#00:00:01-0# I: Hallo\n\nB:#00:00:02-0# Tag\n\nI: #00:00:03-0# Na")
    assert doc.text == "I: Hallo\n\nB: Tag\n\nI: Na"
    t = doc.text
    assert [a.position for a in doc.anchors] == [3, t.find("Tag"), t.find("Na")]


def test_stamp_only_lines_anchor_to_the_end_of_the_text_before():
    doc = parse_transcript("#00:00:00-5#\nI: Frage?\n#00:00:04-0#\n\n#00:00:05-0#\n\nB: Antwort.\n#00:00:09-0#")
    assert doc.text == "I: Frage?\n\nB: Antwort."
    t = doc.text
    assert doc.anchors == [
        TimeAnchor(3, 500),  # before any text: start of the first text
        TimeAnchor(t.find("?") + 1, 4_000),
        TimeAnchor(t.find("?") + 1, 5_000),
        TimeAnchor(len(t), 9_000),
    ]


def test_header_is_kept_without_turn_and_continuations_join_the_turn():
    text = (
        "Interview 7 – Kommune B\n"
        "Datum: 12.03.2024\n"
        "\n\n\n"
        "I: Wie war das?\n"
        "B: Am Anfang schwierig.\n"
        "Dann besser.\n"
        "\n"
        "Und heute gut.\n"
        "I: Danke.\n"
    )
    doc = parse_transcript(text)
    assert doc.text == (
        "Interview 7 – Kommune B\nDatum: 12.03.2024\n\n"
        "I: Wie war das?\n\n"
        "B: Am Anfang schwierig.\nDann besser.\n\nUnd heute gut.\n\n"
        "I: Danke."
    )
    assert turn_texts(doc) == [
        ("I", "I: Wie war das?"),
        ("B", "B: Am Anfang schwierig.\nDann besser.\n\nUnd heute gut."),
        ("I", "I: Danke."),
    ]
    assert doc.turns[0].start == doc.text.find("I: Wie")


def test_one_off_label_inside_a_turn_is_text_but_repeated_long_labels_are_speakers():
    text = "Interviewerin: Und?\nBefragte: Also.\nHinweis: bleibt Text.\nInterviewerin: Gut.\nBefragte: Ja."
    doc = parse_transcript(text)
    assert [t.speaker for t in doc.turns] == ["Interviewerin", "Befragte", "Interviewerin", "Befragte"]
    assert turn_texts(doc)[1] == ("Befragte", "Befragte: Also.\nHinweis: bleibt Text.")


def test_whitespace_is_tidied_inside_turns():
    doc = parse_transcript("I:\t  viel   Raum \t \n   eingerückt  \n\n\n\nB:   x  ")
    assert doc.text == "I: viel Raum\neingerückt\n\nB: x"


def test_empty_turn_keeps_label_without_trailing_space():
    doc = parse_transcript("I: Frage?\nB: #00:00:03-0#\nI: Noch eine?")
    assert doc.text == "I: Frage?\n\nB:\n\nI: Noch eine?"
    assert doc.turns[1] == Turn(11, 13, "B")
    assert doc.anchors == [TimeAnchor(13, 3_000)]


def test_nfd_input_becomes_nfc():
    doc = parse_transcript("I: Gru\u0308ße? #00:00:01-0#\nB: Mu\u0308ller")
    assert doc.text == "I: Gr\u00fc\u00dfe?\n\nB: M\u00fcller"
    assert doc.anchors[0].position == doc.text.find("?") + 1


def test_invalid_stamp_names_its_line():
    with pytest.raises(InputError, match=r"line 2: .*#00:75:00-0#"):
        parse_transcript("I: a\nB: b #00:75:00-0#")


def test_backwards_timestamps_are_a_warning_not_an_error():
    doc = parse_transcript("I: a #00:00:09-0#\nB: b #00:00:03-0#")
    assert doc.warnings == ["line 2: timestamp is earlier than the one in line 1"]


def test_text_without_speakers_warns_and_keeps_paragraphs():
    doc = parse_transcript("Nur Text #00:00:01-0#\n\nZweiter Absatz")
    assert doc.text == "Nur Text\n\nZweiter Absatz"
    assert doc.turns == []
    assert doc.anchors == [TimeAnchor(8, 1_000)]
    assert any("no speaker" in w for w in doc.warnings)


def test_parse_accepts_crlf_and_bom_even_if_not_normalised():
    doc = parse_transcript("\ufeffI: a\r\n\r\nB: b\r\n")
    assert doc.text == "I: a\n\nB: b"


# --- building and writing ---------------------------------------------------------------

def test_build_transcript_layout():
    doc = build_transcript([
        ("", "Kopfzeile", []),
        ("I", "Hallo 🏘️ Welt", [(0, 0), (9, 1_500)]),
        ("B", "", [(0, 2_000)]),
        ("", "gehört zu B", [(0, 2_500)]),
        ("B1", "  Antwort  ", [(11, 3_000)]),
    ])
    assert doc.text == "Kopfzeile\n\nI: Hallo 🏘️ Welt\n\nB: gehört zu B\n\nB1: Antwort"
    t = doc.text
    assert turn_texts(doc) == [("I", "I: Hallo 🏘️ Welt"), ("B", "B: gehört zu B"), ("B1", "B1: Antwort")]
    assert doc.anchors == [
        TimeAnchor(t.find("Hallo"), 0),
        TimeAnchor(t.find("Welt"), 1_500),
        TimeAnchor(t.find("gehört"), 2_000),  # empty turn text: merged continuation starts there
        TimeAnchor(t.find("gehört"), 2_500),
        TimeAnchor(len(t), 3_000),
    ]


def test_build_transcript_rejects_unwritable_speakers_and_bad_anchors():
    with pytest.raises(ValueError):
        build_transcript([("a:b", "x", [])])
    with pytest.raises(ValueError):
        build_transcript([("Das heißt", "x", [])])
    with pytest.raises(ValueError):
        build_transcript([("I", "abc", [(4, 0)])])
    with pytest.raises(ValueError):
        build_transcript([("I", "abc", [(0, -5)])])


def test_build_transcript_empty_input():
    assert build_transcript([]) == ParsedDocument(text="", kind="transcript")


def test_to_f4_text_writes_stamps_where_anchors_are():
    doc = build_transcript([
        ("I", "Guten Tag.", [(10, 5_200)]),
        ("B", f"Hallo {FAMILY} gut", [(0, 6_000), (6, 7_000), (11, 8_123)]),
    ])
    assert to_f4_text(doc) == (
        "I: Guten Tag. #00:00:05-2#\n\n"
        f"B: #00:00:06-0# Hallo #00:00:07-0# {FAMILY}#00:00:08.123# gut\n"
    )
    assert parse_transcript(to_f4_text(doc)) == doc


def test_f4_round_trip_of_a_parsed_file_is_stable():
    source = "Kopf\n\nI: a #00:00:01-0#\nb\n\nc\n\nB: #00:00:02-0#\nI: d#00:00:03-0#e  f #00:00:04-0#"
    doc = parse_transcript(source)
    again = parse_transcript(to_f4_text(doc))
    assert again == doc
    assert to_f4_text(again) == to_f4_text(doc)


# Texts without ':' and '#' so that no line of a turn can pose as a label or stamp.
_ALPHABET = st.sampled_from(list("aäbcößxyzÄÜ .,!?()/-\t\n") + [HOUSES, FAMILY, "😀", "u\u0308", "\u00a0"])
_TEXT = st.lists(_ALPHABET, max_size=25).map("".join)
_SPEAKER = st.sampled_from(["I", "B", "B1", "B2", "IP", "Interviewerin", "Frau Müller", ""])


@st.composite
def _turns(draw):
    turns = []
    for _ in range(draw(st.integers(0, 6))):
        speaker, text = draw(_SPEAKER), draw(_TEXT)
        offsets = draw(st.lists(st.integers(0, len(text)), max_size=3))
        times = draw(st.lists(st.integers(0, 10 * 3_600_000), min_size=len(offsets), max_size=len(offsets)))
        turns.append((speaker, text, list(zip(offsets, times))))
    # Long labels count as speakers only when used twice (the documented reading rule).
    for name in ("Interviewerin", "Frau Müller"):
        assume(sum(1 for s, _, _ in turns if s == name) != 1)
    return turns


@settings(max_examples=400, deadline=None)
@given(_turns())
def test_round_trip_build_write_parse(turns):
    doc = build_transcript(turns)
    assert parse_transcript(to_f4_text(doc)) == doc
    # Invariants of the stored layout.
    assert "\n\n\n" not in doc.text and not doc.text.startswith("\n") and not doc.text.endswith((" ", "\n"))
    assert all(not line.endswith((" ", "\t")) for line in doc.text.split("\n"))
    assert [a.position for a in doc.anchors] == sorted(a.position for a in doc.anchors)
    assert all(0 <= a.position <= len(doc.text) for a in doc.anchors)
    assert len(doc.anchors) == sum(len(a) for _, _, a in turns)
    for turn in doc.turns:
        assert doc.text.startswith(turn.speaker + ":", turn.start)
        assert turn.end == len(doc.text) or doc.text.startswith("\n\n", turn.end)


_NOISE = st.lists(
    st.sampled_from(list("IB1aäx :#\t\n.-") + ["I: ", "B1: ", "Frau Müller: ", "#00:00:01-5#", "#00:59:59.250#",
                                               "#12:34#", "Datum: ", FAMILY, "u\u0308", "\u00a0"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NOISE)
def test_parse_is_total_and_its_output_round_trips(text):
    """Any text parses (or raises InputError); writing and re-reading the result changes nothing."""
    try:
        doc = parse_transcript(text)
    except InputError:
        return
    assert all(0 <= a.position <= len(doc.text) for a in doc.anchors)
    assert "\n\n\n" not in doc.text
    again = parse_transcript(to_f4_text(doc))
    assert again == doc


def test_to_f4_text_can_round_to_tenths_for_other_tools():
    doc = build_transcript([("I", "Hallo", [(5, 1_234)])])
    assert to_f4_text(doc) == "I: Hallo #00:00:01.234#\n"
    assert to_f4_text(doc, exact=False) == "I: Hallo #00:00:01-2#\n"


def test_build_transcript_normalises_blanks_in_speaker_names():
    doc = build_transcript([(" Frau  Müller ", "ja", [])])
    assert doc.text == "Frau Müller: ja"
    assert doc.turns == [Turn(0, 15, "Frau Müller")]
