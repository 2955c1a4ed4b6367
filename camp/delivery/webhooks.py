"""Posting an announcement to a group-chat robot's webhook (urllib, JSON, UTF-8).

Each robot has its own payload, format (:mod:`camp.delivery.formats`), size limit and
way of saying "refused": see ``_PLANS`` and ``_reply_problem``. Error sentences name the
robot type and the environment variable, never the URL: for most robots the URL itself
is the secret.
"""

from __future__ import annotations

import base64
import email.message
import email.utils
import hashlib
import http.client
import json
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from camp.delivery.formats import DINGTALK, DISCORD, SLACK, WECOM, markdown_parts, post_parts
from camp.delivery.markup import Document, paragraph, parse
from camp.delivery.message import DeliveryError, Message
from camp.delivery.signing import dingtalk_signature, feishu_signature, webhook_signature
from camp.models import Channel

__all__ = ["ROBOT_NAMES", "ROBOT_TYPES", "channel_keywords", "post_to_robot"]

#: How each robot type is called in messages to the operator.
ROBOT_NAMES: dict[str, str] = {
    "wecom": "WeCom",
    "dingtalk": "DingTalk",
    "feishu": "Feishu",
    "slack": "Slack",
    "discord": "Discord",
    "webhook": "webhook",
}
ROBOT_TYPES: tuple[str, ...] = tuple(ROBOT_NAMES)

#: Markdown content of a WeCom robot, in UTF-8 bytes.
WECOM_LIMIT = 4096
#: DingTalk documents no figure for markdown; 20,000 bytes is what it accepts in practice
#: and keeps a message readable on a phone.
DINGTALK_LIMIT = 20_000
#: The whole JSON body of a Feishu request ("20 KB"), kept a little under 20 KiB.
FEISHU_BODY_LIMIT = 20_000
#: Slack's section text and Discord's content, in characters (UTF-16 units to be safe).
SLACK_LIMIT = 3000
DISCORD_LIMIT = 2000
#: Images: WeCom takes up to 2 MB; Discord webhooks up to 8 MB without boosts.
WECOM_IMAGE_LIMIT = 2 * 1024 * 1024
DISCORD_IMAGE_LIMIT = 8 * 1024 * 1024

#: A rate limit met on a later part is waited out in place when the robot asks for at most
#: this long: raising would make the retry post the earlier parts a second time.
_WAIT_IN_PLACE = 5.0
#: Enough of a reply to explain a failure; a robot's replies are small.
_REPLY_BYTES = 65_536
_USER_AGENT = "camp (study-camp announcements)"

#: Reply codes that mean "slow down" or "busy": the same message may pass later.
_RETRYABLE_CODES: dict[str, frozenset[int]] = {
    "wecom": frozenset({-1, 45009}),
    "dingtalk": frozenset({-1, 130101}),
    "feishu": frozenset({11232}),
}
_RETRYABLE_WORDS = ("too fast", "frequency", "too many", "busy")


@dataclass(frozen=True)
class _Request:
    url: str
    body: bytes
    headers: dict[str, str]


def post_to_robot(
    channel: Channel,
    message: Message,
    *,
    env: Mapping[str, str],
    now: float,
    timeout: float,
    sleep: Callable[[float], None],
) -> None:
    """Post ``message`` to the robot of ``channel``, split into parts if it is too long.

    Parts go in order; the first part that fails raises :class:`DeliveryError`. A retry
    then sends the whole message again, so a robot may show the parts before the
    failed one twice: that is the price of robots having no idempotency key, and the
    rate limit of a later part is waited out in place (briefly) to make it rare.
    """
    kind = channel.type
    url_env = channel.options.get("url_env")
    if not url_env:
        raise DeliveryError(
            f"the {kind} channel has no url_env; name the environment variable that holds "
            f"the {ROBOT_NAMES[kind]} robot's webhook URL",
            retryable=False,
        )
    url = _required(env, url_env, f"the {ROBOT_NAMES[kind]} robot's webhook URL")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError(
            f"{url_env} does not hold an http(s) URL; set it to the {ROBOT_NAMES[kind]} "
            "robot's webhook URL",
            retryable=False,
        )
    secret_env = channel.options.get("secret_env")
    secret = None
    if secret_env:
        secret = _required(
            env,
            secret_env,
            f"the {ROBOT_NAMES[kind]} robot's signing secret (or remove secret_env from "
            "the channel)",
        )
    scrub = _scrubber(url, secret)
    try:
        requests = _PLANS[kind](url, secret, message, now, channel_keywords(channel))
    except ValueError as error:
        # Only a keyword as long as a whole message leaves a part no room.
        raise DeliveryError(f"{kind} robot ({url_env}): {error}", retryable=False) from None
    total = len(requests)
    for number, request in enumerate(requests, start=1):
        who = f"{kind} robot ({url_env})" + (f" part {number}/{total}" if total > 1 else "")
        try:
            _send(kind, request, who, url_env, timeout, now, scrub)
        except DeliveryError as error:
            wait = error.retry_after
            if number == 1 or not error.retryable or wait is None or wait > _WAIT_IN_PLACE:
                raise
            sleep(wait)
            _send(kind, request, who, url_env, timeout, now, scrub)


