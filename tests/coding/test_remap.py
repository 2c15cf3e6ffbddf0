"""Remapping codings, speaker turns and time anchors when a document's text is edited."""
from __future__ import annotations

import pytest

from coding.base.errors import InputError
from coding.text.remap import Edit, PositionMap, RangeChange, apply_edits, diff_edits, remap_ranges

TEXT = (
    "I: Wie haben Sie damals Hilfe gefunden?\n"
    "B: Über eine Freundin. Der Zugang zu Beratungsstellen war schwer, weil es kaum Angebote gab.\n"
    "I: Und heute?\n"
)
CODED = "Zugang zu Beratungsstellen"
START = TEXT.index(CODED)
END = START + len(CODED)


def remap(text: str, edits: list[Edit], start: int = START, end: int = END) -> str | None:
    """The coded text after the edits, or None when the coding went."""
    new = PositionMap(len(text), edits).range(start, end)
    return None if new is None else apply_edits(text, edits)[new[0] : new[1]]


def edit_at(text: str, old: str, new: str) -> Edit:
    """An Edit replacing the single occurrence of ``old`` in ``text``."""
    assert text.count(old) == 1
    i = text.index(old)
    return Edit(i, i + len(old), new)


# --- apply_edits -----------------------------------------------------------------------


def test_apply_edits_takes_edits_in_any_order():
    edits = [Edit(10, 12, "X"), Edit(0, 1, ""), Edit(5, 5, "ins")]
    assert apply_edits("0123456789abcdef", edits) == "1234ins56789Xcdef"
    assert apply_edits("0123456789abcdef", list(reversed(edits))) == "1234ins56789Xcdef"


def test_apply_edits_allows_touching_edits_and_an_insertion_before_a_replacement():
    assert apply_edits("abcdef", [Edit(2, 4, "X"), Edit(0, 2, "Y"), Edit(4, 4, "+"), Edit(4, 5, "Z")]) == "YX+Zf"


@pytest.mark.parametrize("edits", [
    [Edit(-1, 0, "x")], [Edit(3, 2, "")], [Edit(0, 7, "")],
    [Edit(1, 3, ""), Edit(2, 4, "")],            # overlapping
    [Edit(1, 4, ""), Edit(2, 2, "x")],           # insertion inside a replaced region
    [Edit(2, 2, "a"), Edit(2, 2, "b")],          # two insertions at one spot: order unclear
])
def test_bad_edits_are_refused(edits):
    with pytest.raises(InputError):
        apply_edits("abcdef", edits)
    with pytest.raises(InputError):
        PositionMap(6, edits)


def test_positions_count_code_points_not_utf16_units():
    text = "🏘️ Haus 👩‍👩‍👧 Familie"
    i = text.index("Familie")
    assert i == 14  # UTF-16 would say 18
    new = apply_edits(text, [Edit(0, 3, "")])  # drop "🏘️ " (two code points + space)
    assert PositionMap(len(text), [Edit(0, 3, "")]).range(i, i + 7) == (11, 18)
    assert new[11:18] == "Familie"


# --- codings stay on the same words --------------------------------------------------------


def test_typo_fixed_inside_the_coding_keeps_the_whole_phrase():
    typo = TEXT.replace("Beratungsstellen", "Beratngsstelen")
    s, e = typo.index("Zugang"), typo.index("Beratngsstelen") + len("Beratngsstelen")
    i = typo.index("Beratngs") + 5
    edits = [Edit(i, i, "u"), Edit(i + 6, i + 6, "l")]
    assert apply_edits(typo, edits) == TEXT
    assert remap(typo, edits, s, e) == CODED


def test_replacing_a_letter_inside_is_kept_but_counts_as_lost_character():
    edit = edit_at(TEXT, "Beratungs", "Beratuugs")
    assert remap(TEXT, [edit]) == "Zugang zu Beratuugsstellen"
    [change] = remap_ranges(len(TEXT), [edit], [(START, END)])
    assert change.shrunk and not change.clipped


def test_fixing_the_first_letter_of_the_coding_keeps_the_whole_word():
    edits = [Edit(START, START + 1, "z")]
    assert remap(TEXT, edits) == "zugang zu Beratungsstellen"


