"""The middle of the workbench: the document view with its recording (f4transkript-class).

A transport bar above the text: play/pause, time, speed, play-along, uncertain words, edit mode,
find & replace and the recording's link. The editor's keys (app/gui/keymap.py) work while the
text has the focus; each one calls a method here. Edits go through :class:`EditSession` (saved
per word or pause as undoable actions); speaker changes, timestamps and relinking are core
actions through the controller.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox, QToolButton, QVBoxLayout,
    QWidget,
)

from coding.base.ids import DocumentId
from coding.services import transcript_keys
from coding.services.document_media import link_recording, relink_moved_media
from coding.text.citations import clock
from ..media import media_files
from . import settings
from .controller import ProjectController
from .document_view import DocumentView
from .editor import EditSession
from .keymap import Keymap

if TYPE_CHECKING:
    from .player import TranscriptPlayer

# the player's speed range (app/gui/player.py, imported when a recording is first shown: loading
# QtMultimedia and its FFmpeg backend is not needed to open a project)
MIN_SPEED, MAX_SPEED = 50, 200


class ElidedLabel(QLabel):
    """A label that gives up room: cut with "…" when narrow, the whole text as its tooltip.

    The recording's name would otherwise set the bar's (and so the text column's) least width,
    squeezing the documents list at 1280 pixels in German.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 4)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text)

    def sizeHint(self):  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self.text()) + 4)
        return hint

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)


