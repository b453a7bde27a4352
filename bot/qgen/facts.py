"""Fact finders for :mod:`bot.qgen.generate`: quantities, ranks, dates, organisers and places.

Each finder reads one sentence and returns :class:`~bot.qgen.patterns.Fact` objects whose question
is rebuilt from the words of the clause around the fact, so that the question a member types
("发放了多少份《…》？") shares its words with the sentence that answers it.
"""

from __future__ import annotations

import re

from bot.nlp.orgs import Context, org_mentions, tokens
from bot.qgen.patterns import (
    DATE_RE,
    LEAD_ADVERBIAL_RE,
    PLACE_WORDS_RE,
    QTY_RE,
    RANK_RE,
    REORDER_UNITS,
    VAGUE_PREFIX_RE,
    Fact,
    Spot,
    clause_at,
    clauses,
    lead_verb,
    leading_org,
    noun_chunk,
    quoted,
    segments,
    starts_with_verb,
    strip_count,
)

_CN_VALUES = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PRONOUNS = ("他们", "她们", "他", "她", "我们", "我", "大家", "其")
_PREPOSITIONS = ("以", "在", "把", "将", "为", "对", "向", "从")
_COPULA_RE = re.compile(r"^(?:也是|这是|即是|是|也|还是)")
_DATELINE = re.compile(r"^[\u4e00-\u9fff]{1,6}讯(?:[\s（(]|记者|$)")  # 延安讯 记者…: where the news came from
_ACTIVITY = (r"(?:行动计划|培育工作|活动|大会|会议|比赛|竞赛|讲座|培训|论坛|仪式|晚会|运动会|展览|赛|评选|"
             r"行动|计划|工作)")


def sentence_subject(ctx: Context, sentence: str, pos: int | None = None, own: bool = False) -> str:
    """Who acts in the sentence before ``pos``: the last organisation that opens a clause, else the
    place the sentence opens with, else the article's organisation. A sentence that opens with some
    other subject of its own ("戚仕张的岗位是…") gives "" (must not be replaced by a guess), or that
    subject without its head count when ``own``."""
    spans = [(a, b) for a, b in clauses(sentence) if pos is None or a < pos]
    leading = [leading_org(_undated(sentence[a:b])) for a, b in spans]
    named = [org for org in leading if org and org not in ("工会", "总工会")]
    if named:
        return ctx.resolve(named[-1])
    for start, end in spans:
        text = _undated(sentence[start:end].strip("，,；;：:。 "))
        adverbial = bool(re.search(r"(?:以来|来|中|后|时|下)$", text)) and len(text) <= 6
        if not text or adverbial or text.startswith("据") or _DATELINE.match(text):
            continue
        chunk = noun_chunk(text)
        if chunk and _is_place(chunk):
            return chunk
        if chunk and chunk.startswith(_PRONOUNS):
            return ctx.subject()
        return (strip_count(chunk) if own else "") if chunk else ctx.subject()
    return ctx.subject()


def _undated(text: str) -> str:
    date = DATE_RE.match(text)
    return text[date.end():].lstrip("，, ") if date else text


def _is_place(text: str) -> bool:
    return any(flag == "ns" for _, flag, _ in tokens(text)) and len(text) <= 8


def _with_subject(ctx: Context, sentence: str, core: str, pos: int) -> str:
    """Put the subject in front of a question that starts with its verb or a preposition."""
    if starts_with_verb(core) or core.startswith(_PREPOSITIONS):
        return sentence_subject(ctx, sentence, pos) + core
    return core


def quantity_facts(ctx: Context, spot: Spot) -> list[Fact]:
    out = []
    for m in QTY_RE.finditer(spot.text):
        chinese = not m.group("num")[0].isdigit()
        if quoted(spot.text, m.start()) or (chinese and m.group("unit") == "分"):
            continue
        fact = _quantity_fact(ctx, spot, m, chinese)
        if fact:
            out.append(fact)
    return out + _rank_facts(ctx, spot)


