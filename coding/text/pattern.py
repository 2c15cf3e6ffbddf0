"""Search patterns that cannot hang the program: plain or regular-expression, with a time limit.

Used by text search (coding/analysis/retrieval) and find & replace (coding/services/find_replace).
The ``regex`` module matches with a timeout and releases the GIL, so a pattern with nested
repeats ("(a|a)+$", which needs longer than the universe exists) becomes a clear error instead
of a frozen window.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import regex as regex_module

from coding.base.errors import Cancelled, InputError
from coding.base.messages import _

SEARCH_SECONDS = 5.0  # the longest one search may take


def compile_search(pattern: str, *, regex: bool = False, case_sensitive: bool = False) -> regex_module.Pattern:
    """The compiled search pattern; InputError for an empty or invalid one."""
    if not pattern:
        raise InputError(_("search for what? (empty pattern)"))
    flags = (0 if case_sensitive else regex_module.IGNORECASE) | regex_module.MULTILINE
    try:
        return regex_module.compile(pattern if regex else regex_module.escape(pattern), flags)
    except regex_module.error as exc:
        raise InputError(_("invalid regular expression: {exc}", exc=exc)) from None


def bounded_matches(rx: regex_module.Pattern, text: str, deadline: float, timeout: float,
                    should_stop: Callable[[], bool] | None = None) -> Iterator[regex_module.Match]:
    """Non-empty matches of ``rx`` in ``text`` until the monotonic ``deadline``.

    Raises InputError when the deadline passes (``timeout`` is the limit the message names) and
    Cancelled when ``should_stop`` says so.
    """
    try:
        for m in rx.finditer(text, concurrent=True, timeout=max(deadline - time.monotonic(), 0.001)):
            if should_stop is not None and should_stop():
                raise Cancelled(_("search cancelled"))
            if m.end() > m.start():
                yield m
    except TimeoutError:
        raise InputError(_("search pattern too slow (stopped after {timeout:g} s); simplify it, e.g. avoid "
                           "nested repeats such as (a+)+ or (a|a)*", timeout=timeout)) from None
