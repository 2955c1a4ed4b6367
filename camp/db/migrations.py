"""Named schema migrations; applied in order, each in its own transaction."""

# The migrations are append-only. Once a release has applied a migration to an
# operator's database, that migration is history: never edit it, rename it, reorder it
# or remove it, not even to fix a typo in a comment. A database only ever runs the
# migrations it has not seen, so an edit in place never reaches the databases that
# already ran the old text, and they drift from the schema the code expects. To change
# the schema, add a new named migration at the end of the list instead (``0005_...``,
# ``0006_...``).
#
# ``tests/camp/test_migrations.py`` holds this down: it compares a fresh database with
# the snapshot in ``tests/data/schema.sql`` and upgrades a database made by an earlier
# release (``tests/data/release-*.sql``) to the schema of a fresh one.

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils.migrations import Migrations

# Append-only: never edit or remove a migration a release has applied; add a new
# named migration at the end instead (see the note at the top of this file).
migrations = Migrations("camp")


def _run(db: sqlite_utils.Database, script: str) -> None:
    # executescript() would commit the migration's transaction half-way, so run the
    # statements one by one; complete_statement() knows a ";" inside a comment or string.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


@migrations(name="0001_initial")
def initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        CREATE TABLE camps (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            template TEXT,
            timezone TEXT NOT NULL,
            start TEXT NOT NULL,
            days INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
            definition TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE TABLE pairs (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            auto INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE INDEX pairs_camp ON pairs(camp_id);
        CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            handle TEXT,
            shift TEXT,
            team TEXT,
            pair_id INTEGER REFERENCES pairs(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'warned', 'removed')),
            converted INTEGER NOT NULL DEFAULT 0,
            joined TEXT NOT NULL,
            removed_at TEXT,
            UNIQUE (camp_id, name)
        );
        CREATE INDEX members_handle ON members(camp_id, handle);
        CREATE INDEX members_pair ON members(pair_id);
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            day INTEGER,
            window_name TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('on_time', 'late', 'outside', 'duplicate', 'makeup')),
            points INTEGER NOT NULL DEFAULT 0,
            score REAL,
            text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            fingerprint TEXT,
            created TEXT NOT NULL
        );
        -- Covers the standings query: counted rows of a member up to a day.
        CREATE INDEX checkins_standings
            ON checkins(member_id, status, day, points, at);
        CREATE INDEX checkins_camp_day ON checkins(camp_id, day);
        CREATE TABLE adjustments (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            points INTEGER NOT NULL,
            reason TEXT NOT NULL,
            day INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX adjustments_member ON adjustments(member_id);
        -- Each member's counted check-ins and adjustments summed over all days, kept
        -- up to date in the transaction of every write, so the current leaderboard of
        -- a large camp reads one row per member instead of every check-in.
        CREATE TABLE member_totals (
            member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            points INTEGER NOT NULL DEFAULT 0,
            on_time INTEGER NOT NULL DEFAULT 0,
            late INTEGER NOT NULL DEFAULT 0,
            makeup INTEGER NOT NULL DEFAULT 0,
            days TEXT NOT NULL DEFAULT '0',
            last_day INTEGER,
            last_at TEXT NOT NULL DEFAULT '~',
            adjustments INTEGER NOT NULL DEFAULT 0,
            last_adjustment_day INTEGER,
            bonus INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            best_streak INTEGER NOT NULL DEFAULT 0
        );
        -- The leaderboard's order (SPEC section 4), so the top N is read, not sorted.
        CREATE INDEX member_totals_rank
            ON member_totals(camp_id, total DESC, on_time DESC, last_at);
        -- The latest recorded day decides whether the totals answer an "as of" question.
        CREATE INDEX member_totals_last_day ON member_totals(camp_id, last_day);
        CREATE INDEX member_totals_last_adjustment
            ON member_totals(camp_id, last_adjustment_day)
        """,
    )


@migrations(name="0002_scheduler")
def scheduler(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- What the scheduler does and when; the truth about what has happened.
        CREATE TABLE events (
            key TEXT PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN
                ('opening', 'task', 'reminder', 'close', 'summary', 'inactivity', 'closing')),
            day INTEGER,
            window_name TEXT,
            due TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'missed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            finished TEXT
        );
        CREATE INDEX events_pending ON events(status, due);
        CREATE INDEX events_camp ON events(camp_id, due);
        -- One announcement per event, ever (the UNIQUE key is the exactly-once guard).
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            event_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            day INTEGER,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            image BLOB,
            created TEXT NOT NULL
        );
        CREATE INDEX outbox_camp ON outbox(camp_id, id);
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
            channel_index INTEGER NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt TEXT,
            sent TEXT,
            UNIQUE (outbox_id, channel_index)
        );
        CREATE INDEX deliveries_due ON deliveries(status, next_attempt);
        CREATE INDEX deliveries_rate ON deliveries(channel, sent);
        -- What the camp's events were last derived from: unchanged camps are not derived again.
        ALTER TABLE camps ADD COLUMN events_fingerprint TEXT;
        -- Only one scheduler per database: the holder renews its lease; a crashed one's expires.
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires TEXT NOT NULL
        )
        """,
    )


