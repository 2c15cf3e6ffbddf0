"""Codebook (Kategoriensystem) as plain data, its JSON exchange format and file reading/writing.

JSON format, stable; ``version`` rises only when old readers would misread a file::

    {"format": "andock-codebook", "version": 1, "title": "…",
     "codes": [{"guid": "…" | null, "name": "…", "colour": "#RRGGBB" | null,
                "definition": "…", "inclusion": "…", "exclusion": "…",
                "coding_rules": "…", "memo": "…",
                "anchors": [{"quote": "…", "source": "…"}],
                "children": [ …codes, same shape… ]}]}

Required: ``format``, ``version``, ``codes`` and each code's ``name`` (and each anchor's
``quote``); other keys may be missing (text fields then read as ""). Unknown keys are
ignored so later versions can add fields. Text is NFC-normalised with LF line endings on
import, as everywhere in Andock. A codebook is valid when :func:`validate` accepts it; valid
codebooks survive JSON and Markdown (see ``coding.exchange.codebook_markdown``) round-trips unchanged.
Reading and writing codebook files of every kind is :mod:`coding.exchange.codebook_files`.
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from coding.base.errors import InputError
from coding.text.textnorm import clean_text
from coding.base.messages import _

FORMAT_NAME = "andock-codebook"
FORMAT_VERSION = 1
MAX_DEPTH = 50  # far beyond any real codebook; stops recursion on hostile input
TEXT_FIELDS = ("definition", "inclusion", "exclusion", "coding_rules", "memo")
_COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass
class AnchorExample:
    quote: str
    source: str = ""  # e.g. "K03, Pos. 12" or a document name


@dataclass
class CodeEntry:
    name: str
    guid: str | None = None  # any UUID spelling; kept as given so round-trips are exact
    colour: str | None = None  # "#RRGGBB"
    definition: str = ""
    inclusion: str = ""  # "wird codiert, wenn …"
    exclusion: str = ""  # "wird nicht codiert, wenn …"
    coding_rules: str = ""
    memo: str = ""
    anchors: list[AnchorExample] = field(default_factory=list)
    children: list["CodeEntry"] = field(default_factory=list)


@dataclass
class Codebook:
    codes: list[CodeEntry]
    title: str = ""


def new_guid() -> str:
    """Return a fresh GUID in canonical form (lowercase UUID4)."""
    return str(uuid.uuid4())


def _has_line_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def validate(cb: Codebook) -> None:
    """Raise InputError naming the first problem: bad names, duplicates, colours or GUIDs."""
    if _has_line_break(cb.title):
        raise InputError(_("codebook title contains a line break"))
    if cb.title != cb.title.strip():
        raise InputError(_("codebook title starts or ends with spaces"))
    seen_guids: dict[uuid.UUID, str] = {}
    _validate_level(cb.codes, "codes", 1, seen_guids)


def _validate_level(codes: list[CodeEntry], path: str, depth: int,
                    seen_guids: dict[uuid.UUID, str]) -> None:
    if depth > MAX_DEPTH:
        raise InputError(_("{path}: categories nested deeper than {max_depth} levels",
                           path=_short(path), max_depth=MAX_DEPTH))
    names: set[str] = set()
    for i, code in enumerate(codes):
        where = f"{path}[{i}]"
        name = code.name
        if not isinstance(name, str) or not name.strip():
            raise InputError(_("{where}.name: category name is empty", where=where))
        where = f"{where} ('{name[:60]}')"
        if _has_line_break(name):
            raise InputError(_("{where}: category name contains a line break", where=where))
        if name != name.strip():
            raise InputError(_("{where}: category name starts or ends with spaces", where=where))
        if name in names:
            raise InputError(_("{where}: duplicate category name among siblings", where=where))
        names.add(name)
        if code.colour is not None and not _COLOUR_RE.fullmatch(code.colour):
            raise InputError(_("{where}: colour '{colour}' is not of the form #RRGGBB",
                               where=where, colour=code.colour))
        if code.guid is not None:
            try:
                key = uuid.UUID(code.guid)
            except (ValueError, TypeError, AttributeError):
                raise InputError(_("{where}: guid '{guid}' is not a UUID",
                                   where=where, guid=code.guid)) from None
            if key in seen_guids:
                raise InputError(_("{where}: guid {guid} is also used by {other}",
                                   where=where, guid=code.guid, other=seen_guids[key]))
            seen_guids[key] = where
        for k, anchor in enumerate(code.anchors):
            if _has_line_break(anchor.source):
                raise InputError(_("{where}.anchors[{k}]: source contains a line break", where=where, k=k))
        _validate_level(code.children, f"{path}[{i}].children", depth + 1, seen_guids)


# --- JSON ----------------------------------------------------------------------------------


def codebook_to_json(cb: Codebook) -> str:
    """Serialise a valid codebook to the documented JSON format (UTF-8 text, 2-space indent)."""
    validate(cb)
    data = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "title": cb.title,
            "codes": [_code_to_dict(c) for c in cb.codes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _code_to_dict(code: CodeEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"guid": code.guid, "name": code.name, "colour": code.colour}
    for name in TEXT_FIELDS:
        out[name] = getattr(code, name)
    out["anchors"] = [{"quote": a.quote, "source": a.source} for a in code.anchors]
    out["children"] = [_code_to_dict(c) for c in code.children]
    return out


def codebook_from_json(text: str) -> Codebook:
    """Parse the JSON format; InputError names the JSON path of the first problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(_("invalid JSON at line {lineno}, column {colno}: {msg}",
                           lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    except RecursionError:
        raise InputError(_("invalid JSON: nested too deeply")) from None
    if not isinstance(data, dict):
        raise InputError(_("not an Andock codebook: the JSON top level is not an object"))
    if data.get("format") != FORMAT_NAME:
        raise InputError(_('not an Andock codebook: "format" is {found!r}, expected \'{format_name}\'',
                           found=data.get('format'), format_name=FORMAT_NAME))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(_("version: expected a positive whole number, got {version!r}", version=version))
    if version > FORMAT_VERSION:
        raise InputError(_("version: codebook format version {version} was written by a newer Andock (this "
                           "one reads up to {format_version}); please update Andock",
                           version=version, format_version=FORMAT_VERSION))
    title = _norm(_get(data, "title", str, "title", ""), "title")
    codes = _codes_from_json(_get(data, "codes", list, "codes"), "codes", 1)
    cb = Codebook(codes=codes, title=title)
    validate(cb)
    return cb


_TYPE_NAMES: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}


def _get(obj: dict, key: str, kind: type, path: str, default: Any = ...) -> Any:
    """Return ``obj[key]`` checked against ``kind``; missing keys give ``default`` or fail."""
    if key not in obj:
        if default is ...:
            raise InputError(_("{path}: missing", path=path))
        return default
    value = obj[key]
    if not isinstance(value, kind):
        raise InputError(_("{path}: expected {expected}, got {name}",
                           path=path, expected=_TYPE_NAMES[kind], name=type(value).__name__))
    return value


def _optional_str(obj: dict, key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(_("{path}: expected a string or null, got {name}",
                           path=path, name=type(value).__name__))
    return value


def _short(path: str) -> str:
    """A JSON path of deep nesting, shortened for a one-line message."""
    return path if len(path) <= 80 else f"{path[:35]}…{path[-35:]}"


def _codes_from_json(items: list, path: str, depth: int) -> list[CodeEntry]:
    if depth > MAX_DEPTH:
        raise InputError(_("{path}: categories nested deeper than {max_depth} levels",
                           path=_short(path), max_depth=MAX_DEPTH))
    codes = []
    for i, item in enumerate(items):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InputError(_("{where}: expected an object, got {name}",
                               where=where, name=type(item).__name__))
        code = CodeEntry(name=_norm(_get(item, "name", str, f"{where}.name"), f"{where}.name"),
                         guid=_optional_str(item, "guid", f"{where}.guid"),
                         colour=_optional_str(item, "colour", f"{where}.colour"))
        for name in TEXT_FIELDS:
            setattr(code, name, _norm(_get(item, name, str, f"{where}.{name}", ""), f"{where}.{name}"))
        for k, anchor in enumerate(_get(item, "anchors", list, f"{where}.anchors", [])):
            apath = f"{where}.anchors[{k}]"
            if not isinstance(anchor, dict):
                raise InputError(_("{apath}: expected an object, got {name}",
                                   apath=apath, name=type(anchor).__name__))
            code.anchors.append(AnchorExample(
                quote=_norm(_get(anchor, "quote", str, f"{apath}.quote"), f"{apath}.quote"),
                source=_norm(_get(anchor, "source", str, f"{apath}.source", ""), f"{apath}.source")))
        code.children = _codes_from_json(_get(item, "children", list, f"{where}.children", []),
                                         f"{where}.children", depth + 1)
        codes.append(code)
    return codes


def _norm(text: str, where: str) -> str:
    # Same convention as stored text (textnorm), but per field: a BOM here is content.
    return clean_text(text, where)
