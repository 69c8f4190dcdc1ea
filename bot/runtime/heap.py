"""The long-lived start-up heap, kept out of the garbage collector's way."""

from __future__ import annotations

import gc

# Container objects allocated (net) before the youngest generation is collected; Python's
# default is 700. One answer turn briefly holds more than 700 new containers at once (the
# parsed card, the rows, the SDK's models), so at 700 a young collection ran in every third
# or fourth turn, each walking whatever of the turn was still alive: 0.2–0.4 ms apiece.
# At 10,000 that is about one in a thousand turns (docs/PERFORMANCE.md, fifth round).
# The two older generations keep their defaults (10, 10).
YOUNG_GENERATION_THRESHOLD = 10_000


def freeze_startup_heap() -> int:
    """Move every object alive now into the collector's permanent generation; returns how many.

    Why: what start-up builds (the question bank, SQLAlchemy's mappers, the compiled
    templates, the SDK's classes: some 150,000 objects) lives as long as the process. Left
    in the oldest generation, each full collection walks all of it: 60–80 ms with the event
    loop stopped, a few times a minute under load (docs/PERFORMANCE.md). Frozen, a full
    collection walks only what turns created. Call it once, when start-up is done.

    It also raises the young generation's threshold (`YOUNG_GENERATION_THRESHOLD`).
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)
    return gc.get_freeze_count()
