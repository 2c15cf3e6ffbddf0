"""Words per document for "segments per 1,000 words": spaCy's German tokenizer, counted once.

A word is a token with at least one letter or digit, after removing what the interviewee did not
say: speaker labels at turn starts (``B1:``), pause marks ``(.)`` ``(..)`` ``(...)`` ``(4)``,
f4 timestamps ``#00:01:23-4#``, ``(unv.)`` and non-verbal events such as ``(lacht)``.
Counts are stored in ``documents.word_count``; an edit of the text resets it to NULL and the
next analysis counts again (written outside the undo history: it is a cache, not user data).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import numpy as np
from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import OperationalError

from coding.base.ids import DocumentId
from coding.store.models import TABLES

documents_t = TABLES["documents"]
turns_t = TABLES["speaker_turns"]

# Trained German pipelines tokenize the same way as spacy.blank("de") but are preferred when
# installed, as the issue asks; only their tokenizer is used.
_PIPELINES = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm", "de_dep_news_trf")
_MARKS = re.compile(
    r"\((?:\.{1,3}|\d+(?:[.,]\d+)?\s*(?:s|sek\.?|Sek\.?)?)\)"  # pauses (.) (..) (...) (4) (2,5 s)
    r"|#\d{1,2}:\d{2}(?::\d{2})?(?:[-.,]\d{1,3})?#"  # f4 timestamps left in plain text
    r"|\((?:unv|unverst|unverständlich|unintelligible|inaudible)\.?[^()\n]{0,20}\)"  # (unv.), (unv. #…#)
    r"|\((?:[a-zäöüß]+(?: [a-zäöüß]+){0,2})\)"  # non-verbal events: (lacht) (räuspert sich)
)
_WORDISH = re.compile(r"\w")
_CHUNK = 200  # documents per write: bounded memory on large projects
_PIECE = 100_000  # characters per tokenizer call (see count_words)


@lru_cache(maxsize=1)
def tokenizer():
    """The German tokenizer (imported lazily: loading spaCy takes seconds)."""
    import spacy
    from spacy.util import is_package

    for name in _PIPELINES:
        if is_package(name):
            return spacy.load(name, exclude=["tok2vec", "transformer", "tagger", "morphologizer",
                                             "parser", "lemmatizer", "trainable_lemmatizer",
                                             "attribute_ruler", "ner", "senter"]).tokenizer
    return spacy.blank("de").tokenizer


def spoken_text(text: str, turns: Iterable[tuple[int, str]] = ()) -> str:
    """``text`` with speaker labels at the given turn starts and transcription marks blanked.

    Blanking (instead of deleting) keeps the words around a mark apart: ``ja(.)gut`` stays two.
    """
    parts, pos = [], 0
    for start, speaker in sorted(turns):
        label = f"{speaker}:"
        if start >= pos and text.startswith(label, start):
            parts += [text[pos:start], " " * len(label)]
            pos = start + len(label)
    parts.append(text[pos:])
    return _MARKS.sub(lambda m: " " * len(m.group(0)), "".join(parts))


def count_words(text: str, turns: Iterable[tuple[int, str]] = ()) -> int:
    """Words in ``text`` (see the module docstring); ``turns`` are (start, speaker) pairs.

    Long texts are tokenized piece by piece (a spaCy Doc costs about 50 bytes per character):
    pieces end after a line break, so no word, label or mark is cut (marks never span lines);
    only a piece without any line break is cut after a blank.
    """
    turns = sorted(turns)
    starts = [start for start, _ in turns]
    tok = tokenizer()
    strings = tok.vocab.strings
    verdict: dict[int, bool] = {}
    total = 0
    for a, b in _pieces(text):
        inside = turns[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]
        doc = tok(spoken_text(text[a:b], [(start - a, speaker) for start, speaker in inside]))
        if not len(doc):
            continue
        # tokens repeat a lot: decide once per distinct token string, count with numpy
        orths, counts = np.unique(doc.to_array("ORTH"), return_counts=True)
        keep = np.fromiter((verdict.setdefault(int(o), bool(_WORDISH.search(strings[int(o)])))
                            for o in orths), dtype=bool, count=len(orths))
        total += int(counts[keep].sum())
    return total


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` pieces of at most ``_PIECE`` characters, cut after a line break."""
    start, n = 0, len(text)
    while start < n:
        end = min(start + _PIECE, n)
        if end < n:
            end = (text.rfind("\n", start, end) + 1 or text.rfind(" ", start, end) + 1) or end
        yield start, end
        start = end


def word_counts(conn: Connection, document_ids: list[DocumentId] | None = None) -> dict[DocumentId, int]:
    """Word count per document id, counting (and storing) those not counted yet."""
    q = select(documents_t.c.id, documents_t.c.word_count)
    if document_ids is not None:
        wanted = set(document_ids)
        rows: Sequence[Row] = [r for r in conn.execute(q) if r[0] in wanted]
    else:
        rows = conn.execute(q).all()
    result = {did: n for did, n in rows if n is not None}
    missing = [did for did, n in rows if n is None]
    for i in range(0, len(missing), _CHUNK):
        chunk = missing[i:i + _CHUNK]
        computed = _count_documents(conn, chunk)
        _store(conn, computed)
        result.update(computed)
    return result


def _count_documents(conn: Connection, doc_ids: list[DocumentId]) -> dict[DocumentId, int]:
    turns: dict[DocumentId, list[tuple[int, str]]] = {}
    for did, start, speaker in conn.execute(select(turns_t.c.document_id, turns_t.c.start_pos,
                                                   turns_t.c.speaker).where(turns_t.c.document_id.in_(doc_ids))):
        turns.setdefault(did, []).append((start, speaker))
    counts = {}
    for did in doc_ids:  # one text at a time: texts may be millions of characters each
        text = conn.execute(select(documents_t.c.text).where(documents_t.c.id == did)).scalar()
        if text is not None:
            counts[did] = count_words(text, turns.get(did, ()))
    return counts


def _store(conn: Connection, counts: dict[DocumentId, int]) -> None:
    """Keep counts for next time, outside the undo history; a busy database just skips it."""
    if not counts:
        return
    stmt = update(documents_t).where(documents_t.c.id == bindparam("doc_id")).values(word_count=bindparam("n"))
    params = [{"doc_id": d, "n": n} for d, n in counts.items()]
    if conn.get_execution_options().get("write"):
        conn.execute(stmt, params)  # inside an action: its connection holds the write lock
        return
    try:
        with conn.engine.connect().execution_options(write=True) as wconn, wconn.begin():
            wconn.execute(stmt, params)
    except OperationalError:  # another process is writing for long; counting again later is fine
        pass

