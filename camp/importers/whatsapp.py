"""WhatsApp's "Export chat" text file, in its Android and iOS layouts, in any locale.

Each message starts with a timestamp written in the phone's locale, e.g. Android
``31/12/26, 21:50 - Name: text``, ``12/31/26, 9:50 PM - Name: text``,
``31.12.26, 21:50 - ``, ``31-12-2026 21:50 - ``, ``31/12/26, 9:50 p. m. - ``,
``2019/01/01, 11:25 - ``, ``2019/1/1 下午9:03 - ``, ``2019. 1. 1. 오후 9:03 - `` and
iOS ``[31/12/2026, 21:50:03] Name: text`` (often after a left-to-right mark); lines that
do not start with a timestamp continue the message before them. System notices have
no ``Name: `` on Android; iOS writes them with the group's name as sender and a mark
before the text.

Whether dates are day-first or month-first is written nowhere, so the file is read
twice: once over the timestamps only, gathering evidence per layout
(:mod:`camp.importers.dates`), and once to stream the messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from camp.importers.base import (
    MAX_RECORD_CHARS,
    ChatMessage,
    Layout,
    ParseProblem,
    ReadItem,
    bounded_lines,
    open_text,
)
from camp.importers.dates import MERIDIEM_PATTERN as _MERIDIEM
from camp.importers.dates import (
    ORDER_WORDS,
    DateDecision,
    DateEvidence,
    calendar_date,
)
from camp.importers.dates import (
    clock_of as _clock,
)
from camp.importers.dates import (
    meridiem_style as _style,
)

__all__ = ["FORMAT", "LOOKS_FOR", "read", "sniff"]

FORMAT = "whatsapp"
LOOKS_FOR = "a first line like '31/12/26, 21:50 - Name: text' or '[31/12/26, 21:50:03] Name: text'"

_MARKS = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_GAP = "[ \u00a0\u202f]"

# Groups: 1 bracket, 2-6 date (first, separator, space after it, second, third),
# 7 meridiem before the time, 8-10 hour, minute, second, 11 meridiem after the time.
_TIMESTAMP = re.compile(
    rf"[{_MARKS}]*(\[)?[{_MARKS}]*"
    r"(\d{1,4})([./-])( ?)(\d{1,2})\3\4(\d{1,4})\.?"
    rf"(?:,{_GAP}?|{_GAP})(?:({_MERIDIEM}){_GAP}?)?"
    r"(\d{1,2})[:.](\d\d)(?:[:.](\d\d))?"
    rf"(?:{_GAP}?({_MERIDIEM}))?"
    rf"[{_MARKS}]*(?:\]{_GAP}?|{_GAP}[-–]{_GAP})"
)
_DATE_END = 6
# Marks WhatsApp puts around names and system texts, which are not part of them.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
_NAME_PREFIX = "~ \u202f\u00a0"  # newer exports show people not in the contacts as "~ Name"
_PHONE = re.compile(r"\+?[\d \u00a0\u202f()-]{6,}")
_NON_DIGITS = re.compile(r"\D")

# The encryption notice opens every chat; some exports write it with the chat's name
# as sender and no mark, so it is known by its words wherever it stands.
_ENCRYPTION_NOTICE = re.compile(
    r"[\u200e\u200f]*(?:Messages and calls are end-to-end encrypted"
    r"|Messages (?:to this (?:group|chat)|you send to this (?:group|chat)) are now secured"
    r"|Los mensajes y las llamadas están cifrados de extremo a extremo"
    r"|Los mensajes (?:que envíes a este (?:grupo|chat) )?(?:ahora )?están (?:cifrados|protegidos)"
    r"|As mensagens e (?:as )?(?:chamadas|ligações) são protegidas com a criptografia de ponta a ponta"
    r"|Les messages et les appels sont chiffrés de bout en bout"
    r"|Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt"
    r"|I messaggi e le chiamate sono crittografati end-to-end"
    r"|Berichten en gesprekken worden end-to-end versleuteld"
    r"|Сообщения и звонки защищены сквозным шифрованием"
    r"|Mesajlar ve aramalar uçtan uca şifrelidir"
    r"|Pesan dan panggilan terenkripsi secara end-to-end"
    r"|消息和通话(?:已进行|都经过)端到端加密|訊息和通話(?:已進行|經過)端對端加密"
    r"|メッセージと通話はエンドツーエンドで暗号化されています"
    r"|메시지와 통화는 종단간 암호화)"
)
# What iOS writes as the group's own notices (the text after the mark), in the locales
# camp knows; a member's media marker ("image omitted") is none of these.
_SYSTEM_NOTICE = re.compile(
    r"(?:"
    # en
    r".*\bcreated (?:group|this group)|.*\bjoined using this group['’]s invite link"
    r"|.*\b(?:added|removed) .+|.* left$|.*\bwas (?:added|removed)|You joined"
    r"|.*\bchanged (?:the subject|this group['’]s (?:icon|settings)|the group (?:description|name|settings)"
    r"|their phone number|to .+)|.*\bsecurity code\b.*|You['’]re now an admin|.* is now an admin"
    r"|.*\bdeleted this group['’]s icon|.*\bpinned a message"
    # es
    r"|.*\bcreó (?:el grupo|este grupo)|.*\bse unió (?:usando|mediante|con) el enlace"
    r"|.*\b(?:añadió|agregó|eliminó|sacó) a .+|.*\bsalió del grupo|.* salió\.?$|Te uniste.*"
    r"|.*\bcambió (?:el asunto|el nombre del grupo|la (?:imagen|foto|descripción) del grupo"
    r"|el ícono|el icono|su número|a .+)|.*\bcódigo de seguridad\b.*|Ahora eres admin.*"
    # pt
    r"|.*\bcriou (?:o grupo|este grupo)|.*\bentrou (?:usando|pelo|por meio do) link"
    r"|.*\b(?:adicionou|removeu) .+|.* saiu\.?$|Você entrou.*"
    r"|.*\b(?:mudou|alterou) (?:o assunto|o nome do grupo|a (?:imagem|descrição) do grupo"
    r"|o ícone|seu número|o número).*|.*\bcódigo de segurança\b.*"
    # fr
    r"|.*\ba créé (?:le groupe|ce groupe)|.*\ba rejoint .+|.*\ba (?:ajouté|retiré) .+"
    r"|.* est parti(?:e)?\.?$|.*\ba (?:changé|modifié) (?:le sujet|le nom du groupe"
    r"|l['’]icône|la description|de numéro|son numéro).*|.*\bcode de sécurité\b.*"
    # de
    r"|.*\bhat (?:die )?Gruppe .*erstellt|.*\bist (?:über den Einladungslink|der Gruppe) .*beigetreten"
    r"|.*\bhat .+ (?:hinzugefügt|entfernt)|.*\bhat die Gruppe verlassen"
    r"|.*\bhat (?:den Betreff|den Gruppennamen|das Gruppenbild|die Gruppenbeschreibung"
    r"|(?:seine|ihre|die) Telefonnummer).* geändert.*|.*\bSicherheitsnummer\b.*|.*\bSicherheitscode\b.*"
    # it
    r"|.*\bha creato (?:il gruppo|questo gruppo)|.*\bsi è unit[oa] tramite il link"
    r"|.*\bha (?:aggiunto|rimosso) .+|.* è uscit[oa]\.?$"
    r"|.*\bha (?:cambiato|modificato) (?:l['’]oggetto|il nome del gruppo|l['’]immagine"
    r"|la descrizione|numero|il numero).*|.*\bcodice di sicurezza\b.*"
    # nl
    r"|.*\bheeft (?:de )?groep .*aangemaakt|.*\bneemt deel via de uitnodigingslink.*"
    r"|.*\bheeft .+ (?:toegevoegd|verwijderd)|.*\bheeft de groep verlaten|.* is vertrokken\.?$"
    r"|.*\bheeft (?:het onderwerp|de groepsnaam|de groepsafbeelding|de groepsbeschrijving"
    r"|(?:zijn|haar) telefoonnummer).* gewijzigd.*|.*\bbeveiligingscode\b.*"
    # ru
    r"|.*(?:создал|создала|создал\(а\)) группу.*|.*присоединил(?:ся|ась|ся\(-ась\)) по ссылке.*"
    r"|.*(?:добавил|удалил)(?:а|\(а\))? .+|.*(?:вышел|вышла|вышел\(-ла\))(?: из группы)?\.?$"
    r"|.*изменил(?:а|\(а\))? (?:тему|название группы|изображение группы|описание группы"
    r"|номер|свой номер).*|.*\bкод безопасности\b.*"
    # tr
    r"|.*\bgrubu(?:nu)? oluşturdu.*|.*\bdavet bağlantısı(?:yla| ile) katıldı.*"
    r"|.*\b(?:ekledi|çıkardı)\.?$|.*\bgruptan ayrıldı\.?$|.* ayrıldı\.?$"
    r"|.*\b(?:konuyu|grup adını|grup simgesini|grup resmini|grup açıklamasını|telefon numarasını)"
    r" değiştirdi.*|.*\bgüvenlik kodu(?:nuz)?\b.*"
    # id
    r"|.*\bmembuat grup.*|.*\bbergabung (?:menggunakan|dengan|lewat) tautan undangan.*"
    r"|.*\b(?:menambahkan|mengeluarkan) .+|.* keluar\.?$"
    r"|.*\bmeng(?:ubah|ganti) (?:subjek|nama grup|ikon grup|deskripsi grup|nomor).*"
    r"|.*\bkode keamanan\b.*"
    # zh
    r"|.*创建了群组.*|.*建立了群組.*|.*通过此群组的邀请链接加入.*|.*透過此群組的邀請連結加入.*"
    r"|.*(?:添加了|移除了|已添加|已移除).+|.*(?:已退出|退出了群组).*"
    r"|.*(?:更改|修改)了(?:群组名称|群组主题|主题|此群组的头像|群组头像|群组图标|群组描述|群组简介"
    r"|电话号码|電話號碼|群組名稱|群組圖示|群組說明).*|.*安全码.*|.*安全碼.*"
    # ja
    r"|.*グループ.*を作成しました.*|.*招待リンク.*参加しました.*|.*を追加しました.*"
    r"|.*を削除しました.*|.*退出しました.*|.*(?:グループ名|件名|グループアイコン|グループの説明"
    r"|電話番号).*を変更しました.*|.*セキュリティコード.*"
    # ko
    r"|.*그룹을 만들었습니다.*|.*초대 링크.*참여했습니다.*|.*(?:추가했습니다|초대했습니다|내보냈습니다).*"
    r"|.*나갔습니다.*|.*(?:그룹 이름|제목|그룹 아이콘|그룹 설명|전화번호).*변경했습니다.*|.*보안 코드.*"
    r")",
    re.DOTALL,
)
# A withdrawn message, as the whole text of a message.
_RECALLED = re.compile(
    r"[\u200e\u200f]*(?:This message was deleted|You deleted this message"
    r"|Se eliminó este mensaje|Este mensaje fue eliminado|Eliminaste este mensaje"
    r"|Mensagem apagada|Esta mensagem foi apagada|Você apagou esta mensagem"
    r"|Ce message a été supprimé|Vous avez supprimé ce message"
    r"|Diese Nachricht wurde gelöscht|Du hast diese Nachricht gelöscht"
    r"|Questo messaggio è stato eliminato|Hai eliminato questo messaggio"
    r"|Dit bericht is verwijderd|Je hebt dit bericht verwijderd|U heeft dit bericht verwijderd"
    r"|(?:Это|Данное) сообщение (?:было )?удалено|Вы удалили это сообщение"
    r"|Bu mesaj silindi|Bu mesajı sildiniz|Bu mesajı sildin"
    r"|Pesan ini (?:telah )?dihapus|Anda menghapus pesan ini"
    r"|此消息已删除|此訊息已刪除|你删除了此消息|您删除了此消息|你已刪除此訊息"
    r"|このメッセージは削除されました|メッセージを削除しました"
    r"|삭제된 메시지입니다|메시지를 삭제했습니다)[.。]?"
)
# A chat has far fewer names, dates and clocks than this; the bound keeps a hostile
# file from growing memory.
_CACHE_SIZE = 50_000

# A layout: (iOS, separator with its space, year first, year digits, 12-hour words, before).
_LayoutKey = tuple[bool, str, bool, int, str | None, bool]


def sniff(head: str, path: Path) -> bool:
    """True when the first non-empty line of ``head`` is a WhatsApp message line."""
    for line in head.splitlines():
        if line.strip():
            return _TIMESTAMP.match(line.lstrip("\ufeff")) is not None
    return False


def read(path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
    """Stream the chat's layouts, messages (multi-line ones joined) and problems.

    The dates' order is decided before the first item (CampError when it cannot be);
    ``date_order`` (``--date-order``) settles a layout whose dates leave it open, and is
    refused before any item when the dates prove another order.
    """
    decisions: dict[_LayoutKey, DateDecision] = {}
    for key, evidence in _gather_evidence(path).items():
        decisions[key] = evidence.decide(path.name, _layout_phrase(key), date_order)
    return _stream(path, decisions, date_order)


def _layout_key(groups: tuple[str | None, ...]) -> _LayoutKey:
    bracket, first, separator, space, _, third, before, *_, after = groups
    assert first is not None and separator is not None and third is not None
    words = before or after
    year_first = len(first) == 4
    return (
        bracket is not None,
        separator + (space or ""),
        year_first,
        4 if year_first else len(third),
        _style(words) if words else None,
        before is not None,
    )


def _layout_phrase(key: _LayoutKey, order: str | None = None) -> str:
    """E.g. ``WhatsApp Android (d/m/yy, 12-hour a. m./p. m.)``."""
    ios, separator, year_first, year_digits, words, _ = key
    year = "y" * year_digits
    if order is None:
        if year_first:
            return f"WhatsApp {'iOS' if ios else 'Android'} (yyyy{separator}m{separator}d, {_clock_phrase(words)})"
        return (
            f"WhatsApp {'iOS' if ios else 'Android'} ({separator.join(('d', 'm', year))} or "
            f"{separator.join(('m', 'd', year))}, {_clock_phrase(words)})"
        )
    fields = [{"d": "d", "m": "m", "y": year}[field] for field in order]
    return (
        f"WhatsApp {'iOS' if ios else 'Android'} ({separator.join(fields)}, {_clock_phrase(words)})"
    )


def _clock_phrase(words: str | None) -> str:
    return f"12-hour {words}" if words else "24-hour"


_CLOCK = re.compile(rf"(\d{{1,2}})[:.](\d\d)(?:[:.](\d\d))?(?:{_GAP}?({_MERIDIEM}))?[{_MARKS}]*")
_MISSING: tuple[str, int] = ("", -1)


def _clock_of_text(text: str, before: str | None, words: str | None) -> tuple[str, int] | None:
    """The clock of a time's text (after the date and a 12-hour word ``before`` it), or
    None when it is not a time of a layout whose 12-hour words are ``words``."""
    found = _CLOCK.fullmatch(text)
    if found is None:
        return None
    hour, minute, second, after = found.groups()
    if before is not None and after is not None:
        return None
    word = before or after
    if (_style(word) if word else None) != words:
        return None
    return _clock(hour, minute, second, word)


class _Timestamps:
    """What the last timestamp read looked like, so the next lines of the same date are
    read with a prefix comparison and a cached clock instead of the full pattern."""

    __slots__ = ("before", "clocks", "date_text", "key", "prefix", "tables", "terminator", "words")

    def __init__(self) -> None:
        self.prefix = "\x00"  # matches no line until a timestamp is read
        self.terminator = " - "
        self.before: str | None = None
        self.words: str | None = None
        self.key: _LayoutKey | None = None
        self.date_text = ""
        self.clocks: dict[str, tuple[str, int] | None] = {}
        # Clocks by their text, one table per 12-hour word before the time and layout words.
        self.tables: dict[tuple[str | None, str | None], dict[str, tuple[str, int] | None]] = {}

    def follow(self, line: str, found: re.Match[str], key: _LayoutKey) -> None:
        """Take ``found`` (the full pattern's match of ``line``) as the current timestamp."""
        groups = found.groups()
        clock_end = max(found.end(9), found.end(10), found.end(11))
        self.prefix = line[: found.start(8)]
        self.terminator = line[clock_end : found.end()]
        self.before = groups[6]
        self.words = key[4]
        self.key = key
        self.date_text = line[found.start(2) : found.end(_DATE_END)]
        table = self.tables.get((self.before, self.words))
        if table is None or len(table) > _CACHE_SIZE:
            table = self.tables[self.before, self.words] = {}
        self.clocks = table


def _gather_evidence(path: Path) -> dict[_LayoutKey, DateEvidence]:
    """Every layout's date evidence, from the timestamps of the whole file.

    Only the start of each line is looked at, and only a line whose date differs from
    the line before's goes through the full pattern; lines are read in blocks (a line
    longer than a block is kept only as far as its start).
    """
    evidence: dict[_LayoutKey, DateEvidence] = {}
    current = _Timestamps()
    line_number = 0
    carry = ""
    with open_text(path) as handle:
        while True:
            block = handle.read(_BLOCK_CHARS)
            if block:
                lines = (carry + block).split("\n")
                carry = lines.pop()[:_BLOCK_CHARS]
            else:
                lines = [carry] if carry else []
            line_number = _gather_lines(lines, line_number, current, evidence)
            if not block:
                return evidence


_BLOCK_CHARS = 1 << 20


def _gather_lines(
    lines: list[str],
    line_number: int,
    current: _Timestamps,
    evidence: dict[_LayoutKey, DateEvidence],
) -> int:
    match_timestamp = _TIMESTAMP.match
    prefix = current.prefix
    for text_line in lines:
        line_number += 1
        if text_line.startswith(prefix):
            # The date of the line before (or a continuation line that starts with it):
            # nothing new. A 12-hour layout whose dates only ever follow the same date of
            # a 24-hour one is missed here; the second pass reports its lines.
            continue
        found = match_timestamp(text_line)
        if found is None:
            continue
        groups = found.groups()
        key = _layout_key(groups)
        current.follow(text_line, found, key)
        prefix = current.prefix
        found_evidence = evidence.get(key)
        if found_evidence is None:
            found_evidence = evidence[key] = DateEvidence(("ymd",) if key[2] else ("dmy", "mdy"))
        first, second, third = groups[1], groups[4], groups[5]
        assert first is not None and second is not None and third is not None
        if not key[2] and len(third) not in (2, 4):
            continue
        clock = _clock(groups[7] or "0", groups[8] or "0", groups[9], groups[6] or groups[10])
        found_evidence.add(
            line_number,
            current.date_text,
            int(first),
            int(second),
            int(third),
            clock[1] if clock else 0,
        )
    return line_number


def _stream(
    path: Path, decisions: dict[_LayoutKey, DateDecision], date_order: str | None
) -> Iterator[ReadItem]:
    # Dates, clocks and names repeat all through a chat: each is worked out once.
    dates: dict[tuple[str, str | None, str | None], tuple[str | None, _LayoutKey]] = {}
    senders: dict[str, tuple[_Sender, _Sender]] = {}
    long_names: dict[str, list[str]] = {}
    announced: set[_LayoutKey] = set()
    match_timestamp = _TIMESTAMP.match
    current = _Timestamps()
    prefix, terminator, clocks = current.prefix, current.terminator, current.clocks
    date_now = ""  # the current timestamp's date, YYYY-MM-DD
    is_ios = False
    pending: tuple[int, bool, str, str] | None = None  # line, is_ios, local_time, first line
    more: list[str] = []  # the pending message's continuation lines
    size = 0  # characters of the pending message so far
    orphan = False  # continuation lines of a record that could not be read
    line_number = 0
    with open_text(path) as handle:
        for text_line, whole in bounded_lines(handle):
            line_number += 1
            if not whole:
                if pending is not None:
                    yield ParseProblem(pending[0], _too_long("message"))
                    pending = None
                    more = []
                else:
                    yield ParseProblem(line_number, _too_long("line"))
                orphan = True
                continue
            if text_line.startswith(prefix):
                # Most lines: the date of the line before, and a clock seen before.
                end = text_line.find(terminator, len(prefix))
                if end > 0:
                    clock_text = text_line[len(prefix) : end]
                    clock = clocks.get(clock_text, _MISSING)
                    if clock is _MISSING:
                        clock = clocks[clock_text] = _clock_of_text(
                            clock_text, current.before, current.words
                        )
                    if clock is not None:
                        if pending is not None:
                            yield _message(*pending, more, senders, long_names)
                            if more:
                                more = []
                        rest = text_line[end + len(terminator) :]
                        size = len(rest)
                        orphan = False
                        pending = (line_number, is_ios, date_now + " " + clock[0], rest)
                        continue
            found = match_timestamp(text_line)
            if found is None:
                if pending is not None:
                    size += len(text_line) + 1
                    if size > MAX_RECORD_CHARS:
                        yield ParseProblem(pending[0], _too_long("message"))
                        pending = None
                        more = []
                        orphan = True
                    else:
                        more.append(text_line)
                elif not orphan and text_line.strip():
                    yield ParseProblem(
                        line_number,
                        "The line neither starts a message nor follows one; a message starts "
                        "with its date and time, e.g. '31/12/26, 21:50 - Name: text'.",
                    )
                    orphan = True
                continue
            if pending is not None:
                yield _message(*pending, more, senders, long_names)
                pending = None
                if more:
                    more = []
            groups = found.groups()
            date_key = (text_line[: found.end(_DATE_END)], groups[6], groups[10])
            known = dates.get(date_key)
            if known is None:
                if len(dates) > _CACHE_SIZE:
                    dates.clear()
                key = _layout_key(groups)
                decision = decisions.get(key)
                if decision is None:
                    if date_order is None:
                        yield ParseProblem(
                            line_number,
                            "The order of this line's date cannot be told (its layout shows "
                            "only here, with dates of another layout); give --date-order dmy, "
                            "mdy or ymd.",
                        )
                        orphan = True
                        continue
                    decision = decisions[key] = DateDecision(
                        "ymd" if key[2] else date_order,
                        f"line {line_number} has the year first"
                        if key[2]
                        else f"--date-order {date_order}",
                    )
                known = dates[date_key] = (_date_text(groups, decision.order), key)
                if key not in announced:
                    announced.add(key)
                    yield Layout(
                        _layout_phrase(key, decision.order), decision.order, decision.evidence
                    )
            date = known[0]
            clock = _clock(groups[7] or "", groups[8] or "", groups[9], groups[6] or groups[10])
            if date is None or clock is None:
                stamp = text_line[found.start(2) : found.end()].strip(" -–]\u00a0\u202f")
                if date is not None or date_order is None or known[1][2]:
                    reason = (
                        f"The timestamp {stamp!r} is not a real date and time; the line and "
                        "what follows it up to the next message are skipped."
                    )
                else:
                    reason = (
                        f"The date in {stamp!r} does not exist read "
                        f"{ORDER_WORDS[date_order]} (--date-order {date_order}); check that "
                        "the option fits the file."
                    )
                yield ParseProblem(line_number, reason)
                orphan = True
                continue
            current.follow(text_line, found, known[1])
            prefix, terminator, clocks = current.prefix, current.terminator, current.clocks
            date_now = date
            is_ios = groups[0] is not None
            orphan = False
            rest = text_line[found.end() :]
            size = len(rest)
            pending = (line_number, is_ios, date + " " + clock[0], rest)
        if pending is not None:
            yield _message(*pending, more, senders, long_names)


def _too_long(what: str) -> str:
    return (
        f"The {what} is longer than {MAX_RECORD_CHARS:,} characters and is skipped; "
        "no chat message is that long, so the file may not be a WhatsApp export."
    )


def _date_text(groups: tuple[str | None, ...], order: str) -> str | None:
    """``YYYY-MM-DD`` of a timestamp's date read in ``order``, or None."""
    first, second, third = groups[1], groups[4], groups[5]
    assert first is not None and second is not None and third is not None
    if order != "ymd" and len(first) == 4:
        return None
    if order != "ymd" and len(third) not in (2, 4):
        return None
    ymd = calendar_date(order, int(first), int(second), int(third))
    if ymd is None:
        return None
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def _message(
    line: int,
    is_ios: bool,
    local_time: str,
    rest: str,
    more: list[str],
    senders: dict[str, tuple[_Sender, _Sender]],
    long_names: dict[str, list[str]],
) -> ChatMessage:
    """The message whose timestamp line ends with ``rest``, followed by ``more`` lines."""
    colon = rest.find(": ")
    long_name = False  # a name holding ": ", shown whole by the mark after it
    if colon > 0:
        # A name may hold ": " itself ("IELTS: Band 7"): where a mark follows a ": ",
        # as iOS writes before a notice or a media marker, that one ends the name; else
        # a longer name shown so earlier in the chat.
        marked = rest.find(": \u200e", colon)
        if marked > colon:
            colon = marked
            long_name = is_ios
        elif long_names and marked < 0:
            longer = long_names.get(rest[:colon])
            if longer is not None:
                colon = next((len(n) for n in longer if rest.startswith(n + ": ")), colon)
        name = rest[:colon]
        both = senders.get(name)
        if both is None:
            if len(senders) > _CACHE_SIZE:
                senders.clear()
            both = senders[name] = _sender(name)
        known = both[is_ios]
    else:
        known = None
    if known is None:
        # No "Name: " (or a quoted subject or a notice before a colon): a notice of the
        # group itself.
        text = "\n".join([rest, *more]).rstrip("\n") if more else rest
        text = text.translate(_INVISIBLE)
        kind = "recalled" if _RECALLED.fullmatch(text) else "system"
        return ChatMessage(line, "", None, local_time, None, text, kind)
    sender = known[0]
    text = rest[colon + 2 :]
    if more:
        # Blank lines between two messages belong to neither.
        text = "\n".join([text, *more]).rstrip("\n")
    kind = "text"
    first_char = text[:1]
    if first_char in "\u200e\u200f":
        text = text.translate(_INVISIBLE)
        if _RECALLED.fullmatch(text):
            kind = "recalled"
        elif _ENCRYPTION_NOTICE.match(text) or (is_ios and _SYSTEM_NOTICE.match(text)):
            kind = "system"
    elif first_char in _NOTICE_STARTS and _ENCRYPTION_NOTICE.match(text):
        kind = "system"
    elif first_char in _RECALL_STARTS and _RECALLED.fullmatch(text):
        kind = "recalled"
    elif is_ios and ": " in text:
        # The encryption notice without its mark, under a chat's name that holds ": ".
        late = _LATE_ENCRYPTION_NOTICE.search(text)
        if late is not None:
            sender = f"{sender}: {text[: late.start()]}"
            text = text[late.start() + 2 :]
            kind = "system"
    if long_name and kind == "text":
        _learn_long_name(name, long_names)
    return _new_message(ChatMessage, (line, sender, known[1], local_time, None, text, kind, None))


#: ChatMessage(...) goes through a Python __new__; the tuple's own is a third of it.
_new_message = tuple.__new__


def _learn_long_name(name: str, long_names: dict[str, list[str]]) -> None:
    """Keep ``name``, which holds ": ", under the part before its first one (longest
    first), so a later line of it needs no mark to be read whole."""
    head = name[: name.find(": ")]
    known = long_names.setdefault(head, [])
    if name not in known and len(known) < 8 and len(long_names) < 1000:
        known.append(name)
        known.sort(key=len, reverse=True)


_LATE_ENCRYPTION_NOTICE = re.compile(": " + _ENCRYPTION_NOTICE.pattern)


_Sender = tuple[str, str | None] | None


def _sender(name: str) -> tuple[_Sender, _Sender]:
    """On Android and on iOS: ``(sender, phone digits)`` of the text before a line's
    ": ", or None when that text is a quoted subject of a notice (``changed the subject
    from "A: b"``) or, on Android, where notices have no sender, a notice itself
    (``Alice added Bob: X``)."""
    if _QUOTED.search(name):
        return None, None
    sender = name.translate(_INVISIBLE).lstrip(_NAME_PREFIX).strip()
    known = sender, (_NON_DIGITS.sub("", sender) if _PHONE.fullmatch(sender) else None)
    return (None if _SYSTEM_NOTICE.match(sender) else known), known


_QUOTED = re.compile('["“”«»„「『]')

# First letters of the notices above, so most messages skip the regexes.
_NOTICE_STARTS = frozenset("MLANBIСMPメ메消訊")
_RECALL_STARTS = frozenset("TYSEMVCDQHJUЭДВBPA此你您こメ삭")