def test_deleting_the_sentence_before_moves_the_coding_with_its_words():
    edits = [edit_at(TEXT, "Über eine Freundin. ", "")]
    assert remap(TEXT, edits) == CODED


def test_deleting_a_line_before_and_editing_after_does_not_touch_the_coding():
    edits = [Edit(0, TEXT.index("B:"), ""), edit_at(TEXT, "Und heute?", "Und jetzt?")]
    assert remap(TEXT, edits) == CODED
    assert remap_ranges(len(TEXT), edits, [(START, END)])[0].shrunk is False


def test_text_inserted_exactly_at_either_boundary_stays_outside():
    edits = [Edit(START, START, "der "), Edit(END, END, " (alle)")]
    assert remap(TEXT, edits) == CODED


def test_text_inserted_strictly_inside_extends_the_coding():
    i = START + len("Zugang zu ")
    assert remap(TEXT, [Edit(i, i, "den ")]) == "Zugang zu den Beratungsstellen"


def test_deletion_crossing_the_start_shrinks_the_coding_without_adding_replacement_text():
    edit = edit_at(TEXT, "Der Zugang ", "Ein Weg ")
    assert remap(TEXT, [edit]) == "zu Beratungsstellen"
    [change] = remap_ranges(len(TEXT), [edit], [(START, END)])
    assert change.shrunk and change.clipped


def test_replacement_crossing_the_end_keeps_only_the_surviving_start():
    edit = edit_at(TEXT, "Beratungsstellen war", "Ämtern ist")
    assert remap(TEXT, [edit]) == "Zugang zu "


def test_coding_whose_text_was_all_deleted_goes():
    edits = [edit_at(TEXT, "Der Zugang zu Beratungsstellen war schwer, ", "")]
    assert remap(TEXT, edits) is None
    assert remap_ranges(len(TEXT), edits, [(START, END)])[0].new is None


def test_coding_whose_exact_text_was_retyped_goes_because_no_original_character_survives():
    assert remap(TEXT, [Edit(START, END, "Zugang zu Beratungsstellen")]) is None


def test_remap_ranges_reports_what_became_of_each_range():
    turns = [(0, TEXT.index("B:")), (TEXT.index("B:"), TEXT.index("I: Und")), (START, END)]
    edits = [Edit(0, 3, ""), Edit(turns[1][0], turns[1][1], "")]
    changes = remap_ranges(len(TEXT), edits, turns)
    assert changes[0] == RangeChange(0, turns[0], (0, turns[0][1] - 3), shrunk=True, clipped=False)
    assert changes[1].new is None and changes[1].shrunk
    assert changes[2].new is None and changes[2].index == 2


def test_turns_that_tiled_the_text_leave_text_inserted_at_their_border_to_neither():
    # The same rule as for codings; whoever stores tiling turns must give the gap to one side.
    border = TEXT.index("B:")
    pmap = PositionMap(len(TEXT), [Edit(border, border, "(lacht) ")])
    assert pmap.range(0, border)[1] == border
    assert pmap.range(border, len(TEXT))[0] == border + len("(lacht) ")


def test_empty_and_bad_ranges():
    pmap = PositionMap(10, [Edit(2, 2, "x")])
    assert pmap.range(2, 2) is None
    with pytest.raises(InputError):
        pmap.range(5, 3)
    with pytest.raises(InputError):
        pmap.range(0, 11)


# --- points and anchors ---------------------------------------------------------------


def test_point_sticky_sides_at_an_insertion_and_inside_a_replacement():
    pmap = PositionMap(10, [Edit(3, 3, "ab"), Edit(5, 8, "X")])
    assert (pmap.point(3, sticky="before"), pmap.point(3, sticky="after")) == (3, 5)
    assert (pmap.point(6, sticky="before"), pmap.point(6, sticky="after")) == (7, 8)
    assert pmap.point(5, sticky="before") == pmap.point(5) == 7   # edge of a replacement: shifts
    assert pmap.point(8, sticky="before") == pmap.point(8) == 8
    assert pmap.point(10) == pmap.new_len == 10
    with pytest.raises(InputError):
        pmap.point(3, sticky="left")
    with pytest.raises(InputError):
        pmap.point(11)


