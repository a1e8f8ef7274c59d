"""Which positions of a text earlier matches already cover, answered in constant time.

The readers of :mod:`.quantities` and :mod:`.periods` skip a match that starts inside one taken
before ("8th" of "Nov. 8th" is not an ordinal). Asking every earlier span is quadratic on a long
text (a 1 MB text has thousands of dates); a byte per position of the stretch read is linear.
"""

from __future__ import annotations

__all__ = ["Covered"]


class Covered:
    """Positions of ``text[start:end]`` inside some span added so far.

    >>> taken = Covered(0, 20)
    >>> taken.add(3, 7)
    >>> [x for x in range(10) if x in taken]
    [3, 4, 5, 6]
    """

    __slots__ = ("_start", "_mask")

    def __init__(self, start: int, end: int) -> None:
        self._start = start
        self._mask = bytearray(max(0, end - start))

    def add(self, a: int, b: int) -> None:
        """Mark ``[a, b)`` (clipped to the stretch) as taken."""
        a, b = max(a - self._start, 0), min(b - self._start, len(self._mask))
        if b > a:
            self._mask[a:b] = b"\x01" * (b - a)

    def __contains__(self, x: int) -> bool:
        i = x - self._start
        return 0 <= i < len(self._mask) and self._mask[i] == 1
