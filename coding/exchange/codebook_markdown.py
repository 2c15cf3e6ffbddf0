"""Codebook as human-readable Markdown that reads back exactly (the report appendix format).

Layout written by :func:`to_markdown`::

    <!-- andock-codebook version=1 -->
    # Title
    ## Main category
    <!-- andock guid=0f8f…  colour=#aabbcc -->
    **Definition:**
    text, any number of lines
    **Ankerbeispiele:**
    > „single-line quote“ — K03, Pos. 12

    > „quote over
    > several lines“
    > — K05, Pos. 7
    **Memo:**
    ### Subcategory (####, ##### … for deeper levels; more than six # are written as needed)

Field labels are German (Definition, Einschlusskriterien, Ausschlusskriterien, Kodierregeln,
Ankerbeispiele, Memo) or English (Definition, Inclusion criteria, Exclusion criteria, Coding
rules, Anchor examples, Memo); both are read, as ``**Label:**``, ``**Label**:`` or ``Label:``.
Empty fields are left out. Text lines that would read as structure (headings, labels, the
andock comment, quotes, a leading backslash) get a leading backslash, which Markdown viewers
hide; leading/trailing blank lines of a text are escaped the same way, so every text
survives exactly. The parser is lenient with hand-written files: ``#`` may be used for main
categories when there are several, text under a heading without label is the definition,
anchors may be list items (``- „quote“ — source``), and free text before the first category
is ignored.
"""
from __future__ import annotations

import re

from coding.exchange.codebook_format import AnchorExample, Codebook, CodeEntry, validate
from coding.base.errors import InputError
from coding.text.textio import normalize_text
from coding.base.messages import _

MARKER = "<!-- andock-codebook version=1 -->"
FIELD_ORDER = ("definition", "inclusion", "exclusion", "coding_rules", "anchors", "memo")
LABELS = {
    "de": {"definition": "Definition", "inclusion": "Einschlusskriterien",
           "exclusion": "Ausschlusskriterien", "coding_rules": "Kodierregeln",
           "anchors": "Ankerbeispiele", "memo": "Memo"},
    "en": {"definition": "Definition", "inclusion": "Inclusion criteria",
           "exclusion": "Exclusion criteria", "coding_rules": "Coding rules",
           "anchors": "Anchor examples", "memo": "Memo"},
}
_LABEL_FIELDS = {label.casefold(): name for table in LABELS.values() for name, label in table.items()}
_LABEL_FIELDS.update({"codierregeln": "coding_rules", "ankerbeispiel": "anchors",
                      "anchor example": "anchors", "memos": "memo"})
_QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
_QUOTE_PAIRS = (("„", "“"), ("“", "”"), ('"', '"'), ("«", "»"), ("»", "«"))

_HEADING_RE = re.compile(r" {0,3}(#+)(?=\s|$)(.*)")
_META_RE = re.compile(r" {0,3}<!--\s*andock(-codebook)?(?:\s(.*?))?-->\s*")
_BOLD_LABEL_RE = re.compile(r" {0,3}(\*\*|__)([^*_\n]+?)(?::\1|\1\s*:)[ \t]*(.*)")
_PLAIN_LABEL_RE = re.compile(r" {0,3}([^:\n]+?)[ \t]*:\s*")
_SOURCE_RE = re.compile(r"[—–][ \t]?(.*)")
_LIST_ITEM_RE = re.compile(r" {0,3}[-*+][ \t]+(.*)")
# Lines a Markdown viewer would not show as typed (HTML, quotes, fences, setext underlines).
_RENDER_RE = re.compile(r"[ \t]*(?:\\|<|>|```|~~~|(?:=+|-+)[ \t]*$)")
_INDENT_RE = re.compile(r"[ \t]*")


def is_codebook_markdown(text: str) -> bool:
    """True when the text starts with the marker that to_markdown writes."""
    return text.lstrip("\ufeff \t\r\n").startswith("<!-- andock-codebook")


def _classify(line: str) -> tuple:
    """Return ("heading", level, text) / ("meta", body) / ("marker",) / ("label", field, rest) / ("text",)."""
    if m := _HEADING_RE.fullmatch(line):
        return ("heading", len(m.group(1)), m.group(2).strip())
    if m := _META_RE.fullmatch(line):
        return ("marker",) if m.group(1) else ("meta", m.group(2) or "")
    if (m := _BOLD_LABEL_RE.fullmatch(line)) and m.group(2).strip().casefold() in _LABEL_FIELDS:
        return ("label", _LABEL_FIELDS[m.group(2).strip().casefold()], m.group(3))
    if (m := _PLAIN_LABEL_RE.fullmatch(line)) and m.group(1).strip().casefold() in _LABEL_FIELDS:
        return ("label", _LABEL_FIELDS[m.group(1).strip().casefold()], "")
    return ("text",)


