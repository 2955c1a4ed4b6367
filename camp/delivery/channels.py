"""Sending one announcement to one channel: stdout, a folder of files, or a robot."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from camp.delivery.message import DeliveryError, Message
from camp.delivery.webhooks import ROBOT_NAMES, ROBOT_TYPES, post_to_robot
from camp.models import Channel

__all__ = [
    "backoff_seconds",
    "channel_label",
    "deliver",
    "missing_channel_env",
    "safe_file_stem",
]

#: First wait after a failed delivery; it doubles with each failure, up to the cap.
BACKOFF_FIRST = 30.0
BACKOFF_CAP = 3600.0

#: Characters kept in a file name: letters and digits of any script, ".", "-" and "_".
_UNSAFE_RE = re.compile(r"[^\w.-]+")
#: File systems allow 255 bytes per name; keep room for the suffix and a hash.
_STEM_BYTES = 180


def channel_label(channel: Channel, index: int) -> str:
    """A stable, secret-free name of the channel for the outbox and error lists.

    ``index`` is the channel's position in ``definition.channels`` (from 0); the label
    counts from 1, as the camp file's error messages do (``channels[2]``), and tells two
    robots of the same type apart. Examples: ``"stdout"``, ``"folder:announcements"``,
    ``"dingtalk#2 (CAMP_DINGTALK_URL)"`` for the second channel.
    """
    if channel.type == "stdout":
        return "stdout"
    if channel.type == "folder":
        return f"folder:{channel.options.get('path', '')}"
    url_env = channel.options.get("url_env")
    return f"{channel.type}#{index + 1}" + (f" ({url_env})" if url_env else "")


def missing_channel_env(
    channels: Sequence[Channel], env: Mapping[str, str] | None = None
) -> list[str]:
    """One sentence per channel whose ``url_env`` or ``secret_env`` variable is not set
    in ``env`` (default: the process environment), for a check before the scheduler
    starts; empty when every robot can be reached.

    Channels count from 1, as in the camp file: ``"channel 2 (dingtalk):
    CAMP_DINGTALK_SECRET is not set; export it or remove secret_env"``.
    """
    env = os.environ if env is None else env
    problems = []
    for number, channel in enumerate(channels, start=1):
        url_env = channel.options.get("url_env")
        secret_env = channel.options.get("secret_env")
        url_missing, secret_missing = _unset(env, url_env), _unset(env, secret_env)
        robot = ROBOT_NAMES.get(channel.type, channel.type)
        where = f"channel {number} ({channel.type})"
        if url_missing and secret_missing:
            problems.append(
                f"{where}: {url_env} and {secret_env} are not set; export them with the "
                f"{robot} robot's webhook URL and signing secret"
            )
        elif url_missing:
            problems.append(
                f"{where}: {url_env} is not set; export it with the {robot} robot's webhook URL"
            )
        elif secret_missing:
            problems.append(f"{where}: {secret_env} is not set; export it or remove secret_env")
    return problems


def _unset(env: Mapping[str, str], name: object) -> bool:
    # A variable set to spaces is as good as missing: the robot would get no URL.
    return isinstance(name, str) and bool(name) and not env.get(name, "").strip()


def deliver(
    channel: Channel,
    message: Message,
    *,
    env: Mapping[str, str] | None = None,
    base_dir: Path | None = None,
    now: float | None = None,
    stdout: TextIO | None = None,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Send ``message`` to ``channel`` in full, or raise :class:`DeliveryError`.

    ``env`` holds the robots' URLs and secrets (default: the process environment);
    ``base_dir`` anchors a relative folder path (default: the current directory); ``now``
    is the epoch time the signatures use (default: the current time); ``stdout`` is the
    stream of the stdout channel (default: ``sys.stdout``); ``timeout`` bounds each HTTP
    request; ``sleep`` waits out a short rate limit met in the middle of a split message.

    A message too long for a robot goes as numbered parts; if one fails, the error is
    raised and a retry sends every part again (robots have no way to skip the parts
    already shown), which is accepted: the alternative is losing the rest.
    """
    if channel.type == "stdout":
        _print(message, stdout if stdout is not None else sys.stdout)
    elif channel.type == "folder":
        _write_file(channel, message, base_dir)
    elif channel.type in ROBOT_TYPES:
        post_to_robot(
            channel,
            message,
            env=os.environ if env is None else env,
            now=time.time() if now is None else now,
            timeout=timeout,
            sleep=sleep,
        )
    else:
        raise DeliveryError(
            f"{channel.type!r} is not a channel type; use one of stdout, folder, "
            + ", ".join(ROBOT_TYPES),
            retryable=False,
        )


