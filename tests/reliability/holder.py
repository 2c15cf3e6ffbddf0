"""A long-lived process that works on a project like the window does, driven by stdin lines.

Commands: ``code N`` (N codings, each its own action; prints ``done GUID`` after each commit),
``touch`` (opens, reads and closes the project file outside SQLite, as a file dialog's type
sniffing or a checksum does), ``quit``. Prints ``ready`` once the project is open.
"""
from __future__ import annotations

import sys

from coding.services import coders, codes, documents, segments
from coding.store.project import Project


def main(path: str) -> None:
    proj = Project.open(path)
    with proj.read() as conn:
        doc_id = documents.find_document(conn, "K01")
        code_id = codes.find_by_path(conn, "Zugang")
    print("ready", flush=True)
    n = 0
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "code":
            for _ in range(int(cmd[1])):
                start = n * 3  # never overlapping: overlapping codings of one code and coder merge
                with proj.action("Code segment") as act:
                    coder = coders.resolve_coder(act, "Halter")
                    seg_id = segments.apply_code(act, doc_id, code_id, coder, start, start + 2,
                                                 memo=f"holder {n}")
                    guid = segments.get_segment(act.conn, seg_id).guid
                n += 1
                print("done", guid, flush=True)
        elif cmd[0] == "touch":
            with open(path, "rb") as fh:
                fh.read(64)
            print("touched", flush=True)
        elif cmd[0] == "quit":
            break
    proj.close()


if __name__ == "__main__":
    main(sys.argv[1])
