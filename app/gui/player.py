"""Playing a recording beside its transcript (f4transkript-style): play/pause with an automatic
rewind on each pause, skips, 50-200 % speed without a change of pitch, and a position that
moves smoothly enough (~30 Hz) for a play-along highlight.

QMediaPlayer (Qt's FFmpeg backend) decodes MP3, M4A/AAC, WAV, FLAC, OGG/Opus and the sound of
video files. Its own position moves in steps of one decoded audio frame (~90 ms for a 22 kHz
WAV, irregular for compressed formats); :class:`TranscriptPlayer` fills the steps in with a
QElapsedTimer scaled by the speed, and never lets the shown position run backwards while playing.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

MIN_SPEED, MAX_SPEED, SPEED_STEP = 50, 200, 10  # percent
MAX_REWIND_MS = 5000
TICK_MS = 33  # ~30 Hz: smooth for a highlight, cheap for the GUI thread
# How far the position is carried on past the backend's last report: a little more than the
# longest gap between its reports, so that a stalled backend (buffering) does not run away.
MAX_AHEAD_MS = 300
# A backend report this far behind what was already shown is jitter, not a jump back: ignored.
JITTER_MS = 250
# After a seek the backend may still report a position or two from before it: until a report
# lands within this much after the target (or this long has passed), reports are ignored.
SEEK_WINDOW_MS = 1000

_Status = QMediaPlayer.MediaStatus
_State = QMediaPlayer.PlaybackState


class TranscriptPlayer(QObject):
    """One recording's playback for the transcript editor.

    Signals: ``positionChanged(int ms)`` (smoothed, ~30 Hz while playing, once after a seek,
    pause or load), ``durationChanged(int ms)``, ``playingChanged(bool)``, ``speedChanged(int
    percent)``, ``ready()`` (a loaded recording can play), ``errorOccurred(str)`` (one translated
    sentence; the player then holds no recording and every command is a no-op).
    """

    positionChanged = Signal(int)
    durationChanged = Signal(int)
    playingChanged = Signal(bool)
    speedChanged = Signal(int)
    ready = Signal()
    errorOccurred = Signal(str)

    def __init__(self, parent: QObject | None = None, *, rewind_on_pause_ms: int = 2000,
                 skip_ms: int = 5000, speed: int = 100) -> None:
        super().__init__(parent)
        self._player = QMediaPlayer(self)
        self._output = QAudioOutput(self)
        self._player.setAudioOutput(self._output)
        self._path = ""
        self._failed = False
        self._pending_seek: int | None = None
        self._rewind_ms = 0
        self._skip_ms = 0
        self._speed = 100
        self._ready_sent = False
        # smoothing: the backend's last position, the time since it came, what was shown last,
        # and whether the backend has moved since play/seek (before, the sink may not have started)
        self._anchor = 0
        self._since_anchor = QElapsedTimer()
        self._shown = 0
        self._moving = False
        self._seek_target: int | None = None
        self._since_seek = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._emit_position)
        self._player.positionChanged.connect(self._backend_position)
        self._player.durationChanged.connect(lambda ms: self.durationChanged.emit(int(ms)))
        self._player.playbackStateChanged.connect(self._backend_state)
        self._player.mediaStatusChanged.connect(self._backend_status)
        self._player.errorOccurred.connect(self._backend_error)
        self.set_rewind_on_pause(rewind_on_pause_ms)
        self.set_skip(skip_ms)
        self.set_speed(speed)

    # -- the recording ------------------------------------------------------------------------
    def load(self, path: str) -> None:
        """Open a recording (paused at 0). A missing or unreadable file, or one that is not sound,
        is reported through ``errorOccurred``; nothing is raised."""
        self.unload()
        self._path = os.path.abspath(path)
        self._ready_sent = False
        if not os.path.exists(self._path):
            self._fail(self.tr("The recording %1 does not exist.").replace("%1", self._path))
            return
        if not os.path.isfile(self._path) or not os.access(self._path, os.R_OK):
            self._fail(self.tr("The recording %1 cannot be read: it is not a file or you may not "
                               "read it.").replace("%1", self._path))
            return
        self._player.setSource(QUrl.fromLocalFile(self._path))
        self._apply_speed()
        self.positionChanged.emit(0)

    def unload(self) -> None:
        """Stop and let go of the recording (e.g. when another document is shown)."""
        self._tick.stop()
        self._player.stop()
        self._player.setSource(QUrl())
        self._path = ""
        self._failed = False
        self._pending_seek = self._seek_target = None
        self._set_anchor(0, shown=0)

    def path(self) -> str:
        """The recording's absolute path ('' when none is loaded)."""
        return self._path

    def is_loaded(self) -> bool:
        """Whether a recording is loaded and playable (loading done, no error)."""
        return bool(self._path) and not self._failed and self._player.mediaStatus() in (
            _Status.LoadedMedia, _Status.BufferingMedia, _Status.BufferedMedia, _Status.EndOfMedia)

    def duration(self) -> int:
        """Length in milliseconds (0 until loaded)."""
        return int(self._player.duration()) if not self._failed else 0

    @staticmethod
    def has_output_device() -> bool:
        """Whether the system offers a sound output; without one playback runs silently on the
        clock (positions, speed and the highlight still work)."""
        return bool(QMediaDevices.audioOutputs())

    # -- playing ------------------------------------------------------------------------------
    def is_playing(self) -> bool:
        """Whether the recording is playing now."""
        return self._player.playbackState() == _State.PlayingState

    def play(self) -> None:
        """Play from the current position (from the start once the end was reached)."""
        if self._usable():
            self._player.play()

    def pause(self) -> None:
        """Pause and step back by the rewind-on-pause time, so that playing again repeats the last
        words (f4transkript's "Rücksprung"). Pausing a paused player does not rewind again."""
        if not self.is_playing():
            return
        heard = self.position()
        self._player.pause()
        self.seek(heard - self._rewind_ms)

    def toggle(self) -> None:
        """Play/pause on one key."""
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        """Go to ``ms`` (clamped to the recording), playing or not; before the recording has
        loaded the position is kept and applied once it has."""
        if not self._path or self._failed:
            return
        ms = max(0, int(ms))
        if self.duration() > 0:
            ms = min(ms, self.duration())
        if self._player.mediaStatus() == _Status.LoadingMedia:
            self._pending_seek = ms
        else:
            self._backend_seek(ms)
        self._set_anchor(ms, shown=ms)
        self.positionChanged.emit(ms)

    def skip(self, delta_ms: int) -> None:
        """Jump by ``delta_ms`` (negative: back) from the current position."""
        if self._usable():
            self.seek(self.position() + delta_ms)

    def skip_back(self) -> None:
        """Jump back by the skip time."""
        self.skip(-self._skip_ms)

    def skip_forward(self) -> None:
        """Jump forward by the skip time."""
        self.skip(self._skip_ms)

    def position(self) -> int:
        """The position in milliseconds, smoothed between the backend's reports while playing."""
        if not self.is_playing() or not self._moving:
            return self._anchor
        ahead = min(self._since_anchor.elapsed(), MAX_AHEAD_MS) * self._speed // 100
        pos = max(self._anchor + ahead, self._shown)
        return min(pos, self.duration()) if self.duration() > 0 else pos

    # -- settings -----------------------------------------------------------------------------
    def speed(self) -> int:
        """Playback speed in percent (50-200)."""
        return self._speed

    def set_speed(self, percent: int) -> None:
        """Set the speed (clamped to 50-200 %); the pitch stays where the backend can keep it."""
        percent = max(MIN_SPEED, min(MAX_SPEED, int(percent)))
        if percent == self._speed:
            return
        self._speed = percent
        self._apply_speed()
        self.speedChanged.emit(percent)

    def slower(self) -> None:
        """10 % slower (down to 50 %)."""
        self.set_speed(self._speed - SPEED_STEP)

    def faster(self) -> None:
        """10 % faster (up to 200 %)."""
        self.set_speed(self._speed + SPEED_STEP)

    def pitch_preserved(self) -> bool:
        """Whether a speed other than 100 % keeps the voice's pitch (Qt's pitch compensation)."""
        return bool(self._player.pitchCompensation())

    def rewind_on_pause(self) -> int:
        """Milliseconds stepped back on each pause (0-5000)."""
        return self._rewind_ms

    def set_rewind_on_pause(self, ms: int) -> None:
        """Set the rewind on pause (clamped to 0-5 s)."""
        self._rewind_ms = max(0, min(MAX_REWIND_MS, int(ms)))

    def skip_ms(self) -> int:
        """Milliseconds jumped by skip_back/skip_forward."""
        return self._skip_ms

    def set_skip(self, ms: int) -> None:
        """Set the skip time (at least 100 ms)."""
        self._skip_ms = max(100, int(ms))

    # -- inside -------------------------------------------------------------------------------
    def _usable(self) -> bool:
        return bool(self._path) and not self._failed

    def _apply_speed(self) -> None:
        # Qt >= 6.10: pitch compensation keeps voices natural at 50-200 %; on by default in the
        # FFmpeg backend, switched on here in case a backend or a later Qt defaults to off.
        player = self._player
        if player.pitchCompensationAvailability() == QMediaPlayer.PitchCompensationAvailability.Available:
            player.setPitchCompensation(True)
        player.setPlaybackRate(self._speed / 100)

    def _backend_seek(self, ms: int) -> None:
        self._player.setPosition(ms)
        self._seek_target = ms
        self._since_seek.restart()

    def _set_anchor(self, ms: int, shown: int | None = None) -> None:
        """Take ``ms`` as the backend's position now; ``shown`` also resets what was shown (a
        seek, a pause), after which the position waits for the backend to move again."""
        self._anchor = ms
        self._since_anchor.restart()
        if shown is not None:
            self._shown = shown
            self._moving = False

    def _backend_position(self, ms: int) -> None:
        ms = int(ms)
        if self._pending_seek is not None:
            return  # a report from before the kept seek is applied
        if self._seek_target is not None:
            if not (self._seek_target - 100 <= ms <= self._seek_target + SEEK_WINDOW_MS
                    or self._since_seek.elapsed() > SEEK_WINDOW_MS):
                return  # from before the seek
            self._seek_target = None
        if not self.is_playing():
            self._set_anchor(ms, shown=ms)
            self.positionChanged.emit(ms)
        elif ms != self._anchor:
            # a little behind what was shown is jitter: the shown position holds until the
            # backend passes it; further behind is a real jump back
            jump_back = ms <= self._shown - JITTER_MS
            self._set_anchor(ms, shown=ms if jump_back else None)
            self._moving = True

    def _emit_position(self) -> None:
        pos = self.position()
        if pos != self._shown:
            self._shown = pos
            self.positionChanged.emit(pos)

    def _backend_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == _State.PlayingState
        if playing:
            self._set_anchor(int(self._player.position()))
            self._tick.start()
        else:
            self._tick.stop()
        self.playingChanged.emit(playing)

    def _backend_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status != _Status.LoadedMedia or self._failed or not self._path:
            return
        if not self._player.hasAudio():
            self._player.setSource(QUrl())
            self._fail(self.tr("%1 contains no sound.").replace("%1", os.path.basename(self._path)))
            return
        if self._pending_seek is not None:
            ms, self._pending_seek = self._pending_seek, None
            self._backend_seek(ms)
            self._set_anchor(ms, shown=ms)
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    def _backend_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        if error == QMediaPlayer.Error.NoError or not self._path:
            return
        name = os.path.basename(self._path)
        if error in (QMediaPlayer.Error.ResourceError, QMediaPlayer.Error.AccessDeniedError):
            text = self.tr("The recording %1 cannot be read: it is not a file or you may not "
                           "read it.").replace("%1", self._path)
        elif error == QMediaPlayer.Error.FormatError:
            text = self.tr("%1 cannot be played: the file is damaged or not in a sound format "
                           "Andock can play (such as MP3, M4A or WAV).").replace("%1", name)
        else:
            text = self.tr("%1 cannot be played: %2").replace("%1", name).replace("%2", detail)
        self._fail(text)

    def _fail(self, message: str) -> None:
        self._failed = True
        self._pending_seek = None
        self._tick.stop()
        self.errorOccurred.emit(message)
