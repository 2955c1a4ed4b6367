"""The cycle collector held off while something big is built, and back as it was."""

from __future__ import annotations

import gc

import pytest

from camp.collector import collector_paused


def test_the_collector_is_off_inside_and_as_it_was_after_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
