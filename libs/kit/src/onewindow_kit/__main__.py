"""``python -m onewindow_kit dlt list|replay`` and ``certs``: the kit's operator commands."""

from __future__ import annotations

import sys

USAGE = "usage: python -m onewindow_kit dlt list|replay ... | certs DIR NAME ..."

if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["dlt"]:
        from onewindow_kit import dlt

        sys.exit(dlt.main(sys.argv[2:]))
    if command == ["certs"]:
        from onewindow_kit import certs

        sys.exit(certs.main(sys.argv[2:]))
    print(USAGE, file=sys.stderr)
    sys.exit(2)
