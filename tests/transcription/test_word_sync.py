"""Play-along stays in sync after editing (issue 11): generated speech with known word times is
transcribed with the real base weights and stored with its word timings; after 200 random edits
the word highlighted at sampled playback times is the word spoken there.

Each word is spoken on its own (espeak-ng, silence trimmed by sox) and joined with exact
silences, so every word's true start is known to the sample. The figures are printed (pytest -s).
"""
from __future__ import annotations

import dataclasses
import random
import statistics
import unicodedata
from difflib import SequenceMatcher

import pytest

from app import transcribe_queue as tq
from coding.services import documents
from coding.services import transcription_jobs as tj
from coding.services.text_edit import edit_text
from coding.services.word_timings import document_words
from coding.store.project import Project
from coding.text.remap import Edit
from coding.text.word_timing import word_at_ms
from tests.transcription import audio_fixtures as af
from transcription import audio

pytestmark = pytest.mark.slow

SENTENCES = [
    "Seit ungefähr acht Jahren arbeite ich im Jugendamt einer kleinen Stadt.",
    "Ich plane Projekte und spreche jede Woche mit den Schulen.",
    "Die Zuständigkeiten sind leider nicht immer klar geregelt.",
    "Viele Familien finden den Weg zur Beratung über die Nachbarn.",
]
WORD_GAP = 0.18  # seconds of silence between words: slow, clear speech
SENTENCE_GAP = 0.7


def _norm(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", word).lower() if c.isalnum())


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    """The recording and ``[(word, start_ms, end_ms)]`` as spoken."""
    folder = tmp_path_factory.mktemp("words")
    parts, truth, t = [], [], 0.0
    for s, sentence in enumerate(SENTENCES):
        words = sentence.split()
        for k, word in enumerate(words):
            clip = af.speak(word, af.VOICES["B"], folder / f"w{s}_{k}.wav")
            length = af.seconds(clip)
            truth.append((_norm(word), round(t * 1000), round((t + length) * 1000)))
            gap = SENTENCE_GAP if k == len(words) - 1 else WORD_GAP
            parts += [clip, af.silence(gap, folder / f"g{s}_{k}.wav")]
            t += length + gap
    return af.concat(parts, folder / "woerter.wav"), truth


def test_highlighted_word_is_the_spoken_word_after_200_random_edits(spoken, opts, tmp_path):
    wav, truth = spoken
    path = tmp_path / "sync.andock"
    with Project.create(path) as proj:
        info = audio.probe(wav)
        with proj.write() as conn:
            tj.enqueue(conn, proj.base_dir, [tj.QueuedFile(info.path, info.checksum, info.duration)],
                       tq.options_to_dict(dataclasses.replace(opts, speakers=1)), ())
        end = tq.QueueWorker(proj, on_event=lambda e: None).run()
        assert end.finished == 1
        with proj.read() as conn:
            doc = documents.list_documents(conn)[0].id
            original = documents.get_text(conn, doc)
            words = document_words(conn, doc)
        # 1. the stored words are the spoken words, at the spoken times. A misheard word
        # ("Specher" for "spreche") still stands where it was spoken: text and truth are aligned as
        # sequences, and a substitution of equal length pairs its words one to one.
        tokens = [_norm(original[w.start:w.end]) for w in words]
        spoken_at = {}  # original text position of a stored word -> index in truth
        for op, a0, a1, b0, b1 in SequenceMatcher(None, tokens, [t[0] for t in truth], autojunk=False).get_opcodes():
            if op == "equal" or (op == "replace" and a1 - a0 == b1 - b0):
                spoken_at.update({words[a0 + d].start: b0 + d for d in range(a1 - a0)})
        errors = [abs(w.start_ms - truth[spoken_at[w.start]][1]) for w in words if w.start in spoken_at]
        assert len(spoken_at) >= 0.85 * len(truth), (len(spoken_at), len(truth), original)
        print(f"\nword start error before editing: median {statistics.median(errors):.0f} ms, "
              f"p90 {sorted(errors)[int(0.9 * len(errors))]:.0f} ms, {len(errors)} words matched")
        # Whisper's own word starts run 50-540 ms early; transcription/word_times.py moves them
        # out of the silence (median 165 ms -> 5 ms measured here)
        assert statistics.median(errors) < 100

        # 2. 200 random corrections: typing, deleting, replacing, pasting a word
        rng = random.Random(11)
        ids: list[int | None] = list(range(len(original)))
        text = original
        for step in range(200):
            a = rng.randrange(len(text) + 1)
            b = min(len(text), a + rng.choice([0, 0, 0, 1, 1, 2, 4]))
            repl = rng.choice(["", "e", "ß", "ü", " ", "(unv.) ", "Stadtteil "])
            if text[a:b] == repl:
                continue
            with proj.action(f"edit {step}") as act:
                edit_text(act, doc, edits=[Edit(a, b, repl)])
            text, ids = text[:a] + repl + text[b:], ids[:a] + [None] * len(repl) + ids[b:]
        with proj.read() as conn:
            assert documents.get_text(conn, doc) == text
            now = document_words(conn, doc)
    origin = {i: p for p, i in enumerate(ids) if i is not None}  # original position -> current

    # 3. 20 sampled playback times, each in the middle of a spoken word whose timing survived
    kept_starts = {w.start_ms for w in now}
    candidates = [(w, spoken_at[w.start]) for w in words if w.start in spoken_at and w.start_ms in kept_starts]
    assert len(candidates) >= 20
    sampled = rng.sample(candidates, 20)
    misses, moved, sync_errors = [], [], []
    for orig_word, k in sampled:
        _word, true_start, true_end = truth[k]
        t = (true_start + true_end) // 2
        i, i0 = word_at_ms(now, t), word_at_ms(words, t)
        assert i is not None and i0 is not None
        shown, before = now[i], words[i0]
        # the editor's part, exact: after the edits the same word is highlighted as before them
        # (same timing, and its range holds that word's surviving characters, by identity)
        kept = {origin[p] for p in range(before.start, before.end) if p in origin}
        if shown.start_ms != before.start_ms or (kept and not kept & set(range(shown.start, shown.end))):
            moved.append((t, text[shown.start:shown.end], original[before.start:before.end]))
        # against the truth: the highlighted range holds characters of the word spoken at t
        spoken_chars = {origin[p] for p in range(orig_word.start, orig_word.end) if p in origin}
        if not spoken_chars & set(range(shown.start, shown.end)):
            misses.append((t, text[shown.start:shown.end], original[orig_word.start:orig_word.end]))
        sync_errors.append(abs(shown.start_ms - true_start))
    print(f"after 200 edits: {20 - len(misses)}/20 sampled times highlight the spoken word; "
          f"highlight start error median {statistics.median(sync_errors):.0f} ms, max {max(sync_errors)} ms")
    assert not moved, moved
    # Whisper base places about one word in 20 wholly early (0.5-0.8 s, over the word before);
    # no loudness rule can tell, so up to 3 of 20 samples may show the word before.
    assert len(misses) <= 3, misses
    assert statistics.median(sync_errors) < 100