def _quantity_fact(ctx: Context, spot: Spot, m: re.Match[str], chinese: bool) -> Fact | None:
    s = spot.text
    seg_start, seg_end = _counted_part(s, m.start())
    small = chinese and not m.group("mag") and _CN_VALUES.get(m.group("num"), 99) <= 10
    unit = "" if m.group("unit") in ("%", "％") else m.group("unit")
    asked = ("几" if small else "多少") + ((m.group("mag") or "") if unit == "元" else "") + unit
    date = DATE_RE.match(s, seg_start)
    body_start = date.end() if date else seg_start
    before, after = s[body_start:m.start()], s[m.end():seg_end].rstrip("。！？…；;，,：:—")
    if before.startswith(_PRONOUNS) or _COPULA_RE.match(before):
        return None
    before = VAGUE_PREFIX_RE.sub("", before)
    before = _inherited_verb(s, seg_start, before) + before
    core, alternative = _reorder(before, asked, unit) if not after else ("", "")
    core = core or before + asked + after
    if core.startswith(asked):
        core = "有" + core
    question = _with_subject(ctx, s, core, m.start())
    if date:
        question = question.replace(core, date.group(0) + core, 1)
    return Fact(kind="quantity", question=question, spot=spot,
                start=m.start(), end=m.end(), alternatives=(alternative,) if alternative else ())


def _counted_part(sentence: str, pos: int) -> tuple[int, int]:
    """The clause around a number, or just its "、" item when the clause lists several counts."""
    start, end = clause_at(sentence, pos)
    item = next(((a, b) for a, b in segments(sentence) if a <= pos < b), (start, end))
    if len([m for m in QTY_RE.finditer(sentence, start, end)]) > 1 and item[0] >= start:
        return item
    return start, end


def _reorder(before: str, asked: str, unit: str) -> tuple[str, str]:
    """发放《X》 + 317份 → ("发放了多少份《X》", "《X》发放了多少份"): the object after the count."""
    verb = lead_verb(before)
    if not verb or unit not in REORDER_UNITS or verb[1] >= len(before):
        return "", ""
    word, obj = before[verb[0]:verb[1]], before[verb[1]:]
    if any(flag.startswith("v") and flag != "vn" for _, flag, _ in tokens(obj)):
        return "", ""
    word += "" if word.endswith("了") else "了"
    return word + asked + obj, obj + word + asked


def _inherited_verb(sentence: str, seg_start: int, before: str) -> str:
    """In "发放A 317份、B 5份" the verb of the list's first item also governs the later items."""
    listed = seg_start > 0 and sentence[seg_start - 1] == "、"
    if lead_verb(before) or before.startswith(_PREPOSITIONS) or (
            not listed and any(flag.startswith("v") for _, flag, _ in tokens(before))):
        return ""
    for a, b in reversed([span for span in segments(sentence) if span[1] <= seg_start]):
        text = sentence[a:b]
        date = DATE_RE.match(text)
        text = text[date.end():] if date else text
        verb = lead_verb(text)
        if not QTY_RE.search(text):
            return ""
        if verb:
            return text[verb[0]:verb[1]]
    return ""


def _rank_facts(ctx: Context, spot: Spot) -> list[Fact]:
    out = []
    for m in RANK_RE.finditer(spot.text):
        if quoted(spot.text, m.start()):
            continue
        start, end = clause_at(spot.text, m.start())
        rank, at = m.group("rank"), m.start("rank")
        asked = "第几名" if rank.endswith("名") else "第几"
        text = spot.text[start:at] + asked + spot.text[at + len(rank):end]
        text = re.sub(r"[，,；;：:。]$", "", text)
        date = DATE_RE.match(text)
        text = text[date.end():] if date else text
        out.append(Fact(kind="quantity", question=_with_subject(ctx, spot.text, text, m.start()), spot=spot,
                        start=m.start(), end=m.end()))
    return out


