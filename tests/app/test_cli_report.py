"""``andock report`` and ``andock quotes`` as users call them, files read back."""
from __future__ import annotations

import csv
import re

import pytest
from docx import Document

from coding.services.codes import find_by_path
from coding.store.project import Project
from coding.analysis.retrieval import query_segments
from tests.conftest import andock_process

CODE = "Zugänge zu Unterstützung (Andockstellen)"


@pytest.fixture
def demo(demo_path):
    return demo_path


def segments_of(path, code: str, key_only: bool = False):
    with Project.open(path) as proj, proj.read() as conn:
        segs = query_segments(conn, codes=[find_by_path(conn, code)])
    return [s for s in segs if s.key_quote] if key_only else segs


@pytest.mark.parametrize("kind,suffix", [("codebook", ".pdf"), ("segments", ".docx"), ("comparison", ".pdf")])
def test_report_kinds(demo, tmp_path, cli, kind, suffix):
    out = tmp_path / f"bericht{suffix}"
    code, stdout, err = cli("report", demo, "--kind", kind, "--by", "Gruppe", "--lang", "en", "-o", out)
    assert code == 0, err
    assert f"Report written to {out}" in stdout
    assert out.read_bytes()[:4] == (b"%PDF" if suffix == ".pdf" else b"PK\x03\x04")


def test_report_with_coder_filter(demo, tmp_path, cli):
    out = tmp_path / "lena.docx"
    assert cli("report", demo, "--kind", "segments", "--coder", "Lena", "-o", out)[0] == 0
    coders_line = [p.text for p in Document(str(out)).paragraphs if p.text.startswith("Codierende")]
    assert coders_line == ["Codierende\tLena"]


@pytest.mark.parametrize("args,message", [
    (["--kind", "comparison"], "needs --by VARIABLE"),
    (["--kind", "comparison", "--by", "Farbe"], "no variable named 'Farbe'"),
    (["--kind", "comparison", "--by", "Dauer_min"], "groups need text, category or boolean"),
    (["--kind", "segments", "--coder", "Niemand"], "no coder named 'Niemand'"),
])
def test_report_errors_are_one_clear_line(demo, tmp_path, cli, args, message):
    code, _out, err = cli("report", demo, *args, "-o", tmp_path / "x.pdf")
    assert code == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_report_refuses_other_formats(demo, tmp_path, cli):
    code, _out, err = cli("report", demo, "--kind", "codebook", "-o", tmp_path / "x.odt")
    assert code == 1 and "use .docx, .pdf" in err
    code, _out, err = cli("report", demo, "--kind", "codebook", "-o", tmp_path / "nowhere" / "x.pdf")
    assert code == 1 and "folder does not exist" in err


def test_quotes_csv_for_german_excel(demo, tmp_path, cli):
    out = tmp_path / "zitate.csv"
    code, stdout, err = cli("quotes", demo, "--code", CODE, "-o", out)
    assert code == 0, err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the umlauts right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Zitat", "Beleg", "Dokument", "Zeit", "Position", "Code", "Sprecher*in", "Codierer*in",
                       "Schlüsselzitat"]
    expected = segments_of(demo, CODE)
    assert len(rows) - 1 == len(expected) and f"{len(expected)} quote(s)" in stdout
    for row, seg in zip(rows[1:], expected):
        assert row[0] == " ".join(seg.text.split())
        assert row[2] == seg.label and row[4] == str(seg.paragraph) and row[5] == seg.code_path
        assert row[1] == f"{seg.label}, {row[3]}" and re.fullmatch(r"\d\d:\d\d:\d\d", row[3])
        assert row[6] == (seg.speaker or "") and row[7] == seg.coder


def test_quotes_key_only_docx_and_english_csv(demo, tmp_path, cli):
    out = tmp_path / "zitate.docx"
    assert cli("quotes", demo, "--code", CODE, "--key-only", "-o", out)[0] == 0
    keys = segments_of(demo, CODE, key_only=True)
    quotes = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Andock Quote"]
    assert len(quotes) == len(keys) > 0
    assert all(q.startswith("„") and "“ (" in q for q in quotes)
    out = tmp_path / "quotes.csv"
    assert cli("quotes", demo, "--code", CODE, "--lang", "en", "-o", out)[0] == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Quote,Citation,Document,Time,Position,Code,Speaker,Coder,Key quote"
    code, _out, err = cli("quotes", demo, "--code", "Gibt es nicht", "-o", out, "--force")
    assert code == 1 and "no code 'Gibt es nicht'" in err


def test_report_in_a_separate_process(demo, tmp_path):
    out = tmp_path / "kategorien.docx"
    r = andock_process("report", demo, "--kind", "codebook", "-o", out)
    assert r.returncode == 0, r.stderr
    assert any(p.text == "Kategoriensystem" for p in Document(str(out)).paragraphs)
