"""German test audio with a known transcript: espeak-ng speaks, sox inserts exact silences.

Used by the tests (generated once per session in a temporary folder) and by bench/transcribe.py.
Interviewer and interviewee use two espeak voices; the silences between sentences are digital
silence of an exact length, since espeak's own leading/trailing silence is trimmed.
"""
from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np

VOICES = {"I": "de", "B": "de+f3"}
WPM = 155

DIALOGUE = [
    ("I", "Guten Tag. Können Sie mir erzählen, wie Ihre Arbeit in der Gemeinde aussieht?"),
    ("B", "Ja, gerne. Ich arbeite seit zehn Jahren im Rathaus und kümmere mich um die Schulen."),
    ("I", "Was ist dabei die größte Herausforderung?"),
    ("B", "Vor allem fehlt uns Personal. Wir brauchen mehr Lehrer und mehr Geld für die Gebäude."),
    ("I", "Und wie arbeiten Sie mit dem Land zusammen?"),
    ("B", "Das ist schwierig, weil die Wege sehr lang sind und die Anträge viel Zeit kosten."),
]
# Two similar (male) voices; the listener's short back-channels between the speaker's sentences
# (espeak spells "Mhm" out letter by letter, so "Ja." and "Genau." stand in for it).
SIMILAR_VOICES = {"I": "de+m1", "B": "de+m3"}
BACKCHANNEL = [
    ("I", "Erzählen Sie doch bitte, wie der Alltag in Ihrem Amt aussieht."),
    ("B", "Morgens lese ich zuerst die Post und beantworte die Anfragen der Bürger."),
    ("I", "Ja."),
    ("B", "Danach treffe ich mich mit den Kollegen aus der Jugendhilfe."),
    ("I", "Genau."),
    ("B", "Am Nachmittag besuche ich oft die Schulen in der Stadt."),
    ("I", "Und was gefällt Ihnen daran am besten?"),
    ("B", "Die Gespräche mit den Kindern und Eltern."),
]
PAUSES = [  # (sentence, silence after it in seconds)
    ("Das ist der erste Satz in diesem Test.", 1.0),
    ("Hier kommt nun der zweite Satz.", 2.0),
    ("Und jetzt folgt der dritte Satz.", 3.0),
    ("Danach sprechen wir über die Schule.", 6.0),
    ("Das ist das Ende der Aufnahme.", 0.0),
]


def tools_available() -> bool:
    """True if espeak-ng and sox are installed (the CI script installs them)."""
    return bool(shutil.which("espeak-ng") and shutil.which("sox"))


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def speak(text: str, voice: str, out: Path) -> Path:
    """``text`` spoken by ``voice`` as 16 kHz mono WAV without leading/trailing silence."""
    raw = out.with_suffix(".raw.wav")
    _run("espeak-ng", "-v", voice, "-s", str(WPM), "-w", str(raw), text)
    _run("sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out),
         "silence", "1", "0.01", "0.1%", "reverse", "silence", "1", "0.01", "0.1%", "reverse")
    raw.unlink()
    return out


def silence(seconds: float, out: Path, channels: int = 1) -> Path:
    """Digital silence of exactly ``seconds``."""
    _run("sox", "-n", "-r", "16000", "-c", str(channels), "-b", "16", str(out), "trim", "0", f"{seconds}")
    return out


def concat(parts: list[Path], out: Path) -> Path:
    """Join WAV files of the same format."""
    _run("sox", *map(str, parts), str(out))
    return out


