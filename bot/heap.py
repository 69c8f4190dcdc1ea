"""The long-lived start-up heap, kept out of the garbage collector's way."""

from __future__ import annotations

import gc


def freeze_startup_heap() -> int:
    """Move every object alive now into the collector's permanent generation; returns how many.

    Why: what start-up builds (the question bank, SQLAlchemy's mappers, the compiled
    templates, the SDK's classes: some 150,000 objects) lives as long as the process. Left
    in the oldest generation, each full collection walks all of it: 60–80 ms with the event
    loop stopped, a few times a minute under load (docs/PERFORMANCE.md). Frozen, a full
    collection walks only what turns created. Call it once, when start-up is done.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
