"""What each group-chat robot is sent: its requests (payload, format, size limit, signing).

Each robot has its own payload, format (:mod:`camp.delivery.formats`) and size limit:
see ``_PLANS``. A plan is pure: the HTTP side (:mod:`camp.delivery.http`) posts its
requests one by one, and the outbox records each one's fate, so a retry sends only the
parts not yet accepted. Error sentences name the robot type and the environment
variable, never the URL: for most robots the URL itself is the secret.

Mentions (``Message.mentions``, the members a reminder names) become the platform's real
mention only for a handle that is a well-formed id of that platform (see
``_MENTION_IDS``): anything else, and every word that would notify the whole group
(``all``, ``@all``, ``everyone``, ``here``, ``channel``), is skipped silently, the name
staying in the text as text. Nothing in an announcement can mention everyone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from camp.delivery.formats import (
    DINGTALK,
    DISCORD,
    SLACK,
    WECOM,
    markdown_parts_mentioning,
    post_parts_mentioning,
)
from camp.delivery.markup import Document, paragraph, parse
from camp.delivery.message import DeliveryError, Mention, Message
from camp.delivery.signing import dingtalk_signature, feishu_signature, webhook_signature
from camp.models import Channel

__all__ = [
    "ROBOT_NAMES",
    "ROBOT_TYPES",
    "Request",
    "RobotPlan",
    "channel_keywords",
    "plan_robot",
    "robot_lane",
]

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
#: Discord pings at most 100 users of ``allowed_mentions.users`` in one message.
DISCORD_MENTIONS_LIMIT = 100

USER_AGENT = "camp (study-camp announcements)"


@dataclass(frozen=True)
class Request:
    """One HTTP POST of a plan: a part of the text, or an image."""

    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class RobotPlan:
    """The requests that deliver one message to one robot, in order.

    ``robot`` names the robot's lane (its type and a digest of its URL, never the URL):
    two channels, of one camp or of two, that post to the same robot share its lane and
    its rate limit. ``scrub`` blanks the URL's and the secret's pieces from a text.
    """

    kind: str
    url_env: str
    robot: str
    requests: tuple[Request, ...]
    scrub: Callable[[str], str]

    def who(self, number: int) -> str:
        """``"wecom robot (CAMP_WECOM_URL) part 2/8"``, for error sentences."""
        total = len(self.requests)
        part = f" part {number}/{total}" if total > 1 else ""
        return f"{self.kind} robot ({self.url_env}){part}"


def plan_robot(
    channel: Channel, message: Message, *, env: Mapping[str, str], now: float
) -> RobotPlan:
    """The requests that post ``message`` to the robot of ``channel``, split into parts
    if it is too long; ``now`` is the epoch time the signatures use.

    Raises :class:`DeliveryError` (not retryable) when the channel cannot be reached as
    configured: no ``url_env``, the variable unset or not an http(s) URL, a missing secret.
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
    try:
        requests = _PLANS[kind](url, secret, message, now, channel_keywords(channel))
    except ValueError as error:
        # Only a keyword as long as a whole message leaves a part no room.
        raise DeliveryError(f"{kind} robot ({url_env}): {error}", retryable=False) from None
    return RobotPlan(kind, url_env, _lane(kind, url), tuple(requests), _scrubber(url, secret))


def robot_lane(channel: Channel, env: Mapping[str, str]) -> str:
    """The lane of the channel's robot (see :class:`RobotPlan`); a channel whose URL is
    not set gets a lane of its own variable's name (its deliveries fail at once)."""
    url_env = channel.options.get("url_env")
    url = env.get(url_env, "").strip() if isinstance(url_env, str) and url_env else ""
    if not url:
        return f"{channel.type}:{url_env or '-'}"
    return _lane(channel.type, url)


def _lane(kind: str, url: str) -> str:
    return f"{kind}:{hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]}"


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


# --------------------------------------------------------------------------- mentions

#: Handles that notify a whole group on some platform, whatever the robot: never sent.
_EVERYONE = frozenset({"all", "everyone", "here", "channel"})
#: A platform id, conservatively: letters, digits and the few signs each platform's ids
#: use, so no markup, space or special mention can pass for one.
_MENTION_IDS: dict[str, re.Pattern[str]] = {
    "wecom": re.compile(r"[A-Za-z0-9_.\-@]{1,64}"),  # a WeCom userid
    "dingtalk": re.compile(r"[A-Za-z0-9_\-]{1,64}"),  # a userid (a mobile: _MOBILE)
    "feishu": re.compile(r"[A-Za-z0-9_\-]{1,64}"),  # an open_id ("ou_…") or a user_id
    "slack": re.compile(r"[UW][A-Z0-9]{2,63}"),  # a member id ("U024BE7LH")
    "discord": re.compile(r"\d{15,21}"),  # a snowflake
}
#: A mobile number, which DingTalk mentions through ``atMobiles``.
_MOBILE = re.compile(r"\+?\d{6,15}")


def _mass_mention(handle: str) -> bool:
    """Whether ``handle`` reads as a mention of a whole group (``@all``, ``<!here>``…)."""
    word = handle.strip().lower().lstrip("<!@").rstrip(">").strip()
    return word in _EVERYONE or not word


def _mention_handles(kind: str, mentions: tuple[Mention, ...]) -> list[str]:
    """The handles of ``mentions`` the ``kind`` robot can mention, in order, once each."""
    pattern = _MENTION_IDS.get(kind)
    handles: list[str] = []
    for mention in mentions:
        handle = mention.handle.strip()
        if pattern is None or _mass_mention(handle) or handle in handles:
            continue
        if pattern.fullmatch(handle) or (kind == "dingtalk" and _MOBILE.fullmatch(handle)):
            handles.append(handle)
    return handles


