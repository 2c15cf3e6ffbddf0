"""SubRip and WebVTT subtitles read as timed transcripts."""
from __future__ import annotations

import pytest

from coding.base.errors import InputError
from coding.exchange.importers.model import TimeAnchor, Turn
from coding.exchange.importers.subtitles import parse_srt, parse_vtt
from coding.exchange.importers.transcript import parse_transcript, to_f4_text

FAMILY = "👩‍👩‍👧"


def test_srt_cues_become_paragraphs_with_start_anchors():
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\n<i>Hallo</i> Welt,\nwie geht's?\n\n"
        "2\n00:00:04,000 --> 00:00:06,500\nGut &amp; dir?\n\n"
        "3\n00:00:09,000 --> 00:00:10,250 X1:100 X2:600\n{\\an8}Ende <b>gut</b>.\n"
    )
    doc = parse_srt(srt)
    assert doc.kind == "transcript"
    assert doc.text == "Hallo Welt, wie geht's?\n\nGut & dir?\n\nEnde gut."
    assert doc.turns == []
    t = doc.text
    assert doc.anchors == [
        TimeAnchor(0, 1_000),
        TimeAnchor(t.find("Gut"), 4_000),
        TimeAnchor(t.find("dir?") + 4, 6_500),  # a pause of 2.5 s follows: end is anchored too
        TimeAnchor(t.find("Ende"), 9_000),
        TimeAnchor(len(t), 10_250),  # last cue: end anchored
    ]
    assert doc.warnings == []


def test_srt_labels_make_turns_and_unlabelled_cues_continue_the_speaker():
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nI: Wie geht es Ihnen?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nB: Gut, danke.\n\n"
        f"3\n00:00:03,000 --> 00:00:04,500\nUnd der Familie {FAMILY} auch.\n\n"
        "4\n00:00:04,500 --> 00:00:05,000\nI: Schön.\n"
    )
    doc = parse_srt(srt)
    assert doc.text == f"I: Wie geht es Ihnen?\n\nB: Gut, danke. Und der Familie {FAMILY} auch.\n\nI: Schön."
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("I", "I: Wie geht es Ihnen?"),
        ("B", f"B: Gut, danke. Und der Familie {FAMILY} auch."),
        ("I", "I: Schön."),
    ]
    t = doc.text
    assert doc.anchors == [
        TimeAnchor(t.find("Wie"), 1_000),
        TimeAnchor(t.find("Gut"), 2_000),
        TimeAnchor(t.find("Und"), 3_000),
        TimeAnchor(t.find("Schön"), 4_500),
        TimeAnchor(len(t), 5_000),
    ]


def test_srt_result_is_a_transcript_that_survives_f4_round_trip():
    srt = "1\n00:00:01,000 --> 00:00:02,345\nI: a\n\n2\n00:00:02,500 --> 00:00:03,000\nB: b\n"
    doc = parse_srt(srt)
    assert parse_transcript(to_f4_text(doc)) == doc


def test_srt_tolerates_missing_numbers_dots_and_blank_line_inside_a_cue():
    srt = "00:00:01.5 --> 00:00:02.000\nerste\n\nzweite Zeile\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\ndritte\n"
    doc = parse_srt(srt)
    assert doc.text == "erste zweite Zeile\n\ndritte"
    assert doc.anchors[0] == TimeAnchor(0, 1_500)
    assert doc.warnings == ["line 4: text without a time line added to the cue before"]


@pytest.mark.parametrize(("srt", "line"), [
    ("1\n00:00:01,000 -> 00:00:02,000\nText\n", 2),
    ("1\n00:00:01,000 --> 00:0x:02,000\nText\n", 2),
    ("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:61:00,000 --> 00:62:00,000\nB\n", 6),
    ("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n", 5),  # cue number without time line
    ("Hallo\nWelt\n", 1),
    ("1\nkein Zeitstempel\n", 2),
    ("\n\n1\n00:00:01,000 --> 00:00:0\n", 4),  # leading blank lines count; end time cut short
])
def test_srt_malformed_time_lines_name_the_line(srt, line):
    with pytest.raises(InputError, match=rf"^line {line}: "):
        parse_srt(srt)


