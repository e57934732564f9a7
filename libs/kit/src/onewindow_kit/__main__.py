"""``python -m onewindow_kit dlt list|replay``: the kit's operator commands."""

from __future__ import annotations

import sys

from onewindow_kit import dlt

if __name__ == "__main__":
    if sys.argv[1:2] != ["dlt"]:
        print("usage: python -m onewindow_kit dlt list|replay ...", file=sys.stderr)
        sys.exit(2)
    sys.exit(dlt.main(sys.argv[2:]))