@migrations(name="0003_chat_imports")
def chat_imports(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- Every imported chat message of a known member, once (the fingerprint makes
        -- imports idempotent); activity counts are read from here.
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            at TEXT NOT NULL,
            day INTEGER,
            checkin INTEGER NOT NULL DEFAULT 0,
            UNIQUE (camp_id, fingerprint)
        );
        CREATE INDEX messages_member_day ON messages(member_id, day);
        -- Other names a member goes by in chat exports (nicknames change).
        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            UNIQUE (camp_id, alias)
        )
        """,
    )


@migrations(name="0004_voided_checkins")
def voided_checkins(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- Check-ins the operator voided as mistakes: moved out of ``checkins`` (so no
        -- count, total or slot ever sees them) with who they were and why they went.
        CREATE TABLE voided_checkins (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            day INTEGER,
            window_name TEXT,
            status TEXT NOT NULL,
            points INTEGER NOT NULL DEFAULT 0,
            score REAL,
            text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            fingerprint TEXT,
            created TEXT NOT NULL,
            voided TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX voided_checkins_member ON voided_checkins(member_id)
        """,
    )


@migrations(name="0005_delivery_parts")
def delivery_parts(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- A delivery may end "uncertain": sent in full, then no answer, so the robot may
        -- have shown it. SQLite cannot change a CHECK, so the table is rebuilt with its
        -- rows. ``robot`` is the lane (robot type and a digest of its URL) it went to,
        -- ``parts`` how many posts the message took there.
        CREATE TABLE deliveries_new (
            id INTEGER PRIMARY KEY,
            outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
            channel_index INTEGER NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN
                    ('pending', 'sending', 'sent', 'uncertain', 'failed', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt TEXT,
            sent TEXT,
            robot TEXT,
            parts INTEGER,
            UNIQUE (outbox_id, channel_index)
        );
        INSERT INTO deliveries_new
            (id, outbox_id, channel_index, channel, status, attempts, last_error,
             next_attempt, sent)
            SELECT id, outbox_id, channel_index, channel, status, attempts, last_error,
                   next_attempt, sent
            FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_new RENAME TO deliveries;
        CREATE INDEX deliveries_due ON deliveries(status, next_attempt);
        CREATE INDEX deliveries_rate ON deliveries(channel, sent);
        -- Each post of a delivery to a robot (a part of a long message, or its image),
        -- so a retry sends only the parts not yet accepted, and every post counts toward
        -- the robot's rate limit: sending (in flight), sent, refused (the robot said no;
        -- sent again on a retry) or uncertain (sent, no answer: waits for the operator).
        CREATE TABLE delivery_parts (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            robot TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('sending', 'sent', 'refused', 'uncertain')),
            started TEXT NOT NULL,
            finished TEXT,
            UNIQUE (delivery_id, number)
        );
        CREATE INDEX delivery_parts_robot ON delivery_parts(robot, started);
        -- Every attempt at a delivery and how it ended; a later success erases nothing.
        CREATE TABLE delivery_attempts (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            parts_sent INTEGER,
            parts INTEGER,
            error TEXT
        );
        CREATE INDEX delivery_attempts_delivery ON delivery_attempts(delivery_id, id);
        -- A robot's lane that refused or did not answer rests until ``paused_until``,
        -- instead of sending the next message into the penalty.
        CREATE TABLE robot_lanes (
            robot TEXT PRIMARY KEY,
            paused_until TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            reason TEXT
        );
        -- The members an announcement is meant to notify, as JSON
        -- ([{"name": ..., "handle": ...}]): reminders mention them on each platform.
        ALTER TABLE outbox ADD COLUMN mentions TEXT
        """,
    )


@migrations(name="0006_live_bots")
def live_bots(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- Where each bot stopped reading (Telegram's update offset), written in the
        -- transaction that stores the messages read, so a crash re-reads, never skips.
        -- ``bot`` names the connection (type and a digest of the token or URL).
        CREATE TABLE bot_cursors (
            bot TEXT PRIMARY KEY,
            position TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        -- Stretches of time a bot could not hear its chat (OneBot cannot replay them):
        -- said in the log and the terminal UI; an export of the chat fills them.
        CREATE TABLE bot_gaps (
            id INTEGER PRIMARY KEY,
            bot TEXT NOT NULL,
            chat TEXT NOT NULL,
            since TEXT NOT NULL,
            until TEXT,
            reason TEXT
        );
        CREATE INDEX bot_gaps_bot ON bot_gaps(bot, since);
        -- Members' requests from the chat (#补卡 N, #请假 N) waiting for the operator.
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('makeup', 'leave')),
            day INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            created TEXT NOT NULL,
            decided TEXT,
            UNIQUE (camp_id, member_id, kind, day)
        );
        CREATE INDEX requests_camp ON requests(camp_id, status)
        """,
    )


