"""How an import's two processes share the work: batches handed over in spool files,
the part of a batch left to the writer, and the checks that replace SQLite's per-row
foreign-key lookups."""

from __future__ import annotations

import os
import pickle
import select
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from test_import_paths import EXPORTS, NOW, make_db, stored
from test_imports import NOW as CP_NOW
from test_imports import cp_camp, export

from camp.db import open_db
from camp.errors import CampError
from camp.services import handoff, imports
from camp.services.camps import delete_camp, get_camp
from camp.services.imports import import_export


@pytest.fixture
def db(tmp_path):
    return cp_camp(tmp_path / "imports.db")


# --- the hand-over --------------------------------------------------------------------


class Pair:
    """A Sender and a Receiver joined as the two processes are: a pipe for what the
    child says, a pipe for the writer's answers, and spool files."""

    def __init__(self, stack: ExitStack, spooled: bool = True, lines: int | None = None):
        said_r, said_w = os.pipe()
        answers_r, answers_w = os.pipe()
        files = stack.enter_context(handoff.spool_files())
        self.said_out = stack.enter_context(os.fdopen(said_w, "wb"))
        self.said_in = stack.enter_context(os.fdopen(said_r, "rb"))
        answers_out = stack.enter_context(os.fdopen(answers_w, "wb"))
        stack.enter_context(os.fdopen(answers_r, "rb"))
        spools = tuple(f.fileno() for f in files) if spooled else ()
        self.sender = handoff.Sender(self.said_out, spools, answers_r)
        self.receiver = handoff.Receiver(tuple(files), answers_out, lines)

    def take(self) -> tuple[str, object]:
        return self.receiver.batch(*pickle.load(self.said_in))


@pytest.fixture
def opened():
    with ExitStack() as stack:
        yield stack


@pytest.mark.skipif(not handoff.usable(), reason="spool files need POSIX")
def test_batches_arrive_in_order_through_spool_files_used_again(opened):
    pair = Pair(opened)
    batches = [{"n": n, "rows": list(range(n * 1000))} for n in range(3 * handoff.SPOOLS)]

    def send() -> None:
        for batch in batches:
            pair.sender.send(batch)
        pair.sender.say("done", None)

    sending = threading.Thread(target=send)
    sending.start()
    taken = []
    while True:
        kind, value = pair.take()
        if kind == "done":
            break
        assert kind == "batch"
        taken.append(value)
        pair.receiver.written(0.5 + len(taken), 0.25)
    sending.join(5)
    assert taken == batches
    # Each answer tells of the batch before the one it answers for.
    assert pair.sender.waiting() == 0
    assert pair.sender.finished == (len(batches) - 2, len(batches) - 1 + 0.5 - 0.25, 0.25)


@pytest.mark.skipif(not handoff.usable(), reason="spool files need POSIX")
def test_a_prepared_batch_crosses_whole_with_its_shared_values_copied(opened):
    # Batches are pickled without pickle's memo: a value held twice arrives as two
    # equal copies, and every field as it was.
    from collections import Counter

    from camp.importers.base import ChatMessage, Layout

    name, fingerprint = "张三 (学习中)", "00656b8c40" + "ab" * 10
    message = ChatMessage(7, name, "10001", "2024-03-01 08:00:00", None, "#打卡", "text", "m1")
    prepared = imports._Prepared(
        rows=[(1, 42, fingerprint, "2024-03-01T00:00:00.000000Z", 1, 1)] * 3,
        candidates={fingerprint: (42, "2024-03-01T00:00:00.000000Z", 1, "morning", "on_time")},
        seen={fingerprint: (7, name, True)},
        strangers=[(message, 1709251200.0, 0), (message, 1709251200.0, 1)],
        problems=[(3, "the message has no time")],
        layouts=[Layout("QQ TXT (消息记录)", None, "dates written YYYY-MM-DD")],
        kinds=Counter({"text": 5, "system": 1}),
        member_messages=5,
        unknown=Counter({name: 2}),
        first_line={name: 7},
        last_line=9,
        left=[(tuple(message), 1709251200.0, 0)],
    )
    pair = Pair(opened)
    pair.sender.send(prepared)
    kind, value = pair.take()
    assert kind == "batch" and value == prepared


