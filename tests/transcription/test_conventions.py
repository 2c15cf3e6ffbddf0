"""Dresing & Pehl conventions on synthetic data: pause marks, turns, labels, text on silence."""
from __future__ import annotations

import numpy as np
import pytest

from transcription import conventions as cv
from transcription.result import Segment, Word
from transcription.silence import Envelope, EnvelopeBuilder
from transcription.wer import wer


@pytest.mark.parametrize("seconds,mark", [(0.3, ""), (0.74, ""), (0.9, "(.)"), (1.2, "(.)"), (1.9, "(..)"),
                                          (2.4, "(..)"), (2.9, "(...)"), (3.4, "(...)"), (3.6, "(4)"),
                                          (6.1, "(6)"), (12.4, "(12)")])
def test_pause_marks(seconds, mark):
    assert cv.pause_mark(seconds) == mark


def _env(loud: list[tuple[float, float]], total: float, stereo_left: list[tuple[float, float]] | None = None):
    """An envelope with sound (-20 dB) in the given spans and digital silence elsewhere."""
    db = np.full(int(total * 100), -80.0, np.float32)
    for a, b in loud:
        db[int(a * 100):int(b * 100)] = -20.0
    chan = None
    if stereo_left is not None:
        chan = np.stack([np.full_like(db, -80.0), db.copy()], axis=1)
        for a, b in stereo_left:
            chan[int(a * 100):int(b * 100)] = [-20.0, -80.0]
    return Envelope(db, chan)


def _w(start, end, text, spk=""):
    return Word(start, end, " " + text, 0.9, spk)


def test_turns_pauses_and_timestamps():
    env = _env([(0, 1.0), (2.0, 3.0), (6.5, 7.3), (7.4, 8.0)], 10)
    segs = [Segment(0, 8, "x", [_w(0, 0.5, "Ja,", "I"), _w(0.5, 1.3, "also", "I"), _w(1.9, 3.0, "gut.", "I"),
                                 _w(6.4, 7.3, "Genau", "B"), _w(7.35, 8.04, "so.", "B")])]
    turns = cv.build_turns(segs, env)
    assert [(t.speaker, t.text, t.start_ms, t.end_ms) for t in turns] == [
        ("I", "Ja, also (.) gut.", 0, 3000), ("B", "Genau so.", 6400, 8000)]
    # Without a loudness track the word times decide.
    assert cv.build_turns(segs)[0].text == "Ja, also gut."


def test_segment_borders_never_cut_a_paragraph():
    """Unlabelled text (speakers unknown) is one turn, also where a segment ends mid-sentence."""
    segs = [Segment(0, 2, "Das ist der", [_w(0, 0.5, "Das"), _w(0.5, 1, "ist"), _w(1, 2, "der")]),
            Segment(2, 4, "erste Satz.", [_w(2, 3, "erste"), _w(3, 4, "Satz.")]),
            Segment(5, 7, "Zweiter Teil.", [])]  # a segment without word times
    turns = cv.build_turns(segs)
    assert [(t.speaker, t.text, t.start_ms, t.end_ms) for t in turns] == [
        ("", "Das ist der erste Satz. (.) Zweiter Teil.", 0, 7000)]
    labelled = [Segment(s.start, s.end, s.text, [_w(w.start, w.end, w.text.strip(), "B") for w in s.words])
                for s in segs[:2]]
    assert [(t.speaker, t.text) for t in cv.build_turns(labelled)] == [("B", "Das ist der erste Satz.")]


def _speech(sentences: list[str], speaker: str = "B", start: float = 0.0) -> list[Word]:
    """One word per second, sentence after sentence."""
    words = [w for sentence in sentences for w in sentence.split()]
    return [_w(start + k, start + k + 0.8, w, speaker) for k, w in enumerate(words)]


def test_a_long_turn_goes_on_in_a_new_paragraph_after_a_sentence_end():
    sentence = "Wir haben im Amt sehr viele Anfragen von Eltern bekommen."  # 10 words: 10 s
    words = _speech([sentence] * 15)  # 150 s of one speaker
    turns = cv.build_turns([Segment(0, 150, "", words)])
    # The first sentence end once a paragraph has run for 60 s closes it (59.8 s is not yet).
    assert [(t.speaker, t.start_ms, t.end_ms) for t in turns] == [
        ("B", 0, 69800), ("B", 70000, 139800), ("B", 140000, 149800)]
    assert all(t.text.endswith("bekommen.") for t in turns)
    assert " ".join(t.text for t in turns) == " ".join([sentence] * 15)


