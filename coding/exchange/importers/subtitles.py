"""SubRip (.srt) and WebVTT (.vtt) subtitles read as timed transcripts.

Conventions:

* Every cue anchors its start time at the start of its text. Its end time is anchored at the
  end of its text only when it is the last cue or a pause of at least one second follows, so
  that silences are not spread over the next cue's words.
* A cue's lines are joined with single spaces (subtitle line breaks are layout, not speech).
  Formatting is dropped: tags such as ``<i>``, ``<b>``, ``<font …>``, ``<c.x>``, ``<lang …>``,
  inline timestamps ``<00:00:01.000>``, SSA overrides ``{\\an8}``; HTML entities are decoded.
* Speakers come from VTT voice tags ``<v Name>`` (always) and from a leading ``Name:`` label on
  a cue line (counted as a speaker by the transcript rule: short codes like ``I``/``B1`` or
  labels used at least twice). A cue line without a speaker continues the current speaker, so
  consecutive cues of one speaker form one turn ``"Name: text text"``. Voice names that cannot
  be written as a label are made into one (``bob smith`` -> ``bob_smith``) or dropped with a
  warning. Cues before the first speaker, or all cues when there are no speakers, become one
  unlabelled paragraph each. The result always has ``kind == "transcript"`` and is laid out
  by ``build_transcript``, like every transcript.
* Blocks are separated by blank lines. A time line ``00:00:01,000 --> 00:00:04,000`` (``,`` or
  ``.``; hours optional; cue settings after the end time ignored) that cannot be read is an
  ``InputError`` naming its line; so is a cue number without a time line. A text block without
  a time line continues the previous cue (blank lines inside cues are a common mistake), with
  a warning. VTT needs ``WEBVTT`` on the first line; ``NOTE``, ``STYLE`` and ``REGION`` blocks
  are skipped.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from coding.base.errors import InputError
from coding.text.textio import normalize_text
from coding.exchange.importers.model import ParsedDocument
from coding.exchange.importers.transcript import (build_transcript, choose_speakers, is_valid_speaker, match_label)
from coding.base.messages import _

MAX_HOURS = 100
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[,.](\d{1,3}))?"
_TIMING_RE = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>")
_TAG_RE = re.compile(r"</?[A-Za-z0-9][^<>\n]*>|\{\\[^}\n]*\}")
_PAUSE_MS = 1000
_MAX_WARNINGS = 10


@dataclass
class _Cue:
    start: int
    end: int
    lines: list[tuple[str | None, str]] = field(default_factory=list)  # (voice, text)


@dataclass
class _Paragraph:
    speaker: str
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    anchors: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, start_ms: int | None) -> None:
        if self.length and text:
            self.pieces.append(" ")
            self.length += 1
        if start_ms is not None:
            self.anchors.append((self.length, start_ms))
        self.pieces.append(text)
        self.length += len(text)


def _ms(groups: tuple[str | None, ...], lineno: int, line: str) -> int:
    hours, minutes, seconds, frac = groups
    assert minutes is not None and seconds is not None  # the time pattern requires both
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise InputError(_("line {lineno}: impossible time in {time_line!r}",
                           lineno=lineno, time_line=line.strip()[:60]))
    if int(hours or 0) >= MAX_HOURS:  # no interview recording is that long: a damaged file
        raise InputError(_("line {lineno}: time {time_line!r} is beyond {max_hours} hours; the file seems "
                           "damaged", lineno=lineno, time_line=line.strip()[:40], max_hours=MAX_HOURS))
    fraction = int((frac or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + fraction


def _timing(line: str, lineno: int, example: str) -> tuple[int, int]:
    m = _TIMING_RE.fullmatch(line)
    if m is None:
        raise InputError(
            _("line {lineno}: malformed time line {time_line!r}; expected e.g. {example!r}",
              lineno=lineno, time_line=line.strip()[:60], example=example)
        )
    return _ms(m.groups()[:4], lineno, line), _ms(m.groups()[4:], lineno, line)


def _blocks(lines: list[str], first: int) -> list[tuple[int, list[str]]]:
    """Split ``lines[first:]`` at blank lines into ``(line number of first line, lines)``."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for index in range(first, len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if line.strip():
            if not current:
                start = index + 1
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    return blocks


def _clean(line: str) -> str:
    text = html.unescape(_TAG_RE.sub("", line))
    return " ".join(text.split())


def _voice(line: str) -> str | None:
    m = _VOICE_RE.search(line)
    return " ".join((m.group(1) or "").split()) if m and _clean(line[:m.start()]) == "" else None