@pytest.mark.skipif(not handoff.usable(), reason="spool files need POSIX")
@pytest.mark.parametrize("lines", [None, 0, 3_000_001])
def test_the_writers_answers_tell_the_child_the_exports_lines(opened, lines):
    # The writer counted them checking the encoding: the child need not count them too.
    pair = Pair(opened, lines=lines)
    assert pair.sender.lines is None
    pair.sender.send(["first"])
    assert pair.take() == ("batch", ["first"])
    pair.receiver.written(0.5, 0.0)
    assert pair.sender.waiting() == 0
    assert pair.sender.lines == lines
    assert pair.sender.finished is None  # the first answer tells of no batch before


@pytest.mark.skipif(not handoff.usable(), reason="spool files need POSIX")
def test_the_child_waits_once_it_is_as_many_batches_ahead_as_there_are_spools(opened):
    pair = Pair(opened)
    for n in range(handoff.SPOOLS):
        pair.sender.send([n])
    assert pair.sender.waiting() == handoff.SPOOLS
    sent = threading.Event()

    def one_more() -> None:
        pair.sender.send(["next"])
        sent.set()

    threading.Thread(target=one_more, daemon=True).start()
    assert not sent.wait(0.3)  # its file still holds a batch the writer has not taken
    assert pair.take() == ("batch", [0])
    assert sent.wait(5)
    assert pair.sender.waited > 0
    assert [pair.take()[1] for _ in range(handoff.SPOOLS)] == [[1], [2], ["next"]]


@pytest.mark.skipif(not handoff.usable(), reason="spool files need POSIX")
def test_spool_files_that_cannot_be_written_leave_the_batches_to_the_pipe(opened, tmp_path):
    pair = Pair(opened)
    pair.sender.send(["spooled"])
    assert pair.take() == ("batch", ["spooled"])
    (tmp_path / "full").write_bytes(b"")
    read_only = opened.enter_context((tmp_path / "full").open("rb"))
    pair.sender.spools = (read_only.fileno(),) * handoff.SPOOLS  # writing fails, as when full
    pair.sender.send(["through the pipe"])
    pair.sender.send(["and the next"])
    assert pair.sender.spools == () and pair.sender.waiting() == 0
    assert [pair.take(), pair.take()] == [
        ("batch", ["through the pipe"]),
        ("batch", ["and the next"]),
    ]


def test_without_spool_files_batches_go_through_the_pipe(opened):
    pair = Pair(opened, spooled=False)
    pair.sender.send({"rows": [1, 2]})
    assert pair.sender.waiting() == 0
    assert pair.take() == ("batch", {"rows": [1, 2]})


# --- how much the child leaves --------------------------------------------------------


def share_after(spent: tuple, finished: tuple, share: float = 0.0, times: int = 1) -> float:
    sender = handoff.Sender(None, (), 0)  # type: ignore[arg-type]
    sender.finished = finished
    for _ in range(times):
        share = imports._balanced_share(share, sender, {finished[0]: spent})
    return share


def test_the_share_left_evens_out_the_two_processes():
    # The child reads a message in 1 ms and prepares it in 2; the writer writes it in 1 ms
    # and prepares one in 2: leaving half makes both take 2 ms a message.
    spent = (1000, 0, 1.0, 2.0)
    assert share_after(spent, (4, 1.0, 0.0)) == pytest.approx(0.25)  # halfway there
    assert share_after(spent, (4, 1.0, 0.0), times=20) == pytest.approx(0.5)
    # With a quarter left, the same figures per message tell the same.
    assert share_after((1000, 250, 1.0, 1.5), (4, 1.0, 0.5), share=0.5) == pytest.approx(0.5)


def test_a_writer_slower_than_the_reader_is_left_nothing_and_a_fast_one_at_most_the_cap():
    assert share_after((1000, 0, 1.0, 2.0), (4, 5.0, 0.0), share=0.4) == 0.0
    fast = share_after((1000, 0, 3.0, 2.0), (4, 0.1, 0.0), times=30)
    assert fast == pytest.approx(imports._MOST_LEFT)


def test_without_figures_of_a_finished_batch_the_share_stays():
    sender = handoff.Sender(None, (), 0)  # type: ignore[arg-type]
    assert imports._balanced_share(0.3, sender, {}) == 0.3  # no batch finished yet
    sender.finished = (2, 1.0, 0.0)
    assert imports._balanced_share(0.3, sender, {1: (10, 0, 1.0, 1.0)}) == 0.3


# --- a batch left to the writer -------------------------------------------------------


