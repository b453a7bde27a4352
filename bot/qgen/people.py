"""People and their roles for :mod:`bot.qgen.generate`.

Three shapes: "<org><role><name>", "选举<name>为<org><role>" and “nickname”<name>.

Names are accepted only after a role word, a nickname or in an election clause, and only when they
start with a common surname: jieba's ``nr`` tag alone marks too many places and words as names.
"""

from __future__ import annotations

import re

from bot.nlp.orgs import CJK, Context
from bot.qgen.patterns import (
    BOUNDARY,
    DESC_LEAD_RE,
    OFFICES,
    ROLE_END_RE,
    ROLE_RE,
    Fact,
    Spot,
    clauses,
    is_surname_start,
    name_at,
)

_NAMES = rf"[{CJK}]{{2,3}}(?:、[{CJK}]{{2,3}})*"
_ELECTED_RE = re.compile(rf"(?:^|选举|当选|推选)(?P<names>{_NAMES})(?:为|当选为?|担任)"
                         r"(?P<desc>[^，,；;。]{0,24})$")
_NICKNAME_RE = re.compile(r"“(?P<nick>[^“”，,。]{2,8})”")
# An organisation named by its kind alone ("市总工会" whose city the story does not give, "公司工会"):
# "公司工会主席是谁？" would ask of every such union a knowledge base holds.
_BARE_ORG_RE = re.compile(r"(?:[省市区县镇乡]|公司|集团|集团公司|医院|学校|校|项目部?|厂|车间|企业|单位)?总?工会")


def person_facts(ctx: Context, spot: Spot) -> list[Fact]:
    return _titled(ctx, spot) + _nicknamed(spot) + _elected(ctx, spot)


def _titled(ctx: Context, spot: Spot) -> list[Fact]:
    """"路桥区总工会党组书记、主席应仲友": the description before the name holds org and roles."""
    s, out = spot.text, []
    for m in ROLE_RE.finditer(s):
        name = name_at(s, m.end())
        if not name:
            continue
        start = _desc_start(s, m.start())
        desc = DESC_LEAD_RE.sub("", s[start:m.end()])
        out.extend(_person(ctx, spot, name, desc, start, m.end() + len(name)))
    return out


def _desc_start(sentence: str, role_start: int) -> int:
    """Walk left over the organisation words, and over "、" when the item before it is a role too."""
    pos = role_start
    while pos > 0 and sentence[pos - 1] not in BOUNDARY and sentence[pos - 1] != "的":
        pos -= 1
    if pos > 0 and sentence[pos - 1] == "、":
        earlier = _desc_start(sentence, pos - 1)
        if ROLE_END_RE.search(sentence[earlier:pos - 1]):
            return earlier
    return pos


def _pieces(ctx: Context, desc: str) -> list[tuple[str, str]]:
    """(org, role) for each "、"-separated item; an item without an org shares the previous one."""
    out: list[tuple[str, str]] = []
    org = ""
    for item in desc.split("、"):
        m = ROLE_END_RE.search(item)
        if not m:
            continue
        org = ctx.resolve(item[:m.start()]) if m.start() else org
        out.append((org, m.group(0)))
    return out


def _is_office(role: str) -> bool:
    return role.endswith(OFFICES)


def _person(ctx: Context, spot: Spot, name: str, desc: str, start: int, end: int,
            elected: bool = False) -> list[Fact]:
    pieces = _pieces(ctx, desc)
    if not pieces:
        return []
    office = any(_is_office(role) for _, role in pieces)
    asks: tuple[str, ...] = (f"{name}是什么职务？" if office else f"{name}是做什么的？",)
    asks += (f"{name}当选什么职务？",) if elected else ()
    out = [Fact(kind="person", question=f"{name}是谁？", spot=spot,
                start=start, end=end, alternatives=asks, detail="elected" if elected else "")]
    for org, role in pieces:
        if org and _is_office(role) and not _BARE_ORG_RE.fullmatch(org):
            alternatives = [f"谁是{org}{role}？"] + ([f"谁当选{org}{role}？"] if elected else [])
            out.append(Fact(kind="role", question=f"{org}{role}是谁？", spot=spot,
                            start=start, end=end, alternatives=tuple(alternatives)))
    return out


def _nicknamed(spot: Spot) -> list[Fact]:
    """"“阿斌师傅”史文斌": the nickname is how members will remember the person."""
    s, out = spot.text, []
    for m in _NICKNAME_RE.finditer(s):
        name = name_at(s, m.end())
        if name:
            nick = m.group("nick")
            out.append(Fact(kind="person", question=f"{name}是谁？", spot=spot,
                            start=m.start(), end=m.end() + len(name),
                            alternatives=(f"{nick}是谁？", f"{name}是做什么的？")))
    return out


def _elected(ctx: Context, spot: Spot) -> list[Fact]:
    """"大会选举王晖平为义乌市总工会主席，刘德丰、方丹云为副主席": later clauses share the org."""
    s, out = spot.text, []
    org = ""
    for start, end in clauses(s):
        m = _ELECTED_RE.search(s[start:end].rstrip("，,；;：:。"))
        if not m or not ROLE_END_RE.search(m.group("desc")):
            continue
        role = ROLE_END_RE.search(m.group("desc"))
        assert role is not None
        org = ctx.resolve(m.group("desc")[:role.start()]) or org
        for name in m.group("names").split("、"):
            if is_surname_start(name):
                fact_start, fact_end = start + m.start("names"), start + m.end()
                out.extend(_person(ctx, spot, name, org + role.group(0), fact_start, fact_end, elected=True))
    return out
