"""How fast each robot takes posts (see the robots' documentation).

Limits count HTTP posts, not announcements: a message split into three parts is three
posts. A robot's posts are spaced evenly (``Rate.spacing``), never burst, and never more
than ``Rate.posts`` fall within any ``Rate.seconds``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RATES", "Rate"]


@dataclass(frozen=True)
class Rate:
    """At most ``posts`` posts in any ``seconds``."""

    posts: int
    seconds: float = 60.0

    @property
    def spacing(self) -> float:
        """The gap between two posts: the limit's share, and a little more, so a robot
        counting a minute from either end never sees one post too many."""
        return self.seconds / self.posts * 1.02


#: Posts a robot takes; stdout, folder and generic webhooks have no limit.
RATES: dict[str, Rate] = {
    "wecom": Rate(20),  # 20 a minute
    "dingtalk": Rate(20),  # 20 a minute
    "feishu": Rate(100),  # 100 a minute (and 5 a second, which the spacing keeps)
    "slack": Rate(60),  # about one a second
    "discord": Rate(30),  # 30 a minute per webhook; its 429 answers and headers say more
}
