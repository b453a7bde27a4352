"""Newspaper pages nobody tuned on: are their articles found, with their titles, bylines and text?

    python benchmarks/ingest_papers.py                      # both sets below
    python benchmarks/ingest_papers.py DIR [DIR …]          # any folder with a manifest.jsonl

Each set is a folder of raw pages (text copied out of a PDF or an e-paper site) and a
``manifest.jsonl``: per page, every article's main title, byline, first and last body sentence.
Helpers who had not seen the code wrote them, each set measured before any change was made for it:
``benchmarks/data/papers/`` (12 pages of union papers), ``papers_b/`` (12 pages of papers, bulletins
and newsletters), ``papers_c/`` (10 pages: more publications, a two-column PDF copy among them) and
``papers_d/`` (10 pages: a WeChat push, a township's Word report, a quarterly, a website and more)
``papers_e/`` (10 texts: a digest, an annual report, a hard-wrapped PDF copy and more),
``papers_f/`` (10 texts: a county bulletin, a WeChat push, a quarterly, a special issue and more),
``papers_g/`` (10 texts: a website copied page by page, a yearbook, a notice board and more) and
``papers_h/`` (10 texts, measured blind on the code of 2026-12-06, then taught the next rules) and
``papers_i/`` (10 texts: a paper page, a bulletin, WeChat pushes, a website, a magazine, a damaged
PDF copy, a Word report, an e-paper page; measured blind on 2026-12-06, then taught the next rules)
``papers_j/`` (10 more such texts, measured blind on the rules I taught, then taught some more) and
``papers_k/`` (10 more, measured blind on the rules J taught, then taught), ``papers_l/`` (10 more,
measured blind on the rules K taught: 54/68 found; then taught), ``papers_m/`` (10 more, measured
blind on the final code of 2026-12-06, then taught in the next session), ``papers_n/`` and
``papers_o/`` (10 each, measured blind on that session's start and on the rules M taught, then
taught), ``papers_q/`` (10, measured blind on the rules M, N and O taught, then taught), and
``papers_p/``, ``papers_r/``, ``papers_s/``, ``papers_t/`` and ``papers_u/`` (10 each, held out until
2026-12-06's last session: P measured on the rules M, N and O taught and again on the session's final
rules, R and S when they arrived and on the final rules, T and U on the final rules; then their
misses taught three rules), and ``papers_v/`` (10 newspaper pages), ``papers_w/`` (10 web, WeChat and
news-app copies) and ``papers_x/`` (10 bulletins, magazines, a yearbook), written for that session,
measured blind on its first code and again on its final rules, held out until 2026-12-07, when their
misses taught the rules of a title set over two lines and of a byline on the title's line; and
``papers_y/`` (10 texts: a workers' daily page, a website article, a WeChat push, a 简报, a 工作动态
roundup, a news-app copy, a magazine profile, an 以案说法 page, a congress special, an annual summary)
and ``papers_z/`` (10: an e-paper, a railway paper, a district 信息, a WeChat push, a street 周报, a
notice, a narrow-column PDF copy, a magazine interview, a 十大新闻 review, a hospital newsletter),
written for that session and measured blind on its first code and on those two rules, as were
``papers_aa/`` (10: a city daily's 工会 page, a 基层动态 list page, a WeChat push, a 简报, a 维权 page, a
news-app copy, a magazine feature, a 工作信息 sheet, a congress special, a 副刊 page) and ``papers_ab/``
(10: a local edition page, a 通知, a WeChat roundup, a company paper, a 工作通报, a news-app copy, an
一问一答 explainer, a 图片新闻 page, an interview, a research report): held out, nobody studied their
misses; ``papers_ac/`` (10 narrow-column PDF copies, hard-wrapped at 10–20 characters, titles wrapped
too), measured blind on the two rules, then taught the rule of a word running on from one title
line into the next; and ``papers_ad/`` (10 more narrow-column copies at widths 9–20), written after
those rules and measured blind on them: held out, nobody studied its misses; and ``papers_ae/``
(10 more narrow-column copies at widths 10–20, written after the session's last rules and measured
blind on every version of them, then on the next session's rule of a page's title width: 23 → 28
found). ``papers_af/`` (10: a workers' daily page, a site's article and list pages saved as HTML, a
WeChat roundup, a 工作简报, a damaged PDF copy, a company paper, a news-app copy, an interview, a
Markdown 简讯 column) and ``papers_ag/`` (10: a national page with kickers and subtitles, a two-column
PDF copy with 下转/上接, a site's notice page, a WeChat feature, a 周报, bylines under titles, a legal
column with a boxed tip, a congress special, a hospital newsletter, a news-app copy of three items),
written for the fourteenth session and measured blind on its first code (26 of 30, 24 of 31), then
taught the rules of breadcrumbs, drawn boxes and rules, a photographer's end credit, a site's related
titles dated under each, and readers' comments headed by their count. ``papers_ah/`` (10: a front page
with 今日导读 and 下转, a magazine spread, a notice page (HTML), a WeChat push of 01 | items, a news
site's copy, a railway paper, a 简报 of 【标题】正文 items, a Markdown feature, a 女职工 newsletter,
a hard-wrapped PDF copy) was measured blind on every revision of that session's rules (24 of 29),
then taught a subtitle's clause of figures; ``papers_ai/`` (10: a 融媒体 list page (HTML), a city
daily's page, a 工作动态 sheet, a WeChat feature, an e-paper copy with its print links, a newsletter
with end credits and a tip box, a 卷首语 and an 编者按 report, an indented PDF copy across a page
break, an 以案说法 page, a news-app copy with ads and comments), written after the session's last
rule and measured blind on every revision: 21 of 31 found, at the session's start as at its end
(one article less whole on the rule of comments headed by their count, which then learned to stop at
查看更多评论: 22 found, 20 whole), then taught six rules (29 found); ``papers_aj/`` (10: a 地方 page with
a 图片新闻 item, a county site's page (HTML), a WeChat push, an enterprise newsletter, a magazine PDF
copy over two pages, a 工作简报 with 【】 titles, a news site's copy of two articles, a PDF copy
hard-wrapped at 15 characters, an 一问一答 explainer, a Markdown 劳模 collection), written after AI's
rules and measured blind: 26 of 27 found at 4c0f84e and on the final rules alike; its bylines then
taught the rule of a bare 本报讯 and an end credit (21 → 24 right). ``papers_ak/`` (10: a provincial paper's
page, a site's article (HTML), a WeChat roundup, a 工作动态 sheet, magazine pages from a PDF, a
narrow-column copy, a Markdown legal page, a 劳模 profile, a 通知, a news-app copy), written after the
session's last rule and measured blind on it and on 4c0f84e: 17 of 24 found on both (8 and 7 stray);
held out until the fifteenth session, whose rules its misses taught (23 found, 1 stray).
``papers_al/`` (10: a workers' daily page from an e-paper, a county 工作简报, a WeChat push (Markdown),
a city union site's article (HTML), a narrow-column PDF copy, a magazine feature over a page break
(Markdown), a news app's share page (HTML), a 工会说法 legal column, a company paper's 工会之窗 page, a
Word report of a 职代会), written for the fifteenth session and measured blind on its first code
(eccd4e7) and on its final rules: 20 of 22 found on both (6 stray); held out, no rule was made from
its misses. ``papers_am/`` (10: an e-paper page with a 读者热线 box, a city union site's article, a
Markdown note of two articles, a saved news page (HTML), a narrow-column magazine copy, a 工作动态
bulletin, a WeChat push saved as HTML and one copied from a phone, both dressed in emoji, a Markdown
note with front matter, a damaged city daily page), written for the sixteenth session and measured
blind on its first code (14898fd): 16 of 23 found (10 stray); its pushes' emoji then taught one rule
(20 found, 6 stray), its site page's menu another (5 stray). ``papers_an/`` (10: a railway paper's
e-paper page, a county union site's article (HTML), a 《工会信息》 issue of 【】 items, a Markdown paste
of two news-app articles, a two-column magazine PDF copy with a running header mid-paragraph and
interleaved lines, a city news site's article with an 编者按 (HTML), a WeChat push of ▌01丨 items, a
power company paper's interview, a post paper's page (Markdown), a damaged coal paper's page), written
for the sixteenth session after the emoji rule and measured blind on it and on 14898fd: 18 of 24 found
on both (8 stray), and on the menu rule alike; held out, no rule was made from its misses.

An article is *found* when an article read from its page has its title, its byline is *right* when
it is the one written (brackets aside, or holding it: 本报讯（记者 X） holds 记者 X), and it is
*whole* when its text starts with the first sentence and ends with the last (a sentence repeated by
the layout aside). Articles read that are in no manifest are *stray*. A title not found may still
stand within the title block read (a main title set over two lines, read as 引题 and 主题): an answer
cites the whole block, so such an article is still cited by its title (counted apart). Printed: the misses, then the
counts per set.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bot.ingest.pages import read_file  # noqa: E402
from bot.ingest.repairs import radicals  # noqa: E402

SETS = tuple(HERE / "data" / name for name in ("papers", "papers_b", "papers_c", "papers_d", "papers_e", "papers_f",
                                              "papers_g", "papers_h", "papers_i", "papers_j", "papers_k",
                                              "papers_l", "papers_m", "papers_n", "papers_o", "papers_p",
                                              "papers_q", "papers_r", "papers_s", "papers_t", "papers_u",
                                              "papers_v", "papers_w", "papers_x", "papers_y", "papers_z",
                                              "papers_aa", "papers_ab", "papers_ac", "papers_ad",
                                              "papers_ae", "papers_af", "papers_ag", "papers_ah", "papers_ai",
                                              "papers_aj", "papers_ak", "papers_al", "papers_am",
                                              "papers_an"))
_BRACKETS = str.maketrans("", "", "（）()")
SLACK = 40  # characters: where the first sentence may start (a lead's place or date before it)


def squash(text: str) -> str:
    """``text`` without whitespace, radicals read as ideographs (a manifest may copy a PDF's ⼯ for 工)."""
    return "".join(radicals(text).split())


def same_byline(found: str, wanted: str) -> bool:
    """The sets write a byline with its brackets or without (（王静）, 本报讯（记者 X） or 记者 X): the
    same when one holds the other, brackets aside; no byline matches only no byline."""
    a, b = (squash(t).translate(_BRACKETS) for t in (found, wanted))
    return a == b or bool(a and b and (a in b or b in a))


def check(folder: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for page in map(json.loads, (folder / "manifest.jsonl").read_text("utf-8").splitlines()):
        articles = {squash(a.title): a for a in read_file(folder / page["file"]).articles}
        wanted = {squash(a["title"]) for a in page["articles"]}
        for stray in (a.title for key, a in articles.items() if key not in wanted):
            counts["stray"] += 1
            print(f"  {page['file']}: stray 《{stray}》")
        for want in page["articles"]:
            counts["articles"] += 1
            found = articles.get(squash(want["title"]))
            if found is None:
                blocks = [squash(a.full_title) for a in articles.values()]
                counts["in a block"] += any(squash(want["title"]) in block for block in blocks)
                print(f"  {page['file']}: not found 《{want['title']}》")
                continue
            counts["found"] += 1
            text = squash("".join(p.text for p in found.paragraphs))
            first, last = squash(want["first"]), squash(want["last"])
            whole = first in text[:len(first) + SLACK] and last in text[-len(last) - SLACK:]
            right = same_byline(found.byline, want["byline"])
            counts["whole"] += whole
            counts["byline right"] += right
            if not right:
                print(f"  {page['file']}: byline of 《{want['title']}》 {found.byline!r}, not {want['byline']!r}")
            if not whole:
                print(f"  {page['file']}: text of 《{want['title']}》 runs {text[:24]!r} … {text[-24:]!r}")
    return counts


def main() -> int:
    folders = [Path(arg) for arg in sys.argv[1:]] or [folder for folder in SETS if folder.exists()]
    for folder in folders:
        c = check(folder)
        print(f"{folder.name}: {c['found']}/{c['articles']} articles found, {c['byline right']} bylines right, "
              f"{c['whole']} whole; {c['stray']} stray articles; {c['in a block']} more cited by a title block "
              f"holding their title")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
