"""A memory ceiling for work that reads what users send (a worker's task), so that a file built to
grow without end fails with MemoryError instead of growing until the kernel kills the process.

The ceiling is on the process's address space (RLIMIT_AS): what it has mapped when the block starts,
plus an allowance. RSS cannot be limited (RLIMIT_RSS is ignored by Linux), and Celery's
worker_max_memory_per_child only replaces a child after its task has finished, which is too late. The
address space is per process: a prefork worker's child runs one task at a time, so the ceiling holds
that task alone. Where the platform has no RLIMIT_AS (not Linux), the block runs without it.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]


def address_space_in_use() -> int | None:
    """The bytes this process has mapped now (Linux's /proc/self/statm), or None where unknown."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_ceiling(allowance: int) -> Iterator[None]:
    """Let the block map at most `allowance` bytes more than the process has mapped now; beyond,
    allocations fail (MemoryError). The previous limit is back when the block ends."""
    in_use = address_space_in_use()
    if resource is None or in_use is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = in_use + allowance
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY:
        ceiling = min(ceiling, soft)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
