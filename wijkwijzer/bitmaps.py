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


# --- Facet counts with chosen filters: one pass, each row with a mask of the filters it passes ---
#
# A facet counts the rows that pass every *other* chosen filter; grouping the counts on the mask as well lets one
# pass serve every facet (the agenda, ``events/filters.py``; the search, ``search/engine.py``).


def mask_sql(conditions: list[str]) -> str:
    """SQL: the mask of a row, bit n set when it meets the n-th of ``conditions`` (SQL)."""
    return " | ".join(f"(CASE WHEN {sql} THEN {1 << n} ELSE 0 END)" for n, sql in enumerate(conditions)) or "0"


def mask_filter(conditions: list[str], alias: str) -> tuple[str, str]:
    """SQL: a WHERE clause that keeps the rows of ``alias`` that count somewhere (they fail at most one condition:
    a row that fails two counts for no facet), and the fence to put in the subquery that computes the mask
    (``OFFSET 0``: computed once a row, not again for the test). Nothing with fewer than two conditions."""
    if len(conditions) < 2:
        return "", ""
    full = (1 << len(conditions)) - 1
    useful = sorted({full} | {full ^ (1 << n) for n in range(len(conditions))})
    return f"WHERE {alias}.mask IN ({', '.join(map(str, useful))})", "OFFSET 0"