def date_facts(ctx: Context, spot: Spot) -> list[Fact]:
    out = []
    for m in DATE_RE.finditer(spot.text):
        if quoted(spot.text, m.start()):
            continue
        when = m.group(0)
        asked = "哪天" if re.search(r"[日号]", when) else "哪一年" if when.endswith("年") else "什么时候"
        event = _date_event(spot.text, m)
        if not event:
            continue
        question = _event_question(ctx, spot.text, event, asked)
        if question:
            alternatives = (question.replace(asked, "什么时候", 1),) if asked != "什么时候" else ()
            out.append(Fact(kind="date", question=question, spot=spot,
                            start=m.start(), end=m.end(), alternatives=alternatives))
    return out


def _date_event(sentence: str, m: re.Match[str]) -> str:
    """The event a date belongs to: the rest of its clause, or the next clause that has a subject."""
    start, end = clause_at(sentence, m.start())
    before = sentence[start:m.start()].strip()
    if before not in ("", "自", "从", "于", "在", "截至", "自从"):
        return ""
    rest = re.sub(r"(?:起|开始|以来)?[，,；;：:。]?$", "", sentence[m.end():end]).strip()
    spans = [span for span in clauses(sentence) if span[0] >= end]
    while not rest and spans:
        text = sentence[spans[0][0]:spans[0][1]].strip("，,；;：:。")
        spans.pop(0)
        if LEAD_ADVERBIAL_RE.match(text):
            continue
        rest = text
    return "" if rest.startswith("由") else rest


def _event_question(ctx: Context, sentence: str, event: str, asked: str) -> str:
    if event.startswith("是"):
        return event[1:] + "是" + asked
    org, chunk = leading_org(event), noun_chunk(event)
    chunk = chunk if chunk.startswith(org) else org
    if chunk and len(chunk) < len(event) and not chunk.startswith(_PRONOUNS):
        return ctx.resolve(strip_count(chunk)) + asked + event[len(chunk):]
    if starts_with_verb(event):
        return sentence_subject(ctx, sentence, sentence.find(event), own=True) + asked + event
    return ""


def organiser_facts(ctx: Context, spot: Spot) -> list[Fact]:
    return _hosted(spot) + _organised(ctx, spot)


_HOST_RE = re.compile(r"由(?P<org>[^，,。；;由]{2,40}?)(?P<verb>主办|承办|协办|指导|牵头|发起)"
                      r"(?P<more>[，,](?P<org2>[^，,。；;]{2,40}?)(?:联合|共同)?(?P<verb2>主办|承办|协办|支持))?"
                      rf"的(?P<event>[^，,。；;]{{2,30}}?{_ACTIVITY})")


def _hosted(spot: Spot) -> list[Fact]:
    out = []
    for m in _HOST_RE.finditer(spot.text):
        event, verb = m.group("event"), m.group("verb")
        alternatives = (f"{event}的{verb}单位是哪个？", f"谁{verb}了{event}？")
        out.append(Fact(kind="organiser", question=f"{event}由谁{verb}？", spot=spot,
                        start=m.start(), end=m.end(), alternatives=alternatives))
        if m.group("org2"):
            who = "哪些单位" if "、" in m.group("org2") else "谁"
            out.append(Fact(kind="organiser", question=f"{event}由{who}{m.group('verb2')}？", spot=spot,
                            start=m.start(), end=m.end()))
    return out


_ORGANISE_RE = re.compile(r"(?P<joint>联合|共同)?(?P<verb>组织开展|启动实施|开展|举办|启动|开启|推出|发起)"
                          rf"了?(?P<event>[^，,。；;]{{2,40}}?{_ACTIVITY})")


