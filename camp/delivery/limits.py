"""How many messages a minute each robot accepts (see the robots' documentation)."""

from __future__ import annotations

from camp.models import Channel

__all__ = ["RATE_PER_MINUTE", "rate_per_minute"]

#: Messages per minute per robot; stdout, folder and generic webhooks have no limit.
RATE_PER_MINUTE: dict[str, int] = {
    "wecom": 20,
    "dingtalk": 20,
    "feishu": 100,
    "slack": 60,  # about one a second
    "discord": 30,
}


def rate_per_minute(channel: Channel) -> int | None:
    """The channel's limit, or None when it has none."""
    return RATE_PER_MINUTE.get(channel.type)
