"""The keys an import has seen, each with the row it was first seen on: the duplicate check of a
file of millions of rows (core.imports). A kind whose key packs into one integer below 2^63
(`Importer.seen_key`) is kept in an open-addressing table of two arrays, 12 bytes a slot, at
most half full: about 24 MB for a million rows, where a dict of integers takes 113 MB and one of
tuples 340 MB. Any other key (a code, a tuple) goes to a dict."""

from array import array

_EMPTY = 0  # a slot holds key + 1
_LIMIT = 1 << 63
_GOLDEN = 0x9E3779B97F4A7C15  # Fibonacci hashing: the product's high bits pick the slot


class SeenKeys:
    def __init__(self, bits: int = 16):
        self._make(bits)
        self.count = 0
        self.other = {}

    def _make(self, bits):
        self.bits = bits
        self.keys = array("Q", bytes(8 << bits))
        self.rows = array("I", bytes(4 << bits))

    def first(self, key, row: int) -> int | None:
        """The row `key` was first seen on; None if it is new (it is then kept, with `row`)."""
        if type(key) is not int or not 0 <= key < _LIMIT:
            earlier = self.other.get(key)
            if earlier is None:
                self.other[key] = row
            return earlier
        stored = key + 1
        keys, mask = self.keys, (1 << self.bits) - 1
        i = (key * _GOLDEN >> 40) & mask
        while True:
            k = keys[i]
            if k == _EMPTY:
                keys[i] = stored
                self.rows[i] = row
                self.count += 1
                if self.count * 2 > mask:
                    self._grow()
                return None
            if k == stored:
                return self.rows[i]
            i = (i + 1) & mask

    def _grow(self):
        """Twice the slots, every kept key entered again (`first` finds each a free slot: the
        new table is a quarter full)."""
        old = zip(self.keys, self.rows)  # holds the old arrays until every key is moved
        self._make(self.bits + 1)
        self.count = 0
        for stored, row in old:
            if stored != _EMPTY:
                self.first(stored - 1, row)
