"""SQLite's INTEGER columns are read as Piccolo reads them, by a faster path for plain
integers (``tenders.sqlite_connections``): the same value for whatever the column holds."""

from __future__ import annotations

from decimal import InvalidOperation

import pytest
from piccolo.engine.sqlite import convert_int_out

from tenders.sqlite_connections import _integer

STORED = [b"0", b"7", b"-12", b"+5", b" 42 ", b"007", b"1_000", b"1.0", b"-3.0", b"2e3"]
STORED += [b"123456789012345678901234567890", "١٢".encode()]


@pytest.mark.parametrize("stored", STORED)
def test_an_integer_column_reads_as_piccolo_reads_it(stored: bytes) -> None:
    assert _integer(stored) == convert_int_out(stored)
    assert type(_integer(stored)) is int


@pytest.mark.parametrize("stored", [b"", b"abc", b"0x10"])
def test_what_piccolo_refuses_is_refused(stored: bytes) -> None:
    with pytest.raises((ValueError, InvalidOperation)):
        convert_int_out(stored)
    with pytest.raises((ValueError, InvalidOperation)):
        _integer(stored)