class TranscriptEditor(QWidget):
    """Document view + recording + edit mode; ``view`` is the document view."""

    findReplaceRequested = Signal()

    def __init__(self, controller: ProjectController, parent: QWidget | None = None,
                 reserved_keys: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.view = DocumentView(self)
        self._player: TranscriptPlayer | None = None  # made when a recording is first shown
        self.session = EditSession(self.view, controller, self)
        self.keymap = Keymap.load(self, reserved_keys)
        self._media_doc: DocumentId | None = None
        self._build_bar()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.bar)
        lay.addWidget(self.view, 1)
        self.apply_prefs()
        self.keymap.install(self.view, {
            "play_pause": self._playback("toggle"),
            "skip_back": self._playback("skip_back"),
            "skip_forward": self._playback("skip_forward"),
            "slower": self._playback("slower"),
            "faster": self._playback("faster"),
            "insert_time": self.insert_time, "next_turn": self.next_turn,
            "next_uncertain": lambda: self.jump_uncertain(forward=True),
            "previous_uncertain": lambda: self.jump_uncertain(forward=False),
        }, self.insert_snippet)
        self.view.playRequested.connect(self.play_from)
        self.view.gutter.timeClicked.connect(self.play_at)
        self.session.conflict.connect(self._refused)
        self.session.on_saved = self._after_save
        controller.aboutToChange.connect(self.session.flush)  # typing goes in before any other action
        self._refresh_wanted = False
        self._cursor_after_reload: int | None = None  # where typing goes on after a new turn
        self.refresh_document = lambda: None  # set by the window: reload the shown document

    @property
    def player(self) -> TranscriptPlayer:
        """The recording's player, made on first use: QtMultimedia loads its FFmpeg backend and
        looks for sound devices, which a window that shows no recording need not wait for."""
        if self._player is None:
            from .player import TranscriptPlayer

            prefs = settings.editor_prefs()
            player = TranscriptPlayer(self, rewind_on_pause_ms=prefs.rewind_ms, skip_ms=prefs.skip_ms,
                                      speed=self.speed.value())
            player.positionChanged.connect(self._on_position)
            player.durationChanged.connect(lambda _ms: self._on_position(player.position()))
            player.playingChanged.connect(self._on_playing)
            player.speedChanged.connect(self._on_speed)
            player.errorOccurred.connect(self._on_player_error)
            player.ready.connect(self._show_link_state)  # loading is asynchronous: enable play then
            self._player = player
        return self._player

    def _playback(self, command: str) -> Callable[[], None]:
        """A key's or button's handler: the player's ``command`` when a recording is loaded."""
        def run() -> None:
            if self._loaded():
                getattr(self.player, command)()
        return run

    def _speed_chosen(self, percent: int) -> None:
        if self._player is not None:
            self._player.set_speed(percent)

    def _loaded(self) -> bool:
        """True when a recording is loaded (without making a player just to ask)."""
        return self._player is not None and self._player.is_loaded()

    # -- the bar ----------------------------------------------------------------------------
    def _build_bar(self) -> None:
        self.bar = QWidget(self)
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(6, 3, 6, 3)
        self.play_button = QToolButton(self.bar)
        self.play_button.setText("▶")
        self.play_button.setToolTip(self.tr("Play / pause (F4)"))
        self.play_button.clicked.connect(self._playback("toggle"))
        self.time_label = QLabel("--:--:--", self.bar)
        self.speed = QSpinBox(self.bar)
        self.speed.setRange(MIN_SPEED, MAX_SPEED)
        self.speed.setSingleStep(10)
        self.speed.setSuffix(" %")
        self.speed.setToolTip(self.tr("Playback speed (pitch kept)"))
        self.speed.valueChanged.connect(self._speed_chosen)
        self.follow = QCheckBox(self.tr("Follow"), self.bar)
        self.follow.setToolTip(self.tr("Highlight the word being heard and keep it in view"))
        self.follow.toggled.connect(self._set_follow)
        self.uncertain = QCheckBox(self.tr("Uncertain words"), self.bar)
        self.uncertain.setToolTip(self.tr("Underline words Whisper was unsure about (F3: next one)"))
        self.uncertain.toggled.connect(self._set_uncertain)
        self.media_label = ElidedLabel(self.bar)
        self.link_button = QPushButton(self.tr("Link recording…"), self.bar)
        self.link_button.clicked.connect(self.link_dialog)
        self.find_media_button = QPushButton(self.tr("Find it"), self.bar)
        self.find_media_button.setToolTip(self.tr("Look for the moved recording in the project folder"))
        self.find_media_button.clicked.connect(self.find_moved)
        self.edit_button = QPushButton(self.tr("Edit text"), self.bar)
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip(self.tr("Correct the transcript: typing is saved word by word and can be undone"))
        self.edit_button.toggled.connect(self.set_edit_mode)
        self.replace_button = QPushButton(self.tr("Replace…"), self.bar)
        self.replace_button.clicked.connect(self.findReplaceRequested.emit)
        for w in (self.play_button, self.time_label, self.speed, self.follow, self.uncertain, self.media_label,
                  self.link_button, self.find_media_button):
            row.addWidget(w, 1 if w is self.media_label else 0)
        row.addWidget(self.replace_button)
        row.addWidget(self.edit_button)
        # shown when a document needs them: hidden from the start, or their widths would set the
        # window's first layout (the docks beside the text come out squeezed)
        for w in (self.uncertain, self.link_button, self.find_media_button):
            w.hide()

    def apply_prefs(self) -> None:
        """Take over the editor settings (after the preferences dialog)."""
        prefs = settings.editor_prefs()
        if self._player is not None:
            self._player.set_rewind_on_pause(prefs.rewind_ms)
            self._player.set_skip(prefs.skip_ms)
        self.speed.setValue(prefs.speed)
        self.follow.setChecked(prefs.follow)
        self.uncertain.setChecked(prefs.underline_uncertain)
        self.view.uncertain_below = prefs.uncertain_below
        self.view.refresh_marks()

    def _set_follow(self, on: bool) -> None:
        self.view.follow = on

    def _set_uncertain(self, on: bool) -> None:
        self.view.show_uncertain = on
        self.view.refresh_marks()

    # -- document and recording -------------------------------------------------------------
    def document_shown(self) -> None:
        """Called after the view got new data: load the document's recording if it changed."""
        data = self.view.data
        doc = data.id if data is not None else None
        self.session.rebase()
        if self._cursor_after_reload is not None and data is not None:
            after, self._cursor_after_reload = self._cursor_after_reload, None
            self.view.select(after, after)
        self.uncertain.setVisible(data is not None and bool(data.words))
        if doc == self._media_doc and (data is None or self._loaded() or not data.media_path):
            self._show_link_state()
            return
        if doc != self._media_doc and self.session.active:
            self.edit_button.setChecked(False)
        self._media_doc = doc
        if self._player is not None:
            self._player.unload()
        path = self._media_location()
        if path is not None and path.is_file():
            self.player.load(str(path))
        self._show_link_state()

    def _media_location(self) -> Path | None:
        data, project = self.view.data, self.ctl.project
        if data is None or not data.media_path or project is None:
            return None
        return Path(project.base_dir) / data.media_path

    def _show_link_state(self) -> None:
        data = self.view.data
        path = self._media_location()
        missing = path is not None and not path.is_file()
        self.link_button.setVisible(data is not None and (data.media_path is None or missing))
        self.find_media_button.setVisible(missing)
        if data is None:
            self.media_label.setText("")
        elif data.media_path is None:
            self.media_label.setText(self.tr("No recording linked"))
        elif missing:
            self.media_label.setText(self.tr("Recording not found: %1").replace("%1", data.media_path))
        else:
            self.media_label.setText(Path(data.media_path).name)
        for w in (self.play_button, self.speed):
            w.setEnabled(self._loaded())

    def link_dialog(self) -> None:
        """Choose a recording for the shown document (checksummed in the background)."""
        data, project = self.view.data, self.ctl.project
        if data is None or project is None:
            return
        media = media_files()
        pattern = " ".join(f"*{s}" for s in sorted(media.suffixes))
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Link recording"), str(project.base_dir),
                                               self.tr("Recordings (%1)").replace("%1", pattern))
        if not path:
            return
        doc = data.id
        self.ctl.run(lambda: link_recording(project, doc, path, media), on_done=self._relinked)

    def find_moved(self) -> None:
        """Look for the moved recording by its checksum in the project folder, and relink it."""
        data, project = self.view.data, self.ctl.project
        if data is None or project is None:
            return
        doc = data.id

        def found(search) -> None:
            if search.found is None:
                self.ctl.failed.emit(self.tr("The recording was not found in the project folder "
                                             "(%1 files looked at). Link it yourself.")
                                     .replace("%1", str(search.entries_seen)))
            self._relinked(search)
        self.ctl.run(lambda: relink_moved_media(project, doc, media_files()), on_done=found)

    def _relinked(self, _result) -> None:
        self._media_doc = None  # load the recording again
        self.ctl.refresh_undo()
        self.refresh_document()

    def _on_player_error(self, message: str) -> None:
        self._show_link_state()
        self.ctl.message.emit(message)

    # -- playback ---------------------------------------------------------------------------
    def _on_position(self, ms: int) -> None:
        player = self.player
        total = player.duration()
        self.time_label.setText(f"{clock(ms)} / {clock(total)}" if total else clock(ms))
        self.view.show_heard(ms)

    def _on_playing(self, playing: bool) -> None:
        self.play_button.setText("⏸" if playing else "▶")

    def _on_speed(self, percent: int) -> None:
        if self.speed.value() != percent:
            self.speed.setValue(percent)

    def play_from(self, pos: int) -> None:
        """Play from the word at code-point position ``pos`` (Ctrl+click)."""
        ms = self.view.ms_at(pos)
        if ms is not None:
            self.play_at(ms)

    def play_at(self, ms: int) -> None:
        """Play from ``ms`` (a time clicked beside the text)."""
        if not self._loaded():
            self.ctl.message.emit(self.media_label.text() or self.tr("No recording linked"))
            return
        self.player.seek(ms)
        self.player.play()
        self.view.show_heard(ms)

    # -- edit mode --------------------------------------------------------------------------
    def set_edit_mode(self, on: bool) -> None:
        """Turn edit mode on or off (coding works in both; typing only in edit mode)."""
        if on and self.ctl.project is not None and self.ctl.project.read_only:
            self.edit_button.setChecked(False)
            self.ctl.failed.emit(self.tr("The project is open read-only."))
            return
        if on:
            self.session.start()
            self.view.editing = True
            self.view.edit.setFocus()
        else:
            self.session.stop()
            self.view.editing = False
        if self.edit_button.isChecked() != on:
            self.edit_button.setChecked(on)

    def _refused(self, message: str) -> None:
        self.ctl.failed.emit(message)
        self.refresh_document()  # show the stored text again

    def _after_save(self) -> None:
        if self._refresh_wanted and not self.session.busy:
            self._refresh_wanted = False
            self.refresh_document()

    def wants_refresh(self) -> bool:
        """False while typing is not yet stored: a reload now would show the text without it
        (the reload follows when the typing is saved)."""
        if self.session.active and self.session.busy:
            self._refresh_wanted = True
            return False
        return True

    def insert_snippet(self, text: str) -> None:
        """Type a snippet such as "(unv.)" at the cursor (edit mode)."""
        if not self.session.active:
            self.ctl.message.emit(self.tr("Turn on “Edit text” to type into the transcript"))
            return
        self.view.edit.insertPlainText(text)  # at the cursor, which moves behind it

    def insert_time(self) -> None:
        """Stamp the cursor position with the current playback time (a time anchor)."""
        data = self.view.data
        if data is None or not self._loaded():
            return
        self.session.flush()
        pos, ms, doc = self.view.cursor_position(), self.player.position(), data.id
        self.ctl.act(self.tr("Insert time"), lambda act: transcript_keys.set_time_anchor(act, doc, pos, ms))

    def next_turn(self) -> None:
        """Start the next speaker's turn at the cursor (edit mode), stamped with the playback time."""
        data = self.view.data
        if data is None or not self.session.active:
            return
        self.session.flush()
        pos, doc = self.view.cursor_position(), data.id
        ms = self.player.position() if self._loaded() else None

        def split(act) -> int:
            speaker = transcript_keys.next_speaker(act.conn, doc, pos)
            return transcript_keys.split_turn(act, doc, pos, speaker, ms)

        def done(after: int) -> None:
            self._cursor_after_reload = after
        self.ctl.act(self.tr("New speaker turn"), split, on_done=done)

    def jump_uncertain(self, forward: bool = True) -> None:
        """Select the next (or previous) uncertain word and play from it."""
        words = self.view.words
        below = self.view.uncertain_below
        pos = self.view.cursor_position()
        if forward:
            i = words.next_uncertain(pos, below)
        else:
            idx = words.uncertain(below)
            before = [j for j in idx if words.starts[j] < pos - 1]
            i = int(before[-1]) if before else (int(idx[-1]) if len(idx) else None)
        if i is None:
            self.ctl.message.emit(self.tr("No uncertain words in this document"))
            return
        start, end = words.range(i)
        self.view.select(start, end)
        if self._loaded():
            self.player.seek(int(words.start_ms[i]))
            self.view.show_heard(int(words.start_ms[i]))

    def shutdown(self) -> None:
        """Save typing and stop playback (window closing)."""
        self.session.flush()
        if self._player is not None:
            self._player.pause()