@migrations(name="0007_unknown_senders")
def unknown_senders(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- People a bot heard in a camp's chat who are not members: the operator adds
        -- them from this list (`camp members unknown`), with their platform id.
        CREATE TABLE unknown_senders (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            sender_id TEXT NOT NULL,
            name TEXT NOT NULL,
            messages INTEGER NOT NULL DEFAULT 0,
            checkins INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            UNIQUE (camp_id, platform, sender_id)
        )
        """,
    )


@migrations(name="0008_members_version")
def members_version(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- A camp's count of changes to who its members are (added, removed, renamed,
        -- an id or an alias given), kept by triggers: a bot listening to a busy group
        -- keeps its index of the members until this moves, instead of reading them all
        -- for every message. A member's warned/active status is not who they are.
        ALTER TABLE camps ADD COLUMN members_version INTEGER NOT NULL DEFAULT 0;
        CREATE TRIGGER members_added AFTER INSERT ON members BEGIN
            UPDATE camps SET members_version = members_version + 1 WHERE id = NEW.camp_id;
        END;
        CREATE TRIGGER members_deleted AFTER DELETE ON members BEGIN
            UPDATE camps SET members_version = members_version + 1 WHERE id = OLD.camp_id;
        END;
        CREATE TRIGGER members_changed AFTER UPDATE OF name, handle, status ON members
        WHEN OLD.name IS NOT NEW.name OR OLD.handle IS NOT NEW.handle
            OR (OLD.status = 'removed') IS NOT (NEW.status = 'removed')
        BEGIN
            UPDATE camps SET members_version = members_version + 1 WHERE id = NEW.camp_id;
        END;
        CREATE TRIGGER aliases_added AFTER INSERT ON aliases BEGIN
            UPDATE camps SET members_version = members_version + 1 WHERE id = NEW.camp_id;
        END;
        CREATE TRIGGER aliases_deleted AFTER DELETE ON aliases BEGIN
            UPDATE camps SET members_version = members_version + 1 WHERE id = OLD.camp_id;
        END
        """,
    )


