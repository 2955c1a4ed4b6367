"""Delivery under load: a three-day catch-up of 50 camps of 300 members, one robot hung.

    python bench/delivery.py [--camps 50] [--members 300] [--days 3]

Every camp posts to a robot of its own on one loopback server (WeCom, DingTalk, Feishu,
Slack and Discord in turn; camp 0's DingTalk robot takes the request and never answers).
The scheduler was down for three days; `camp run --once` with a grace of four days
catches everything up at the robots' real rates. Prints:

- seconds until every healthy camp's announcements were delivered, next to the floor the
  robots' rate limits allow (the busiest healthy lane's posts, spaced as its robot asks);
- posts per robot per minute: the most any robot got within any 60 s, and its limit;
- duplicates (the same request body twice at one robot): must be 0;
- what became of the hung robot's deliveries (one in doubt, the rest waiting).

Takes about as long as the busiest lane needs (around a minute for WeCom's 20 a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import tempfile
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pendulum

from camp.db import open_db
from camp.delivery.limits import RATES
from camp.services.camps import create_camp
from camp.services.members import add_members
from camp.services.outbox import deliver_due
from camp.services.running import run_due

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("wecom", "dingtalk", "feishu", "slack", "discord")
REPLIES = {
    "wecom": b'{"errcode": 0, "errmsg": "ok"}',
    "dingtalk": b'{"errcode": 0, "errmsg": "ok"}',
    "feishu": b'{"code": 0, "msg": "success"}',
    "slack": b"ok",
    "discord": b"",
}


class Robots(BaseHTTPRequestHandler):
    posts: ClassVar[list[tuple[str, float, str]]] = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.lock:
            self.posts.append((self.path, time.monotonic(), hashlib.sha256(body).hexdigest()))
        if self.path == "/hung":
            time.sleep(120)
            return
        kind = self.path.split("/")[1]
        reply = REPLIES[kind]
        self.send_response(204 if kind == "discord" else 200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        if reply:
            self.wfile.write(reply)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        pass


def build(folder: Path, camps: int, members: int, days: int, base: str) -> tuple:
    db = open_db(folder / "delivery.db")
    source = (ROOT / "templates" / "camps" / "copywriting-cp.toml").read_text(encoding="utf-8")
    # The robot alone: the built-in camp's stdout channel stays out.
    source = source.replace('[[channels]]\ntype = "stdout"\n', "")
    start = dt.date(2026, 12, 1)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    env: dict[str, str] = {}
    lanes: dict[str, str] = {}
    for i in range(camps):
        kind = "dingtalk" if i == 0 else KINDS[i % len(KINDS)]
        var = f"CAMP_BENCH_ROBOT_{i}"
        env[var] = f"{base}/hung" if i == 0 else f"{base}/{kind}/{i}"
        lanes["/hung" if i == 0 else f"/{kind}/{i}"] = kind
        definition = folder / f"camp{i}.toml"
        definition.write_text(
            source + f'\n[[channels]]\ntype = "{kind}"\nurl_env = "{var}"\n', encoding="utf-8"
        )
        camp = create_camp(
            db, str(definition), name=f"Camp {i}", start=start, now=created, slug=f"camp{i}"
        )
        add_members(db, camp.slug, [f"Member {i}-{m}" for m in range(members)], now=created)
    zone = "Asia/Shanghai"
    now = pendulum.datetime(2026, 12, 1, tz=zone).add(days=days, hours=12)
    return db, env, lanes, now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--camps", type=int, default=50)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--days", type=int, default=3)
    args = parser.parse_args()
    Robots.posts = []
    server = Server(("127.0.0.1", 0), Robots)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    folder = Path(tempfile.mkdtemp(prefix="camp-delivery-bench-"))
    try:
        db, env, lanes, now = build(folder, args.camps, args.members, args.days, base)
        report = run_due(db, now, grace_seconds=(args.days + 1) * 86_400, deliver=False)
        waiting = db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
        print(
            f"{args.camps} camps x {args.members} members, {args.days}-day catch-up: "
            f"{len(report.produced)} announcements, {len(report.missed)} stale reminders "
            f"missed, {waiting} deliveries"
        )
        began = time.monotonic()
        results = deliver_due(db, now, env=env)
        took = time.monotonic() - began
        posts = list(Robots.posts)
        by_lane: dict[str, list[float]] = defaultdict(list)
        for path, at, _ in posts:
            by_lane[path].append(at)
        healthy = [at - began for path, at, _ in posts if path != "/hung"]
        done = max(healthy) if healthy else 0.0
        floor = max(
            (len(times) - 1) * RATES[lanes[path]].spacing
            for path, times in by_lane.items()
            if path != "/hung"
        )
        print(
            f"every healthy camp delivered after {done:.1f} s "
            f"(floor set by the robots' rate limits: {floor:.1f} s); the run took {took:.1f} s"
        )
        per_kind: dict[str, int] = defaultdict(int)
        for path, times in by_lane.items():
            times.sort()
            most = max(sum(1 for t in times if s <= t < s + 60) for s in times)
            per_kind[lanes[path]] = max(per_kind[lanes[path]], most)
        for kind in KINDS:
            print(
                f"  {kind:<9} most posts within any 60 s: {per_kind[kind]:>3} "
                f"(limit {RATES[kind].posts})"
            )
        duplicates = sum(n - 1 for n in Counter((p, h) for p, _, h in posts).values() if n > 1)
        print(f"duplicates: {duplicates} (of {len(posts)} posts)")
        hung = Counter(
            status
            for (status,) in db.execute(
                "SELECT d.status FROM deliveries d JOIN outbox o ON o.id = d.outbox_id "
                "JOIN camps c ON c.id = o.camp_id WHERE c.slug = 'camp0'"
            )
        )
        print(
            f"the hung robot: {len(by_lane['/hung'])} request(s) sent, deliveries "
            + ", ".join(f"{n} {s}" for s, n in sorted(hung.items()))
        )
        unsent = Counter(r.status for r in results if r.status != "sent")
        print(f"outcomes other than sent: {dict(unsent)}")
        db.close()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