def seconds(path: Path) -> float:
    """Duration of a WAV file."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True).stdout
    return float(out)


def dialogue(folder: Path, turns=DIALOGUE, gap: float = 0.6, stereo: bool = False,
             name: str = "dialog", voices: dict[str, str] = VOICES) -> tuple[Path, str]:
    """The two-voice interview (``stereo``: I on the left, B on the right) and its transcript."""
    parts = []
    for k, (spk, text) in enumerate(turns):
        mono = speak(text, voices[spk], folder / f"{name}_{k}.wav")
        if stereo:  # the speaker's channel carries the voice, the other channel is silent
            st = folder / f"{name}_{k}_st.wav"
            _run("sox", str(mono), str(st), "remix", "1" if spk == "I" else "0", "0" if spk == "I" else "1")
            mono = st
        parts.append(mono)
        if k < len(turns) - 1:
            parts.append(silence(gap, folder / f"{name}_gap{k}.wav", 2 if stereo else 1))
    out = concat(parts, folder / f"{name}.wav")
    return out, " ".join(text for _, text in turns)


def pauses(folder: Path) -> tuple[Path, str]:
    """One voice, with 1, 2, 3 and 6 s of silence between sentences."""
    parts = []
    for k, (text, pause) in enumerate(PAUSES):
        parts.append(speak(text, VOICES["B"], folder / f"pause_s{k}.wav"))
        if pause:
            parts.append(silence(pause, folder / f"pause_g{k}.wav"))
    return concat(parts, folder / "pauses.wav"), " ".join(t for t, _ in PAUSES)


def encode(src: np.ndarray, out: Path, codec: str, rate: int = 16000, video: bool = False,
           audio: bool = True) -> Path:
    """Encode mono float samples into ``out`` with PyAV (mp3, aac, opus, flac, ...)."""
    import av

    with av.open(str(out), "w") as container:
        vstream = None
        if video:
            vstream = container.add_stream("mpeg4", rate=10)
            vstream.width, vstream.height, vstream.pix_fmt = 64, 48, "yuv420p"
        astream = container.add_stream(codec, rate=rate, layout="mono") if audio else None
        if astream is not None:
            fmt = astream.codec_context.codec.audio_formats[0].name
            step = astream.codec_context.frame_size or 1024
            if rate != 16000:  # crude resampling is enough for a decoding test
                src = np.interp(np.arange(int(len(src) * rate / 16000)) * 16000 / rate,
                                np.arange(len(src)), src).astype(np.float32)
            scale = {"s16": (32767, np.int16), "s32": (2**31 - 1, np.int32)}.get(fmt[:3], (1, np.float32))
            pcm = (src * scale[0]).astype(scale[1])
            for i in range(0, len(pcm), step):
                frame = av.AudioFrame.from_ndarray(pcm[None, i:i + step].copy(), format=fmt, layout="mono")
                frame.sample_rate = rate
                frame.pts = i
                frame.time_base = Fraction(1, rate)
                for packet in astream.encode(frame):
                    container.mux(packet)
            for packet in astream.encode(None):
                container.mux(packet)
        if vstream is not None:
            for i in range(10):
                img = np.full((48, 64, 3), i * 20, dtype=np.uint8)
                for packet in vstream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                    container.mux(packet)
            for packet in vstream.encode(None):
                container.mux(packet)
    return out


# More interview material for the benchmark and for WER comparisons (question, answer).
CORPUS = [
    ("Wie lange sind Sie schon in dieser Position tätig?",
     "Seit ungefähr acht Jahren. Davor war ich im Jugendamt einer kleinen Stadt."),
    ("Welche Aufgaben gehören zu Ihrem Alltag?",
     "Ich plane Projekte, spreche mit Schulen und schreibe viele Berichte für den Gemeinderat."),
    ("Mit wem arbeiten Sie am häufigsten zusammen?",
     "Vor allem mit den Schulleitungen und mit den Vereinen vor Ort."),
    ("Gibt es dabei Schwierigkeiten?",
     "Manchmal schon. Die Zuständigkeiten sind nicht immer klar geregelt."),
    ("Können Sie ein Beispiel nennen?",
     "Bei der Ganztagsbetreuung weiß oft niemand, wer die Kosten für das Personal trägt."),
    ("Wie wird das Problem gelöst?",
     "Wir setzen uns zusammen und suchen gemeinsam nach einer Lösung, das dauert aber."),
    ("Welche Rolle spielt das Land dabei?",
     "Das Land gibt die Regeln vor, aber die Umsetzung bleibt bei den Kommunen."),
    ("Reicht das Geld für diese Aufgaben?",
     "Nein, das Geld reicht leider nicht. Wir müssen jedes Jahr neue Anträge stellen."),
    ("Was würden Sie sich für die Zukunft wünschen?",
     "Ich wünsche mir mehr Zeit für die Kinder und weniger Bürokratie."),
    ("Wie erleben die Familien die Angebote?",
     "Die meisten Familien sind zufrieden, nur die Wartezeiten sind zu lang."),
    ("Hat sich in den letzten Jahren etwas verändert?",
     "Ja, es gibt mehr Kinder mit Förderbedarf und mehr Familien, die Hilfe brauchen."),
    ("Wie reagieren Sie darauf?",
     "Wir haben zwei neue Stellen geschaffen und bieten Beratung am Nachmittag an."),
    ("Welche Erfahrungen haben Sie mit der Digitalisierung gemacht?",
     "Die Schulen haben neue Geräte bekommen, aber es fehlt an Technikern für die Wartung."),
    ("Wie wichtig ist die Zusammenarbeit mit den Eltern?",
     "Sehr wichtig. Ohne die Eltern können wir wenig erreichen."),
    ("Gibt es noch etwas, das Sie ergänzen möchten?",
     "Nur dass die Menschen in der Verwaltung sehr engagiert sind, trotz aller Probleme."),
    ("Vielen Dank für das Gespräch.",
     "Sehr gerne, ich danke Ihnen auch."),
]
# A second two-voice interview (four question/answer pairs, under 30 s) for the speaker tests.
INTERVIEW2 = [(s, t) for q, a in CORPUS[:3] + CORPUS[15:] for s, t in (("I", q), ("B", a))]
