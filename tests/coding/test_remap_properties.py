"""Properties of remapping: codings stay on the same words whatever the edit (hypothesis).

Every old character gets an identity that the test carries through the edits itself, so
"the same words" is checked by identity, not by comparing strings that may repeat.
"""
from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from coding.text.remap import Edit, PositionMap, _common_len, apply_edits, diff_edits, remap_ranges

# Atoms are joined into texts; edits cut anywhere, also inside multi-code-point emoji.
ATOMS = ["a", "b", "n", " ", " ", "\n", "ä", "Ö", "ß", ".", "🏘️", "👩‍👩‍👧", "e\u0301"]
texts = st.lists(st.sampled_from(ATOMS), max_size=30).map("".join)
replacements = st.lists(st.sampled_from(ATOMS), max_size=3).map("".join)
KEY = settings(max_examples=300, deadline=None)


@st.composite
def scenarios(draw, replacement=replacements):
    """An old text, ranges over it, and valid edits (shuffled) aimed at the ranges' boundaries."""
    old = draw(texts)
    n = len(old)
    ranges = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple),
                           min_size=1, max_size=4))
    hot = sorted({p + d for r in ranges for p in r for d in (-1, 0, 1) if 0 <= p + d <= n})
    cuts = sorted(draw(st.lists(st.one_of(st.sampled_from(hot), st.integers(0, n)), max_size=8)))
    edits, inserted_at = [], set()
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a == b:
            if a in inserted_at:
                continue  # two insertions at one spot are refused; tested elsewhere
            inserted_at.add(a)
        edits.append(Edit(a, b, draw(replacement)))
    return old, ranges, draw(st.permutations(edits))


def carry(old: str, edits: list[Edit]) -> list[tuple[str, tuple]]:
    """The new text as (char, identity): ("old", i) for survivors, ("new", edit, j) for inserted."""
    out, pos = [], 0
    for k, e in enumerate(sorted(edits, key=lambda e: (e.start, e.end))):
        out += [(c, ("old", i)) for i, c in enumerate(old[pos : e.start], pos)]
        out += [(c, ("new", k, j)) for j, c in enumerate(e.replacement)]
        pos = e.end
    out += [(c, ("old", i)) for i, c in enumerate(old[pos:], pos)]
    return out


def expected_identities(old: str, edits: list[Edit], s: int, e: int) -> list[tuple]:
    """The specification: survivors of [s, e) in order, plus text of edits lying within it.

    Insertions exactly at s or e stay outside; an edit crossing s or e removes its old
    characters from the range and contributes no text.
    """
    out, pos = [], s
    for k, ed in enumerate(sorted(edits, key=lambda ed: (ed.start, ed.end))):
        if ed.end < s or ed.start > e or (ed.start == ed.end and ed.start in (s, e)):
            continue
        out += [("old", i) for i in range(pos, max(ed.start, s))]
        if s <= ed.start and ed.end <= e:
            out += [("new", k, j) for j in range(len(ed.replacement))]
        pos = max(pos, min(ed.end, e))
    out += [("old", i) for i in range(pos, e)]
    return out


@KEY
@given(scenarios())
def test_apply_edits_matches_the_identity_model(case):
    old, _, edits = case
    assert apply_edits(old, edits) == "".join(c for c, _ in carry(old, edits))


@KEY
@given(scenarios())
def test_a_range_covers_exactly_its_survivors_and_the_text_edited_within_it(case):
    old, ranges, edits = case
    new_ids = [ident for _, ident in carry(old, edits)]
    pmap = PositionMap(len(old), edits)
    for s, e in ranges:
        expected = expected_identities(old, edits, s, e)
        mapped = pmap.range(s, e)
        if not any(ident[0] == "old" for ident in expected):
            assert mapped is None
        else:
            assert mapped is not None and 0 <= mapped[0] < mapped[1] <= pmap.new_len
            assert new_ids[mapped[0] : mapped[1]] == expected


@KEY
@given(scenarios())
def test_untouched_range_is_its_old_text_with_the_inside_edits_applied(case):
    old, ranges, edits = case
    new = apply_edits(old, edits)
    pmap = PositionMap(len(old), edits)
    for s, e in ranges:
        if s == e or any(ed.start < p < ed.end for ed in edits for p in (s, e)):
            continue  # a boundary cut by an edit: covered by the identity model above
        inside = [Edit(ed.start - s, ed.end - s, ed.replacement) for ed in edits
                  if s <= ed.start and ed.end <= e and not (ed.start == ed.end and ed.start in (s, e))]
        mapped = pmap.range(s, e)
        if mapped is not None:
            assert new[mapped[0] : mapped[1]] == apply_edits(old[s:e], inside)


@KEY
@given(scenarios())
def test_no_character_from_outside_enters_and_boundary_insertions_stay_out(case):
    old, ranges, edits = case
    new_ids = [ident for _, ident in carry(old, edits)]
    ordered = sorted(edits, key=lambda ed: (ed.start, ed.end))
    pmap = PositionMap(len(old), edits)
    for s, e in ranges:
        mapped = pmap.range(s, e)
        if mapped is None:
            continue
        for ident in new_ids[mapped[0] : mapped[1]]:
            if ident[0] == "old":
                assert s <= ident[1] < e
            else:
                ed = ordered[ident[1]]
                assert s <= ed.start and ed.end <= e and not (ed.start == ed.end and ed.start in (s, e))


