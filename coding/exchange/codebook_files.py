"""Codebook files of every kind: Andock JSON and Markdown, and drafts from interview guides."""
from __future__ import annotations

import os
from pathlib import Path

from coding.base.errors import InputError
from coding.base.messages import _
from coding.base.safefile import write_bytes
from coding.exchange import guide
from coding.exchange.codebook_format import Codebook, codebook_from_json, codebook_to_json
from coding.exchange.codebook_markdown import from_markdown, is_codebook_markdown, to_markdown
from coding.text.textio import read_text_file


# --- Markdown --------------------------------------------------------------------------------


def codebook_to_markdown(cb: Codebook, lang: str = "de") -> str:
    """Render a valid codebook as round-trippable Markdown with German or English labels."""
    return to_markdown(cb, lang)


def codebook_from_markdown(text: str) -> Codebook:
    """Parse Andock codebook Markdown (either label language); InputError names the line."""
    return from_markdown(text)


# --- files ---------------------------------------------------------------------------------


def read_codebook_file(path: str | os.PathLike) -> Codebook:
    """Read a codebook (.json, Andock .md) or derive a draft from an interview guide (.docx/.md/.txt)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return guide.codebook_from_guide(path)
    if suffix not in (".json", ".md", ".markdown", ".txt"):
        raise InputError(_("{name}: cannot read '{suffix}' files as a codebook; use .json, .md or an "
                           "interview guide (.docx, .md, .txt)",
                           name=path.name, suffix=suffix or 'no suffix'))
    text = read_text_file(path)
    try:
        if suffix == ".json":
            return codebook_from_json(text)
        if suffix != ".txt" and is_codebook_markdown(text):
            return codebook_from_markdown(text)
    except InputError as exc:
        raise InputError(_("{name}: {exc}", name=path.name, exc=exc)) from None
    return guide.codebook_from_guide_text(text, path.name)


def write_codebook_file(cb: Codebook, path: str | os.PathLike, lang: str = "de") -> None:
    """Write a codebook as .json or .md atomically (temp file + rename), UTF-8 with LF."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = codebook_to_json(cb)
    elif suffix in (".md", ".markdown"):
        text = codebook_to_markdown(cb, lang)
    else:
        raise InputError(_("{name}: codebooks are written as .json or .md, not '{suffix}'",
                           name=path.name, suffix=suffix))
    write_bytes(path, text.encode("utf-8"))