@pytest.mark.parametrize("fixture", ["qq.txt", "wechat.csv", "telegram_result.json", "plain.csv"])
@pytest.mark.parametrize("share", [0.5, imports._MOST_LEFT])
@pytest.mark.parametrize("add_unknown", [False, True])
def test_what_the_child_leaves_to_the_writer_imports_as_if_it_had_prepared_it(
    tmp_path, fixture, share, add_unknown
):
    plain_db = make_db(tmp_path / "plain" / "camp.db")
    shared_db = make_db(tmp_path / "shared" / "camp.db")
    path = EXPORTS / fixture
    plain = import_export(plain_db, "qq-morning", path, now=NOW, add_unknown=add_unknown)

    camp = get_camp(shared_db, "qq-morning")
    words = [imports.normalize_text(k) for k in camp.definition.keywords]
    report = imports.ImportReport(str(path), plain.format, False)
    writer = imports._Import(shared_db, camp, report, words, NOW, False, add_unknown)
    # The child's side: a copy of the members, as the snapshot gives it.
    reader = pickle.loads(pickle.dumps(writer._snapshot()))
    child = imports._Import(
        None,  # type: ignore[arg-type]
        reader[0],
        imports.ImportReport(str(path), plain.format, False),
        words,
        NOW,
        False,
        add_unknown,
        None,
        reader[5],
        reader[6],
    )
    items = imports.reader_for(plain.format).read(path)
    left_any = False
    for prepared in child._prepared_batches(
        items, imports._LocalClock(camp.timezone), 2, None, leave=lambda: share
    ):
        value = pickle.loads(pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL))
        left_any = left_any or bool(value.left)
        left, value.left = value.left, []
        assert all(type(message) is tuple for message, _, _ in left)
        writer.store_prepared(value, left)
    assert left_any
    assert report.to_json() == plain.to_json()
    assert stored(shared_db) == stored(plain_db)


# --- foreign keys, checked once a batch -----------------------------------------------


def foreign_keys(db) -> int:
    return db.execute("PRAGMA foreign_keys").fetchone()[0]


def test_an_import_leaves_foreign_keys_checked_whether_it_succeeds_or_fails(db, tmp_path):
    good = export(tmp_path, "Alice,2026-12-01 20:10:00,#checkin day 1")
    import_export(db, "cp", good, now=CP_NOW)
    assert foreign_keys(db) == 1
    db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON messages "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    bad = export(tmp_path, "Bob,2026-12-01 20:11:00,#checkin day 1", name="bad.csv")
    with pytest.raises(CampError):
        import_export(db, "cp", bad, now=CP_NOW)
    assert foreign_keys(db) == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_inside_a_callers_transaction_rows_are_checked_as_ever(db, tmp_path):
    job = imports._Import(
        db,
        get_camp(db, "cp"),
        imports.ImportReport("x", "csv", False),
        ["#checkin"],
        CP_NOW,
        False,
        False,
    )
    db.execute("BEGIN")
    job.store_prepared(imports._Prepared())
    assert db.conn.in_transaction and foreign_keys(db) == 1
    db.execute("ROLLBACK")


def _rows(count: int) -> list[str]:
    return [
        f"{'Alice' if n % 2 else 'Bob'},2026-12-01 20:{n:02d}:00,#checkin {n}" for n in range(count)
    ]


@pytest.mark.parametrize("read_elsewhere", [False, True])
def test_a_member_deleted_by_another_program_while_importing_stops_it_with_a_sentence(
    db, tmp_path, monkeypatch, read_elsewhere
):
    monkeypatch.setattr(imports, "BATCH", 4)
    monkeypatch.setattr(imports, "FIRST_BATCH", 4)
    if read_elsewhere:
        monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    path = tmp_path / "imports.db"
    deleted: list[int] = []

    def progress(line: int, total: int) -> None:
        if not deleted and line < total:
            other = open_db(path)
            other.execute("PRAGMA foreign_keys = OFF")  # a tool that skips the cascades
            with other.conn:
                other.execute("DELETE FROM members WHERE name = 'Bob'")
            other.close()
            deleted.append(line)

    with pytest.raises(CampError, match=r"1 member\(s\) of cp were deleted while the export"):
        import_export(db, "cp", export(tmp_path, *_rows(12)), now=CP_NOW, progress=progress)
    assert deleted
    # The first batch stays, nothing of the one that named Bob is in.
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 4
    bob_rows = "SELECT count(*) FROM {} WHERE member_id NOT IN (SELECT id FROM members)"
    assert db.execute(bob_rows.format("checkins")).fetchone()[0] == 2  # Bob's, from before
    assert foreign_keys(db) == 1
    # Importing again adds Alice's other messages; Bob's are from an unknown sender.
    report = import_export(db, "cp", export(tmp_path, *_rows(12)), now=CP_NOW)
    assert report.unknown_senders == {"Bob": 6}
    assert report.new_messages == 4


