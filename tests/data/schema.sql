-- The schema of a freshly migrated camp database, compared by tests/camp/test_migrations.py.
-- Never edit it by hand. After adding a NEW migration to camp/db/migrations.py, run
--   CAMP_UPDATE_SCHEMA_SNAPSHOT=1 .venv/bin/python -m pytest tests/camp/test_migrations.py
-- then review the diff and commit this file with the migration.
-- SQLite's own objects (sqlite_*) and sqlite-utils' migrations table are left out.

-- Migrations, in the order they were applied:
-- migration: 0001_initial
-- migration: 0002_scheduler
-- migration: 0003_chat_imports
-- migration: 0004_voided_checkins
-- migration: 0005_delivery_parts
-- migration: 0006_live_bots
-- migration: 0007_unknown_senders
-- migration: 0008_members_version
-- migration: 0009_board_keyset
-- migration: 0010_pairing_events
-- migration: 0011_calendar_revisions
-- migration: 0012_card_notes
-- migration: 0013_totals_in_order
-- migration: 0014_member_name_keys
-- migration: 0015_checks_without_lists
-- migration: 0016_voided_checkin_ids
-- migration: 0017_stored_boards
-- migration: 0018_members_warned
-- migration: 0019_stored_board_values
-- migration: 0020_camp_sizes

-- table adjustments
CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY,
    camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    points INTEGER NOT NULL,
    reason TEXT NOT NULL,
    day INTEGER NOT NULL,
    created TEXT NOT NULL
);

-- index adjustments_member on adjustments
CREATE INDEX adjustments_member ON adjustments(member_id);

-- trigger adjustments_added_forget_boards on adjustments
CREATE TRIGGER adjustments_added_forget_boards AFTER INSERT ON adjustments
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = NEW.camp_id AND day >= NEW.day;
    END;

-- trigger adjustments_changed_forget_boards on adjustments
CREATE TRIGGER adjustments_changed_forget_boards AFTER UPDATE ON adjustments
    BEGIN
        DELETE FROM stored_boards WHERE (camp_id = OLD.camp_id OR camp_id = NEW.camp_id)
            AND day >= MIN(OLD.day, NEW.day);
    END;

-- trigger adjustments_deleted_forget_boards on adjustments
CREATE TRIGGER adjustments_deleted_forget_boards AFTER DELETE ON adjustments
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = OLD.camp_id AND day >= OLD.day;
    END;

-- table aliases
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    UNIQUE (camp_id, alias)
);

-- trigger aliases_added on aliases
CREATE TRIGGER aliases_added AFTER INSERT ON aliases BEGIN
        UPDATE camps SET members_version = members_version + 1 WHERE id = NEW.camp_id;
    END;

-- trigger aliases_deleted on aliases
CREATE TRIGGER aliases_deleted AFTER DELETE ON aliases BEGIN
        UPDATE camps SET members_version = members_version + 1 WHERE id = OLD.camp_id;
    END;

-- table bot_cursors
CREATE TABLE bot_cursors (
    bot TEXT PRIMARY KEY,
    position TEXT NOT NULL,
    updated TEXT NOT NULL
);

-- table bot_gaps
CREATE TABLE bot_gaps (
    id INTEGER PRIMARY KEY,
    bot TEXT NOT NULL,
    chat TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    reason TEXT
);

-- index bot_gaps_bot on bot_gaps
CREATE INDEX bot_gaps_bot ON bot_gaps(bot, since);

-- table calendar_revisions
CREATE TABLE calendar_revisions (
    camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    window_name TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (camp_id, day, window_name)
) WITHOUT ROWID;

-- table calendar_tokens
CREATE TABLE calendar_tokens (
    camp_id INTEGER PRIMARY KEY REFERENCES camps(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);

-- table camp_sizes
CREATE TABLE camp_sizes (
    camp_id INTEGER PRIMARY KEY,
    members INTEGER NOT NULL,
    removed INTEGER NOT NULL
);

-- table camps
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
, events_fingerprint TEXT, members_version INTEGER NOT NULL DEFAULT 0);

-- trigger camps_deleted_from_camp_sizes on camps
CREATE TRIGGER camps_deleted_from_camp_sizes AFTER DELETE ON camps
    BEGIN
        DELETE FROM camp_sizes WHERE camp_id = OLD.id;
    END;

