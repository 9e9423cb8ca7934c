"""Python's cyclic garbage collector paused around bulk work of the report pipeline.

A report render and a round's snapshot build each allocate far more objects
than survive them. The collector's passes during the work walk all of them
again and again (about a third of a 10,000-person snapshot build, an eighth of
a render; docs/benchmarks.md); one pass afterwards, or plain reference
counting, frees the same garbage.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause the collector for the block (also as a decorator); nested uses keep
    it paused, and it resumes only if it was running before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
