"""f4 / Dresing & Pehl transcripts: detecting, parsing, laying out and writing them back.

Conventions (what ``parse_transcript`` accepts):

* **Speaker labels.** A line starting with ``Label:`` followed by a space, a tab or the end of
  the line starts a speaker turn. A label is one to three words, at most 30 characters; the
  first word starts with a letter, later words with a capital letter or a digit, words may
  contain letters, digits, ``.``, ``-`` and ``_`` (``I``, ``B2``, ``IP``, ``Interviewerin``,
  ``Frau Müller``, ``Dr. Anna Schmidt``, ``SPEAKER_00``). Such a label counts as a *speaker*
  when it is a short code (1-3 capital letters plus up to 3 digits: ``I``, ``B1``, ``IP``,
  ``INT``) or when it is used as a label at least twice in the document. So header lines such
  as ``Datum: 12.03.2024`` or a one-off ``Hinweis: …`` stay ordinary text.
* **Detection** (``looks_like_transcript``): a text is a transcript when it contains an f4
  timestamp, or when at least two distinct speakers label at least a third of its non-empty
  lines.
* **Timestamps** ``#hh:mm:ss-d#`` (tenths), also ``#hh:mm:ss#`` and ``#hh:mm:ss.ddd#`` (the
  digits after ``-``, ``.`` or ``,`` are a decimal fraction of a second) are removed from the
  text and kept as ``TimeAnchor`` at the place where they stood. Whitespace around a removed
  stamp is collapsed: at the start or end of a line it disappears (a stamp at the end of a
  paragraph anchors to the end of the turn's text); inside a line one space remains, and the
  anchor sits before that space if the stamp touched the preceding word, else after it.
  A line holding only stamps anchors to the end of the text before it (or the start of the
  first text when nothing precedes). Minutes or seconds of 60 or more are an ``InputError``.
* **Paragraphs.** Lines before the first speaker turn (a header) are kept as unlabelled text
  without a ``Turn``. Unlabelled lines after a turn belong to that turn (a speaker's answer
  may span several paragraphs); a blank line between them is kept as one blank line.

Stored layout (``build_transcript``, the single place that lays out transcript text, shared
by the f4 import, subtitles and transcription): each turn is ``"Label: text"`` (``"Label:"``
for an empty text), turns and unlabelled blocks are joined by exactly one blank line, lines
are trimmed, runs of spaces/tabs become one space, runs of blank lines become one blank line.
A ``Turn`` spans its label and text; an anchor at offset 0 of a turn's text sits just after
``"Label: "``. Blanks inside a label are normalised too (``Frau  Müller`` -> ``Frau Müller``).

Writing (``to_f4_text``) puts the stamps back where the anchors are, as ``#hh:mm:ss-d#`` when
the time is a whole tenth and ``#hh:mm:ss.mmm#`` otherwise (``exact=False``: always tenths).
``parse_transcript(to_f4_text(d)) == d`` holds for every ``d`` from ``build_transcript`` whose
texts contain no ``#`` and no line that reads as a speaker label, and whose long (non-short
code) speakers speak at least twice.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from coding.base.errors import InputError
from coding.text.textio import normalize_text
from coding.exchange.importers.model import ParsedDocument, TimeAnchor, Turn
from coding.base.messages import _

_STAMP = r"#\d{1,3}:\d{2}:\d{2}(?:[-.,]\d{1,3})?#"
_STAMP_RE = re.compile(r"#(\d{1,3}):(\d{2}):(\d{2})(?:[-.,](\d{1,3}))?#")
# A run of stamps with the spaces around them, removed as one unit.
_GAP_RE = re.compile(rf"[ \t]*{_STAMP}(?:[ \t]*{_STAMP})*[ \t]*")
_LABEL_RE = re.compile(r"[ \t]*([^\W\d_][\w.\-]*(?:[ \t]+[^\W_][\w.\-]*){0,2})[ \t]*:(?:[ \t]+|$)")
_SHORT_CODE_RE = re.compile(r"[A-ZÄÖÜ]{1,3}\d{0,3}")
_WORD_RE = re.compile(r"[^ \t]+")
_MAX_LABEL = 30
_MAX_WARNINGS = 10


def _label_ok(label: str) -> bool:
    """Later words must start with a capital or digit, so prose like 'Das heißt:' is no label."""
    words = label.split(" ")
    return len(label) <= _MAX_LABEL and all(w[0].isupper() or w[0].isdigit() for w in words[1:])


def match_label(line: str) -> tuple[str, int] | None:
    """Return ``(label, end of label and following blanks)`` if ``line`` starts with ``Label:``."""
    m = _LABEL_RE.match(line)
    label = " ".join(m.group(1).split()) if m else ""  # blanks as build_transcript tidies them
    if m is None or not _label_ok(label):
        return None
    return label, m.end()


def is_valid_speaker(speaker: str) -> bool:
    """True if ``speaker`` can be written as a label that ``match_label`` reads back."""
    found = match_label(speaker + ": x")
    return found is not None and found[0] == speaker


def choose_speakers(labels: Iterable[str]) -> set[str]:
    """Labels that count as speakers: short codes like ``I``/``B1``, or labels used twice."""
    counts = Counter(labels)
    return {lab for lab, n in counts.items() if n >= 2 or _SHORT_CODE_RE.fullmatch(lab)}


def parse_f4_timestamp(s: str) -> int:
    """Milliseconds of an f4 timestamp such as ``#00:01:23-4#`` (the ``#`` are optional)."""
    m = _STAMP_RE.fullmatch("#" + s.strip().strip("#") + "#")
    if m is None:
        raise InputError(_("not a timestamp: {s!r} (expected e.g. #00:01:23-4#)", s=s))
    return _stamp_ms(m)