-- table checkins
CREATE TABLE "checkins" (
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

-- index checkins_camp_day on checkins
CREATE INDEX checkins_camp_day ON checkins(camp_id, day);

-- index checkins_standings on checkins
CREATE INDEX checkins_standings
    ON checkins(member_id, status, day, points, at);

-- trigger checkins_added_forget_boards on checkins
CREATE TRIGGER checkins_added_forget_boards AFTER INSERT ON checkins
    WHEN (NEW.status = 'on_time' OR NEW.status = 'late' OR NEW.status = 'makeup')
        AND NEW.day <= (SELECT MAX(day) FROM stored_boards WHERE camp_id = NEW.camp_id)
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = NEW.camp_id AND day >= NEW.day;
    END;

-- trigger checkins_changed_forget_boards on checkins
CREATE TRIGGER checkins_changed_forget_boards AFTER UPDATE ON checkins
    WHEN EXISTS (SELECT 1 FROM stored_boards WHERE camp_id = OLD.camp_id
            OR camp_id = NEW.camp_id)
    BEGIN
        DELETE FROM stored_boards WHERE (camp_id = OLD.camp_id OR camp_id = NEW.camp_id)
            AND day >= MIN(COALESCE(OLD.day, 1), COALESCE(NEW.day, 1));
    END;

-- trigger checkins_deleted_forget_boards on checkins
CREATE TRIGGER checkins_deleted_forget_boards AFTER DELETE ON checkins
    WHEN OLD.day <= (SELECT MAX(day) FROM stored_boards WHERE camp_id = OLD.camp_id)
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = OLD.camp_id AND day >= OLD.day;
    END;

-- table deliveries
CREATE TABLE "deliveries" (
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

-- index deliveries_due on deliveries
CREATE INDEX deliveries_due ON deliveries(status, next_attempt);

-- index deliveries_rate on deliveries
CREATE INDEX deliveries_rate ON deliveries(channel, sent);

-- table delivery_attempts
CREATE TABLE delivery_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    parts_sent INTEGER,
    parts INTEGER,
    error TEXT
);

-- index delivery_attempts_delivery on delivery_attempts
CREATE INDEX delivery_attempts_delivery ON delivery_attempts(delivery_id, id);

-- table delivery_parts
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

-- index delivery_parts_robot on delivery_parts
CREATE INDEX delivery_parts_robot ON delivery_parts(robot, started);

-- table events
CREATE TABLE "events" (
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

-- index events_camp on events
CREATE INDEX events_camp ON events(camp_id, due);

-- index events_pending on events
CREATE INDEX events_pending ON events(status, due);

-- table leases
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires TEXT NOT NULL
);

-- table member_totals
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
, in_order INTEGER NOT NULL DEFAULT 0);

-- index member_totals_last_adjustment on member_totals
CREATE INDEX member_totals_last_adjustment
    ON member_totals(camp_id, last_adjustment_day);

-- index member_totals_last_day on member_totals
CREATE INDEX member_totals_last_day ON member_totals(camp_id, last_day);

-- index member_totals_makeup on member_totals
CREATE INDEX member_totals_makeup ON member_totals(camp_id, makeup DESC)
    WHERE makeup > 0;

-- index member_totals_rank on member_totals
CREATE INDEX member_totals_rank
    ON member_totals(camp_id, total DESC, on_time DESC, last_at);

-- table members
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
    removed_at TEXT, name_key TEXT,
    UNIQUE (camp_id, name)
);

-- index members_handle on members
CREATE INDEX members_handle ON members(camp_id, handle);

-- index members_name_key on members
CREATE INDEX members_name_key ON members(camp_id, name_key);

-- index members_pair on members
CREATE INDEX members_pair ON members(pair_id);

-- index members_removed on members
CREATE INDEX members_removed ON members(camp_id) WHERE status = 'removed';

-- index members_warned on members
CREATE INDEX members_warned ON members(camp_id) WHERE status = 'warned';

-- trigger members_added on members
CREATE TRIGGER members_added AFTER INSERT ON members BEGIN
        UPDATE camps SET members_version = members_version + 1 WHERE id = NEW.camp_id;
    END;

-- trigger members_added_to_camp_sizes on members
CREATE TRIGGER members_added_to_camp_sizes AFTER INSERT ON members
    BEGIN
        INSERT INTO camp_sizes (camp_id, members, removed)
            VALUES (NEW.camp_id, 1, NEW.status = 'removed')
            ON CONFLICT (camp_id) DO UPDATE
            SET members = members + 1, removed = removed + excluded.removed;
    END;

