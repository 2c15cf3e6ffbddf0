"""The closest names to a mistyped one (coding/base/suggest.py), and the lookups that use it."""
from __future__ import annotations

import unicodedata

import pytest

from coding.base.errors import NotFoundError
from coding.base.messages import set_language
from coding.base.suggest import closest, did_you_mean, similarity
from coding.exchange.importers.model import ParsedDocument
from coding.services import codes, coders, documents
from coding.store.history import undo_last


def test_closest_names_best_first_ignoring_case_and_normalisation():
    names = ["Anna", "Anton", "Hanna", "Bernd"]
    assert closest("Anan", names) == ["Anna", "Hanna", "Anton"]  # three at most, best first
    assert closest("Anan", names, limit=1) == ["Anna"]
    assert closest("xyz", names) == []
    assert closest("anna", names) == ["Anna"]  # equal but for case: that one, no other guesses
    decomposed = unicodedata.normalize("NFD", "Jürgen")
    assert closest(decomposed, ["Jürgen", "Jörg"]) == ["Jürgen"]


def test_long_names_are_found_by_their_start_or_a_word():
    names = ["Schule und Kita", "Beratungsstellen", "Informelle Netzwerke"]
    assert closest("Schule", names) == ["Schule und Kita"]  # whole-name ratio 0.57: too low alone
    assert closest("Kita", names) == ["Schule und Kita"]
    assert closest("Beratungstelle", names) == ["Beratungsstellen"]
    assert closest("Inform Netz", names) == ["Informelle Netzwerke"]
    assert closest("Wohnen", names) == []  # nothing close: no guess
    assert similarity("Schule", "Schule und Kita") == 0.9 and similarity("Kita", "kita") == 1.0


def test_a_lookup_scores_in_its_own_way():
    labels = {"K03_Quartiersmanagement": "K03", "N01_Bund": "N01"}
    assert closest("k3", labels, lambda d: max(similarity("k3", d), similarity("k3", labels[d]))) == [
        "K03_Quartiersmanagement"]
    assert closest("k3", labels) == []


def test_did_you_mean_in_both_languages():
    assert did_you_mean("Anan", ["Anna", "Bernd"]) == ". Did you mean: 'Anna'?"
    assert did_you_mean("Anan", ["Bernd"]) == ""
    set_language("de")
    try:
        assert did_you_mean("Zugnag", ["Zugang", "Zugänge"]) == ". Meinten Sie: „Zugang“, „Zugänge“?"
    finally:
        set_language("en")


def test_the_lookups_suggest_and_change_nothing(project):
    with project.action("Setup") as act:
        for path in ("Zugänge", "Zugänge/Schule und Kita", "Hürden"):
            codes.ensure_path(act, path)
        coders.add_coder(act, "Lena")
        documents.add_document(act, "K01_Sozialplanung", ParsedDocument("Text eins.", "text"))
    with project.read() as conn:
        with pytest.raises(NotFoundError, match=r"^no code 'Zugange'\. Did you mean: 'Zugänge', "
                                                r"'Zugänge/Schule und Kita'\?$"):
            codes.find_by_path(conn, "Zugange")
        with pytest.raises(NotFoundError, match=r"^no code 'Schul' in path 'Zugänge/Schul'\. "
                                                r"Did you mean: 'Zugänge/Schule und Kita'\?$"):
            codes.find_by_path(conn, "Zugänge/Schul")
        with pytest.raises(NotFoundError, match=r"^no document named 'K1'\. Did you mean: 'K01_Sozialplanung'\?$"):
            documents.find_document(conn, "K1")  # close to the citation label K01
        with pytest.raises(NotFoundError, match=r"^no coder named 'Lean'\. Did you mean: 'Lena'\?$"):
            coders.get_coder(conn, "Lean")
        with pytest.raises(NotFoundError, match=r"^no coder named 'Lean'\. Did you mean: 'Lena'\? "
                                                r"A new coder needs --new-coder\.$"):
            raise coders.unknown_coder(conn, "Lean", new_option=True)
        with pytest.raises(NotFoundError, match=r"^no coder named 'Zoe'\. A new coder needs --new-coder\.$"):
            raise coders.unknown_coder(conn, "Zoe", new_option=True)
    with project.engine.connect() as conn, pytest.raises(NotFoundError, match=r"Did you mean: 'Lena'\?$"):
        undo_last(conn, "Lean")