def test_a_long_turn_is_never_cut_mid_sentence():
    # No sentence end after 60 s: one paragraph, however long.
    words = _speech(["und dann " * 50])
    assert len(cv.build_turns([Segment(0, 100, "", words)])) == 1
    # An ordinal, an initial or an abbreviation is no sentence end.
    words = _speech(["x " * 58 + "Am 3. Mai kam Herr B. mit bzw. ohne z.B. Akten. Danach Ruhe."])
    turns = cv.build_turns([Segment(0, 80, "", words)])
    assert [t.text.split()[-1] for t in turns] == ["Akten.", "Ruhe."]
    # A speaker change still starts a new paragraph at once.
    words = _speech(["Eins zwei drei"], "I") + _speech(["vier fünf"], "B", start=3)
    assert [t.speaker for t in cv.build_turns([Segment(0, 5, "", words)])] == ["I", "B"]


@pytest.mark.parametrize("word,end", [(" Gut.", True), (" so?", True), (" nein!", True), (" und…", True),
                                      (" also...", True), (' Satz."', True), (" 3.", False), (" B.", False),
                                      (" z.B.", False), (" bzw.", False), (" Ja", False), ("", False)])
def test_sentence_ends(word, end):
    assert cv.ends_sentence(word) is end


def test_hash_never_reaches_the_text():
    turns = cv.build_turns([Segment(0, 1, "", [_w(0, 1, "#1", "B")])])
    assert turns[0].text == "1"


def test_text_on_silence_is_dropped():
    env = _env([(0, 3)], 20)
    real = Segment(0.2, 2.8, "Das ist echt.", avg_logprob=-0.4, no_speech_prob=0.5)
    zdf = Segment(10, 14, "Untertitel im Auftrag des ZDF, 2020", avg_logprob=-0.3, no_speech_prob=0.2)
    other = Segment(15, 19, "Irgendein erfundener Satz.", avg_logprob=-0.3, no_speech_prob=0.1)
    whisper_rule = Segment(0.5, 2.5, "naja", avg_logprob=-1.5, no_speech_prob=0.9)
    assert cv.drop_invented([real, zdf, other, whisper_rule], env) == [real]
    # A known phrase spoken aloud is kept: only text on silence is invented.
    spoken = Segment(0.2, 2.8, "Vielen Dank fürs Zuschauen!", avg_logprob=-0.3, no_speech_prob=0.1)
    assert cv.drop_invented([spoken], env) == [spoken]
    assert cv.is_known_hallucination("Untertitel der Amara.org-Community")


def test_envelope_from_blocks_and_silence_threshold():
    sr = 16000
    tone = (0.3 * np.sin(np.arange(sr) * 2 * np.pi * 220 / sr)).astype(np.float32)
    sig = np.concatenate([tone, np.zeros(2 * sr, np.float32), tone])
    b = EnvelopeBuilder()
    for i in range(0, len(sig), 7000):  # block sizes that do not divide into 10 ms frames
        b.feed(sig[i:i + 7000])
    env = b.finish()
    assert len(env.db) == len(sig) // 160
    assert env.longest_silence(0, 4) == pytest.approx(2.0, abs=0.02)
    assert env.speech_fraction(1.2, 2.8) == 0 and env.speech_fraction(0, 1) == 1


def test_speaker_labels_in_order_of_first_appearance():
    assert cv.label_speakers(["s7", "s3", "s7"], 2) == {"s7": "I", "s3": "B"}
    assert cv.label_speakers(["a", "b", "c"], 3) == {"a": "I", "b": "B1", "c": "B2"}


def test_word_error_rate():
    assert wer("Guten Tag, Frau Müller!", "guten tag frau müller") == 0
    assert wer("eins zwei drei vier", "eins drei vier fünf") == 0.5
    assert wer("", "") == 0 and wer("", "etwas") == 1