def _indent(line: str) -> int:
    """Length of the leading spaces and tabs (the pattern matches every line, empty or not)."""
    m = _INDENT_RE.match(line)
    return m.end() if m else 0


def _escape(line: str) -> str:
    i = _indent(line)
    return line[:i] + "\\" + line[i:]


def _unescape(line: str) -> str:
    i = _indent(line)
    return line[:i] + line[i + 1:] if line[i:i + 1] == "\\" else line


# --- writing -------------------------------------------------------------------------------


def to_markdown(cb: Codebook, lang: str = "de") -> str:
    """Render a valid codebook as Markdown (see the module docstring for the layout)."""
    if lang not in LABELS:
        raise InputError(_("unknown codebook language '{lang}'; use 'de' or 'en'", lang=lang))
    validate(cb)
    out = [MARKER]
    if cb.title:
        out.append(f"# {cb.title}")
    for code in cb.codes:
        _write_code(code, 2, lang, out)
    return "\n".join(out) + "\n"


def _write_code(code: CodeEntry, level: int, lang: str, out: list[str]) -> None:
    out += ["", f"{'#' * level} {code.name}"]
    meta = [f"{k}={v}" for k, v in (("guid", code.guid), ("colour", code.colour)) if v]
    if meta:
        out.append(f"<!-- andock {' '.join(meta)} -->")
    for name in FIELD_ORDER:
        value = getattr(code, name)
        if not value:
            continue
        out += ["", f"**{LABELS[lang][name]}:**"]
        if name == "anchors":
            for k, anchor in enumerate(value):
                out += ([""] if k else []) + _anchor_lines(anchor, lang)
        else:
            out += _text_lines(value)
    for child in code.children:
        _write_code(child, level + 1, lang, out)


def _text_lines(value: str) -> list[str]:
    lines = value.split("\n")
    filled = [k for k, line in enumerate(lines) if line.strip()]
    first, last = (filled[0], filled[-1]) if filled else (len(lines), -1)
    out = []
    for k, line in enumerate(lines):
        # The reader trims blank edge lines, so those are escaped to keep them.
        edge_blank = not line.strip() and (k < first or k > last)
        if edge_blank or _classify(line)[0] != "text" or _RENDER_RE.match(line):
            line = _escape(line)
        out.append(line)
    return out


def _anchor_lines(anchor: AnchorExample, lang: str) -> list[str]:
    opening, closing = _QUOTES[lang]
    # Escape what the reader would take as a source line, and every line it would unescape.
    lines = [_escape(x) if _unescape(x) != x or _SOURCE_RE.fullmatch(x) else x
             for x in anchor.quote.split("\n")]
    quoted = (opening + "\n".join(lines) + closing).split("\n")
    compact = f"{quoted[0]} — {anchor.source}" if anchor.source else quoted[0]
    # The one-line form is the readable one; use it only where it reads back unambiguously.
    if len(quoted) == 1 and _parse_anchor([compact]) == anchor:
        body = [compact]
    else:
        body = quoted + ([f"— {anchor.source}"] if anchor.source else [])
    return [f"> {x}" if x else ">" for x in body]


# --- reading -------------------------------------------------------------------------------


