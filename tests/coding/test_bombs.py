"""Zip parts whose headers understate their size: refused without unpacking them into memory.

The crafted files are real DOCX/XLSX files whose ``[Content_Types].xml`` (a part every parser
reads) holds its real content followed by 400 MB of blanks, while both headers claim the size
and CRC of the real content alone. zipfile's one-shot read inflates the whole stream before
cutting it to the claimed size, so the check must count real bytes while inflating.
"""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.reliability.hostile_files import lying_zip

PADDING_MB = 400
_MEASURE = r"""
import json, sys, tracemalloc
from pathlib import Path
import docx, openpyxl
from coding.base.errors import InputError
from coding.exchange.guide import codebook_from_guide
from coding.exchange.importers.docx_reader import read_docx_text
from coding.exchange.vartable import read_variable_table

reader = {"guide": codebook_from_guide, "transcript": read_docx_text,
          "table": read_variable_table}[sys.argv[1]]
tracemalloc.start()  # not ru_maxrss: a child starts with its parent's peak
try:
    reader(Path(sys.argv[2]))
    outcome = "accepted"
except InputError as exc:
    outcome = str(exc)
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"outcome": outcome, "peak_mb": peak / 2**20}))
"""


def _lying_copy(source: Path, target: Path, part: str = "[Content_Types].xml") -> Path:
    """Copy a zip, padding ``part`` with 400 MB of blanks that its headers do not mention."""
    with zipfile.ZipFile(source) as src:
        real = src.read(part)
    lying_zip(source, target, part, padding_mb=PADDING_MB)
    # The lie is consistent: zipfile alone accepts it (read in steps here: one read() of the
    # part would inflate the 400 MB in this process).
    with zipfile.ZipFile(target) as check, check.open(part) as stream:
        assert stream.read(len(real) + 1) == real
    return target


def _measure(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, kind, str(path)], capture_output=True,
                          text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def lying_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bombs")
    document = docx.Document()
    document.add_heading("1. Wohnen", 1)
    document.add_paragraph("Wie wohnen Sie?")
    document.save(folder / "guide.docx")
    return _lying_copy(folder / "guide.docx", folder / "luege.docx")


@pytest.mark.parametrize("kind", ["guide", "transcript"])
def test_docx_with_understated_part_is_refused_in_bounded_memory(lying_docx, kind):
    result = _measure(kind, lying_docx)
    assert result["outcome"].startswith("luege.docx: damaged or unsupported Word file")
    assert "[Content_Types].xml is larger than its header says" in result["outcome"]
    assert result["peak_mb"] < 50, result


def test_xlsx_with_understated_part_is_refused_in_bounded_memory(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Dokument", "Alter"])
    workbook.active.append(["I1", 34])
    workbook.save(tmp_path / "umfrage.xlsx")
    path = _lying_copy(tmp_path / "umfrage.xlsx", tmp_path / "luege.xlsx")
    result = _measure("table", path)
    assert result["outcome"].startswith("luege.xlsx: damaged or unsupported Excel workbook")
    assert result["peak_mb"] < 50, result


_COUNT = r"""
import json, tracemalloc
from coding.analysis import words
words.tokenizer()  # loading spaCy is not what is measured
sentence = "B: Also ich würde sagen, das Quartier hat sich (.) sehr verändert, seit 2015 ungefähr. "
text = sentence * 50_000  # 4.35 million characters, just under the import limit
tracemalloc.start()
total = words.count_words(text)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"total": total, "one": words.count_words(sentence), "peak_mb": peak / 2**20}))
"""


def test_word_count_of_a_long_text_runs_in_bounded_memory():
    done = subprocess.run([sys.executable, "-c", _COUNT], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total"] == 50_000 * result["one"]  # pieces split between words count the same
    assert result["peak_mb"] < 60, result  # the whole text as one spaCy Doc took 230 MB