def _organised(ctx: Context, spot: Spot) -> list[Fact]:
    """"奉化区总工会组织开展“…”活动": the organisation that opens the clause runs the activity."""
    out = []
    for start, end in clauses(spot.text):
        text = spot.text[start:end]
        date = DATE_RE.match(text)
        m = _ORGANISE_RE.search(text, date.end() if date else 0)
        who = text[date.end() if date else 0:m.start()] if m else ""
        if not m or len(who) > 24 or not org_mentions(who):
            continue
        if not leading_org(who) and (starts_with_verb(who) or who.startswith(_PREPOSITIONS)):
            continue
        event = m.group("event")
        if len(event) > 30 and "的" in event:
            event = event.rsplit("的", 1)[1]
        many = "、" in who or m.group("joint")
        verb = (m.group("joint") or "") + m.group("verb")
        question = f"{event}是{'哪些单位' if many else '哪个单位'}{verb}的？"
        alternatives = (f"谁{verb}了{event}？",)
        out.append(Fact(kind="organiser", question=question, spot=spot,
                        start=start + m.start(), end=start + m.end(), alternatives=alternatives))
    return out


_HELD_RE = re.compile(r"在(?P<place>[^，,。；;在]{2,30}?)(?:隆重|正式)?"
                      r"(?P<verb>举行|召开|举办|开幕|闭幕|揭牌)")
_LOCATED_RE = re.compile(r"位于(?P<place>[^，,。；;的]{2,30})的"
                         r"(?P<what>[^，,。；;]{2,30}?)(?=内|里|中|[，,。]|$)")
_GO_RE = re.compile(r"(?P<verb>前往|奔赴|走进|来到|赶赴)")


def place_facts(ctx: Context, spot: Spot) -> list[Fact]:
    s, out = spot.text, []
    for m in _HELD_RE.finditer(s):
        start, _ = clause_at(s, m.start())
        event = s[start:m.start()].rsplit("的", 1)[-1].strip()
        date = DATE_RE.match(event)
        event = event[date.end():].lstrip("，, ") if date else event
        if len(event) >= 2:
            verb = m.group("verb")
            alternatives = (f"{event}的{verb}地点是哪里？",)
            out.append(Fact(kind="place", question=f"{event}在哪里{verb}？", spot=spot,
                            start=m.start(), end=m.end(), alternatives=alternatives))
    for m in _LOCATED_RE.finditer(s):
        what = m.group("what")
        out.append(Fact(kind="place", question=f"{what}位于哪里？", spot=spot,
                        start=m.start(), end=m.end(), alternatives=(f"{what}在哪里？",)))
    return out + _went(ctx, spot)


def _went(ctx: Context, spot: Spot) -> list[Fact]:
    s, out = spot.text, []
    for m in _GO_RE.finditer(s):
        place_end = _place_end(s, m.end())
        place = s[m.end():place_end]
        if not place or not (PLACE_WORDS_RE.search(place) or _is_place(place)):
            continue
        start, end = clause_at(s, m.start())
        subject = strip_count(leading_org(s[start:m.start()]) or noun_chunk(s[start:m.start()]))
        if not subject or subject.startswith(_PRONOUNS):
            subject = sentence_subject(ctx, s, m.start(), own=True)
        rest = s[place_end:end].rstrip("，,；;：:。")
        following = [s[a:b].rstrip("，,；;：:。") for a, b in clauses(s) if a == end]
        if not rest and following and starts_with_verb(following[0]) and "“" not in following[0]:
            rest = following[0]
        question = f"{ctx.resolve(subject)}{m.group('verb')}哪里{rest}？"
        out.append(Fact(kind="place", question=question, spot=spot, start=m.start(), end=place_end))
    return out


def _place_end(sentence: str, pos: int) -> int:
    """Where the place named at ``pos`` ends: the run of nouns before the next verb or mark."""
    end = pos
    for word, flag, start in tokens(sentence):
        if start < pos:
            continue
        nounish = (flag[:1] in ("n", "j", "f") and flag != "vn") or flag in ("ng", "nrt")
        if nounish or PLACE_WORDS_RE.search(word):
            end = start + len(word)
            continue
        break
    return end
