"""Sets of small primary keys (themes, partners, audiences) as the bits of one bigint, for counting facets.

The search index (``search.models.SearchMatchRow``) and the events (migration ``events/0008``) store them so.
Keys from ``FACET_BITS`` up have no bit: each user keeps those apart.
"""

from __future__ import annotations

#: Primary keys below this are bits of a bigint (bit 63 would make it negative).
FACET_BITS = 63


def bit_ids(bits: int) -> list[int]:
    """The primary keys whose bits are set in ``bits``, lowest first."""
    found = []
    while bits:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found
