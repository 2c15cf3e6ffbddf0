"""Document-variable types: parsing user/CSV/Excel values into canonical strings and back.

Values are stored as canonical strings so that one text column holds every type and
comparisons stay exact: integer ``"12"``, float ``repr(float)`` (``"3.5"``), boolean
``"true"``/``"false"``, date ISO ``"2024-03-05"``, text/category the stripped NFC string.
Empty input (``None``, ``""``, whitespace) is always ``None`` — "missing", never false or 0.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

VAR_TYPES = ("text", "integer", "float", "boolean", "date", "category")

_TRUE = frozenset({"true", "ja", "wahr", "yes", "1", "x"})
_FALSE = frozenset({"false", "nein", "falsch", "no", "0"})

# Number notations (see docs/conventions.md, "Numbers in variable tables"). "de": 1.234.567,5;
# "en": 1,234,567.5; both: digit groups split by blanks (90 164, also no-break and narrow no-break
# space, as Word and Excel insert them). A first group of 0 is never a thousands group.
NUMBER_STYLES = ("de", "en")
_BLANKS = "\u0020\u00a0\u202f\u2009"
_EXP = r"(?:[eE][+-]?\d+)?"


def _number_re(thousands: str, decimal: str) -> re.Pattern:
    t, d = re.escape(thousands), re.escape(decimal)
    whole = rf"(?:[1-9]\d{{0,2}}(?:{t}\d{{3}})+|[1-9]\d{{0,2}}(?:[{_BLANKS}]\d{{3}})+|\d+)"
    return re.compile(rf"(?P<sign>[+-]?)(?:(?P<whole>{whole})(?:{d}(?P<frac>\d*))?|{d}(?P<only>\d+))"
                      rf"(?P<exp>{_EXP})")


_NUMBER_RES = {"de": _number_re(".", ","), "en": _number_re(",", ".")}
_DATE_DE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LEADING_ZERO_RE = re.compile(r"[+-]?0\d")

# Category rule (see infer_type): few distinct, short, single-line labels with a repeat.
CATEGORY_MAX_DISTINCT = 12
CATEGORY_MAX_LENGTH = 40


def _check_type(var_type: str) -> None:
    if var_type not in VAR_TYPES:
        raise ValueError(f"unknown variable type '{var_type}'")


def _excel_float(value: float) -> float:
    """Round to 15 significant digits: Excel computes with those, so 0.1+0.2 is 0.3 there."""
    rounded = float(format(value, ".15g"))
    return rounded if math.isfinite(rounded) else value  # near float max rounding overflows


def _float_canonical(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return repr(float(value))


def _number_text(value: int | float) -> str:
    """Format a spreadsheet number as text without a spurious '.0'."""
    if isinstance(value, int):
        return str(value)
    value = _excel_float(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return _float_canonical(value)


def _as_text(raw: object) -> str:
    """Any cell value as the string a user would see; NFC like stored document text."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, float)):
        return _number_text(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, (dt.date, dt.time)):
        return raw.isoformat()
    return unicodedata.normalize("NFC", str(raw).strip())


def _reading(text: str, style: str) -> str | None:
    """``text`` as a Python number literal in one notation (None if it is not a number there)."""
    m = _NUMBER_RES[style].fullmatch(text)
    if m is None:
        return None
    whole = re.sub(rf"[.,{_BLANKS}]", "", m["whole"] or "") or "0"
    frac = m["only"] if m["only"] is not None else m["frac"]
    return m["sign"] + whole + (f".{frac or 0}" if frac is not None else "") + m["exp"]


def readings(text: str) -> dict[str, str]:
    """The readings of a number text per notation (``{}``: not a number; two differing: ambiguous)."""
    found = {style: r for style in NUMBER_STYLES if (r := _reading(text, style)) is not None}
    if len(found) == 2 and float(found["de"]) == float(found["en"]):
        return {"any": found["de"]}
    return found


def _number_literal(text: str, style: str | None) -> str:
    found = readings(text)
    if not found:
        raise ValueError(f"'{text}' is not a number")
    if len(found) == 1:
        return next(iter(found.values()))
    if style is None:
        raise ValueError(f"'{text}' is ambiguous: {found['de']} in German, {found['en']} in "
                         "English notation")
    return found[style]


def _parse_float_text(text: str, style: str | None) -> float:
    return float(_number_literal(text, style))


def _parse_integer(raw: object, style: str | None = "de") -> str:
    if isinstance(raw, bool):
        raise ValueError("a yes/no value is not a whole number")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return str(int(raw))
        raise ValueError(f"{raw!r} is not a whole number")
    text = _as_text(raw)
    try:
        literal = _number_literal(text, style)
    except ValueError as exc:
        raise ValueError(str(exc).replace("not a number", "not a whole number")) from None
    if not re.fullmatch(r"[+-]?\d+", literal):
        raise ValueError(f"'{text}' is not a whole number")
    return str(int(literal))


def _parse_float(raw: object, style: str | None = "de") -> str:
    if isinstance(raw, bool):
        raise ValueError("a yes/no value is not a number")
    if isinstance(raw, int):
        return _float_canonical(float(raw))
    if isinstance(raw, float):
        return _float_canonical(_excel_float(raw))
    return _float_canonical(_parse_float_text(_as_text(raw), style))


