"""Draft a codebook from an interview guide (Interviewleitfaden): deductive main categories.

Each guide section becomes a category; the questions under it become a draft definition
("Entwurf aus dem Leitfaden — Fragen:" and one "- question" line each). Sections are found,
in this order of preference:

1. Headings (Word heading styles or outline levels, "Überschrift n", Markdown ``#``). When the
   highest heading level is used once, first, as a document title (Heading 1 "Leitfaden",
   then Heading 2 sections), it becomes Codebook.title and the next level gives the main
   categories. Deeper headings become subcategories. A title-only document falls through to 2.
2. Without headings, numbered paragraphs: typed top-level numbers ("1.", "2)") outside Word
   lists; else top-level Word/Markdown numbered list items (ilvl 0, not bullets); else
   paragraphs that are entirely bold. Deeper items ("1.1", "a)", ilvl >= 1, bullets) and
   plain paragraphs are questions of the current category.

Leading numbering is stripped from names and questions ("1. Einstieg" -> "Einstieg").
A section that is itself a question (ends with "?", e.g. a flat numbered list of questions)
keeps the question as its name, shortened to about 60 characters at a word boundary, and
the full question is the first line of the draft. Text before the first section
(greeting, data protection notice) is ignored: it is interview procedure, not a category.
Duplicate sibling names get " (2)", " (3)".
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from coding.exchange.guide_paragraph import GuideParagraph
from coding.exchange.guide_docx import read_docx_paragraphs
from coding.exchange.codebook_format import Codebook, CodeEntry, validate
from coding.base.errors import InputError
from coding.text.textio import read_text_file
from coding.base.messages import _

DRAFT_HEADER = "Entwurf aus dem Leitfaden — Fragen:"
MAX_QUESTION_NAME = 60

# "1.2", "1.2.", "1.", "2)", "a)", "b." and bullet characters, each followed by the real text.
_NUMBERING_RE = re.compile(r"(?:\d+(?:\.\d+)+\.?(?=\s)|\d+[.)](?!\d)|[A-Za-z][.)](?=\s)"
                           r"|[-–•*·▪◦](?=\s))\s*(?=\S)")
_TYPED_TOP_RE = re.compile(r"\d+[.)](?!\d)\s*\S")
_MD_HEADING_RE = re.compile(r" {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*")
_MD_LIST_RE = re.compile(r"( *)(?:(\d+)[.)]|[-*+•–])\s+(.*)")
_MD_RULE_RE = re.compile(r"([-*_=])(?:\s*\1){2,}")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_)(.+)\1")


@dataclass
class _Draft:
    text: str
    questions: list[str] = field(default_factory=list)
    children: list["_Draft"] = field(default_factory=list)


def codebook_from_guide(path: str | os.PathLike) -> Codebook:
    """Derive a draft codebook from a .docx, .md/.markdown or .txt interview guide."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return codebook_from_guide_paragraphs(read_docx_paragraphs(path), path.name)
    if suffix in (".md", ".markdown", ".txt"):
        return codebook_from_guide_text(read_text_file(path), path.name)
    raise InputError(_("{name}: interview guides are read from .docx, .md or .txt, not '{suffix}'",
                       name=path.name, suffix=suffix or 'no suffix'))


def codebook_from_guide_text(text: str, source: str = "guide") -> Codebook:
    """Derive a draft codebook from Markdown or plain-text guide content."""
    return codebook_from_guide_paragraphs(markdown_paragraphs(text), source)


def codebook_from_guide_paragraphs(paras: Sequence[GuideParagraph],
                                   source: str = "guide") -> Codebook:
    """Build the draft codebook from classified paragraphs (shared by all guide formats)."""
    paras = [p for p in paras if p.text.strip()]
    title = ""
    drafts: list[_Draft] = []
    if any(p.heading is not None for p in paras):
        title, drafts = _from_headings(paras)
    else:
        drafts = _from_numbering(paras)
    if not drafts:
        raise InputError(_("{source}: no headings or numbered sections found; give each guide section a "
                           "heading style or a number like '1.'", source=source))
    cb = Codebook(codes=_entries(drafts), title=_clean(title))
    validate(cb)
    return cb


def _from_headings(paras: list[GuideParagraph]) -> tuple[str, list[_Draft]]:
    heads = [i for i, p in enumerate(paras) if p.heading is not None]
    top = min(h for p in paras if (h := p.heading) is not None)
    first = heads[0]
    if paras[first].heading == top and sum(paras[i].heading == top for i in heads) == 1:
        rest = paras[first + 1:]
        if any(p.heading is not None for p in rest):
            return paras[first].text, _heading_drafts(rest)
        if drafts := _from_numbering(rest):  # a title heading over a numbered list
            return paras[first].text, drafts
    return "", _heading_drafts(paras)