def _stamp_ms(m: re.Match[str]) -> int:
    hours, minutes, seconds, frac = m.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise InputError(_("invalid timestamp {stamp}: minutes and seconds must be below 60",
                           stamp=m.group(0)))
    fraction = int((frac or "0").ljust(3, "0"))
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + fraction


def _hms(total_seconds: int) -> str:
    hours, rest = divmod(total_seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def format_ms_f4(ms: int) -> str:
    """f4 timestamp rounded to tenths: ``83400`` -> ``"#00:01:23-4#"``."""
    if ms < 0:
        raise ValueError(f"negative time: {ms} ms")
    tenths = (ms + 50) // 100
    return f"#{_hms(tenths // 10)}-{tenths % 10}#"


def _format_exact(ms: int) -> str:
    # Tenths where they are exact (what f4 and MAXQDA write), milliseconds otherwise, so that
    # writing and reading a transcript never moves an anchor in time.
    if ms % 100 == 0:
        return format_ms_f4(ms)
    if ms < 0:
        raise ValueError(f"negative time: {ms} ms")
    return f"#{_hms(ms // 1000)}.{ms % 1000:03d}#"


def looks_like_transcript(text: str) -> bool:
    """True if ``text`` has an f4 timestamp, or >= 2 speakers labelling >= 1/3 of its lines."""
    if _STAMP_RE.search(text):
        return True
    lines = [line for line in text.split("\n") if line.strip(" \t")]
    labels = [found[0] for line in lines if (found := match_label(line))]
    speakers = choose_speakers(labels)
    speaker_lines = sum(1 for lab in labels if lab in speakers)
    return len(speakers) >= 2 and 3 * speaker_lines >= len(lines)


def _strip_stamps(line: str, lineno: int) -> tuple[str, list[tuple[int, int]]]:
    """Remove stamps from one line; return the line and ``(offset, ms)`` anchors in it."""
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    pos = last = 0
    for gap in _GAP_RE.finditer(line):
        pieces.append(line[last:gap.start()])
        pos += gap.start() - last
        inner = gap.group()
        at_edge = gap.start() == 0 or gap.end() == len(line)
        sep = "" if at_edge or not re.search(r"[ \t]", inner) else " "
        for stamp in _STAMP_RE.finditer(inner):
            spaced_before = bool(re.search(r"[ \t]", inner[:stamp.start()]))
            try:
                ms = _stamp_ms(stamp)
            except InputError as exc:
                raise InputError(_("line {lineno}: {exc}", lineno=lineno, exc=exc)) from None
            anchors.append((pos + (len(sep) if spaced_before else 0), ms))
        pieces.append(sep)
        pos += len(sep)
        last = gap.end()
    pieces.append(line[last:])
    return "".join(pieces), anchors


@dataclass
class _Block:
    speaker: str
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    anchors: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, anchors: Iterable[tuple[int, int]] = ()) -> None:
        self.anchors.extend((self.length + off, ms) for off, ms in anchors)
        self.pieces.append(text)
        self.length += len(text)


