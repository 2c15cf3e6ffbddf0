"""Regular-expression search is bounded in time and can be stopped (patterns with nested repeats)."""
from __future__ import annotations

import threading
import time

import pytest

from coding.services import documents
from coding.analysis import retrieval
from coding.base.errors import Cancelled, InputError
from coding.exchange.importers.model import ParsedDocument
from tests.coding.helpers import do, project, templates  # noqa: F401 - fixtures

pytestmark = pytest.mark.timeout(60)  # before the bound, these searches ran for hours

# Each line makes a nested repeat try every way of splitting the a's before "!" refuses it.
TRAP = ("a" * 30 + "!\n") * 20


@pytest.fixture
def trap(project):
    do(project, lambda act: documents.add_document(act, "Falle", ParsedDocument(TRAP + "Schule\n", "text")))
    return project


def test_the_reported_pattern_is_fast(trap):
    started = time.monotonic()
    with trap.read() as conn:
        assert retrieval.search_text(conn, r"(a+)+$", regex=True, timeout=5) == []
    assert time.monotonic() - started < 2  # Python's re needs hours for this on 30 a's


# The bound is computing time (the regex module counts the process's CPU time); on a loaded
# machine the clock on the wall runs faster than that, hence the generous wall-time margins.
def test_a_catastrophic_pattern_is_an_error_within_the_bound(trap):
    started, cpu = time.monotonic(), time.process_time()
    with trap.read() as conn, pytest.raises(InputError, match=r"^search pattern too slow .*simplify it"):
        retrieval.search_text(conn, r"(a|a)+$", regex=True, timeout=1.0)
    assert time.process_time() - cpu < 1.5
    assert time.monotonic() - started < 4.0


def test_the_default_bound_is_a_few_seconds(trap):
    started, cpu = time.monotonic(), time.process_time()
    with trap.read() as conn, pytest.raises(InputError, match="stopped after 5 s"):
        retrieval.search_text(conn, r"(a|a)+$", regex=True)
    assert time.process_time() - cpu < retrieval.SEARCH_SECONDS + 0.5
    assert time.monotonic() - started < 3 * retrieval.SEARCH_SECONDS


def test_a_search_can_be_stopped_between_documents(trap):
    stop = threading.Event()
    stop.set()
    with trap.read() as conn:
        texts = retrieval.search_texts(conn)
    rx = retrieval.compile_search("Schule")
    with pytest.raises(Cancelled):
        retrieval.find_hits(texts, rx, should_stop=stop.is_set)
    assert [h.match for h in retrieval.find_hits(texts, rx)] == ["Schule"]


def test_bad_patterns_are_input_errors(trap):
    with trap.read() as conn:
        with pytest.raises(InputError, match="invalid regular expression"):
            retrieval.search_text(conn, "(unclosed", regex=True)
        with pytest.raises(InputError, match="empty pattern"):
            retrieval.search_text(conn, "")