def test_srt_overlapping_and_reversed_cues_are_warnings():
    srt = "1\n00:00:05,000 --> 00:00:04,000\nA\n\n2\n00:00:01,000 --> 00:00:02,000\nB\n"
    doc = parse_srt(srt)
    assert doc.warnings == ["line 2: cue ends before it starts", "line 6: cue starts before the previous one"]


def test_srt_empty_and_tag_only_cues_are_skipped():
    assert parse_srt("").text == ""
    doc = parse_srt("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n2\n00:00:03,000 --> 00:00:04,000\nDa\n")
    assert doc.text == "Da"
    assert doc.anchors == [TimeAnchor(0, 3_000), TimeAnchor(2, 4_000)]


VTT = """WEBVTT - Interview 3
Kind: captions
Language: de

NOTE Diese Notiz
enthält --> keinen Cue

STYLE
::cue { color: yellow }

REGION
id:fred

intro
00:01.000 --> 00:04.000 align:start position:10%
<v Anna Müller>Hallo <c.yellow>zusammen</c>,
<i>schön</i> &lt;hier&gt;

00:00:04.000 --> 00:00:05.000
<v Anna Müller>noch was</v>

00:05.000 --> 00:07.000
<v.loud bob smith>Hi <00:00:06.000>du

00:07.000 --> 00:08.000
I: Frage?
"""


def test_vtt_voices_notes_styles_and_inline_tags():
    doc = parse_vtt(VTT)
    assert doc.kind == "transcript"
    assert doc.text == "Anna Müller: Hallo zusammen, schön <hier> noch was\n\nbob_smith: Hi du\n\nI: Frage?"
    assert doc.turns == [
        Turn(0, doc.text.find("\n\nbob"), "Anna Müller"),
        Turn(doc.text.find("bob"), doc.text.find("\n\nI:"), "bob_smith"),
        Turn(doc.text.find("I:"), len(doc.text), "I"),
    ]
    t = doc.text
    assert doc.anchors == [
        TimeAnchor(t.find("Hallo"), 1_000),
        TimeAnchor(t.find("noch"), 4_000),
        TimeAnchor(t.find("Hi"), 5_000),
        TimeAnchor(t.find("Frage"), 7_000),
        TimeAnchor(len(t), 8_000),
    ]


def test_vtt_with_crlf_and_bom():
    vtt = "\ufeffWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nZeile eins\r\nZeile zwei\r\n"
    doc = parse_vtt(vtt)
    assert doc.text == "Zeile eins Zeile zwei"
    assert doc.anchors == [TimeAnchor(0, 1_000), TimeAnchor(21, 2_000)]


def test_vtt_two_voices_in_one_cue_split_the_cue():
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v I>Und?\n<v B>Nichts.\n"
    doc = parse_vtt(vtt)
    assert doc.text == "I: Und?\n\nB: Nichts."
    assert doc.anchors == [TimeAnchor(3, 1_000), TimeAnchor(len(doc.text), 3_000)]


def test_vtt_unusable_voice_name_is_dropped_with_warning():
    doc = parse_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v 1 (?)>Text\n")
    assert doc.text == "Text"
    assert doc.turns == []
    assert doc.warnings == ["voice name '1 (?)' cannot be used as a speaker label; ignored"]


@pytest.mark.parametrize(("vtt", "message"), [
    ("00:00:01.000 --> 00:00:02.000\nText\n", "line 1: not a WebVTT file"),
    ("WEBVTTX\n", "line 1: not a WebVTT file"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nText\n", "line 3: malformed time line"),
    ("WEBVTT\n\nid\n00:00:01.000 --> soon\nText\n", "line 4: malformed time line"),
    ("WEBVTT\n\nnur Text\n", "line 3: expected a cue"),
])
def test_vtt_malformed_input(vtt, message):
    with pytest.raises(InputError, match=f"^{message}"):
        parse_vtt(vtt)


def test_vtt_without_blank_line_after_header_is_tolerated():
    doc = parse_vtt("WEBVTT\n00:00:01.000 --> 00:00:02.000\nText\n")
    assert doc.text == "Text"


def test_vtt_same_bad_voice_warns_once():
    cue = "00:00:0{0}.000 --> 00:00:0{0}.500\n<v (?)>Text {0}\n\n"
    doc = parse_vtt("WEBVTT\n\n" + "".join(cue.format(i) for i in range(1, 4)))
    assert doc.warnings == ["voice name '(?)' cannot be used as a speaker label; ignored"]