def backoff_seconds(attempts: int) -> float:
    """The wait before trying a delivery again after ``attempts`` failed attempts.

    30 s, 1 min, 2 min, 4 min ... doubling up to 1 hour; deterministic (no jitter), so the
    outbox can store the next attempt's time. When the robot asked for longer
    (``DeliveryError.retry_after``), wait that long instead.
    """
    if attempts <= 1:
        return BACKOFF_FIRST
    # Past 2**7 the cap is reached anyway; stopping early keeps huge counts cheap.
    return min(BACKOFF_FIRST * 2 ** min(attempts - 1, 7), BACKOFF_CAP)


def safe_file_stem(key: str) -> str:
    """The announcement key as a file name without suffix: ``"cp-week/summary/d2"`` ->
    ``"cp-week_summary_d2"``.

    Runs of characters a file name cannot safely hold become ``_``; a name that had to be
    shortened ends with a hash of the key so two long keys stay apart.
    """
    stem = _UNSAFE_RE.sub("_", key).strip("._") or "announcement"
    encoded = stem.encode("utf-8")
    if len(encoded) <= _STEM_BYTES:
        return stem
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    head = encoded[: _STEM_BYTES - 13].decode("utf-8", errors="ignore")
    return f"{head}-{digest}"


# --------------------------------------------------------------------------- stdout, folder


def _print(message: Message, stream: TextIO) -> None:
    try:
        stream.write(f"== {message.title} ==\n{message.text.rstrip(chr(10))}\n\n")
        stream.flush()
    except (OSError, ValueError) as error:
        # ValueError: the stream was closed.
        raise DeliveryError(
            f"stdout: the announcement could not be printed ({error})", retryable=False
        ) from None


def _write_file(channel: Channel, message: Message, base_dir: Path | None) -> None:
    raw = channel.options.get("path")
    if not raw:
        raise DeliveryError(
            'the folder channel has no path; add path = "announcements" to it',
            retryable=False,
        )
    folder = Path(raw).expanduser()
    if not folder.is_absolute():
        folder = (base_dir if base_dir is not None else Path.cwd()) / folder
    stem = safe_file_stem(message.key)
    content = f"# {message.title}\n\n{message.text.rstrip(chr(10))}\n"
    if message.image:
        _write_atomically(raw, folder, stem + ".png", message.image)
    _write_atomically(raw, folder, stem + ".md", content.encode("utf-8"))


def _write_atomically(raw: str, folder: Path, name: str, data: bytes) -> None:
    temp_path = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A temporary file in the same folder, then a rename: a reader sees the old file
        # or the new one, never half of one, and a crash leaves no torn announcement.
        fd, temp_path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        # Announcements are for sharing: readable as the folder is (mkstemp makes 0600).
        os.fchmod(fd, stat.S_IMODE(folder.stat().st_mode) & 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_path, folder / name)
        temp_path = None
    except OSError as error:
        # A folder that cannot exist here (a file in the way, no permission) stays wrong
        # until the operator acts; anything else (a full disk) may pass later.
        retryable = not isinstance(
            error, PermissionError | NotADirectoryError | FileExistsError | IsADirectoryError
        )
        reason = error.strerror or type(error).__name__
        raise DeliveryError(
            f"folder:{raw}: could not write {name} in {folder} ({reason})", retryable=retryable
        ) from None
    finally:
        if temp_path is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_path)