def parse_transcript(text: str) -> ParsedDocument:
    """Parse an f4 / Dresing & Pehl transcript into stored text, speaker turns and anchors."""
    lines = normalize_text(text).split("\n")
    cleaned = [_strip_stamps(line, n) for n, line in enumerate(lines, 1)]
    labels = [match_label(line) for line, _ in cleaned]
    speakers = choose_speakers(found[0] for found in labels if found)
    blocks: list[_Block] = []
    waiting: list[int] = []  # times of stamps seen before any text
    blank = False
    warnings: list[str] = []
    last_ms, last_line = -1, 0
    for lineno, ((line, anchors), found) in enumerate(zip(cleaned, labels), 1):
        for _pos, ms in anchors:
            if ms < last_ms and len(warnings) < _MAX_WARNINGS:
                warnings.append(_("line {lineno}: timestamp is earlier than the one in line {last_line}",
                                  lineno=lineno, last_line=last_line))
            last_ms, last_line = ms, lineno
        if found and found[0] in speakers:
            label, cut = found
            block = _Block(label)
            block.add("", [(0, ms) for ms in waiting])
            block.add(line[cut:], [(max(off - cut, 0), ms) for off, ms in anchors])
            blocks.append(block)
            waiting, blank = [], False
        elif not line.strip(" \t"):
            if not anchors:
                blank = bool(blocks)
            elif blocks:  # a line of stamps only: they mark the end of what came before
                blocks[-1].add("", [(0, ms) for _, ms in anchors])
            else:
                waiting.extend(ms for _, ms in anchors)
        else:
            if not blocks:
                blocks.append(_Block(""))
            elif blocks[-1].length or blank:
                blocks[-1].add("\n\n" if blank else "\n")
            blocks[-1].add("", [(0, ms) for ms in waiting])
            blocks[-1].add(line, anchors)
            waiting, blank = [], False
    parts = [(b.speaker, "".join(b.pieces), b.anchors) for b in blocks]
    if waiting:
        parts.append(("", "", [(0, ms) for ms in waiting]))
    doc = build_transcript(parts)
    if not doc.turns:
        warnings.append(_("no speaker labels (like 'I:' or 'B:') found; imported without speaker turns"))
    doc.warnings.extend(warnings)
    return doc


