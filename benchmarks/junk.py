"""Seeded generator of inputs a union Q&A bot must refuse: junk, arithmetic, weather, chit-chat.

    python benchmarks/junk.py --seed 7 --count 1000            # print them, one a line
    python benchmarks/junk.py --seed 7 --count 1000 --check    # ask the bot; the share refused

Kinds (in equal shares): random strings of 1–3 Chinese characters; one word repeated; latin
keyboard noise; arithmetic; weather; chit-chat and small talk; questions about other everyday
topics (shopping, sport, films, cooking) that no union article answers. Fitting
(``benchmarks/fit_model.py``) draws from one seed, the check from another.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import string
import subprocess
import sys

# The 3,500 commonest characters would be better; the CJK block's first part is close enough and
# needs no table (it holds the common characters and many rare ones, as real junk does).
_CJK = (0x4E00, 0x9FA5)
_WORDS = "工会 职工 活动 会员 补助 劳模 你好 哈哈 测试 啊 嗯 好的 没有 什么 谢谢 在吗 123 ok".split()
_CITIES = "北京 上海 杭州 宁波 温州 广州 深圳 成都 武汉 西安 南京 苏州 重庆 天津 长沙".split()
_WHEN = "今天 明天 后天 周末 下周一 今晚 这几天".split()
_WEATHER = ["{c}{w}天气怎么样", "{w}{c}会下雨吗", "{c}{w}多少度", "{w}要带伞吗", "{c}{w}有台风吗", "{w}冷不冷"]
_CHAT = ["你吃饭了吗", "讲个笑话", "你是机器人吗", "你几岁了", "你喜欢什么", "我好无聊", "陪我聊聊天", "你真聪明",
         "晚上吃什么好", "我心情不好", "你是男的还是女的", "今天星期几", "现在几点了", "你会唱歌吗", "我爱你",
         "你叫什么名字呀", "你住在哪里", "早上好啊朋友", "周末去哪玩", "有什么好看的电影"]
_OTHER = ["{x}多少钱", "{x}怎么做好吃", "{x}哪里买便宜", "{x}比赛谁赢了", "{x}的电影好看吗", "{x}怎么减肥",
          "{x}股票能买吗", "{x}手机哪个牌子好", "{x}高铁票怎么退", "{x}的房价是多少"]
_THINGS = "红烧肉 苹果 足球 篮球 周杰伦 火锅 茅台 比特币 华为 小米 口红 自行车".split()


def _chars(rng: random.Random) -> str:
    return "".join(chr(rng.randint(*_CJK)) for _ in range(rng.randint(1, 3)))


def _repeated(rng: random.Random) -> str:
    return rng.choice(_WORDS) * rng.randint(2, 6)


def _latin(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase + "  ") for _ in range(rng.randint(2, 12))).strip() or "x"


def _arithmetic(rng: random.Random) -> str:
    a, b = rng.randint(1, 999), rng.randint(1, 99)
    op = rng.choice(["+", "-", "×", "*", "/", "加", "减", "乘以", "除以"])
    form = rng.choice(["{a}{op}{b}等于几", "{a}{op}{b}=?", "{a}{op}{b}是多少", "算一下{a}{op}{b}"])
    return form.format(a=a, op=op, b=b)


def _weather(rng: random.Random) -> str:
    return rng.choice(_WEATHER).format(c=rng.choice(_CITIES), w=rng.choice(_WHEN))


def _chat(rng: random.Random) -> str:
    return rng.choice(_CHAT) + rng.choice(["", "？", "?", "啊", "呀"])


def _other(rng: random.Random) -> str:
    return rng.choice(_OTHER).format(x=rng.choice(_THINGS))


KINDS = (_chars, _repeated, _latin, _arithmetic, _weather, _chat, _other)


def generate(seed: int, count: int) -> list[str]:
    """``count`` inputs, the same for the same seed (each kind in turn)."""
    rng = random.Random(seed)
    return [KINDS[i % len(KINDS)](rng) for i in range(count)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--check", action="store_true", help="ask the bot (python -m bot ask --jsonl) and count refusals")
    ap.add_argument("--kb", default="knowledge")
    ap.add_argument("--cmd", default=f"{shlex.quote(sys.executable)} -m bot")
    args = ap.parse_args()
    inputs = generate(args.seed, args.count)
    if not args.check:
        print("\n".join(inputs))
        return 0
    proc = subprocess.run([*shlex.split(args.cmd), "ask", "--jsonl", "--kb", args.kb], input="\n".join(inputs) + "\n",
                          capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    answered = [(q, a) for q, a in zip(inputs, answers, strict=True) if a["answered"]]
    for q, a in answered[:20]:
        print(f"answered: {q!r} -> {a['answer'][:40]!r} ({a['score']})")
    print(f"junk refused: {len(inputs) - len(answered)}/{len(inputs)} = {1 - len(answered) / len(inputs):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