@migrations(name="0009_board_keyset")
def board_keyset(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- The removed members of a camp, found without reading the others: a page of the
        -- leaderboard takes them off the counts of entries ahead of it.
        CREATE INDEX members_removed ON members(camp_id) WHERE status = 'removed';
        -- The check-ins grid sorted by makeups (then joined order, the rowid): the few
        -- members with a makeup, in order, without sorting the camp. Partial, so that no
        -- other question about a camp's totals is steered onto it.
        CREATE INDEX member_totals_makeup ON member_totals(camp_id, makeup DESC)
            WHERE makeup > 0
        """,
    )


@migrations(name="0010_pairing_events")
def pairing_events(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- The scheduler's ``pairing`` event (the close of day ``pair_by_day`` pairs the
        -- members still alone). SQLite cannot change a CHECK, so the table is rebuilt
        -- with its rows.
        CREATE TABLE events_new (
            key TEXT PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN
                ('opening', 'task', 'reminder', 'close', 'summary', 'inactivity', 'pairing',
                 'closing')),
            day INTEGER,
            window_name TEXT,
            due TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'missed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            finished TEXT
        );
        INSERT INTO events_new
            (key, camp_id, kind, day, window_name, due, status, attempts, last_error, finished)
            SELECT key, camp_id, kind, day, window_name, due, status, attempts, last_error,
                   finished
            FROM events;
        DROP TABLE events;
        ALTER TABLE events_new RENAME TO events;
        CREATE INDEX events_pending ON events(status, due);
        CREATE INDEX events_camp ON events(camp_id, due);
        -- A removed member leaves their pair: a pair that still holds one (made before
        -- this rule) is dissolved, so the pair board never ranks it and the partner can
        -- be paired again.
        DELETE FROM pairs WHERE id IN (
            SELECT pair_id FROM members WHERE status = 'removed' AND pair_id IS NOT NULL
        );
        UPDATE members SET pair_id = NULL
        WHERE pair_id IS NOT NULL AND pair_id NOT IN (SELECT id FROM pairs)
        """,
    )


