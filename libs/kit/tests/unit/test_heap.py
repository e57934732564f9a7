"""freeze_start_up: what is alive when start-up ends leaves the collector's generations."""

from __future__ import annotations

import gc

from onewindow_kit.heap import freeze_start_up


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_start_up_objects_are_frozen_and_later_garbage_is_still_collected() -> None:
    kept = [Node() for _ in range(1000)]
    try:
        frozen = freeze_start_up()
        # (other tests' daemon threads may free a few frozen objects meanwhile)
        assert frozen >= len(kept) and gc.get_freeze_count() >= len(kept)
        assert sum(len(gc.get_objects(generation)) for generation in range(3)) < frozen
        # what comes after start-up is collected as before
        later = Node()
        del later
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
