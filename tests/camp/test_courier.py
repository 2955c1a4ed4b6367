"""The courier against robots that misbehave: slow, trickling, hung, refusing at part N,
counting posts a minute, demanding a keyword. Each double is a real HTTP server on
127.0.0.1 that records every request it gets."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pendulum
import pytest

from camp.db import open_db
from camp.delivery.limits import Rate
from camp.services.camps import create_camp
from camp.services.members import add_members
from camp.services.outbox import deliver_due, drop_delivery, list_outbox, retry_delivery
from camp.services.running import channel_problems, run_due

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
#: Day 1, 19:31 in Shanghai: the opening ceremony (19:30) is due.
OPENING = pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai")
#: Every robot a hundred times faster than life, so the tests take seconds.
FAST = {
    kind: Rate(rate.posts, rate.seconds / 100)
    for kind, rate in {
        "slack": Rate(60),
        "wecom": Rate(20),
        "dingtalk": Rate(20),
        "feishu": Rate(100),
    }.items()
}
#: Five Slack posts (3,000 characters each at most), every line saying its number.
LONG_OPENING = "{% for i in range(600) %}line {{ i }} of the opening ceremony\n{% endfor %}"
_LINE = re.compile(rb"line (\d+) of")


@dataclass
class Post:
    path: str
    body: bytes
    at: float

    def json(self) -> dict:
        return json.loads(self.body)

    def first_line(self) -> int:
        found = _LINE.search(self.body)
        return int(found.group(1)) if found else -1


@dataclass
class Double:
    """What each path does with its n-th post (from 1); every post is recorded."""

    posts: list[Post] = field(default_factory=list)
    behaviour: dict[str, Callable[[int, bytes], tuple]] = field(default_factory=dict)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def at(self, path: str) -> list[Post]:
        return [p for p in self.posts if p.path == path]


def ok(reply: bytes = b"ok") -> tuple:
    return ("reply", 200, reply, {})


@pytest.fixture
def double():
    state = Double()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state.lock:
                state.posts.append(Post(self.path, body, time.monotonic()))
                n = len(state.at(self.path))
            rule = state.behaviour.get(self.path, lambda n, body: ok())
            action = rule(n, body)
            try:
                if action[0] == "hang":
                    time.sleep(action[1])
                    return
                if action[0] == "trickle":
                    self.send_response(200)
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    for _ in range(100):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(action[1])
                    return
                _, status, reply, headers, *delay = action
                if delay:
                    time.sleep(delay[0])
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:
                pass  # the client gave up: expected for hung and trickling robots

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass

    server = Server(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def make_camp(db, tmp_path, channels: str, *, slug: str = "robots", long: bool = True):
    folder = tmp_path / slug
    folder.mkdir()
    original = (DATA / "cp_announced.toml").read_text(encoding="utf-8")
    # Only the robot channels: the folder channel of the sample stays out.
    original = original.replace('[[channels]]\ntype = "folder"\npath = "announcements"\n', "")
    definition = folder / "camp.toml"
    definition.write_text(
        original.replace("[camp]\n", '[camp]\nmessages = "messages"\n', 1) + channels,
        encoding="utf-8",
    )
    (folder / "messages").mkdir()
    if long:
        (folder / "messages" / "opening.md.j2").write_text(LONG_OPENING, encoding="utf-8")
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(definition), name=slug.title(), start=START, now=now, slug=slug)
    add_members(db, camp.slug, ["Ann", "Ben"], now=now)
    return camp


def channel(kind: str, env: str, extra: str = "") -> str:
    return f'\n[[channels]]\ntype = "{kind}"\nurl_env = "{env}"\n{extra}'


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "courier.db")


def opening_of(db, slug: str) -> dict:
    entry = next(e for e in list_outbox(db, slug) if e.kind == "opening")
    return {"id": entry.id, **entry.deliveries[0]}


def produce(db) -> None:
    run_due(db, OPENING, deliver=False)


def test_a_slow_robot_that_answers_in_time_gets_each_part_once(db, tmp_path, double):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"))
    double.behaviour["/slack"] = lambda n, body: ("reply", 200, b"ok", {}, 0.4)
    produce(db)
    deliver_due(db, OPENING, env={"SLACK_URL": f"{double.url}/slack"}, rates=FAST, deadline=3)
    opening = opening_of(db, "robots")
    assert opening["status"] == "sent", opening["last_error"]
    assert opening["parts"]["total"] > 3
    lines = [p.first_line() for p in double.at("/slack")]
    assert len(lines) == len(set(lines))  # no part twice
    assert [h["outcome"] for h in opening["history"]] == ["sent"]


@pytest.mark.parametrize(
    "behaviour",
    [("hang", 5), ("trickle", 0.2)],
    ids=["hangs", "trickles a byte at a time"],
)
def test_a_robot_that_takes_the_body_and_never_answers_in_full_is_uncertain(
    db, tmp_path, double, behaviour
):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"))
    double.behaviour["/slack"] = lambda n, body: behaviour if n == 2 else ok()
    produce(db)
    began = time.monotonic()
    deliver_due(db, OPENING, env={"SLACK_URL": f"{double.url}/slack"}, rates=FAST, deadline=1)
    # The deadline is for the whole request: a trickle is cut off too.
    assert time.monotonic() - began < 4
    opening = opening_of(db, "robots")
    assert opening["status"] == "uncertain"
    total = opening["parts"]["total"]
    assert total > 3 and opening["parts"] == {"total": total, "sent": 1, "uncertain": [2]}
    assert "no answer within 1 s" in opening["last_error"]
    assert len(double.at("/slack")) == 2  # part 2 is not sent again on its own
    # Nothing is sent again on its own, in a later run either.
    deliver_due(db, OPENING.add(hours=2), env={"SLACK_URL": f"{double.url}/slack"}, rates=FAST)
    assert len(double.at("/slack")) == 2


def test_uncertain_then_the_operator_says_it_arrived_sends_only_the_rest(db, tmp_path, double):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"))
    double.behaviour["/slack"] = lambda n, body: ("hang", 3) if n == 2 else ok()
    env = {"SLACK_URL": f"{double.url}/slack"}
    produce(db)
    deliver_due(db, OPENING, env=env, rates=FAST, deadline=1)
    opening = opening_of(db, "robots")
    assert retry_delivery(db, opening["id"], OPENING.add(minutes=5), arrived=True) == 1
    deliver_due(db, OPENING.add(minutes=5), env=env, rates=FAST)
    opening = opening_of(db, "robots")
    assert opening["status"] == "sent"
    firsts = [p.first_line() for p in double.at("/slack")]
    total = opening["parts"]["total"]
    assert len(firsts) == total and len(set(firsts)) == total  # 2 (in doubt) not again
    # The history keeps every attempt, the uncertain one too.
    outcomes = [h["outcome"] for h in opening["history"]]
    assert outcomes == ["uncertain", "retry", "sent"]
    assert "no answer" in opening["history"][0]["error"]


def test_uncertain_then_retried_sends_the_part_in_doubt_again(db, tmp_path, double):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"))
    double.behaviour["/slack"] = lambda n, body: ("hang", 3) if n == 2 else ok()
    env = {"SLACK_URL": f"{double.url}/slack"}
    produce(db)
    deliver_due(db, OPENING, env=env, rates=FAST, deadline=1)
    opening = opening_of(db, "robots")
    retry_delivery(db, opening["id"], OPENING.add(minutes=5))
    deliver_due(db, OPENING.add(minutes=5), env=env, rates=FAST)
    firsts = [p.first_line() for p in double.at("/slack")]
    total = opening_of(db, "robots")["parts"]["total"]
    # Part 2 twice, by the operator's word; every other part once.
    assert len(firsts) == total + 1 and firsts[1] == firsts[2] and len(set(firsts)) == total
    assert opening_of(db, "robots")["status"] == "sent"


def test_a_refusal_at_part_3_retries_only_the_parts_from_3_on(db, tmp_path, double):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"))
    double.behaviour["/slack"] = lambda n, body: (
        ("reply", 429, b"rate_limited", {"Retry-After": "40"}) if n == 3 else ok()
    )
    env = {"SLACK_URL": f"{double.url}/slack"}
    produce(db)
    deliver_due(db, OPENING, env=env, rates=FAST)
    opening = opening_of(db, "robots")
    assert opening["status"] == "pending" and opening["parts"]["sent"] == 2
    # The lane rests as asked: the next run within the 40 s sends nothing.
    deliver_due(db, OPENING.add(seconds=20), env=env, rates=FAST)
    assert len(double.at("/slack")) == 3
    deliver_due(db, OPENING.add(seconds=45), env=env, rates=FAST)
    firsts = [p.first_line() for p in double.at("/slack")]
    opening = opening_of(db, "robots")
    total = opening["parts"]["total"]
    # 1, 2, 3 (refused), then 3, 4, ...: parts 1 and 2 never twice.
    assert len(firsts) == total + 1 and firsts[2] == firsts[3] and len(set(firsts)) == total
    assert opening["status"] == "sent"
    assert [h["outcome"] for h in opening["history"]] == ["pending", "sent"]


def test_a_robot_counting_posts_a_minute_is_never_sent_past_its_limit(db, tmp_path, double):
    # The double refuses a 21st post within its (scaled) minute, as WeCom does.
    make_camp(db, tmp_path, channel("wecom", "WECOM_URL"), long=False)
    window = FAST["wecom"].seconds

    def wecom(n, body):
        with double.lock:
            times = [p.at for p in double.at("/wecom")]
        recent = [t for t in times if t > times[-1] - window]
        if len(recent) > 20:
            return ("reply", 200, b'{"errcode": 45009, "errmsg": "api freq out of limit"}', {})
        return ("reply", 200, b'{"errcode": 0, "errmsg": "ok"}', {})

    double.behaviour["/wecom"] = wecom
    after = pendulum.datetime(2026, 12, 9, 12, tz="Asia/Shanghai")
    run_due(db, after, grace_seconds=10**8, deliver=False)
    deliver_due(db, after, env={"WECOM_URL": f"{double.url}/wecom"}, rates=FAST)
    statuses = {d["status"] for e in list_outbox(db) for d in e.deliveries}
    assert statuses == {"sent"}
    posts = double.at("/wecom")
    assert len(posts) >= 29  # every announcement, its standings image too
    times = [p.at for p in posts]
    assert max(sum(1 for t in times if s <= t < s + window) for s in times) <= 20


def test_a_hung_robot_delays_only_its_own_lane(db, tmp_path, double):
    make_camp(db, tmp_path, channel("dingtalk", "HUNG_URL"), slug="stuck", long=False)
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"), slug="healthy", long=False)
    double.behaviour["/hung"] = lambda n, body: ("hang", 10)
    env = {"HUNG_URL": f"{double.url}/hung", "SLACK_URL": f"{double.url}/slack"}
    after = pendulum.datetime(2026, 12, 9, 12, tz="Asia/Shanghai")
    run_due(db, after, grace_seconds=10**8, deliver=False)
    began = time.monotonic()
    deliver_due(db, after, env=env, rates=FAST, deadline=2)
    healthy = double.at("/slack")
    assert len(healthy) == 29
    # Every healthy post went out while the hung robot's first request was still waiting.
    assert healthy[-1].at - began < 2
    stuck = [d for e in list_outbox(db, "stuck") for d in e.deliveries]
    # One request went out and is in doubt; the lane rests, so the rest waits for later.
    assert len(double.at("/hung")) == 1
    assert sorted({d["status"] for d in stuck}) == ["pending", "uncertain"]
    assert sum(d["status"] == "uncertain" for d in stuck) == 1


def test_a_keyword_robot_gets_the_keyword_in_every_part(db, tmp_path, double):
    make_camp(db, tmp_path, channel("dingtalk", "DT_URL", 'keyword = "打卡"\n'))

    def dingtalk(n, body):
        if "打卡" not in json.loads(body)["markdown"]["text"]:
            return (
                "reply",
                200,
                json.dumps({"errcode": 310000, "errmsg": "keywords not in content"}).encode(),
                {},
            )
        return ("reply", 200, b'{"errcode": 0, "errmsg": "ok"}', {})

    double.behaviour["/dt"] = dingtalk
    produce(db)
    deliver_due(db, OPENING, env={"DT_URL": f"{double.url}/dt"}, rates=FAST)
    opening = opening_of(db, "robots")
    assert opening["status"] == "sent" and opening["parts"]["total"] > 1
    assert all("打卡" in p.json()["markdown"]["text"] for p in double.at("/dt"))


def test_an_uncertain_delivery_can_be_dropped_and_the_robot_is_never_asked_again(
    db, tmp_path, double
):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"), long=False)
    double.behaviour["/slack"] = lambda n, body: ("hang", 3)
    env = {"SLACK_URL": f"{double.url}/slack"}
    produce(db)
    deliver_due(db, OPENING, env=env, rates=FAST, deadline=1)
    opening = opening_of(db, "robots")
    assert opening["status"] == "uncertain"
    assert drop_delivery(db, opening["id"], OPENING) >= 1
    deliver_due(db, OPENING.add(hours=3), env=env, rates=FAST)
    assert opening_of(db, "robots")["status"] == "dropped"
    assert opening_of(db, "robots")["history"][-1]["outcome"] == "dropped"


def test_a_generic_webhook_in_doubt_is_sent_again_with_the_same_key(db, tmp_path, double):
    make_camp(db, tmp_path, channel("webhook", "HOOK_URL"), long=False)
    double.behaviour["/hook"] = lambda n, body: ("hang", 3) if n == 1 else ok(b"{}")
    env = {"HOOK_URL": f"{double.url}/hook"}
    produce(db)
    deliver_due(db, OPENING, env=env, rates=FAST, deadline=1)
    opening = opening_of(db, "robots")
    assert opening["status"] == "pending" and "deduplicate" in opening["last_error"]
    deliver_due(db, OPENING.add(minutes=5), env=env, rates=FAST)
    keys = [p.json()["key"] for p in double.at("/hook") if p.json()["kind"] == "opening"]
    assert keys == ["robots/opening", "robots/opening"]
    assert opening_of(db, "robots")["status"] == "sent"


def test_an_operators_retry_ends_the_lanes_rest(db, tmp_path, double):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"), long=False)
    double.behaviour["/slack"] = lambda n, body: ("hang", 3) if n == 1 else ok()
    env = {"SLACK_URL": f"{double.url}/slack"}
    produce(db)
    deliver_due(db, OPENING, env=env, rates=FAST, deadline=1)
    opening = opening_of(db, "robots")
    assert opening["status"] == "uncertain"
    # The robot did not answer, so its lane rests, and the other announcement waits.
    assert db.execute("SELECT paused_until FROM robot_lanes").fetchone()[0] is not None
    retry_delivery(db, opening["id"], OPENING.add(seconds=2))
    deliver_due(db, OPENING.add(seconds=2), env=env, rates=FAST)
    assert {d["status"] for e in list_outbox(db, "robots") for d in e.deliveries} == {"sent"}


def test_a_reminder_reaches_slack_mentioning_the_missing_members_it_knows(db, tmp_path, double):
    camp = make_camp(db, tmp_path, channel("slack", "SLACK_URL"), long=False)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    add_members(db, camp.slug, ["Cho"], now=now, handle="U0CHO0001")
    env = {"SLACK_URL": f"{double.url}/slack"}
    # The night window is due at 23:30; its reminder 30 minutes before.
    for hour, minute in [(8, 1), (19, 31), (23, 0)]:
        moment = pendulum.datetime(2026, 12, 1, hour, minute, tz="Asia/Shanghai")
        run_due(db, moment, env=env, rates=FAST)
    [reminder] = [p.json()["text"] for p in double.at("/slack") if "U0CHO0001" in p.json()["text"]]
    assert "<@U0CHO0001>" in reminder
    # Ann and Ben have no platform id: named, never mentioned.
    assert "Ann" in reminder and "<@Ann>" not in reminder


def test_the_start_up_check_names_each_robot_whose_variable_is_unset_and_only_those(
    db, tmp_path
):
    make_camp(db, tmp_path, channel("slack", "SLACK_URL"), slug="robots")
    make_camp(db, tmp_path, channel("dingtalk", "DING_URL"), slug="dinging")
    make_camp(db, tmp_path, '\n[[channels]]\ntype = "stdout"\n', slug="quiet")
    assert channel_problems(db, env={}) == [
        "camp dinging, channel 1 (dingtalk): DING_URL is not set; export it with the "
        "DingTalk robot's webhook URL",
        "camp robots, channel 1 (slack): SLACK_URL is not set; export it with the "
        "Slack robot's webhook URL",
    ]
    assert channel_problems(db, env={"SLACK_URL": "x", "DING_URL": "y"}) == []
