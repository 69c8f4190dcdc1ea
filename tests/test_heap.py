"""The start-up heap is frozen: full collections then skip what lives as long as the process."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.runtime.heap import freeze_startup_heap


@pytest.fixture
def unfrozen() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()  # leave the test process as it was
    gc.set_threshold(*thresholds)


def test_objects_alive_at_start_up_leave_the_collected_generations(unfrozen: None) -> None:
    kept = [[n] for n in range(1000)]  # container objects the collector would track
    collected_before = sum(map(len, (gc.get_objects(g) for g in range(3))))
    frozen = freeze_startup_heap()
    assert frozen == gc.get_freeze_count() >= len(kept)
    assert all(not any(o is kept for o in gc.get_objects(g)) for g in range(3))
    collected_after = sum(map(len, (gc.get_objects(g) for g in range(3))))
    assert collected_after < collected_before - len(kept)


def test_a_turn_s_short_lived_objects_do_not_start_a_young_collection(unfrozen: None) -> None:
    freeze_startup_heap()
    collections_before = gc.get_stats()[0]["collections"]
    for _ in range(20):  # about what one answer turn holds at once: rows, models, a card
        turn = [{"row": n, "cells": [n, str(n)]} for n in range(600)]
        del turn
    assert gc.get_stats()[0]["collections"] == collections_before
    assert gc.get_threshold()[1:] == (10, 10)