def from_markdown(text: str) -> Codebook:
    """Parse codebook Markdown; InputError names the line of the first problem."""
    return _Parser(normalize_text(text).split("\n")).run()


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.title = ""
        self.codes: list[CodeEntry] = []
        self.stack: list[CodeEntry] = []  # the open heading path, main category first
        self.field: str | None = None
        self.block: list[tuple[int, str]] = []
        self.seen: set[str] = set()  # fields given for the current category
        self.has_meta = False

    def run(self) -> Codebook:
        kinds = [_classify(line) for line in self.lines]
        # Hand-written files often use "#" for main categories; ours use "#" once, for the title.
        top = sum(1 for k in kinds if k[0] == "heading" and k[1] == 1)
        offset = 0 if top > 1 else 1
        for lineno, (line, kind) in enumerate(zip(self.lines, kinds), 1):
            if kind[0] == "heading":
                self._flush()
                self._heading(lineno, kind[1] - offset, kind[2])
            elif kind[0] == "marker":
                continue
            elif kind[0] == "meta":
                self._flush()
                self._meta(lineno, kind[1])
            elif kind[0] == "label":
                self._flush()
                if not self.stack:
                    raise InputError(_("line {lineno}: field label before the first category heading",
                                       lineno=lineno))
                if kind[1] in self.seen:
                    raise InputError(_("line {lineno}: field '{field}' given twice for '{name}'",
                                       lineno=lineno, field=line.strip(), name=self.stack[-1].name))
                self.field = kind[1]
                self.block = [(lineno, kind[2])] if kind[2] else []
            else:
                self.block.append((lineno, line))
        self._flush()
        cb = Codebook(codes=self.codes, title=self.title)
        validate(cb)
        return cb

    def _heading(self, lineno: int, depth: int, name: str) -> None:
        if depth <= 0:
            if self.codes or self.title:
                raise InputError(_("line {lineno}: a second '#' title heading; categories start at '##'",
                                   lineno=lineno))
            self.title = name
            return
        if not name:
            raise InputError(_("line {lineno}: category heading without a name", lineno=lineno))
        if depth > len(self.stack) + 1:
            raise InputError(_("line {lineno}: heading '{name}' skips a level (level {depth} under level {n})",
                               lineno=lineno, name=name, depth=depth, n=len(self.stack)))
        code = CodeEntry(name=name)
        del self.stack[depth - 1:]
        (self.stack[-1].children if self.stack else self.codes).append(code)
        self.stack.append(code)
        self.field, self.seen, self.has_meta = None, set(), False

    def _meta(self, lineno: int, body: str) -> None:
        if not self.stack:
            raise InputError(_("line {lineno}: andock comment outside a category", lineno=lineno))
        if self.has_meta:
            raise InputError(_("line {lineno}: second andock comment for '{name}'",
                               lineno=lineno, name=self.stack[-1].name))
        self.has_meta = True
        for key, value in re.findall(r"([A-Za-z_]+)=(\S+)", body):
            if key.lower() == "guid":
                self.stack[-1].guid = value
            elif key.lower() in ("colour", "color"):
                self.stack[-1].colour = value

    def _flush(self) -> None:
        block, self.block = self.block, []
        field, self.field = self.field, None
        while block and not block[-1][1].strip():
            block.pop()
        while block and not block[0][1].strip():
            block.pop(0)
        if field is None:
            if not block or not self.stack:
                return  # blank lines, or prose before the first category
            if "definition" in self.seen:
                raise InputError(_("line {lineno}: text outside any field label", lineno=block[0][0]))
            field = "definition"  # hand-written: text right under a heading defines it
        self.seen.add(field)
        code = self.stack[-1]
        if field == "anchors":
            code.anchors = _parse_anchor_block(block)
        else:
            setattr(code, field, "\n".join(_unescape(line) for _, line in block))


def _parse_anchor_block(block: list[tuple[int, str]]) -> list[AnchorExample]:
    anchors: list[AnchorExample] = []
    group: list[str] = []
    for lineno, line in block + [(0, "")]:
        stripped = line.lstrip(" ")
        if stripped.startswith(">") and len(line) - len(stripped) <= 3:
            content = stripped[1:]
            group.append(content[1:] if content.startswith(" ") else content)
            continue
        if group:
            anchors.append(_parse_anchor(group))
            group = []
        if not line.strip():
            continue
        if m := _LIST_ITEM_RE.fullmatch(line):
            anchors.append(_parse_anchor([m.group(1)]))
        else:
            raise InputError(_("line {lineno}: expected an anchor example like '> „Zitat“ — Quelle' (a quote "
                               "line or list item)", lineno=lineno))
    return anchors


def _parse_anchor(lines: list[str]) -> AnchorExample:
    source = ""
    if len(lines) == 1:
        quote, source = _split_one_line(lines[0])
    else:
        if m := _SOURCE_RE.fullmatch(lines[-1]):
            source, lines = m.group(1), lines[:-1]
        quote = _unwrap("\n".join(lines))
    return AnchorExample(quote="\n".join(_unescape(x) for x in quote.split("\n")), source=source)


def _split_one_line(line: str) -> tuple[str, str]:
    for opening, closing in _QUOTE_PAIRS:
        if line.startswith(opening):
            if len(line) >= 2 and line.endswith(closing):
                return line[1:-1], ""
            pattern = re.escape(opening) + r"(.*)" + re.escape(closing) + r"[ \t]+[—–][ \t]?(.*)"
            if m := re.fullmatch(pattern, line):
                return m.group(1), m.group(2)
            break
    if (cut := line.rfind(" — ")) >= 0:  # hand-written without quotation marks
        return line[:cut], line[cut + 3:]
    return line, ""


def _unwrap(quote: str) -> str:
    for opening, closing in _QUOTE_PAIRS:
        if quote.startswith(opening):
            return quote[1:-1] if len(quote) >= 2 and quote.endswith(closing) else quote
    return quote