def _heading_drafts(paras: list[GuideParagraph]) -> list[_Draft]:
    roots: list[_Draft] = []
    stack: list[tuple[int, _Draft]] = []
    for p in paras:
        if p.heading is None:
            if stack:  # before the first heading: introduction, ignored
                stack[-1][1].questions.append(p.text)
            continue
        draft = _Draft(p.text)
        while stack and stack[-1][0] >= p.heading:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(draft)
        stack.append((p.heading, draft))
    return roots


def _from_numbering(paras: list[GuideParagraph]) -> list[_Draft]:
    rules: list[Callable[[GuideParagraph], bool]] = [
        lambda p: p.list_level is None and bool(_TYPED_TOP_RE.match(p.text.strip())),
        lambda p: p.list_level == 0 and not p.bullet,
        lambda p: p.list_level is None and p.bold,
    ]
    for is_section in rules:
        if any(is_section(p) for p in paras):
            break
    else:
        return []
    drafts: list[_Draft] = []
    for p in paras:
        if is_section(p):
            drafts.append(_Draft(p.text))
        elif drafts:
            drafts[-1].questions.append(p.text)
    return drafts


def _entries(drafts: list[_Draft]) -> list[CodeEntry]:
    entries: list[CodeEntry] = []
    used: set[str] = set()
    for draft in drafts:
        text = _clean(draft.text)
        name = _strip_numbering(text).rstrip(":").strip() or text
        questions = [_strip_numbering(_clean(q)) for q in draft.questions]
        if name.endswith("?"):
            questions.insert(0, name)
            name = _shorten(name)
        name = _unique(name, used)
        definition = "\n".join([DRAFT_HEADER] + [f"- {q}" for q in questions]) if questions else ""
        entries.append(CodeEntry(name=name, definition=definition,
                                 children=_entries(draft.children)))
    return entries


def _clean(text: str) -> str:
    return " ".join(text.split())


def _strip_numbering(text: str) -> str:
    return text[m.end():] if (m := _NUMBERING_RE.match(text)) else text


def _shorten(question: str) -> str:
    if len(question) <= MAX_QUESTION_NAME:
        return question
    cut = question.rfind(" ", 0, MAX_QUESTION_NAME)
    return question[:cut if cut > 20 else MAX_QUESTION_NAME].rstrip(" ,;:–-") + "…"


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name} ({n})"
    used.add(candidate)
    return candidate


def markdown_paragraphs(text: str) -> list[GuideParagraph]:
    """Classify the lines of a Markdown or plain-text guide (headings, list levels, bold)."""
    out: list[GuideParagraph] = []
    indents: list[int] = []  # indentation of the open list levels
    in_fence = in_comment = False
    for raw in text.split("\n"):
        line = raw.expandtabs(4).rstrip()
        stripped = line.strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not stripped or _MD_RULE_RE.fullmatch(stripped):
            continue
        if not in_fence and (m := _MD_HEADING_RE.fullmatch(line)):
            out.append(GuideParagraph(_unemphasise(m.group(2) or ""), heading=len(m.group(1))))
            indents = []
        elif not in_fence and (m := _MD_LIST_RE.fullmatch(line)):
            indent = len(m.group(1))
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            out.append(GuideParagraph(_unemphasise(m.group(3)), list_level=len(indents) - 1,
                                      bullet=m.group(2) is None))
        elif line[0] == " " and out and out[-1].list_level is not None:
            last = out[-1]  # a wrapped list item continues on an indented line
            out[-1] = GuideParagraph(f"{last.text} {stripped}", list_level=last.list_level,
                                     bullet=last.bullet)
        else:
            stripped = stripped.lstrip("> ").strip() or stripped
            bold = bool(re.fullmatch(r"(\*\*|__).+\1:?", stripped))
            out.append(GuideParagraph(_unemphasise(stripped), bold=bold))
            indents = []
    return out


def _unemphasise(text: str) -> str:
    text = text.strip()
    if text.endswith(":") and (m := _EMPHASIS_RE.fullmatch(text[:-1])):
        return m.group(2).strip() + ":"
    return m.group(2).strip() if (m := _EMPHASIS_RE.fullmatch(text)) else text
