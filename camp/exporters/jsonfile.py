"""JSON leaderboard in the shape of SPEC section 5."""

from __future__ import annotations

import json

from camp.leaderboard import Leaderboard


def render_json(board: Leaderboard) -> str:
    return json.dumps(board.to_json(), ensure_ascii=False, indent=2) + "\n"
