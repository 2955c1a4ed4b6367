"""The ids a bot client has heard lately: each message is judged once."""

from __future__ import annotations

from camp.bots.base import SeenMessages


def test_a_message_is_new_once_and_the_oldest_are_forgotten():
    seen = SeenMessages(kept=3)
    assert [seen.first_time(i) for i in ("a", "b", "a", "c")] == [True, True, False, True]
    assert seen.first_time("d")  # a fourth: "a", the oldest, is forgotten
    assert [seen.first_time(i) for i in ("b", "c", "d")] == [False, False, False]
    assert seen.first_time("a")