-- trigger members_changed on members
CREATE TRIGGER members_changed AFTER UPDATE OF name, handle, status ON members
    WHEN OLD.name IS NOT NEW.name OR OLD.handle IS NOT NEW.handle
        OR (OLD.status = 'removed') IS NOT (NEW.status = 'removed')
    BEGIN
        UPDATE camps SET members_version = members_version + 1 WHERE id = NEW.camp_id;
    END;

-- trigger members_changed_in_camp_sizes on members
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

-- trigger members_deleted on members
CREATE TRIGGER members_deleted AFTER DELETE ON members BEGIN
        UPDATE camps SET members_version = members_version + 1 WHERE id = OLD.camp_id;
    END;

-- trigger members_deleted_forget_boards on members
CREATE TRIGGER members_deleted_forget_boards AFTER DELETE ON members
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = OLD.camp_id;
    END;

-- trigger members_deleted_from_camp_sizes on members
CREATE TRIGGER members_deleted_from_camp_sizes AFTER DELETE ON members
    BEGIN
        UPDATE camp_sizes SET members = members - 1, removed = removed - (OLD.status = 'removed')
            WHERE camp_id = OLD.camp_id;
    END;

-- trigger members_renamed on members
CREATE TRIGGER members_renamed AFTER UPDATE OF name ON members
    WHEN OLD.name IS NOT NEW.name AND NEW.name_key IS OLD.name_key
    BEGIN
        UPDATE members SET name_key = NULL WHERE id = NEW.id;
    END;

-- table messages
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

-- index messages_member_day on messages
CREATE INDEX messages_member_day ON messages(member_id, day);

-- table outbox
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
, mentions TEXT, card_note TEXT);

-- index outbox_camp on outbox
CREATE INDEX outbox_camp ON outbox(camp_id, id);

-- table pairs
CREATE TABLE pairs (
    id INTEGER PRIMARY KEY,
    camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    auto INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);

-- index pairs_camp on pairs
CREATE INDEX pairs_camp ON pairs(camp_id);

-- table requests
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

-- index requests_camp on requests
CREATE INDEX requests_camp ON requests(camp_id, status);

-- trigger requests_added_forget_boards on requests
CREATE TRIGGER requests_added_forget_boards AFTER INSERT ON requests
    WHEN NEW.kind = 'leave'
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = NEW.camp_id AND day >= NEW.day;
    END;

-- trigger requests_changed_forget_boards on requests
CREATE TRIGGER requests_changed_forget_boards AFTER UPDATE ON requests
    WHEN OLD.kind = 'leave' OR NEW.kind = 'leave'
    BEGIN
        DELETE FROM stored_boards WHERE (camp_id = OLD.camp_id OR camp_id = NEW.camp_id)
            AND day >= MIN(OLD.day, NEW.day);
    END;

-- trigger requests_deleted_forget_boards on requests
CREATE TRIGGER requests_deleted_forget_boards AFTER DELETE ON requests
    WHEN OLD.kind = 'leave'
    BEGIN
        DELETE FROM stored_boards WHERE camp_id = OLD.camp_id AND day >= OLD.day;
    END;

-- table robot_lanes
CREATE TABLE robot_lanes (
    robot TEXT PRIMARY KEY,
    paused_until TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    reason TEXT
);

-- table stored_board_values
CREATE TABLE stored_board_values (
    camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    -- MessagePack: an array of [member id, points of check-ins alone, total, on
    -- time, late, makeup, best streak, last counted time ('~' for none), counted
    -- days as a hex mask] for each member with anything up to the day.
    board BLOB NOT NULL,
    PRIMARY KEY (camp_id, day)
);

-- table stored_boards
CREATE TABLE stored_boards (
    camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    rules TEXT NOT NULL,
    PRIMARY KEY (camp_id, day)
) WITHOUT ROWID;

-- trigger stored_boards_deleted_forget_values on stored_boards
CREATE TRIGGER stored_boards_deleted_forget_values AFTER DELETE ON stored_boards
    BEGIN
        DELETE FROM stored_board_values WHERE camp_id = OLD.camp_id AND day = OLD.day;
    END;

-- table unknown_senders
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
);

-- table voided_checkins
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
, checkin_id INTEGER);

-- index voided_checkins_checkin on voided_checkins
CREATE INDEX voided_checkins_checkin ON voided_checkins(checkin_id);

-- index voided_checkins_member on voided_checkins
CREATE INDEX voided_checkins_member ON voided_checkins(member_id);