@migrations(name="0011_calendar_revisions")
def calendar_revisions(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- Each camp's calendar token (``camp export-ics``): random, made at the camp's
        -- first export and kept, it is part of every event's UID, so the same camp slug
        -- in two databases never gives two events one UID in a member's calendar.
        CREATE TABLE calendar_tokens (
            camp_id INTEGER PRIMARY KEY REFERENCES camps(id) ON DELETE CASCADE,
            token TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL
        );
        -- The calendar events (a day's window) changed since their camp was made, with
        -- the edit that changed them: the event's SEQUENCE and LAST-MODIFIED, so calendar
        -- apps take a new task or new times. An event without a row is at SEQUENCE 0.
        CREATE TABLE calendar_revisions (
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            window_name TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            modified TEXT NOT NULL,
            PRIMARY KEY (camp_id, day, window_name)
        ) WITHOUT ROWID
        """,
    )


@migrations(name="0012_card_notes")
def card_notes(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- Why a summary or closing went without its standings card (nothing ranked yet,
        -- or no font for its names), shown by `camp outbox`.
        ALTER TABLE outbox ADD COLUMN card_note TEXT
        """,
    )


@migrations(name="0013_totals_in_order")
def totals_in_order(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- 1 when a member's counted check-ins are in the order of their days (none of an
        -- earlier day was made after one of a later day): their last counted check-in as
        -- of any day is then on their latest counted day up to it, so standings as of an
        -- earlier day read that one day instead of every check-in. 0 when one is out of
        -- order (a makeup, a late one after the next day's) or it is not known.
        ALTER TABLE member_totals ADD COLUMN in_order INTEGER NOT NULL DEFAULT 0;
        UPDATE member_totals SET in_order = 1 WHERE member_id NOT IN (
            SELECT member_id FROM (
                SELECT member_id, at, MAX(at) OVER (
                    PARTITION BY member_id ORDER BY day
                    RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                ) AS before
                FROM checkins WHERE status IN ('late', 'makeup', 'on_time')
            ) WHERE before > at
        )
        """,
    )


@migrations(name="0014_member_name_keys")
def member_name_keys(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- A member's name as it sorts (Python's str.casefold, which SQLite cannot do), so
        -- the first of a camp's missing members by name are read in order from an index
        -- instead of sorting the whole camp. NULL when not known (a row written by other
        -- code, a name changed in place): those camps are then sorted as before.
        ALTER TABLE members ADD COLUMN name_key TEXT;
        CREATE INDEX members_name_key ON members(camp_id, name_key);
        CREATE TRIGGER members_renamed AFTER UPDATE OF name ON members
        WHEN OLD.name IS NOT NEW.name AND NEW.name_key IS OLD.name_key
        BEGIN
            UPDATE members SET name_key = NULL WHERE id = NEW.id;
        END
        """,
    )
    rows = db.execute("SELECT id, name FROM members").fetchall()
    db.conn.executemany(
        "UPDATE members SET name_key = ? WHERE id = ?", [(name.casefold(), i) for i, name in rows]
    )


@migrations(name="0015_checks_without_lists")
def checks_without_lists(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- SQLite checks ``x IN ('a', 'b', 'c', ...)`` of three values or more by building
        -- a table of the values for every row it writes: 3 µs a row for five values, more
        -- than the rest of the insert. The same rules written as ``x = 'a' OR ...`` cost
        -- nothing. The two tables written in bulk (check-ins by imports, events by the
        -- scheduler) are rebuilt with their rows, ids and indexes (SQLite cannot change a
        -- CHECK); no table refers to either.
        CREATE TABLE checkins_new (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            day INTEGER,
            window_name TEXT,
            status TEXT NOT NULL CHECK (
                status = 'on_time' OR status = 'late' OR status = 'outside'
                OR status = 'duplicate' OR status = 'makeup'
            ),
            points INTEGER NOT NULL DEFAULT 0,
            score REAL,
            text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            fingerprint TEXT,
            created TEXT NOT NULL
        );
        INSERT INTO checkins_new
            (id, camp_id, member_id, at, day, window_name, status, points, score, text,
             source, fingerprint, created)
            SELECT id, camp_id, member_id, at, day, window_name, status, points, score, text,
                   source, fingerprint, created
            FROM checkins ORDER BY id;
        DROP TABLE checkins;
        ALTER TABLE checkins_new RENAME TO checkins;
        CREATE INDEX checkins_standings
            ON checkins(member_id, status, day, points, at);
        CREATE INDEX checkins_camp_day ON checkins(camp_id, day);
        CREATE TABLE events_new (
            key TEXT PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (
                kind = 'opening' OR kind = 'task' OR kind = 'reminder' OR kind = 'close'
                OR kind = 'summary' OR kind = 'inactivity' OR kind = 'pairing'
                OR kind = 'closing'
            ),
            day INTEGER,
            window_name TEXT,
            due TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (
                status = 'pending' OR status = 'done' OR status = 'missed'
                OR status = 'failed'
            ),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            finished TEXT
        );
        INSERT INTO events_new
            (key, camp_id, kind, day, window_name, due, status, attempts, last_error, finished)
            SELECT key, camp_id, kind, day, window_name, due, status, attempts, last_error,
                   finished
            FROM events ORDER BY rowid;
        DROP TABLE events;
        ALTER TABLE events_new RENAME TO events;
        CREATE INDEX events_pending ON events(status, due);
        CREATE INDEX events_camp ON events(camp_id, due)
        """,
    )


@migrations(name="0016_voided_checkin_ids")
def voided_checkin_ids(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- A voided check-in kept its id as the row's own. SQLite gives the next check-in
        -- the highest id plus one, so after voiding the latest check-in the next one took
        -- the same id, and voiding that one too was refused (two voided rows, one id).
        -- The row now has an id of its own and keeps the check-in's in ``checkin_id``.
        ALTER TABLE voided_checkins ADD COLUMN checkin_id INTEGER;
        UPDATE voided_checkins SET checkin_id = id;
        CREATE INDEX voided_checkins_checkin ON voided_checkins(checkin_id)
        """,
    )


@migrations(name="0017_stored_boards")
def stored_boards(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- The member board of a camp as of an earlier day, kept once worked out: each
        -- member's figures as of the end of that day, so the standings as of any day
        -- read one row per member instead of recounting the check-ins. ``rules`` is a
        -- fingerprint of the scoring the figures were worked out under; a board under
        -- other rules is worked out again.
        CREATE TABLE stored_boards (
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            rules TEXT NOT NULL,
            PRIMARY KEY (camp_id, day)
        ) WITHOUT ROWID;
        -- One row per member of a stored board (``points`` of check-ins alone, before
        -- bonuses and adjustments; ``last_at`` is '~' for none; ``days`` the mask of
        -- counted days up to the board's day). A member with nothing has no row. Rows
        -- of a board that is no longer in ``stored_boards`` are stale: they are
        -- replaced when it is stored again, and never read.
        CREATE TABLE stored_board_rows (
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            points INTEGER NOT NULL,
            total INTEGER NOT NULL,
            on_time INTEGER NOT NULL,
            late INTEGER NOT NULL,
            makeup INTEGER NOT NULL,
            best_streak INTEGER NOT NULL,
            last_at TEXT NOT NULL,
            days TEXT NOT NULL,
            PRIMARY KEY (camp_id, day, member_id)
        ) WITHOUT ROWID;
        -- Whatever changes a day's figures forgets the stored boards of that day and of
        -- every later day, in the same transaction, whichever code writes it: check-ins,
        -- adjustments and leave of that day. A deleted member forgets the camp's boards
        -- (a later member may be given the same id).
        CREATE TRIGGER checkins_added_forget_boards AFTER INSERT ON checkins
        WHEN (NEW.status = 'on_time' OR NEW.status = 'late' OR NEW.status = 'makeup')
            AND NEW.day <= (SELECT MAX(day) FROM stored_boards WHERE camp_id = NEW.camp_id)
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = NEW.camp_id AND day >= NEW.day;
        END;
        CREATE TRIGGER checkins_changed_forget_boards AFTER UPDATE ON checkins
        WHEN EXISTS (SELECT 1 FROM stored_boards WHERE camp_id = OLD.camp_id
                OR camp_id = NEW.camp_id)
        BEGIN
            DELETE FROM stored_boards WHERE (camp_id = OLD.camp_id OR camp_id = NEW.camp_id)
                AND day >= MIN(COALESCE(OLD.day, 1), COALESCE(NEW.day, 1));
        END;
        CREATE TRIGGER checkins_deleted_forget_boards AFTER DELETE ON checkins
        WHEN OLD.day <= (SELECT MAX(day) FROM stored_boards WHERE camp_id = OLD.camp_id)
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = OLD.camp_id AND day >= OLD.day;
        END;
        CREATE TRIGGER adjustments_added_forget_boards AFTER INSERT ON adjustments
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = NEW.camp_id AND day >= NEW.day;
        END;
        CREATE TRIGGER adjustments_changed_forget_boards AFTER UPDATE ON adjustments
        BEGIN
            DELETE FROM stored_boards WHERE (camp_id = OLD.camp_id OR camp_id = NEW.camp_id)
                AND day >= MIN(OLD.day, NEW.day);
        END;
        CREATE TRIGGER adjustments_deleted_forget_boards AFTER DELETE ON adjustments
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = OLD.camp_id AND day >= OLD.day;
        END;
        CREATE TRIGGER requests_added_forget_boards AFTER INSERT ON requests
        WHEN NEW.kind = 'leave'
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = NEW.camp_id AND day >= NEW.day;
        END;
        CREATE TRIGGER requests_changed_forget_boards AFTER UPDATE ON requests
        WHEN OLD.kind = 'leave' OR NEW.kind = 'leave'
        BEGIN
            DELETE FROM stored_boards WHERE (camp_id = OLD.camp_id OR camp_id = NEW.camp_id)
                AND day >= MIN(OLD.day, NEW.day);
        END;
        CREATE TRIGGER requests_deleted_forget_boards AFTER DELETE ON requests
        WHEN OLD.kind = 'leave'
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = OLD.camp_id AND day >= OLD.day;
        END;
        CREATE TRIGGER members_deleted_forget_boards AFTER DELETE ON members
        BEGIN
            DELETE FROM stored_boards WHERE camp_id = OLD.camp_id;
        END
        """,
    )


@migrations(name="0018_members_warned")
def members_warned(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- The warned members of a camp, found without reading the others: a check-in
        -- makes its member active again, and an import asks once a batch which of the
        -- senders it counted were warned (a big camp's batch counts tens of thousands).
        CREATE INDEX members_warned ON members(camp_id) WHERE status = 'warned'
        """,
    )


@migrations(name="0019_stored_board_values")
def stored_board_values(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- A stored board as one value (its members' figures, encoded together) instead
        -- of a row per member: writing a hundred thousand rows took longer than working
        -- the board out. Stored boards are worked out again when asked for, so the ones
        -- stored before are simply forgotten.
        DELETE FROM stored_boards;
        DROP TABLE stored_board_rows;
        CREATE TABLE stored_board_values (
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            -- MessagePack: an array of [member id, points of check-ins alone, total, on
            -- time, late, makeup, best streak, last counted time ('~' for none), counted
            -- days as a hex mask] for each member with anything up to the day.
            board BLOB NOT NULL,
            PRIMARY KEY (camp_id, day)
        );
        -- A board forgotten (by the triggers of 0017, whatever wrote) takes its value
        -- with it, foreign keys checked or not.
        CREATE TRIGGER stored_boards_deleted_forget_values AFTER DELETE ON stored_boards
        BEGIN
            DELETE FROM stored_board_values WHERE camp_id = OLD.camp_id AND day = OLD.day;
        END
        """,
    )


@migrations(name="0020_camp_sizes")
def camp_sizes(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
        -- How many members each camp has, and how many of them are removed: the size of
        -- a board is read, not counted (a count of a million members took 40 ms of every
        -- page and top 50). Kept by triggers, whichever code writes the members; a
        -- deleted camp takes its row with it.
        CREATE TABLE camp_sizes (
            camp_id INTEGER PRIMARY KEY,
            members INTEGER NOT NULL,
            removed INTEGER NOT NULL
        );
        INSERT INTO camp_sizes (camp_id, members, removed)
            SELECT camp_id, COUNT(*), SUM(status = 'removed') FROM members GROUP BY camp_id;
        CREATE TRIGGER members_added_to_camp_sizes AFTER INSERT ON members
        BEGIN
            INSERT INTO camp_sizes (camp_id, members, removed)
                VALUES (NEW.camp_id, 1, NEW.status = 'removed')
                ON CONFLICT (camp_id) DO UPDATE
                SET members = members + 1, removed = removed + excluded.removed;
        END;
        CREATE TRIGGER members_deleted_from_camp_sizes AFTER DELETE ON members
        BEGIN
            UPDATE camp_sizes SET members = members - 1, removed = removed - (OLD.status = 'removed')
                WHERE camp_id = OLD.camp_id;
        END;
        CREATE TRIGGER members_changed_in_camp_sizes AFTER UPDATE OF camp_id, status ON members
        WHEN OLD.camp_id != NEW.camp_id OR (OLD.status = 'removed') != (NEW.status = 'removed')
        BEGIN
            UPDATE camp_sizes SET members = members - 1, removed = removed - (OLD.status = 'removed')
                WHERE camp_id = OLD.camp_id;
            INSERT INTO camp_sizes (camp_id, members, removed)
                VALUES (NEW.camp_id, 1, NEW.status = 'removed')
                ON CONFLICT (camp_id) DO UPDATE
                SET members = members + 1, removed = removed + excluded.removed;
        END;
        CREATE TRIGGER camps_deleted_from_camp_sizes AFTER DELETE ON camps
        BEGIN
            DELETE FROM camp_sizes WHERE camp_id = OLD.id;
        END
        """,
    )
