"""run_export: progress, cancelling at every step, replacing only when asked; the export options."""
from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from coding.base.errors import Cancelled, InputError, NotFoundError
from coding.reports.exports import (CodebookExport, CooccurrenceExport, MatrixExport, Selection, check_output,
                                    run_export)
from coding.services.demo import build_demo

OLD = b"hand-corrected, keep me"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    proj = build_demo(tmp_path_factory.mktemp("demo") / "demo.andock")
    yield proj
    proj.close()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_progress_names_each_step_and_the_file_is_complete(demo, tmp_path):
    steps = []
    out = run_export(demo, MatrixExport(by="Gruppe", lang="de"), tmp_path / "Matrix.xlsx",
                     progress=lambda done, total, message="": steps.append((done, total, message)))
    assert steps == [(0, 3, "Reading the project…"), (1, 3, "Writing Matrix.xlsx…"), (2, 3, "Writing Matrix.xlsx…")]
    assert "Anzahl" in openpyxl.load_workbook(out).sheetnames and names(tmp_path) == ["Matrix.xlsx"]


@pytest.mark.parametrize("step", [0, 1, 2])
@pytest.mark.parametrize("existing", [False, True])
def test_cancelling_at_any_step_leaves_the_target_as_it_was(demo, tmp_path, step, existing):
    target = tmp_path / "Kookkurrenz.csv"
    if existing:
        target.write_bytes(OLD)

    def progress(done, total, message=""):
        return done != step  # False: stop here
    with pytest.raises(Cancelled):
        run_export(demo, CooccurrenceExport(), target, force=True, progress=progress)
    assert names(tmp_path) == (["Kookkurrenz.csv"] if existing else [])
    if existing:
        assert target.read_bytes() == OLD


def test_an_existing_file_is_replaced_only_with_force_keeping_its_permissions(demo, tmp_path):
    target = tmp_path / "Codebuch.md"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    steps = []
    with pytest.raises(InputError, match="exists already"):
        run_export(demo, CodebookExport(), target, progress=lambda *a: steps.append(a))
    assert steps == [] and target.read_bytes() == OLD  # refused before any work
    run_export(demo, CodebookExport(lang="de"), target, force=True)
    assert "Zugänge zu Unterstützung" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640 and names(tmp_path) == ["Codebuch.md"]


def test_a_wrong_format_or_unknown_name_is_refused_with_nothing_written(demo, tmp_path):
    with pytest.raises(InputError, match=r"Codebuch\.docx: cannot write '\.docx' \(use \.md, \.json\)"):
        run_export(demo, CodebookExport(), tmp_path / "Codebuch.docx")
    with pytest.raises(InputError, match=r"m\.txt: unsupported output \(use \.xlsx, \.csv, \.docx, \.pdf\)"):
        check_output(Path("m.txt"), MatrixExport.suffixes)
    with pytest.raises(NotFoundError, match="Anan"):
        run_export(demo, MatrixExport(selection=Selection(coders=("Anan",))), tmp_path / "m.xlsx")
    assert names(tmp_path) == []


def test_a_selection_counts_only_what_it_names(demo):
    sel = Selection(coders=("Lena",), documents=("K01",), variables=(("Gruppe", "kommunal"), ("Gruppe", "national")))
    with demo.read() as conn:
        filters = sel.resolve(conn)
        assert filters["variables"] == {"Gruppe": ["kommunal", "national"]} and filters["code_ids"] is None
        table = MatrixExport(by="document", count="segments", selection=sel).table(conn)
    assert table.columns == ["K01"]