def test_a_camp_deleted_while_importing_stops_it_with_a_sentence(db, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 4)
    monkeypatch.setattr(imports, "FIRST_BATCH", 4)
    path = tmp_path / "imports.db"

    def progress(line: int, total: int) -> None:
        if line < total and get_camp(db, "cp"):
            other = open_db(path)
            delete_camp(other, "cp")
            other.close()

    with pytest.raises(CampError, match="The camp cp was deleted while the export"):
        import_export(db, "cp", export(tmp_path, *_rows(12)), now=CP_NOW, progress=progress)
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert foreign_keys(db) == 1


def test_spool_files_are_gone_with_the_reading_process(db, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    opened_before = set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    import_export(db, "cp", export(tmp_path, *_rows(12)), now=CP_NOW)
    if opened_before is not None:
        time.sleep(0.05)
        assert set(os.listdir("/proc/self/fd")) <= opened_before | {str(n) for n in range(3)}


# --- the encoding check, while the child reads ------------------------------------------


def _damaged_export(tmp_path: Path) -> Path:
    """A CSV of 40 messages whose 31st (line 32) has a byte that is not UTF-8."""
    path = export(tmp_path, *_rows(40))
    lines = path.read_bytes().split(b"\n")
    lines[31] = lines[31].replace(b"#checkin", b"#checkin caf\xe9")
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.fixture
def processes(monkeypatch) -> list[imports._ReadingProcess]:
    """The reading processes the imports start, as they start them."""
    started: list[imports._ReadingProcess] = []
    opened = imports._reading_process

    def reading_process():
        with opened() as process:
            started.append(process)
            yield process

    monkeypatch.setattr(imports, "_reading_process", imports.contextmanager(reading_process))
    return started


def test_the_child_reads_the_export_while_its_encoding_is_checked(
    db, tmp_path, monkeypatch, processes
):
    monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    checked = imports._decoding
    said_before_the_check_ended: list[bool] = []

    def decoding(file, report):
        # The check waits (up to 10 s) for the child to say something: its first batch.
        stdout = processes[-1].child.stdout
        said_before_the_check_ended.append(bool(select.select([stdout], [], [], 10)[0]))
        return checked(file, report)

    monkeypatch.setattr(imports, "_decoding", decoding)
    report = import_export(db, "cp", export(tmp_path, *_rows(12)), now=CP_NOW)
    assert said_before_the_check_ended == [True]
    assert report.new_messages == 12 and len(processes) == 1


@pytest.mark.parametrize("read_elsewhere", [False, True])
def test_a_damaged_byte_far_down_reads_the_same_in_either_process(
    db, tmp_path, monkeypatch, processes, read_elsewhere
):
    # Read by the child, the export is first read as strict UTF-8; the check then finds
    # the damaged byte, and a second child reads it with the byte replaced.
    if read_elsewhere:
        monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    report = import_export(db, "cp", _damaged_export(tmp_path), now=CP_NOW)
    assert report.new_messages == 40
    assert report.problems == [
        (32, "The line has bytes that are not UTF-8 text; they were read as �.")
    ]
    texts = [t for (t,) in db.execute("SELECT text FROM checkins WHERE text LIKE '%caf%'")]
    assert texts == ["#checkin caf� 30"]
    # In the child's case, the first child read it as strict UTF-8 and a second read it.
    assert len(processes) == (2 if read_elsewhere else 0)


# --- the page cache of a big camp's import ---------------------------------------------


def test_an_import_raises_the_page_cache_to_half_the_database_and_restores_it(
    db, tmp_path, monkeypatch
):
    # The usual cache stands for a big camp's here: a database larger than twice it.
    db.execute("PRAGMA cache_size = -16")
    seen: list[int] = []
    write = imports._Import._write

    def recording(self, prepared):
        seen.append(self.db.execute("PRAGMA cache_size").fetchone()[0])
        write(self, prepared)

    monkeypatch.setattr(imports._Import, "_write", recording)
    pages, size = (db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
    import_export(db, "cp", export(tmp_path, *_rows(12)), now=CP_NOW)
    assert seen and set(seen) == {-(pages * size // 2048)}
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -16
    # A cache already larger than half the database is left as it is.
    db.execute("PRAGMA cache_size = -65536")
    seen.clear()
    import_export(db, "cp", export(tmp_path, *_rows(20)), now=CP_NOW)
    assert set(seen) == {-65536}
