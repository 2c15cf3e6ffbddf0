"""Output files are never replaced unasked (``--force``) and never left half-written.

Every command that writes a file refuses an existing one (exit 1, one line naming --force, the
file byte-identical), replaces it with ``--force``, and an export that fails part-way leaves the
old file as it was and no temporary file in the folder.
"""
from __future__ import annotations

import os
import shutil

import pytest

from coding.store.project import Project
from tests.coding.analysis_world import build_study

HAND_CORRECTED = "B: Das habe ich von Hand korrigiert. 🖊️\n".encode()

# (command line after the project, output name); {out} is the output file
WRITERS = [
    (["matrix", "{p}", "--by", "Gruppe", "-o", "{out}"], "m.xlsx"),
    (["matrix", "{p}", "--by", "Gruppe", "-o", "{out}"], "m.csv"),
    (["matrix", "{p}", "--by", "Gruppe", "-o", "{out}"], "m.docx"),
    (["matrix", "{p}", "--by", "document", "-o", "{out}"], "m.pdf"),
    (["cooccurrence", "{p}", "-o", "{out}"], "c.xlsx"),
    (["cooccurrence", "{p}", "-o", "{out}"], "c.csv"),
    (["report", "{p}", "--kind", "segments", "-o", "{out}"], "r.docx"),
    (["report", "{p}", "--kind", "comparison", "--by", "Gruppe", "-o", "{out}"], "r.pdf"),
    (["quotes", "{p}", "--code", "Zugänge", "-o", "{out}"], "q.csv"),
    (["quotes", "{p}", "--code", "Zugänge", "-o", "{out}"], "q.docx"),
    (["codebook", "export", "{p}", "{out}"], "cb.md"),
    (["codebook", "export", "{p}", "{out}"], "cb.json"),
]
IDS = [f"{a[0]}-{name}" for a, name in WRITERS]


@pytest.fixture(scope="module")
def study_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("study") / "studie.andock"
    with Project.create(path, "Studie") as p:
        build_study(p)
    return path


@pytest.fixture
def study(study_template, tmp_path):
    path = tmp_path / "studie.andock"
    shutil.copyfile(study_template, path)
    return path


def _args(args: list[str], project, out) -> list[str]:
    return [a.format(p=project, out=out) for a in args]


def _leftovers(folder) -> list[str]:
    """Files an export might have left behind (temporary names start with a dot)."""
    return sorted(n for n in os.listdir(folder) if n.startswith(".") or n.endswith((".tmp", ".partial")))


@pytest.mark.parametrize("args,name", WRITERS, ids=IDS)
def test_existing_output_is_kept_without_force(study, tmp_path, cli, args, name):
    out = tmp_path / name
    out.write_bytes(HAND_CORRECTED)
    code, stdout, err = cli(*_args(args, study, out))
    assert code == 1, stdout
    assert err.count("\n") == 1 and "--force" in err and name in err
    assert out.read_bytes() == HAND_CORRECTED
    code, stdout, err = cli(*_args(args, study, out), "--force")
    assert code == 0, err
    new = out.read_bytes()
    assert new != HAND_CORRECTED and len(new) > 20
    if name.endswith((".xlsx", ".docx")):
        assert new.startswith(b"PK\x03\x04")
    elif name.endswith(".pdf"):
        assert new.startswith(b"%PDF") and new.rstrip().endswith(b"%%EOF")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("args,name", WRITERS[:1], ids=IDS[:1])