def test_anchor_inside_deleted_text_goes_and_others_follow_their_word():
    words = "B: äh also ich weiß nicht"
    delete = edit_at(words, "äh also ", "")
    pmap = PositionMap(len(words), [delete])
    assert pmap.anchor(words.index("also")) is None
    assert pmap.anchor(words.index("äh")) == words.index("äh")  # start of removed text: next word
    assert pmap.anchor(words.index("weiß")) == words.index("weiß") - len("äh also ")
    assert pmap.anchor(len(words)) == pmap.new_len


def test_anchor_at_an_insertion_point_moves_with_the_word_after_it():
    pmap = PositionMap(10, [Edit(4, 4, "neu ")])
    assert pmap.anchor(4) == 8


# --- diff_edits ------------------------------------------------------------------------


@pytest.mark.parametrize("new", [
    TEXT.replace("Beratungsstellen", "Beratungstellen"),
    TEXT.replace("Über eine Freundin. ", ""),
    TEXT.replace("kaum", "fast keine"),
    TEXT + "B: Besser.\n",
    "",
    TEXT.upper(),
])
def test_diff_edits_round_trips(new):
    assert apply_edits(TEXT, diff_edits(TEXT, new)) == new


def test_diff_of_equal_texts_is_empty_and_a_typo_is_one_small_edit():
    assert diff_edits(TEXT, TEXT) == []
    big = TEXT * 2000
    fixed = big[:150_000] + "x" + big[150_001:]
    assert diff_edits(big, fixed) == [Edit(150_000, 150_001, "x")]


@pytest.mark.parametrize("new", [
    TEXT.replace("Über eine Freundin. ", ""),
    TEXT.replace("I: Wie haben Sie damals Hilfe gefunden?\n", ""),
    TEXT.replace("Beratungsstellen", "Beratungs-Stellen"),
    TEXT.replace("Der Zugang", "Der schnelle Zugang"),
])
def test_diff_edits_keep_the_coding_on_its_words(new):
    edits = diff_edits(TEXT, new)
    expected = CODED.replace("Beratungsstellen", "Beratungs-Stellen") if "-Stellen" in new else CODED
    assert remap(TEXT, edits) == expected


def test_diff_takes_the_whole_sentence_when_the_deleted_one_repeats_the_next_ones_start():
    text = "B: Ich gehe. Ich komme morgen."
    s = text.index("Ich komme")
    new = "B: Ich komme morgen."
    edits = diff_edits(text, new)
    assert edits == [Edit(3, 13, "")]
    assert remap(text, edits, s, len(text)) == "Ich komme morgen."


def test_diff_takes_a_whole_line_when_a_repeated_line_is_deleted():
    text = "B: ja\nja\nende"
    edits = diff_edits(text, "B: ja\nende")
    assert edits == [Edit(6, 9, "")]
    assert remap(text, edits, 0, 5) == "B: ja"


def test_diff_keeps_the_period_of_the_sentence_before_a_deleted_one():
    text = "Ich gehe. Ich komme. Ende"
    edits = diff_edits(text, "Ich gehe. Ende")  # ". Ich komme" would be an equally short diff
    assert remap(text, edits, 0, len("Ich gehe.")) == "Ich gehe."


def test_diff_finds_few_changes_even_in_one_long_line_of_few_distinct_words():
    # No line breaks or sentence ends to anchor on and every word frequent: the case where
    # a longest-block matcher alone gives up and replaces everything, losing all codings.
    words = "der die das und zu Zugang war schwer weil es kaum Angebote gab ich äh also naja".split()
    old = " ".join(words[(i * 7 + i // 5) % len(words)] for i in range(4000))
    new = old[:3000] + old[3050:15000] + "ganz " + old[15000:]
    edits = diff_edits(old, new)
    assert apply_edits(old, edits) == new
    assert sum(e.end - e.start for e in edits) == 50 and sum(len(e.replacement) for e in edits) == 5
