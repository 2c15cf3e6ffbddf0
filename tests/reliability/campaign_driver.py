"""Works on a project until it is killed: random imports, codings, text edits, undo/redo,
transcription-queue entries and exports, as a user (or the window) would.

Before each action it prints ``begin KIND DETAIL`` and after the action committed (or the
export file is in place) ``ok KIND DETAIL`` — what the test may hold it to after a kill.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from coding.services import coders, codes, documents, segments, transcription_jobs
from coding.exchange.importers.model import ParsedDocument
from coding.store.project import Project
from coding.services.text_edit import edit_text
from coding.text.remap import Edit

SLOTS = 300  # coding positions per run in the long document
WEIGHTS = {"code": 30, "undo": 15, "redo": 10, "edit": 15, "import": 10, "queue": 8, "export": 6}


def say(*words: object) -> None:
    print(*words, flush=True)


def arm_kill(after_writes: int) -> None:
    """Kill this process inside a write transaction, at its ``after_writes``-th recorded write."""
    import os
    import signal

    from coding.store import history

    count = [0]

    def hook(_table: str) -> None:
        count[0] += 1
        if count[0] == after_writes:
            os.kill(os.getpid(), signal.SIGKILL)
    history.write_hooks.append(hook)


def main(path: str, seed: int, run: int, kill_after_writes: int = 0) -> None:
    rng = random.Random(seed)
    if kill_after_writes:
        arm_kill(kill_after_writes)
    folder = Path(path).parent
    proj = Project.open(path, role="window")
    with proj.read() as conn:
        doc = documents.find_document(conn, "K01")
        long_doc = documents.find_document(conn, "Lang")
        code_ids = [codes.find_by_path(conn, p) for p in ("Zugang", "Zugang/Schule", "Wohnen")]
    say("ready")
    n = 0
    while True:
        n += 1
        kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        tag = f"R{run}N{n}"
        if kind == "code":
            # codings never overlap (overlapping codings of one code and coder are merged)
            start = (run * SLOTS + min(n, SLOTS - 1)) * 30
            say("begin code", tag)
            with proj.action("Code segment") as act:
                seg = segments.apply_code(act, long_doc, rng.choice(code_ids), coders.resolve_coder(act, "Lena"),
                                          start, start + rng.randrange(1, 25), memo=tag)
                guid = segments.get_segment(act.conn, seg).guid
            say("ok code", guid)
        elif kind == "undo":
            say("begin undo", tag)
            changes = proj.undo()
            say("ok undo" if changes else "none undo", tag)
        elif kind == "redo":
            say("begin redo", tag)
            changes = proj.redo()
            say("ok redo" if changes else "none redo", tag)
        elif kind == "edit":
            say("begin edit", tag)
            with proj.action("Edit text") as act:
                edit_text(act, doc, edits=[Edit(0, 0, f"{tag}ß ")])
            say("ok edit", tag)
        elif kind == "import":
            name = f"Imp_{tag}"
            say("begin import", name)
            with proj.action("Import") as act:
                documents.add_document(act, name, ParsedDocument(f"B: Text {tag} über Zugänge 🏘️.", "text"))
            say("ok import", name)
        elif kind == "queue":
            audio = folder / "rec.wav"
            say("begin queue", tag)
            with proj.write() as conn:
                transcription_jobs.enqueue(conn, folder, [transcription_jobs.QueuedFile(
                    audio, "0" * 64, 3.0, tag)], {"model": "base"})
            say("ok queue", tag)
        elif kind == "export":
            from app.cli import main as cli

            say("begin export", tag)
            code = cli(["matrix", path, "--by", "Gruppe", "-o", str(folder / "matrix.xlsx"), "--force"])
            say("ok export" if code == 0 else "failed export", tag)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