def _tidy(raw: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Trim lines, collapse blanks and blank lines; map ``offsets`` from ``raw`` to the result.

    An offset inside removed whitespace moves to the next kept character (or the end), so an
    anchor at a line's trailing blanks ends up at the end of that line's text.
    """
    if not unicodedata.is_normalized("NFC", raw):
        offsets = [len(unicodedata.normalize("NFC", raw[:off])) for off in offsets]
        raw = unicodedata.normalize("NFC", raw)
        offsets = [min(off, len(raw)) for off in offsets]
    out: list[str] = []
    # Each kept piece starts at seg_out in the result and copies raw[seg_src:seg_last + 1]; a
    # separator (one space or newline) has seg_src == seg_last == the raw blank it stands for.
    # seg_last never decreases, so bisect finds the first piece at or after an offset.
    seg_last: list[int] = []
    seg_src: list[int] = []
    seg_out: list[int] = []
    size = 0

    def keep(piece: str, src: int, last: int) -> None:
        nonlocal size
        seg_last.append(last)
        seg_src.append(src)
        seg_out.append(size)
        out.append(piece)
        size += len(piece)

    line_start, newline_at, blank = 0, -1, False
    for line in raw.split("\n"):
        words = list(_WORD_RE.finditer(line))
        if words:
            if size:
                for _blank_line in range(2 if blank else 1):
                    keep("\n", newline_at, newline_at)
            for k, word in enumerate(words):
                if k:
                    gap = line_start + words[k - 1].end()
                    keep(" ", gap, gap)
                keep(word.group(), line_start + word.start(), line_start + word.end() - 1)
            newline_at, blank = line_start + len(line), False
        elif size:
            blank = True
        line_start += len(line) + 1
    mapped = []
    for off in offsets:
        j = bisect_left(seg_last, off)
        mapped.append(size if j == len(seg_last) else seg_out[j] + max(0, off - seg_src[j]))
    return "".join(out), mapped


def build_transcript(turns: Sequence[tuple[str, str, Sequence[tuple[int, int]]]]) -> ParsedDocument:
    """Lay out ``(speaker, text, [(offset_in_text, ms)])`` turns as stored transcript text.

    ``speaker == ""`` marks unlabelled text: before the first turn it stays a block without a
    ``Turn``; after a turn it is appended to that turn (the reading rule of ``parse_transcript``).
    """
    merged: list[_Block] = []
    for speaker, raw, anchors in turns:
        speaker = " ".join(speaker.split())
        if speaker and not is_valid_speaker(speaker):
            raise ValueError(f"speaker {speaker!r} cannot be written as a transcript label")
        for off, ms in anchors:
            if not 0 <= off <= len(raw) or ms < 0:
                raise ValueError(f"anchor ({off}, {ms}) outside text of length {len(raw)}")
        if speaker or not merged:
            merged.append(_Block(speaker))
        else:
            merged[-1].add("\n\n")
        merged[-1].add(raw, anchors)
    parts: list[str] = []
    doc = ParsedDocument(text="", kind="transcript")
    carried: list[int] = []  # anchors of an empty leading block move to the next block's start
    pos = 0
    for block in merged:
        raw_anchors = block.anchors
        text, offsets = _tidy("".join(block.pieces), [off for off, _ in raw_anchors])
        if not block.speaker and not text:
            carried.extend(ms for _, ms in raw_anchors)
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        prefix = ""
        if block.speaker:  # no trailing space after the label of an empty turn
            prefix = f"{block.speaker}: " if text else f"{block.speaker}:"
        body = pos + len(prefix)
        doc.anchors.extend(TimeAnchor(body, ms) for ms in carried)
        doc.anchors.extend(TimeAnchor(body + off, ms) for off, (_, ms) in zip(offsets, raw_anchors))
        carried = []
        if block.speaker:
            doc.turns.append(Turn(pos, body + len(text), block.speaker))
        parts.append(prefix + text)
        pos = body + len(text)
    doc.anchors.extend(TimeAnchor(0, ms) for ms in carried)
    doc.anchors.sort(key=lambda a: a.position)
    doc.text = "".join(parts)
    return doc


def to_f4_text(doc: ParsedDocument, *, exact: bool = True) -> str:
    """Write ``doc`` as f4 text: its stored text with ``#hh:mm:ss-d#`` stamps re-inserted.

    The stored layout already has one paragraph per turn and a blank line between turns.
    With ``exact`` a time that is not a whole tenth is written as ``#hh:mm:ss.mmm#`` so that
    reading the file back restores it; ``exact=False`` rounds every stamp to f4's tenths.
    """
    s = doc.text
    write = _format_exact if exact else format_ms_f4
    at: dict[int, list[str]] = {}
    for anchor in doc.anchors:
        if not 0 <= anchor.position <= len(s):
            raise ValueError(f"anchor at {anchor.position} outside text of length {len(s)}")
        at.setdefault(anchor.position, []).append(write(anchor.ms))
    out: list[str] = []
    last = 0
    for p in sorted(at):
        stamps = "".join(at[p])
        line_start = p == 0 or s[p - 1] == "\n"
        line_end = p == len(s) or s[p] == "\n"
        # The spacing is chosen so that parse_transcript puts the anchor back at exactly p.
        if line_end and not line_start:
            stamps = " " + stamps
        elif not line_end and (line_start or s[p - 1] in " \t"):
            stamps += " "
        out += [s[last:p], stamps]
        last = p
    out.append(s[last:])
    text = "".join(out)
    return text + "\n" if text else text
