"""Fixtures for driving the real workbench widgets offscreen with pytest-qt."""
from __future__ import annotations

import logging
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from coding.services import codes, coders, documents, variables  # noqa: E402
from coding.exchange.importers.transcript import parse_transcript  # noqa: E402
from coding.store.project import Project  # noqa: E402

TRANSCRIPT = (
    "I: Wie finden Neuzugewanderte hier Unterstützung? #00:00:04-0#\n\n"
    "B: Über die Schule 🏘️👍 und über Nachbar*innen – die Ämter sind für viele weit weg. "
    "Größere Probleme gibt es beim Wohnen, gerade in der Straße am Bahnhof. #00:00:21-5#\n\n"
    "I: Und was würde helfen? #00:00:24-0#\n\n"
    "B: Mehr Beratung vor Ort, in mehreren Sprachen, und ein Treffpunkt im Quartier. #00:00:33-2#"
)


class _JobErrors(logging.Handler):
    """Collects what the database worker logs as a failed background job, with the traceback."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.texts.append(text)


@pytest.fixture(autouse=True)
def background_jobs_do_not_fail(request):
    """A background job that fails unexpectedly fails the test with its exception text, instead
    of showing only as a timeout of whatever waited for it (mark ``expect_job_errors`` if meant)."""
    handler = _JobErrors()
    logger = logging.getLogger("andock.gui")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    if handler.texts and request.node.get_closest_marker("expect_job_errors") is None:
        pytest.fail("a background job failed:\n" + "\n".join(handler.texts), pytrace=False)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Recent files, language and favourites go to a per-test INI file; core messages end English."""
    monkeypatch.setenv("ANDOCK_SETTINGS_FILE", str(tmp_path / "settings.ini"))
    yield
    from coding.base.messages import set_language
    set_language("en")  # a German window's test must not make later tests' messages German


@pytest.fixture
def project_file(tmp_path):
    """A small project: two documents, three codes, coder Lena current."""
    path = tmp_path / "studie.andock"
    with Project.create(path, "Studie") as proj:
        with proj.action("setup") as act:
            lena = coders.add_coder(act, "Lena")
            coders.add_coder(act, "Murat")
            coders.set_current_coder(act.conn, lena)
            k01 = documents.add_document(act, "K01_Mittelstadt", parse_transcript(TRANSCRIPT))
            n01 = documents.add_document(act, "N01_Ministerium", parse_transcript(TRANSCRIPT.replace("Schule", "Kita")))
            variables.set_value_by_name(act, k01, "Gruppe", "kommunal")
            variables.set_value_by_name(act, n01, "Gruppe", "national")
            top = codes.create_code(act, "Zugänge", colour="#cc6677")
            codes.create_code(act, "Schule", top, colour="#3377bb")
            codes.create_code(act, "Wohnen", colour="#228833")
    return path


def open_window(qtbot, project_file):
    """A shown main window with the test project open and its first document displayed."""
    from app.gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    win.open_project(str(project_file))
    qtbot.waitUntil(lambda: win.ctl.project is not None and len(win.documents.data["documents"]) == 2
                    and len(win.codebook.nodes) == 3, timeout=10000)
    win.open_document(win.documents.data["documents"][0]["id"])
    qtbot.waitUntil(lambda: win.view.data is not None, timeout=10000)
    return win


@pytest.fixture
def window(qtbot, project_file):
    """The main window with the project open and its first document shown."""
    win = open_window(qtbot, project_file)
    yield win
    win.close()


def code_id(win, name: str) -> int:
    """The id of a code shown in the codebook."""
    return next(n.id for n in win.codebook.nodes.values() if n.name == name)


def wait_idle(qtbot, win, timeout: int = 10000) -> None:
    """Wait until the database worker has delivered everything."""
    qtbot.waitUntil(lambda: win.ctl.runner.pending() == 0, timeout=timeout)
    qtbot.wait(30)
    qtbot.waitUntil(lambda: win.ctl.runner.pending() == 0, timeout=timeout)


from tests.app.gui.sound_server import sound  # noqa: E402,F401 - the fixture, used below


@pytest.fixture(scope="session", autouse=True)
def sound_before_qtmultimedia(sound):
    """QtMultimedia connects to the first sound server it finds in a process: the private one
    (a null sink, never the speakers) must run before any window shows a recording. Defined
    here only: a second import of ``sound`` in a test module would start a second server, and
    the player would play into one while a test records the other."""
    return sound