def _parse_boolean(raw: object) -> str:
    if isinstance(raw, (bool, int, float)) and raw in (0, 1):
        return "true" if raw else "false"
    text = _as_text(raw).casefold()
    if text in _TRUE:
        return "true"
    if text in _FALSE:
        return "false"
    raise ValueError(f"'{_as_text(raw)}' is not yes/no (ja/nein, wahr/falsch, true/false, 1/0, x)")


def _parse_date(raw: object) -> str:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time():
            raise ValueError(f"'{raw.isoformat(sep=' ')}' has a time of day; a date is expected")
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = _as_text(raw)
    match = _DATE_DE_RE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif match := _DATE_ISO_RE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"'{text}' is not a date (TT.MM.JJJJ or YYYY-MM-DD)")
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' is not a valid calendar date") from None


_PARSERS: dict[str, Callable[..., str]] = {
    "integer": _parse_integer,
    "float": _parse_float,
    "boolean": _parse_boolean,
    "date": _parse_date,
    "text": _as_text,
    "category": _as_text,
}


def is_empty(raw: object) -> bool:
    """Return True for values that mean 'missing': None and blank strings."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_value(raw: object, var_type: str, style: str | None = "de") -> str | None:
    """Turn user input, a CSV cell or an openpyxl cell value into the canonical string (None if empty).

    ``style``: how ambiguous number texts such as ``1.234`` read: "de" (1234, the default for
    typed values), "en" (1.234) or None (refused); see :func:`column_style`.
    """
    _check_type(var_type)
    if is_empty(raw):
        return None
    if var_type in ("integer", "float"):
        return _PARSERS[var_type](raw, style)
    return _PARSERS[var_type](raw)


def column_style(raws: Sequence[object], default: str | None) -> str | None:
    """The number notation of a table column: its own evidence first, else the file's ``default``.

    Evidence is a text that is a number in only one notation (``3,5`` or ``1.234.567`` German,
    ``3.5`` or ``1,234.5`` English). Evidence for both: None, so only unambiguous texts count.
    """
    seen: set[str] = set()
    for raw in raws:
        if isinstance(raw, str) and not is_empty(raw):
            found = readings(_as_text(raw))
            if len(found) == 1:
                seen.update(found.keys() - {"any"})
    if len(seen) == 2:
        return None
    return seen.pop() if seen else default


def from_storage(value: str | None, var_type: str) -> object:
    """Turn a canonical string back into int/float/bool/date/str (None stays None)."""
    _check_type(var_type)
    if value is None:
        return None
    if var_type == "integer":
        return int(value)
    if var_type == "float":
        return float(value)
    if var_type == "boolean":
        return value == "true"
    if var_type == "date":
        return dt.date.fromisoformat(value)
    return value


def display(value: str | None, var_type: str, lang: str = "de") -> str:
    """Format a canonical value for people: German decimal comma and TT.MM.JJJJ dates for 'de'."""
    _check_type(var_type)
    if value is None:
        return ""
    german = lang.lower().startswith("de")
    if var_type == "float":
        # 15 significant digits like Excel, so stored binary noise never reaches the screen.
        shown = format(float(value), ".15g")
        if not math.isfinite(float(shown)):  # rounding near float max overflows
            shown = value
        return shown.replace(".", ",") if german else shown
    if var_type == "boolean":
        yes, no = ("ja", "nein") if german else ("yes", "no")
        return yes if value == "true" else no
    if var_type == "date" and german:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    return value


def _fits(raw: object, var_type: str, style: str | None) -> bool:
    # Leading zeros (postcodes "01067", IDs "007") would be lost as numbers: keep them as text.
    if var_type in ("integer", "float") and isinstance(raw, str) \
            and _LEADING_ZERO_RE.match(raw.strip()):
        return False
    try:
        parse_value(raw, var_type, style)
    except ValueError:
        return False
    return True


def infer_type(raws: Sequence[object], style: str | None = "de") -> str:
    """Pick the most specific type that fits every non-empty value (empty column: 'text').

    Order tried: integer, boolean, float, date, then category or text. Integer comes before
    boolean so that 0/1 columns (counts, dummy codes from SPSS/Excel) stay numbers; a column is
    boolean only if it holds at least one yes/no word (ja, nein, x, true, ...). Numbers written
    with a leading zero never count as integer/float. Category: at most 12 distinct values, each
    a single line of at most 40 characters, and at least one value occurring twice (the repeat is
    the evidence that values are group labels, not free text); everything else is text.
    """
    values = [raw for raw in raws if not is_empty(raw)]
    if not values:
        return "text"
    for var_type in ("integer", "boolean", "float", "date"):
        if all(_fits(raw, var_type, style) for raw in values):
            return var_type
    texts = [_as_text(raw) for raw in values]
    counts = Counter(texts)
    short = all(len(t) <= CATEGORY_MAX_LENGTH and "\n" not in t for t in counts)
    if short and len(counts) <= CATEGORY_MAX_DISTINCT and len(counts) < len(texts):
        return "category"
    return "text"