@KEY
@given(scenarios())
def test_remap_ranges_flags_lost_characters_and_removed_ranges(case):
    old, ranges, edits = case
    survivors = {ident[1] for _, ident in carry(old, edits) if ident[0] == "old"}
    for change, (s, e) in zip(remap_ranges(len(old), edits, ranges), ranges):
        kept = sum(i in survivors for i in range(s, e))
        assert change.old == (s, e)
        assert (change.new is None) == (kept == 0)
        assert change.shrunk == (kept < e - s)
        assert change.clipped == any(ed.start < p < ed.end for ed in edits for p in (s, e))


@KEY
@given(scenarios())
def test_points_are_monotonic_bounded_and_stick_to_their_characters(case):
    old, _, edits = case
    pmap = PositionMap(len(old), edits)
    before = [pmap.point(p, sticky="before") for p in range(len(old) + 1)]
    after = [pmap.point(p, sticky="after") for p in range(len(old) + 1)]
    for seq in (before, after):
        assert seq == sorted(seq) and 0 <= seq[0] and seq[-1] <= pmap.new_len
    assert all(b <= a for b, a in zip(before, after))
    assert before[0] == 0 and after[-1] == pmap.new_len
    for j, (_, ident) in enumerate(carry(old, edits)):
        if ident[0] == "old":  # the boundaries around a surviving character hug it
            assert after[ident[1]] == j and before[ident[1] + 1] == j + 1


@KEY
@given(scenarios())
def test_anchors_go_only_from_inside_removed_text_and_otherwise_keep_order(case):
    old, _, edits = case
    pmap = PositionMap(len(old), edits)
    anchors = [pmap.anchor(p) for p in range(len(old) + 1)]
    for p, mapped in enumerate(anchors):
        removed = any(ed.start < p < ed.end for ed in edits)
        assert (mapped is None) == removed
        assert removed or mapped == pmap.point(p, sticky="after")
    kept = [a for a in anchors if a is not None]
    assert kept == sorted(kept) and all(0 <= a <= pmap.new_len for a in kept)


# --- diff_edits ------------------------------------------------------------------------

@KEY
@given(texts, texts, texts, st.integers(1, 40), st.booleans())
def test_common_run_finder_agrees_with_a_plain_loop(shared, x, y, times, forward):
    # The fast path of diff_edits: galloping slice compares must find exactly the common run.
    a, b = (shared * times + x, shared * times + y) if forward else (x + shared * times, y + shared * times)
    pairs = zip(a, b) if forward else zip(reversed(a), reversed(b))
    naive = next((k for k, (p, q) in enumerate(pairs) if p != q), min(len(a), len(b)))
    start = (0, 0) if forward else (len(a), len(b))
    assert _common_len(a, b, *start, min(len(a), len(b)), forward) == naive


TINY_LIMITS = {"_CHAR_LIMIT": 6, "_MYERS_LIMIT": 2, "_SLIDE_LIMIT": 3}


def check_diff(old: str, new: str) -> None:
    """diff_edits reproduces ``new`` with edits that are sorted, real and never touch."""
    found = diff_edits(old, new)
    assert apply_edits(old, found) == new
    assert all(e.start < e.end or e.replacement for e in found)
    assert all(p.end < q.start for p, q in zip(found, found[1:]))


@KEY
@given(texts, texts)
def test_diff_edits_round_trip_for_unrelated_texts(old, new):
    check_diff(old, new)


@KEY
@given(scenarios())
def test_diff_edits_round_trip_for_edited_texts(case):
    old, _, edits = case
    check_diff(old, apply_edits(old, edits))


@settings(max_examples=200, deadline=None)
@given(texts, scenarios())
def test_diff_edits_round_trip_through_the_coarse_fallbacks(other, case):
    # Tiny limits force every level and fallback (Myers cut-off, single-block replacements).
    old, _, edits = case
    with mock.patch.multiple("coding.text.remap", **TINY_LIMITS):
        for new in (apply_edits(old, edits), other):
            check_diff(old, new)


POOL = "abcdefghijklmnopqrstuvwxyzäöüßÄÖÜ .,\n🏘\ufe0f👩\u200d👧"
FRESH = "0123456789XYZ"


@st.composite
def unambiguous(draw):
    """Distinct old characters, fresh replacement text, edits apart from each other."""
    old = "".join(draw(st.permutations(POOL))[: draw(st.integers(0, len(POOL)))])
    n = len(old)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=8)))
    edits, last_end = [], -1
    for a, b in zip(cuts[::2], cuts[1::2]):
        repl = draw(st.text(FRESH, max_size=3))
        if a > last_end and (a < b or repl):  # at least one kept character between edits
            edits.append(Edit(a, b, repl))
            last_end = b
    ranges = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).map(tuple),
                           min_size=1, max_size=4))
    return old, ranges, edits


@KEY
@given(unambiguous())
def test_diff_edits_recover_unambiguous_edits_and_remap_the_same(case):
    # In repetitive text a diff may credit a kept "\n" to its twin; only unambiguous edits
    # can be expected back exactly (the example tests cover the usual ambiguities).
    old, ranges, edits = case
    found = diff_edits(old, apply_edits(old, edits))
    assert found == sorted(edits, key=lambda e: e.start)
    assert remap_ranges(len(old), found, ranges) == remap_ranges(len(old), edits, ranges)

