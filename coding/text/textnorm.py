"""The characters Andock stores: one policy for texts and names (docs/conventions.md, "Characters").

* Texts (document text, memos, definitions, summaries, variable values): NFC; CRLF, CR, vertical
  tab, form feed, the information separators and NEL become LF; other control characters (C0
  except TAB and LF, DEL, C1) and the non-characters U+FFFE/U+FFFF are removed.
* Names (codes, coders, variables, documents, speakers): the same, and one line: a line break
  (also U+2028/U+2029) is refused, a TAB becomes a space, blanks at the ends are trimmed, and a
  length limit applies.
* Lone surrogates (possible only in strings handed over by a program) are refused everywhere.

Exports use :func:`export_text` / :func:`export_name`, which never refuse: a project written by an
older version may hold anything, and an export must still succeed.
"""
from __future__ import annotations

import re
import unicodedata

from coding.base.errors import InputError
from coding.base.messages import _

# control characters that end a line (a form feed is a page break in text copied from PDFs)
_TEXT_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85]")
# every character that str.splitlines() splits at: none of them may be in a name
NAME_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# characters XML (DOCX), PDF fonts and spreadsheets cannot hold or that are invisible noise
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ANY = re.compile(f"{_TEXT_BREAK.pattern}|{_CONTROL.pattern}")

# the columns' widths: longer names would not fit a PostgreSQL team database
MAX_CODE_NAME = 200
MAX_CODER_NAME = 100
MAX_VARIABLE_NAME = 100
MAX_DOCUMENT_NAME = 255
MAX_LABEL = 40


def _what(what: str) -> str:
    """The thing a message names, in the current language (callers pass the English words)."""
    known = {"the text": _("the text"), "a citation label": _("a citation label"),
             "a code name": _("a code name"), "a coder name": _("a coder name"),
             "a document name": _("a document name"), "a memo title": _("a memo title"),
             "a speaker name": _("a speaker name"), "a variable name": _("a variable name"),
             "a variable value": _("a variable value"), "an anchor's source": _("an anchor's source"),
             "the anchor example": _("the anchor example"), "the memo": _("the memo"),
             "the summary": _("the summary")}
    return known.get(what, what)


def _check_surrogates(text: str, what: str) -> None:
    if not text.isascii() and _SURROGATE.search(text):
        raise InputError(_("{what} contains an invalid character (a lone UTF-16 surrogate); copy the text "
                           "again from its source", what=_what(what)))


def _unify(text: str) -> str:
    """Line breaks LF, control characters gone, NFC (no checks)."""
    if _ANY.search(text):
        text = _CONTROL.sub("", _TEXT_BREAK.sub("\n", text))
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_text(text: str | None, what: str = "the text") -> str:
    """``text`` as stored: NFC, LF line breaks, no control characters except TAB/LF."""
    text = text or ""
    _check_surrogates(text, what)
    return _unify(text)


def clean_name(name: str | None, what: str, max_len: int) -> str:
    """A name as stored: like :func:`clean_text`, one line, trimmed, 1..``max_len`` characters.

    ``what`` starts the messages, e.g. "a code name".
    """
    name = (name or "").strip()
    _check_surrogates(name, what)
    if any(ch in NAME_BREAKS for ch in name):
        raise InputError(_("{what} must be one line (it contains a line break)", what=_what(what)))
    name = _unify(name.replace("\t", " ")).strip()
    if not name:
        raise InputError(_("{what} must not be empty", what=_what(what)))
    if len(name) > max_len:
        raise InputError(_("{what} may have at most {max_len} characters; '{start}…' has {n}",
                           what=_what(what), max_len=max_len, start=name[:30], n=len(name)))
    return name


def lookup_name(name: str | None) -> str:
    """A name typed to find something (``--code Überblick``): NFC and trimmed, as names are stored."""
    name = (name or "").strip()
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def export_text(text: str | None) -> str:
    """Stored text made safe for any export file; never refuses (old projects hold anything)."""
    text = text or ""
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
    return _unify(text)


def export_name(name: str | None) -> str:
    """A stored name made safe for export as one line (line breaks become spaces)."""
    return " ".join(export_text(name).replace("\t", " ").splitlines()).strip()
