"""Delivery channels: an announcement sent to stdout, a folder, or a group-chat robot."""

from __future__ import annotations

from camp.delivery.channels import (
    backoff_seconds,
    channel_label,
    deliver,
    missing_channel_env,
    safe_file_stem,
)
from camp.delivery.limits import RATES, Rate
from camp.delivery.message import DeliveryError, Mention, Message
from camp.delivery.signing import dingtalk_signature, feishu_signature, webhook_signature
from camp.delivery.splitting import numbered_parts, split_text

__all__ = [
    "RATES",
    "DeliveryError",
    "Mention",
    "Message",
    "Rate",
    "backoff_seconds",
    "channel_label",
    "deliver",
    "dingtalk_signature",
    "feishu_signature",
    "missing_channel_env",
    "numbered_parts",
    "safe_file_stem",
    "split_text",
    "webhook_signature",
]