def _read_cues(text: str, vtt: bool) -> tuple[list[_Cue], list[str]]:
    example = "00:00:01.000 --> 00:00:04.000" if vtt else "00:00:01,000 --> 00:00:04,000"
    lines = normalize_text(text).split("\n")
    first = 0
    if vtt:
        if not re.fullmatch(r"WEBVTT(?:[ \t].*)?", lines[0]):
            raise InputError(_("line 1: not a WebVTT file (the first line must be 'WEBVTT')"))
        first = 1
        # Header lines run to the first blank line (tolerated: straight into a time line).
        while first < len(lines) and lines[first].strip() and "-->" not in lines[first]:
            first += 1
    cues: list[_Cue] = []
    warnings: list[str] = []
    for lineno, block in _blocks(lines, first):
        head = block[0].strip()
        if vtt and re.match(r"(NOTE|STYLE|REGION)(?:\s|$)", head):
            continue
        if "-->" in head:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing_at = 1  # cue number (SRT) or identifier (VTT)
        elif head.isdigit() and not vtt:
            if len(block) == 1:
                raise InputError(_("line {lineno}: cue {head} has no time line; expected e.g. {example!r}",
                                   lineno=lineno, head=head, example=example))
            raise InputError(
                _("line {lineno}: malformed time line {time_line!r}; expected e.g. {example!r}",
                  lineno=lineno + 1, time_line=block[1].strip()[:60], example=example)
            )
        elif cues:
            if len(warnings) < _MAX_WARNINGS:
                warnings.append(_("line {lineno}: text without a time line added to the cue before",
                                  lineno=lineno))
            cues[-1].lines.extend((_voice(line), line) for line in block)
            continue
        else:
            raise InputError(_("line {lineno}: expected a cue with a time line like {example!r}",
                               lineno=lineno, example=example))
        start, end = _timing(block[timing_at], lineno + timing_at, example)
        if end < start and len(warnings) < _MAX_WARNINGS:
            warnings.append(_("line {lineno}: cue ends before it starts", lineno=lineno + timing_at))
        if cues and start < cues[-1].start and len(warnings) < _MAX_WARNINGS:
            warnings.append(_("line {lineno}: cue starts before the previous one", lineno=lineno + timing_at))
        cues.append(_Cue(start, end, [(_voice(line), line) for line in block[timing_at + 1:]]))
    return cues, warnings


def _speaker_name(voice: str, warnings: list[str]) -> str | None:
    if is_valid_speaker(voice):
        return voice
    joined = "_".join(re.findall(r"[^\W_][\w.\-]*", voice))[:30]
    if joined and is_valid_speaker(joined):
        return joined
    message = _("voice name {voice!r} cannot be used as a speaker label; ignored", voice=voice)
    if message not in warnings and len(warnings) < _MAX_WARNINGS:
        warnings.append(message)
    return None


def _to_document(cues: list[_Cue], warnings: list[str]) -> ParsedDocument:
    # Segments per cue: (speaker or None, text); a voice tag or label starts a new speaker.
    segmented: list[tuple[_Cue, list[tuple[str | None, str]]]] = []
    for cue in cues:
        segments = []
        for voice, raw in cue.lines:
            speaker = _speaker_name(voice, warnings) if voice else None
            text = _clean(raw)
            if text:
                segments.append((speaker, text))
        if segments:
            segmented.append((cue, segments))
    speakers = choose_speakers(
        found[0] for _, segs in segmented for sp, t in segs if sp is None and (found := match_label(t))
    )
    paragraphs: list[_Paragraph] = []
    current: str | None = None
    for index, (cue, segments) in enumerate(segmented):
        following = segmented[index + 1][0].start if index + 1 < len(segmented) else None
        for k, (speaker, text) in enumerate(segments):
            found = match_label(text) if speaker is None else None
            if found and found[0] in speakers:
                speaker, text = found[0], text[found[1]:]
            # Without any speaker yet, every cue is a paragraph of its own.
            new_paragraph = k == 0 and speaker is None and current is None
            if (speaker is not None and speaker != current) or new_paragraph or not paragraphs:
                current = speaker if speaker is not None else current
                paragraphs.append(_Paragraph(current or ""))
            paragraphs[-1].add(text, cue.start if k == 0 else None)
        if following is None or following - cue.end >= _PAUSE_MS:
            paragraphs[-1].anchors.append((paragraphs[-1].length, cue.end))
    doc = build_transcript([(p.speaker, "".join(p.pieces), p.anchors) for p in paragraphs])
    doc.warnings.extend(warnings)
    return doc


def parse_srt(text: str) -> ParsedDocument:
    """Read SubRip subtitles as a transcript with one time anchor per cue start."""
    cues, warnings = _read_cues(text, vtt=False)
    return _to_document(cues, warnings)


def parse_vtt(text: str) -> ParsedDocument:
    """Read WebVTT subtitles as a transcript; ``<v Name>`` voice tags become speakers."""
    cues, warnings = _read_cues(text, vtt=True)
    return _to_document(cues, warnings)
