"""Signatures of signed robots: DingTalk, Feishu/Lark and the generic JSON webhook."""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["dingtalk_signature", "feishu_signature", "webhook_signature"]


def dingtalk_signature(secret: str, timestamp_ms: int) -> str:
    """DingTalk's ``sign``: base64 of HMAC-SHA256 keyed by the secret over ``"{ts}\\n{secret}"``.

    The caller URL-quotes it and sends it with ``timestamp`` (milliseconds) in the query.
    """
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_signature(secret: str, timestamp_s: int) -> str:
    """Feishu/Lark's ``sign``: base64 of HMAC-SHA256 keyed by ``"{ts}\\n{secret}"`` over nothing.

    The key and message look swapped, but that is how Feishu computes it; ``timestamp``
    (seconds, as a string) and ``sign`` go in the JSON body.
    """
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def webhook_signature(secret: str, body: bytes) -> str:
    """The ``X-Camp-Signature`` header of the generic webhook: ``sha256=<hex HMAC of the body>``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