def channel_keywords(channel: Channel) -> tuple[str, ...]:
    """The words the channel's robot requires in every message (``keyword`` and
    ``keywords`` of the camp file, in order, without repeats)."""
    words: list[str] = []
    single = channel.options.get("keyword")
    several = channel.options.get("keywords")
    for word in [single, *(several if isinstance(several, list | tuple) else [])]:
        if isinstance(word, str) and word.strip():
            words.append(word.strip())
    return tuple(dict.fromkeys(words))


# --------------------------------------------------------------------------- environment


def _required(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise DeliveryError(f"{name} is not set; export it with {what}", retryable=False)
    return value


def _scrubber(url: str, secret: str | None) -> Callable[[str], str]:
    """A function that blanks every piece of the URL or secret that could be a key."""
    parts = urllib.parse.urlsplit(url)
    pieces = {url, parts.path, parts.query, parts.netloc if parts.password else ""}
    pieces.update(parts.path.split("/"))
    for _, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        pieces.update({value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)})
    pieces |= {urllib.parse.unquote(p) for p in pieces}
    # Short pieces ("send", "api") are words, not keys; blanking them would garble the text.
    fragments = sorted((p for p in pieces if len(p) >= 8), key=len, reverse=True)
    if secret and len(secret) >= 4:
        fragments.insert(0, secret)

    def scrub(text: str) -> str:
        for fragment in fragments:
            text = text.replace(fragment, "***")
        return text

    return scrub


# --------------------------------------------------------------------------- payloads


def _body(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_request(url: str, body: bytes, extra: dict[str, str] | None = None) -> _Request:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": _USER_AGENT,
        **(extra or {}),
    }
    return _Request(url, body, headers)


def _document_of(message: Message) -> Document:
    # Robots refuse an empty message; an announcement with no text still has a title.
    document = parse(message.text)
    return document if document else paragraph(message.title)


