"""The registry's USCC -> entity id lookup of the large imports (penalties, visits), in 16 bytes
an entity: a province's registry does not fit a dict of strings (136 MB a million entities).

A USCC of 18 characters from 0-9 and A-Z is one integer below 2^63: the rank of its first 8
characters (issuing authority and division: a province has a few hundred) among the registry's,
then its last 10 read in base 36. The registry's entities, in the byte order of their codes, are
then two sorted arrays, searched by bisection. The lookup is exact: no hashing, a code matches
only itself. A stored code of another shape (none passes the import's or the form's check, but
the registry does not promise it) is kept in a small dict.
"""

import re
from array import array
from bisect import bisect_left

from django.db import connection
from django.db.models.functions import Collate

from xingping.entities.models import MarketEntity

_PLAIN = re.compile(r"[0-9A-Z]{18}").fullmatch
TAIL = 36 ** 10  # the last 10 characters read in base 36 are below this
PREFIXES = (2 ** 63 - 1) // TAIL  # 2,519 distinct first-8 characters fit one 63-bit key


class UsccIds:
    """`get(uscc)`: the id of the entity with that code, or None."""

    def __init__(self, pairs):
        """`pairs`: (uscc, id), in the byte order of the codes."""
        self.prefixes = {}  # the first 8 characters (issuing authority, division) -> their rank
        self.keys, self.ids = array("q"), array("q")
        self.other = {}
        last = -1
        for uscc, pk in pairs:
            key = self._key(uscc, adding=True)
            if key is None:
                self.other[uscc] = pk
                continue
            if key <= last:
                raise ValueError(f"the registry's codes are not in byte order at {uscc!r}")
            last = key
            self.keys.append(key)
            self.ids.append(pk)

    def _key(self, uscc, adding=False):
        """The code as one integer below 2^63, in the codes' byte order: its prefix's rank, then
        its last 10 characters in base 36; None for a code of another shape, or a prefix past
        the 2,519 that fit (such codes are kept in `other`)."""
        if _PLAIN(uscc) is None:
            return None
        rank = self.prefixes.get(uscc[:8])
        if rank is None:
            if not adding or len(self.prefixes) >= PREFIXES:
                return None
            rank = self.prefixes[uscc[:8]] = len(self.prefixes)
        return rank * TAIL + int(uscc[8:], 36)

    def __len__(self):
        return len(self.ids) + len(self.other)

    def get(self, uscc: str, default=None):
        key = self._key(uscc)
        if key is None:
            return self.other.get(uscc, default)
        i = bisect_left(self.keys, key)
        if i < len(self.keys) and self.keys[i] == key:
            return self.ids[i]
        return default


def registry_ids() -> UsccIds:
    """Every market entity's code and id, read in the code's byte order (PostgreSQL's "C"
    collation, SQLite's BINARY), a chunk at a time."""
    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    rows = MarketEntity.objects.order_by(Collate("uscc", collation)).values_list("uscc", "pk")
    return UsccIds(rows.iterator(chunk_size=20000))
