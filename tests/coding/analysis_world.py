"""A small comparison study whose numbers are worked out by hand in the tests that use it.

Four transcripts (turn 1 = interviewer, turn 2 = expert), two coders, codes
Zugänge (subcodes Schule, Ämter), Hürden and Leer (never used):

  K01  I: Wo finden Leute Hilfe?                 words 4 + 7 = 11
       B: Über die Schule (.) und über die Ämter.
       a Zugänge Anna "Wo finden Leute Hilfe?"     b Schule Anna "die Schule"
       c Schule Ben "die Schule" (same passage)    d Ämter Anna "die Ämter"
       e Hürden Ben "über die Ämter" (overlaps d)
  K02  I: Was ist schwierig?                      words 3 + 4 + 5 + 5 = 17
       B: Die Sprache (..) ist schwierig. Die Ämter sind weit weg. Und die Wege (4) sind lang.
       f Hürden Anna "Die Sprache (..) ist schwierig."   g Hürden Anna "die Wege (4) sind lang"
       h Ämter Ben "Die Ämter sind weit weg."    i Ämter Anna "Ämter sind weit weg. Und die Wege"
                                                   (overlaps h and g)
  N01  I: Und bundesweit?                         words 2 + 4 + 4 = 10 ("(lacht)" is no word)
       B: Die Schule ist zentral (lacht). Hürden gibt es viele.
       j Schule Ben "Die Schule ist zentral"      k Hürden Ben "Hürden gibt es viele."
       l Zugänge Ben "Die Schule ist zentral (lacht). Hürden" (overlaps j and k)
  X01  I: Noch etwas?                             words 2 + 6 = 8 ("100" counts, "%" not)
       B: Hilfe finden ist Glückssache, 100 % sicher.
       m Zugänge Anna "Hilfe finden ist Glückssache"

Variables: Gruppe (category) K01, K02 kommunal, N01 national, X01 none;
Größenklasse (category) K01 groß, K02 klein, N01 überregional, X01 none;
Vor Ort (boolean) K01 ja, K02 nein, N01 ja, X01 none; Alter (integer) on every document.
"""
from __future__ import annotations

from dataclasses import dataclass

from coding.services import codes, coders, documents, segments, variables
from tests.coding.helpers import parsed, span

TEXTS = {
    "K01": "I: Wo finden Leute Hilfe?\nB: Über die Schule (.) und über die Ämter.\n",
    "K02": "I: Was ist schwierig?\nB: Die Sprache (..) ist schwierig. Die Ämter sind weit weg. "
           "Und die Wege (4) sind lang.\n",
    "N01": "I: Und bundesweit?\nB: Die Schule ist zentral (lacht). Hürden gibt es viele.\n",
    "X01": "I: Noch etwas?\nB: Hilfe finden ist Glückssache, 100 % sicher.\n",
}
WORDS = {"K01": 11, "K02": 17, "N01": 10, "X01": 8}
CODINGS = [  # letter, document, code, coder, phrase
    ("a", "K01", "Zugänge", "Anna", "Wo finden Leute Hilfe?"),
    ("b", "K01", "Schule", "Anna", "die Schule"),
    ("c", "K01", "Schule", "Ben", "die Schule"),
    ("d", "K01", "Ämter", "Anna", "die Ämter"),
    ("e", "K01", "Hürden", "Ben", "über die Ämter"),
    ("f", "K02", "Hürden", "Anna", "Die Sprache (..) ist schwierig."),
    ("g", "K02", "Hürden", "Anna", "die Wege (4) sind lang"),
    ("h", "K02", "Ämter", "Ben", "Die Ämter sind weit weg."),
    ("i", "K02", "Ämter", "Anna", "Ämter sind weit weg. Und die Wege"),
    ("j", "N01", "Schule", "Ben", "Die Schule ist zentral"),
    ("k", "N01", "Hürden", "Ben", "Hürden gibt es viele."),
    ("l", "N01", "Zugänge", "Ben", "Die Schule ist zentral (lacht). Hürden"),
    ("m", "X01", "Zugänge", "Anna", "Hilfe finden ist Glückssache"),
]
VALUES = {
    "Gruppe": {"K01": "kommunal", "K02": "kommunal", "N01": "national"},
    "Größenklasse": {"K01": "groß", "K02": "klein", "N01": "überregional"},
    "Vor Ort": {"K01": True, "K02": False, "N01": True},
    "Alter": {"K01": 41, "K02": 57, "N01": 38, "X01": 62},
}


@dataclass
class Study:
    docs: dict[str, int]
    codes: dict[str, int]
    coders: dict[str, int]
    seg: dict[str, int]  # coding letter -> segment id


def build_study(project) -> Study:
    """Fill ``project`` with the study above (one action)."""
    with project.action("Build study") as act:
        coder_ids = {n: coders.add_coder(act, n) for n in ("Anna", "Ben")}
        doc_ids = {n: documents.add_document(act, f"{n}_Interview", parsed(t)) for n, t in TEXTS.items()}
        zug = codes.create_code(act, "Zugänge")
        code_ids = {"Zugänge": zug, "Schule": codes.create_code(act, "Schule", zug),
                    "Ämter": codes.create_code(act, "Ämter", zug), "Hürden": codes.create_code(act, "Hürden"),
                    "Leer": codes.create_code(act, "Leer")}
        seg = {}
        for letter, doc, code, coder, phrase in CODINGS:
            seg[letter] = segments.apply_code(act, doc_ids[doc], code_ids[code], coder_ids[coder],
                                              *span(TEXTS[doc], phrase))
        variables.define_variable(act, "Gruppe", "category")
        variables.define_variable(act, "Größenklasse", "category")
        variables.define_variable(act, "Vor Ort", "boolean")
        for name, values in VALUES.items():
            for doc, value in values.items():
                variables.set_value_by_name(act, doc_ids[doc], name, value)
    return Study(doc_ids, code_ids, coder_ids, seg)
