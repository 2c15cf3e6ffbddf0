"""A report with every string made safe to draw (textnorm): old projects may hold any character.

python-docx refuses control characters outright ("All strings must be XML compatible") and
reportlab draws them as boxes, so both renderers draw a cleaned copy of the report.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

from coding.text.textnorm import export_text

T = TypeVar("T")


def safe(value: T) -> T:
    """``value`` (a report, block, run, list or string) with every string cleaned for export."""
    if isinstance(value, str):
        return export_text(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [safe(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(safe(v) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: safe(getattr(value, f.name)) for f in fields(value) if f.init})
    return value
