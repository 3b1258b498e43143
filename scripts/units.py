#!/usr/bin/env python3
"""Print a document's units for an annotator, one a line: `N<TAB>text`.

    python3 scripts/units.py DOC [DOC ...]

The text is the document as the reference scorer reads it (tests/data/score.py: tags
stripped, entities decoded twice), split as TASKS.md splits units: after 。！？； and at
line breaks. Blank units are left out. This uses nothing of the extractor, so an
annotator who reads its output has seen no extraction (gold is made blind).
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data"))
from score import clean, decode  # noqa: E402  (the reference scorer's own reading)


def units(text):
    for line in text.splitlines():
        for part in re.split(r"(?<=[。！？；])", line):
            part = part.strip()
            if part:
                yield part


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            text = clean(decode(f.read()))
        if len(sys.argv) > 2:
            print(f"# {path}")
        for i, u in enumerate(units(text), 1):
            print(f"{i}\t{u}")


if __name__ == "__main__":
    main()
