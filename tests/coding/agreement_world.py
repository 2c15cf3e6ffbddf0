"""A small double-coded study whose agreement figures are worked out by hand (tests of issue 12).

Coders Anna (A) and Ben (B); codes Zugänge (subcodes Schule, Ämter), Hürden, Wohnen, Leer (never
used). Three documents:

  D1 "K01_Südstadt" — a transcript, one speaker turn per line (T1 … T4):
     T1  I: Wie kommen Neuzugewanderte in Südstadt an? 🏘️
     T2  B: Über die Schule und über die Ämter. Die Wartezeiten sind lang.
     T3  I: Und die Nachbarschaft?
     T4  B: Die Nachbarn helfen 👩‍👩‍👧 sehr, aber die Miete ist hoch.
  D2 "Workshop_Größenklasse" — plain text without turns: three paragraphs (P1 … P3)
     P1  Protokoll Workshop Größenklasse
     P2  Die Stadt plant ein Büro für Ankommende.
     P3  Förderprogramme laufen 2025 aus.
  D3 "N01_nur_Anna" — only Anna coded it (not compared).

Codings (letter, document, code, coder, phrase):
  a4 D1 Zugänge A "Wie kommen Neuzugewanderte in Südstadt an? 🏘️"  (45 code points: 🏘️ is 2)
  b4 D1 Zugänge B "Wie kommen Neuzugewanderte in Südstadt an?"     (42: overlap 42/45 = 93 %)
  a1/b1 D1 Schule A and B "die Schule"                              (same passage)
  a2 D1 Ämter A "über die Ämter", b2 D1 Ämter B "die Ämter"         (overlap 9/14 = 64 %)
  a3 D1 Hürden A "Die Wartezeiten sind lang."                        (only A)
  a7/b7 D1 Hürden A and B "die Miete ist hoch."                      (same passage)
  b3 D1 Wohnen B "die Miete ist hoch."                               (a code only Ben used)
  a6 D2 Zugänge A / b6 D2 Ämter B "Die Stadt plant ein Büro für Ankommende."  (different codes)
  a5/b5 D2 Hürden A and B "Förderprogramme laufen 2025 aus."
  a8 D3 Schule A "die Schule"
"""
from __future__ import annotations

from dataclasses import dataclass

from coding.base.ids import CodeId, CoderId, DocumentId, SegmentId
from coding.exchange.importers.model import ParsedDocument
from coding.services import codes, coders, documents, segments
from tests.coding.helpers import parsed, span

D1 = ("I: Wie kommen Neuzugewanderte in Südstadt an? 🏘️\n"
      "B: Über die Schule und über die Ämter. Die Wartezeiten sind lang.\n"
      "I: Und die Nachbarschaft?\n"
      "B: Die Nachbarn helfen 👩‍👩‍👧 sehr, aber die Miete ist hoch.\n")
D2 = ("Protokoll Workshop Größenklasse\n"
      "Die Stadt plant ein Büro für Ankommende.\n"
      "\n"
      "Förderprogramme laufen 2025 aus.\n")
D3 = "B: Für mich ist die Schule wichtig.\n"
DOCS = {"D1": ("K01_Südstadt", D1), "D2": ("Workshop_Größenklasse", D2), "D3": ("N01_nur_Anna", D3)}
CODINGS = [
    ("a4", "D1", "Zugänge", "Anna", "Wie kommen Neuzugewanderte in Südstadt an? 🏘️"),
    ("b4", "D1", "Zugänge", "Ben", "Wie kommen Neuzugewanderte in Südstadt an?"),
    ("a1", "D1", "Schule", "Anna", "die Schule"),
    ("b1", "D1", "Schule", "Ben", "die Schule"),
    ("a2", "D1", "Ämter", "Anna", "über die Ämter"),
    ("b2", "D1", "Ämter", "Ben", "die Ämter"),
    ("a3", "D1", "Hürden", "Anna", "Die Wartezeiten sind lang."),
    ("a7", "D1", "Hürden", "Anna", "die Miete ist hoch."),
    ("b7", "D1", "Hürden", "Ben", "die Miete ist hoch."),
    ("b3", "D1", "Wohnen", "Ben", "die Miete ist hoch."),
    ("a6", "D2", "Zugänge", "Anna", "Die Stadt plant ein Büro für Ankommende."),
    ("b6", "D2", "Ämter", "Ben", "Die Stadt plant ein Büro für Ankommende."),
    ("a5", "D2", "Hürden", "Anna", "Förderprogramme laufen 2025 aus."),
    ("b5", "D2", "Hürden", "Ben", "Förderprogramme laufen 2025 aus."),
    ("a8", "D3", "Schule", "Anna", "die Schule"),
]
# the code paths in code-tree order (subcodes after their parent)
PATHS = {"Zugänge": "Zugänge", "Schule": "Zugänge/Schule", "Ämter": "Zugänge/Ämter", "Hürden": "Hürden",
         "Wohnen": "Wohnen", "Leer": "Leer"}


@dataclass
class World:
    docs: dict[str, DocumentId]
    codes: dict[str, CodeId]
    coders: dict[str, CoderId]
    seg: dict[str, SegmentId]  # coding letter -> segment id

    def text(self, doc: str) -> str:
        return DOCS[doc][1]


def build_world(project, extra: list[tuple[str, str, str, str, str]] = ()) -> World:
    """Fill ``project`` with the study above (one action); ``extra`` codings are added too."""
    with project.action("Build agreement study") as act:
        coder_ids = {n: coders.add_coder(act, n) for n in ("Anna", "Ben", "Cem")}
        doc_ids = {
            "D1": documents.add_document(act, DOCS["D1"][0], parsed(D1)),
            "D2": documents.add_document(act, DOCS["D2"][0], ParsedDocument(D2, "text")),
            "D3": documents.add_document(act, DOCS["D3"][0], ParsedDocument(D3, "text")),
        }
        zug = codes.create_code(act, "Zugänge")
        code_ids = {"Zugänge": zug, "Schule": codes.create_code(act, "Schule", zug),
                    "Ämter": codes.create_code(act, "Ämter", zug), "Hürden": codes.create_code(act, "Hürden"),
                    "Wohnen": codes.create_code(act, "Wohnen"), "Leer": codes.create_code(act, "Leer")}
        seg_ids = {}
        for letter, doc, code, coder, phrase in [*CODINGS, *extra]:
            start, end = span(DOCS[doc][1], phrase)
            seg_ids[letter] = segments.apply_code(act, doc_ids[doc], code_ids[code], coder_ids[coder], start, end)
    return World(doc_ids, code_ids, coder_ids, seg_ids)
