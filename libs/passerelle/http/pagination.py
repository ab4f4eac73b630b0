"""One way to page a list: `limit` and `offset` bounded, so that no number reaches the database
beyond what it holds (an offset above PostgreSQL's bigint was a 500)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

MAX_OFFSET = 1_000_000  # far beyond any tenant's list


@dataclass(frozen=True)
class Pagination:
    limit: int
    offset: int


def paged(max_limit: int):
    """A dependency giving `limit` (1..max_limit, 50 by default) and `offset` (0..MAX_OFFSET) from the
    query. (This module's annotations are evaluated, not postponed: they name `max_limit`.)"""

    def pagination(
        limit: Annotated[int, Query(ge=1, le=max_limit)] = 50, offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0
    ) -> Pagination:
        return Pagination(limit=limit, offset=offset)

    return Depends(pagination)
