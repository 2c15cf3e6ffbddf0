"""Helpers for the service specifications: table dumps, a small interview world, undo round trips."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import select

from coding.services import code_changes, codes, coders, documents, memos, segments, variables
from coding.exchange.importers.model import ParsedDocument, TimeAnchor, Turn
from coding.store.models import TABLES
from coding.store.project import Project

# An interview excerpt with umlauts, ß and emoji (one of them five code points long).
TEXT_A = (
    "I: Wie wohnen Sie heute?\n"
    "B: Wir wohnen in der Südstadt 🏘️, gleich neben der Schule. Die Miete ist hoch.\n"
    "\n"
    "I: Und die Nachbarn?\n"
    "B: Die Nachbarschaft ist groß 👩‍👩‍👧 und wir kennen uns gut. Die Schule ist nah.\n"
)
TEXT_B = (
    "I: Erzählen Sie von Ihrer Arbeit.\n"
    "B: Ich arbeite im Sozialamt. Die Arbeit ist anstrengend, aber die Kollegen sind nett.\n"
)


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Code-point range ``[start, end)`` of the ``nth`` occurrence of ``phrase`` in ``text``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(phrase, pos + 1)
        assert pos >= 0, f"{phrase!r} not in text"
    return pos, pos + len(phrase)


def parsed(text: str, times: list[int] | None = None) -> ParsedDocument:
    """A transcript: one turn per non-empty ``X: ...`` line, a time anchor at each turn start."""
    turns, anchors, pos = [], [], 0
    for line in text.split("\n"):
        if line.strip():
            turns.append(Turn(pos, pos + len(line), line.split(":", 1)[0]))
        pos += len(line) + 1
    if times is not None:
        anchors = [TimeAnchor(t.start, ms) for t, ms in zip(turns, times)]
    return ParsedDocument(text, "transcript", turns, anchors)


def dump(project) -> dict[str, list[tuple]]:
    """Every table except ``history`` and ``id_marks``, rows ordered by primary key (the whole visible state)."""
    out = {}
    with project.read() as conn:
        for name, table in TABLES.items():
            if name in ("history", "id_marks"):  # undo records, not project content
                continue
            out[name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def do(project, fn: Callable, description: str = "Test action"):
    """Run ``fn(action)`` as one user action and return its result."""
    with project.action(description) as act:
        return fn(act)


def roundtrip(project, change: Callable[[], object], description: str | None = None):
    """Perform ``change`` (one action); undo must restore the state before, redo the state after.

    Undo and redo are done twice, so the operations that redo itself records are checked too.
    Returns ``(result, before, after)``.
    """
    before = dump(project)
    result = change()
    after = dump(project)
    assert after != before, "the action changed nothing"
    for _ in range(2):
        undone = project.undo()
        assert undone is not None
        if description is not None:
            assert undone.description == description
        assert dump(project) == before
        redone = project.redo()
        assert redone is not None
        assert dump(project) == after
    return result, before, after


def integrity_problems(project) -> list:
    """Foreign-key violations plus anything ``PRAGMA integrity_check`` reports besides 'ok'."""
    with project.read() as conn:
        fk = [tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        ok = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    return fk + [x for x in ok if x != "ok"]


@dataclass
class World:
    """Ids of a small but complete project: two coders, two documents, a code tree, codings."""

    anna: int
    ben: int
    doc_a: int
    doc_b: int
    wohnen: int
    nachbarschaft: int
    miete: int
    arbeit: int
    seg_nachbarn: int  # Wohnen/Nachbarschaft by Anna, with a memo
    seg_miete: int  # Wohnen/Miete by Anna, key quote
    seg_schule_ben: int  # Wohnen by Ben
    seg_arbeit: int  # Arbeit by Anna in document B


def build_world(project) -> World:
    """Fill ``project`` with a small interview study (several actions)."""
    def setup(act):
        anna = coders.add_coder(act, "Anna")
        ben = coders.add_coder(act, "Ben")
        doc_a = documents.add_document(act, "K01_Sozialamt", parsed(TEXT_A, [0, 4000, 9000, 12500]))
        doc_b = documents.add_document(act, "G02_Jobcenter", parsed(TEXT_B, [0, 3000]))
        wohnen = codes.create_code(act, "Wohnen", definition="Alles zur Wohnsituation")
        nachbarschaft = codes.create_code(act, "Nachbarschaft", wohnen)
        miete = codes.create_code(act, "Miete", wohnen)
        arbeit = codes.create_code(act, "Arbeit")
        seg_nachbarn = segments.apply_code(act, doc_a, nachbarschaft, anna,
                                           *span(TEXT_A, "Die Nachbarschaft ist groß 👩‍👩‍👧"),
                                           memo="Familien als Nachbarn")
        seg_miete = segments.apply_code(act, doc_a, miete, anna, *span(TEXT_A, "Die Miete ist hoch."),
                                        key_quote=True)
        seg_schule_ben = segments.apply_code(act, doc_a, wohnen, ben, *span(TEXT_A, "neben der Schule"))
        seg_arbeit = segments.apply_code(act, doc_b, arbeit, anna, *span(TEXT_B, "Die Arbeit ist anstrengend"))
        memos.set_memo(act, None, None, "Projektmemo: Wohnen und Arbeit")
        memos.set_memo(act, "document", doc_a, "Interview in der Südstadt")
        memos.set_memo(act, "code", nachbarschaft, "Soziale Netze im Quartier")
        code_changes.add_anchor(act, nachbarschaft, "Wir kennen uns alle.", "K05, Pos. 3")
        variables.define_variable(act, "Gruppe", "category")
        variables.set_value_by_name(act, doc_a, "Gruppe", "kommunal")
        variables.set_value_by_name(act, doc_b, "Gruppe", "frei")
        variables.set_value_by_name(act, doc_a, "Alter", 54)
        return World(anna, ben, doc_a, doc_b, wohnen, nachbarschaft, miete, arbeit,
                     seg_nachbarn, seg_miete, seg_schule_ben, seg_arbeit)

    return do(project, setup, "Build world")


# --- fixtures (import them into a test module to use them) ----------------------------------
# Creating a project runs the migrations (~0.1 s); copying a closed template file is much
# faster, which keeps these specifications quick.

@dataclass
class Templates:
    empty: Path
    world_file: Path
    world: World


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Templates:
    folder = tmp_path_factory.mktemp("templates")
    with Project.create(folder / "empty.andock", "Testprojekt"):
        pass
    with Project.create(folder / "world.andock", "Testprojekt") as proj:
        world = build_world(proj)
    return Templates(folder / "empty.andock", folder / "world.andock", world)


@pytest.fixture
def project(request, tmp_path, templates):
    """A project file of its own: empty, or holding the world when the test also asks for ``world``."""
    path = tmp_path / "test.andock"
    shutil.copyfile(templates.world_file if "world" in request.fixturenames else templates.empty, path)
    proj = Project.open(path)
    yield proj
    proj.close()


@pytest.fixture
def world(project, templates) -> World:
    """The ids of the world in ``project`` (built by one action, "Build world")."""
    return templates.world