def _wecom(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[_Request]:
    parts = markdown_parts(_document_of(message), WECOM, WECOM_LIMIT, keywords)
    requests = [
        _json_request(url, _body({"msgtype": "markdown", "markdown": {"content": p}}))
        for p in parts
    ]
    if message.image and len(message.image) <= WECOM_IMAGE_LIMIT:
        image = {
            "base64": base64.b64encode(message.image).decode("ascii"),
            "md5": hashlib.md5(message.image).hexdigest(),
        }
        requests.append(_json_request(url, _body({"msgtype": "image", "image": image})))
    return requests


def _dingtalk(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[_Request]:
    if secret:
        timestamp = int(now * 1000)
        query = urllib.parse.urlencode(
            {"timestamp": timestamp, "sign": dingtalk_signature(secret, timestamp)}
        )
        url = url + ("&" if urllib.parse.urlsplit(url).query else "?") + query
    parts = markdown_parts(_document_of(message), DINGTALK, DINGTALK_LIMIT, keywords)
    total = len(parts)
    requests = []
    for number, part in enumerate(parts, start=1):
        title = message.title if number == 1 else f"({number}/{total}) {message.title}"
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": part}}
        requests.append(_json_request(url, _body(payload)))
    return requests


#: The ``post`` body for each camp language (by its first letters); Feishu shows the
#: one of the reader's language and falls back on another.
_POST_LANGUAGES = {"en": "en_us", "ja": "ja_jp"}


def _post_language(language: str | None) -> str:
    prefix = (language or "").lower()[:2]
    return _POST_LANGUAGES.get(prefix, "zh_cn")


def _feishu(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[_Request]:
    language = _post_language(message.language)

    def payload(title: str, content: list) -> dict:
        post = {language: {"title": title, "content": content}}
        data: dict = {"msg_type": "post", "content": {"post": post}}
        if secret:
            timestamp = int(now)
            data.update(timestamp=str(timestamp), sign=feishu_signature(secret, timestamp))
        return data

    def title_of(number: int, total: int) -> str:
        return message.title if number == 1 else f"({number}/{total}) {message.title}"

    def room(digits: int) -> int:
        # The limit is on the whole body: what is left for the lines once the rest,
        # with the longest numbered title, is counted.
        widest = 10**digits - 1
        title = title_of(widest, widest) if digits else message.title
        return FEISHU_BODY_LIMIT - len(_body(payload(title, [])))

    contents = post_parts(_document_of(message), room, keywords)
    total = len(contents)
    return [
        _json_request(url, _body(payload(title_of(number, total), content)))
        for number, content in enumerate(contents, start=1)
    ]


def _slack(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[_Request]:
    # The top-level text is mrkdwn already; blocks would need it again as the
    # notification's fallback, doubling every post for no gain.
    parts = markdown_parts(_document_of(message), SLACK, SLACK_LIMIT, keywords)
    return [_json_request(url, _body({"text": p})) for p in parts]


def _discord(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[_Request]:
    parts = markdown_parts(_document_of(message), DISCORD, DISCORD_LIMIT, keywords)
    # No @everyone, role or user pings from an announcement, whatever its text says.
    requests = [
        _json_request(url, _body({"content": p, "allowed_mentions": {"parse": []}})) for p in parts
    ]
    if message.image and len(message.image) <= DISCORD_IMAGE_LIMIT:
        requests.append(_discord_file(url, message.image, "standings.png"))
    return requests


def _discord_file(url: str, image: bytes, filename: str) -> _Request:
    """A multipart upload of one PNG, the way Discord webhooks take files."""
    boundary = f"camp-{hashlib.sha256(image).hexdigest()[:24]}"
    payload = _body(
        {"allowed_mentions": {"parse": []}, "attachments": [{"id": 0, "filename": filename}]}
    )
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="payload_json"\r\n',
            b"Content-Type: application/json\r\n\r\n",
            payload,
            f"\r\n--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="files[0]"; filename="{filename}"\r\n'.encode(),
            b"Content-Type: image/png\r\n\r\n",
            image,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "User-Agent": _USER_AGENT,
    }
    return _Request(url, body, headers)


def _webhook(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[_Request]:
    # The text as it is: receivers rely on the announcement's own Markdown.
    payload = {
        "title": message.title,
        "text": message.text,
        "kind": message.kind,
        "key": message.key,
    }
    body = _body(payload)
    # The signature covers exactly the bytes sent, so the receiver can check them as they are.
    extra = {"X-Camp-Signature": webhook_signature(secret, body)} if secret else None
    return [_json_request(url, body, extra)]


#: A robot's plan: (url, secret, message, now, keywords) -> the requests to send, in order.
_Plan = Callable[[str, str | None, Message, float, tuple[str, ...]], list[_Request]]

_PLANS: dict[str, _Plan] = {
    "wecom": _wecom,
    "dingtalk": _dingtalk,
    "feishu": _feishu,
    "slack": _slack,
    "discord": _discord,
    "webhook": _webhook,
}


# --------------------------------------------------------------------------- HTTP


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook that redirects is misconfigured; following it would turn the POST into a
    GET and report success for a message nobody received."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _send(
    kind: str,
    request: _Request,
    who: str,
    var: str,
    timeout: float,
    now: float,
    scrub: Callable[[str], str],
) -> None:
    opener = urllib.request.build_opener(_RefuseRedirects)
    http_request = urllib.request.Request(
        request.url, data=request.body, headers=request.headers, method="POST"
    )
    try:
        # urllib raises HTTPError for every status but 2xx, so reaching the body means 2xx.
        with opener.open(http_request, timeout=timeout) as response:
            reply = response.read(_REPLY_BYTES)
    except urllib.error.HTTPError as error:
        try:
            reply = error.read(_REPLY_BYTES)
        except (OSError, http.client.HTTPException):
            reply = b""
        finally:
            error.close()
        raise _status_error(who, var, error.code, error.headers, reply, now, scrub) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _timeout_error(who, timeout) from None
        raise DeliveryError(
            f"{who}: could not reach the robot ({scrub(str(error.reason))})", retryable=True
        ) from None
    except TimeoutError:
        raise _timeout_error(who, timeout) from None
    except (OSError, http.client.HTTPException) as error:
        detail = scrub(str(error)) or type(error).__name__
        raise DeliveryError(
            f"{who}: the connection failed before the robot answered ({detail})",
            retryable=True,
        ) from None
    problem = _reply_problem(kind, reply, var)
    if problem is not None:
        detail, retryable = problem
        raise DeliveryError(f"{who}: {scrub(detail)}", retryable=retryable)


def _timeout_error(who: str, timeout: float) -> DeliveryError:
    return DeliveryError(f"{who}: no answer from the robot within {timeout:g} s", retryable=True)


def _status_error(
    who: str,
    var: str,
    status: int,
    headers: email.message.Message | None,
    reply: bytes,
    now: float,
    scrub: Callable[[str], str],
) -> DeliveryError:
    detail = _reply_detail(reply)
    said = f" ({scrub(detail)})" if detail else ""
    retry_after = _retry_after(headers, reply, now)
    if status == 429:
        wait = f"; it asks to wait {retry_after:g} s" if retry_after is not None else ""
        return DeliveryError(
            f"{who}: the robot's rate limit was hit (HTTP 429){said}{wait}",
            retryable=True,
            retry_after=retry_after,
        )
    if status >= 500 or status == 408:
        return DeliveryError(
            f"{who}: the robot's server failed with HTTP {status}{said}",
            retryable=True,
            retry_after=retry_after,
        )
    if 300 <= status < 400:
        return DeliveryError(
            f"{who}: the URL redirects elsewhere (HTTP {status}); set {var} to the robot's "
            "webhook URL itself",
            retryable=False,
        )
    if status in (401, 403, 404, 410):
        return DeliveryError(
            f"{who}: the robot refused the message with HTTP {status}{said}; check that {var} "
            "holds the robot's current webhook URL",
            retryable=False,
        )
    return DeliveryError(
        f"{who}: the robot refused the message with HTTP {status}{said}", retryable=False
    )


def _retry_after(headers: email.message.Message | None, reply: bytes, now: float) -> float | None:
    """The wait a rate-limited robot asks for: Discord's ``retry_after``, else Retry-After."""
    data = _json(reply)
    if isinstance(data, dict):
        value = data.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _seconds(float(value))
    header = headers.get("Retry-After") if headers is not None else None
    if not header:
        return None
    try:
        return _seconds(float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return _seconds(when.timestamp() - now)


def _seconds(value: float) -> float | None:
    if math.isnan(value) or math.isinf(value):
        return None
    return max(value, 0.0)


def _json(reply: bytes) -> object:
    try:
        return json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _reply_detail(reply: bytes) -> str:
    """What the robot said about a failure, on one short line."""
    data = _json(reply)
    if isinstance(data, dict):
        for key in ("errmsg", "msg", "message", "StatusMessage", "error", "description"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return _one_line(value)
    return _one_line(reply.decode("utf-8", errors="replace"))


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reply_problem(kind: str, reply: bytes, var: str) -> tuple[str, bool] | None:
    """``(detail, retryable)`` when a 2xx reply still reports a failure, else ``None``.

    WeCom, DingTalk and Feishu answer HTTP 200 to a refused message and put the verdict
    in a JSON code; Slack, Discord and generic webhooks use HTTP statuses.
    """
    if kind not in _RETRYABLE_CODES:
        return None
    data = _json(reply)
    field = "code" if kind == "feishu" else "errcode"
    code = None
    if isinstance(data, dict):
        code = data.get(field, data.get("StatusCode") if kind == "feishu" else None)
    if not isinstance(code, int) or isinstance(code, bool):
        return (
            f"the reply is not the robot's JSON answer; check that {var} holds the "
            f"{ROBOT_NAMES[kind]} robot's webhook URL",
            False,
        )
    if code == 0:
        return None
    said = _reply_detail(reply)
    retryable = code in _RETRYABLE_CODES[kind] or any(w in said.lower() for w in _RETRYABLE_WORDS)
    return f"the robot refused the message ({field} {code}: {said})", retryable