def test_a_new_output_needs_no_force(study, tmp_path, cli, args, name):
    out = tmp_path / name
    code, _, err = cli(*_args(args, study, out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"PK\x03\x04")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # a normal file to share, not mkstemp's 0600


def _fail_half_way(monkeypatch, owner, attr: str, path_of):
    """Make ``owner.attr`` write the start of a file, then fail (a full disk, a crash in a library)."""
    def broken(*args, **kw):
        target = path_of(*args, **kw)
        if hasattr(target, "write"):
            target.write(b"PK\x03\x04 half")
        else:
            with open(target, "wb") as fh:
                fh.write(b"PK\x03\x04 half")
        raise RuntimeError("injected failure while writing")
    monkeypatch.setattr(owner, attr, broken)


def _broken_docx(monkeypatch):
    import docx.document
    _fail_half_way(monkeypatch, docx.document.Document, "save", lambda self, target: target)


def _broken_xlsx(monkeypatch):
    import openpyxl.workbook.workbook
    _fail_half_way(monkeypatch, openpyxl.workbook.workbook.Workbook, "save", lambda self, target: target)


def _broken_pdf(monkeypatch):
    from reportlab.platypus.doctemplate import BaseDocTemplate
    for attr in ("build", "multiBuild"):
        _fail_half_way(monkeypatch, BaseDocTemplate, attr, lambda self, *a, **kw: self.filename)


def _broken_csv(monkeypatch):
    import csv

    real = csv.writer

    class HalfWriter:
        def __init__(self, fh, *a, **kw):
            self.w = real(fh, *a, **kw)

        def writerow(self, row):
            self.w.writerow(row)
            raise RuntimeError("injected failure while writing")

        def writerows(self, rows):
            self.writerow(next(iter(rows)))

    monkeypatch.setattr(csv, "writer", HalfWriter)


@pytest.mark.parametrize("args,name,breaker", [
    (WRITERS[0][0], "m.xlsx", _broken_xlsx), (WRITERS[1][0], "m.csv", _broken_csv),
    (WRITERS[2][0], "m.docx", _broken_docx), (WRITERS[4][0], "c.xlsx", _broken_xlsx),
    (WRITERS[5][0], "c.csv", _broken_csv), (WRITERS[6][0], "r.docx", _broken_docx),
    (WRITERS[7][0], "r.pdf", _broken_pdf), (WRITERS[8][0], "q.csv", _broken_csv),
    (WRITERS[9][0], "q.docx", _broken_docx),
], ids=["matrix-xlsx", "matrix-csv", "matrix-docx", "co-xlsx", "co-csv", "report-docx", "report-pdf",
        "quotes-csv", "quotes-docx"])
def test_a_failing_export_leaves_the_old_file(study, tmp_path, cli, monkeypatch, args, name, breaker):
    out = tmp_path / name
    out.write_bytes(HAND_CORRECTED)
    breaker(monkeypatch)
    code, _, err = cli(*_args(args, study, out), "--force")
    assert code != 0 and "injected failure" in err
    assert out.read_bytes() == HAND_CORRECTED
    assert _leftovers(tmp_path) == []


def test_a_failing_new_export_leaves_no_file(study, tmp_path, cli, monkeypatch):
    _broken_docx(monkeypatch)
    code, _, err = cli("report", study, "--kind", "codebook", "-o", tmp_path / "neu.docx")
    assert code != 0 and "injected failure" in err
    assert not (tmp_path / "neu.docx").exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("target,message", [
    ("ordner.xlsx", "is a folder"), ("fehlt/x.xlsx", "folder does not exist"),
])
def test_output_to_a_folder_or_a_missing_folder(study, tmp_path, cli, target, message):
    (tmp_path / "ordner.xlsx").mkdir()
    for force in ([], ["--force"]):
        code, _, err = cli("cooccurrence", study, "-o", tmp_path / target, *force)
        assert code == 1 and message in err and err.count("\n") == 1


# -- transcribe-file: the reported case (a hand-corrected transcript replaced by an empty file) --

def _silent_recording(tmp_path):
    from tests.transcription import audio_fixtures as af

    pytest.importorskip("faster_whisper", reason="needs the 'transcription' extra")
    if not af.tools_available():
        pytest.skip("needs espeak-ng and sox")
    return af.silence(3.0, tmp_path / "rec.wav")


def test_transcribe_file_keeps_a_hand_corrected_transcript(tmp_path, cli, monkeypatch):
    audio = _silent_recording(tmp_path)
    monkeypatch.setenv("ANDOCK_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "interview.txt"
    out.write_bytes(HAND_CORRECTED)
    base = ("--model", "base", "--threads", "2", "--speakers", "1")
    code, stdout, err = cli("transcribe-file", audio, "-o", out, *base)
    assert code == 1 and err.count("\n") == 1 and "--force" in err and "interview.txt" in err
    assert out.read_bytes() == HAND_CORRECTED and "Expected" not in stdout  # refused before transcribing
    code, stdout, err = cli("transcribe-file", audio, "-o", out, *base, "--force")
    assert code == 0, err
    assert out.read_bytes() == b"" and "no speech recognised" in err  # asked for: replaced
    assert _leftovers(tmp_path) == []
