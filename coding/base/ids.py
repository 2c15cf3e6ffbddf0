"""Row ids of the project's tables as distinct types, so that mypy catches a code id passed as a document id.

Each is an ``int`` at run time (``NewType`` costs nothing); a plain int becomes one where it enters
the core: read from a row, parsed from a command line, picked in the window. Functions that take
or return the id of a document, code, coder, segment, memo or variable say which in their
signatures.
"""
from __future__ import annotations

from typing import NewType

DocumentId = NewType("DocumentId", int)
CodeId = NewType("CodeId", int)
CoderId = NewType("CoderId", int)
SegmentId = NewType("SegmentId", int)
MemoId = NewType("MemoId", int)
VariableId = NewType("VariableId", int)