# --------------------------------------------------------------------------- payloads


def _body(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_request(url: str, body: bytes, extra: dict[str, str] | None = None) -> Request:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        **(extra or {}),
    }
    return Request(url, body, headers)


def _document_of(message: Message) -> Document:
    # Robots refuse an empty message; an announcement with no text still has a title.
    document = parse(message.text)
    return document if document else paragraph(message.title)


def _wecom(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[Request]:
    # Markdown mentions with <@userid> (``mentioned_list`` is for text messages only).
    mentions = [(h, f"<@{h}>") for h in _mention_handles("wecom", message.mentions)]
    parts = markdown_parts_mentioning(
        _document_of(message), WECOM, WECOM_LIMIT, keywords, mentions
    )
    requests = [
        _json_request(url, _body({"msgtype": "markdown", "markdown": {"content": p}}))
        for p, _ in parts
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
) -> list[Request]:
    if secret:
        timestamp = int(now * 1000)
        query = urllib.parse.urlencode(
            {"timestamp": timestamp, "sign": dingtalk_signature(secret, timestamp)}
        )
        url = url + ("&" if urllib.parse.urlsplit(url).query else "?") + query
    # A markdown message notifies whom ``at`` lists, when the text has "@" and the id too.
    mentions = [(h, f"@{h}") for h in _mention_handles("dingtalk", message.mentions)]
    parts = markdown_parts_mentioning(
        _document_of(message), DINGTALK, DINGTALK_LIMIT, keywords, mentions
    )
    total = len(parts)
    requests = []
    for number, (part, handles) in enumerate(parts, start=1):
        title = message.title if number == 1 else f"({number}/{total}) {message.title}"
        payload: dict = {"msgtype": "markdown", "markdown": {"title": title, "text": part}}
        if handles:
            mobiles = [h for h in handles if _MOBILE.fullmatch(h)]
            payload["at"] = {
                "atMobiles": mobiles,
                "atUserIds": [h for h in handles if h not in mobiles],
                "isAtAll": False,
            }
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
) -> list[Request]:
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

    handles = _mention_handles("feishu", message.mentions)
    contents = post_parts_mentioning(_document_of(message), room, keywords, handles)
    total = len(contents)
    return [
        _json_request(url, _body(payload(title_of(number, total), content)))
        for number, (content, _) in enumerate(contents, start=1)
    ]


def _slack(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[Request]:
    # The top-level text is mrkdwn already; blocks would need it again as the
    # notification's fallback, doubling every post for no gain.
    mentions = [(h, f"<@{h}>") for h in _mention_handles("slack", message.mentions)]
    parts = markdown_parts_mentioning(
        _document_of(message), SLACK, SLACK_LIMIT, keywords, mentions
    )
    return [_json_request(url, _body({"text": p})) for p, _ in parts]


def _discord(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[Request]:
    mentions = [(h, f"<@{h}>") for h in _mention_handles("discord", message.mentions)]
    parts = markdown_parts_mentioning(
        _document_of(message),
        DISCORD,
        DISCORD_LIMIT,
        keywords,
        mentions,
        per_part=DISCORD_MENTIONS_LIMIT,
    )
    requests = []
    for part, handles in parts:
        # No @everyone, role or user pings from an announcement, whatever its text says:
        # only the users the part mentions on purpose.
        allowed: dict = {"parse": []}
        if handles:
            allowed["users"] = list(handles)
        requests.append(_json_request(url, _body({"content": part, "allowed_mentions": allowed})))
    if message.image and len(message.image) <= DISCORD_IMAGE_LIMIT:
        requests.append(_discord_file(url, message.image, "standings.png"))
    return requests


def _discord_file(url: str, image: bytes, filename: str) -> Request:
    """A multipart upload of one PNG, the way Discord webhooks take files (httpx writes
    the multipart body; the plan keeps its bytes, so every attempt posts the same)."""
    payload = _body(
        {"allowed_mentions": {"parse": []}, "attachments": [{"id": 0, "filename": filename}]}
    )
    upload = httpx.Request(
        "POST",
        url,
        files={
            "payload_json": (None, payload, "application/json"),
            "files[0]": (filename, image, "image/png"),
        },
    )
    body = upload.read()
    headers = {"Content-Type": upload.headers["Content-Type"], "User-Agent": USER_AGENT}
    return Request(url, body, headers)


def _webhook(
    url: str, secret: str | None, message: Message, now: float, keywords: tuple[str, ...]
) -> list[Request]:
    # The text as it is: receivers rely on the announcement's own Markdown.
    payload: dict = {
        "title": message.title,
        "text": message.text,
        "kind": message.kind,
        "key": message.key,
    }
    # The receiver decides how to mention them; only a call to the whole group is left out.
    mentions = [
        {"name": m.name, "handle": m.handle.strip()}
        for m in message.mentions
        if not _mass_mention(m.handle)
    ]
    if mentions:
        payload["mentions"] = mentions
    body = _body(payload)
    # The signature covers exactly the bytes sent, so the receiver can check them as they are.
    extra = {"X-Camp-Signature": webhook_signature(secret, body)} if secret else None
    return [_json_request(url, body, extra)]


#: A robot's plan: (url, secret, message, now, keywords) -> the requests to send, in order.
_Plan = Callable[[str, str | None, Message, float, tuple[str, ...]], list[Request]]

_PLANS: dict[str, _Plan] = {
    "wecom": _wecom,
    "dingtalk": _dingtalk,
    "feishu": _feishu,
    "slack": _slack,
    "discord": _discord,
    "webhook": _webhook,
}
