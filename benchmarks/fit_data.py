"""Training material for ``fit_model.py``: knowledge bases built from public and own passages, and
what the engine finds for each question asked of them (candidates with their features).

Sources (each split into two folds by article, so that a model fitted on one fold can be measured on
the other, whose articles it never saw):

* ``cmrc-trial`` and ``drcd-dev``: the reading-comprehension kit (``../shared/eval/rc``), read from
  there at fitting time and never copied into the project;
* ``union``: union news stories and members' questions written for this project:
  ``benchmarks/data/union_articles.jsonl`` (240 stories), ``union_fresh.jsonl`` (90) and
  ``union_fresh2.jsonl`` (40), the last two written later as blind sets and fitted on from the eighteenth
  session (``union_fresh3.jsonl`` and ``union_fresh4.jsonl`` are never read here: they measure the fitted
  model on union material no model was fitted on, see the README);
* ``faq``: ``benchmarks/data/union_faq.jsonl``, curated union Q&A pairs and members' rewordings of
  them (written by someone who saw only what each pair is about, not its wording);
* ``junk``: ``benchmarks/junk.py`` (must be refused everywhere).

An episode is one knowledge base, built exactly as ``python -m bot build`` builds one, with the
questions of its own passages (answerable) and of passages kept out of it (must be refused), as
``score_rc.py`` does; a share of its passages (``GUTTED``) lose the sentences that answer one of their
questions, which must then be refused too (:func:`gut`); a share of the union stories in it (per row of
``fit_model.PLAN``, now none) may be asked one of the questions written for them that they do not answer
(:func:`unanswerable`). A union episode also asks its stories' questions as follow-ups, as
``Engine.ask(…, after=…)`` reads them (:func:`follow_ups`): what the follow-up decider is fitted on.
Each runs in a fresh process: loading a knowledge base teaches jieba its names.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks import junk  # noqa: E402
from bot.answer.candidates import Candidate  # noqa: E402

RC = ROOT.parent / "shared" / "eval" / "rc"
UNION = ("union_articles", "union_fresh", "union_fresh2")
SOURCES = {"cmrc-trial": (RC / "data" / "cmrc2018_trial.jsonl",), "drcd-dev": (RC / "data" / "drcd_dev.jsonl",),
           "union": tuple(HERE / "data" / f"{name}.jsonl" for name in UNION)}
FAQ = HERE / "data" / "union_faq.jsonl"
PAGE = 8  # stories on an operator's first page (the seed page has 8): the one-page knowledge bases


def score_rc() -> Any:
    sys.path.insert(0, str(RC))
    import score_rc as kit  # the kit's own page layout and "inside one sentence" rule

    return kit


def fold_of(key: str, folds: int = 2) -> int:
    return zlib.crc32(key.encode()) % folds


def passages(source: str, fold: int | None) -> list[dict[str, Any]]:
    lines = [line for path in SOURCES[source] for line in path.read_text("utf-8").splitlines()]
    rows = [json.loads(line) for line in lines if line.strip()]
    return [p for p in rows if fold is None or fold_of(p.get("article", p["id"])) == fold]


@dataclass
class Question:
    """One question of an episode and what the engine found for it."""

    question: str
    gold: list[str]
    title: str  # the passage's title ("" when it must be refused)
    asked: Any = None  # the engine's reading of it (bot.answer.features.Asked)
    bm25: float = 0.0  # the index's best score for it
    articles: int = 0  # how many articles its knowledge base has
    candidates: list[Candidate] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # article id -> title, for the candidates
    pairs: list[tuple[list[float], str]] = field(default_factory=list)  # curated rows and their pair ids
    intended: str = ""  # the curated pair id a reworded question means ("" for none)
    keywords: bool = False  # asked as a member who types only key words would ask it (see keyword_form)
    gutted: bool = False  # its story is in the knowledge, without the sentence that answered it (see gut)
    unanswerable: bool = False  # written about a story in the knowledge that does not answer it
    after: str = ""  # asked as a follow-up after an answer from the story of this title (see follow_ups)


Passages = list[dict[str, Any]]
# Of an episode's stories, the share that lose the sentence answering one of their questions (see gut):
# some 5 % of the questions about stories in the knowledge are then to be refused.
GUTTED = 0.2
FOLLOW_ANOTHER = 0.25  # of the follow-ups, a share asked again after another story's answer (to be refused)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])(?![”’」』）)》〉】])")
KEYWORD_SHARE = 0.25  # of an episode's questions are asked a second time as key words only
KEYWORDS = 3


def pick(items: Passages, n_in: int, n_out: int, seed: int) -> tuple[Passages, Passages]:
    rng = random.Random(seed)
    ordered = sorted(items, key=lambda p: p["id"])
    kb = rng.sample(ordered, min(n_in, len(ordered)))
    inside = {p.get("article", p["id"]) for p in kb}
    free = [p for p in ordered if p.get("article", p["id"]) not in inside]
    return kb, rng.sample(free, min(n_out, len(free)))


def gut(passage: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``passage`` without the sentences that hold the answer to one of its questions (picked by
    ``rng``): a story the knowledge holds, but not the fact asked of it. Members ask such questions
    most often (下一场在哪办, 门票多少钱一斤 of a story that names neither), and the kit never does:
    its questions to refuse are about passages left out, on other topics."""
    kit = score_rc()
    asked = [q for q in passage["qas"] if kit.in_one_sentence(passage["text"], q["gold"])]
    if not asked:
        return passage
    gold = [kit.fold(g) for g in rng.choice(asked)["gold"] if kit.fold(g)]
    kept = [s for s in _SENTENCE_END.split(passage["text"]) if not any(g in kit.fold(s) for g in gold)]
    return {**passage, "text": "".join(kept).strip() or passage["text"]}


def unanswerable(kb: Passages, rng: random.Random, *, share: float) -> list[str]:
    """For a ``share`` of the stories in ``kb``, one of the questions written for it that it does not
    answer (a union story's ``unanswerable``: 下一期什么时候办, 驿站联系电话 of a story that names
    neither). Written by someone who saw the story and was asked for questions a member would plausibly
    ask of it, as SQuAD 2.0's are: the knowledge holds the story, not the fact, and :func:`gut` only
    makes such questions where a sentence was taken out."""
    return [rng.choice(p["unanswerable"])["q"] for p in kb if p.get("unanswerable") and rng.random() < share]


def rc_episode(source: str, fold: int | None, n_in: int, n_out: int, seed: int, junk_count: int, *,
               unanswered: float) -> list[Question]:
    kit = score_rc()
    kb, out = pick(passages(source, fold), n_in, n_out, seed)
    cut = random.Random(f"gut.{source}.{fold}.{seed}")
    told = [gut(p, cut) if cut.random() < GUTTED else p for p in kb]
    with tempfile.TemporaryDirectory(prefix="fit.") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        kit.write_seeds(told, seeds, "byline")
        questions = [Question(q["q"], q["gold"], p["title"]) for p in told for q in p["qas"]
                     if kit.in_one_sentence(p["text"], q["gold"])]
        questions += [Question(q["q"], q["gold"], "", gutted=True) for p, whole in zip(told, kb, strict=True)
                      for q in p["qas"] if p is not whole and kit.in_one_sentence(whole["text"], q["gold"])
                      and not kit.in_one_sentence(p["text"], q["gold"])]
        questions += [Question(q["q"], q["gold"], "") for p in out for q in p["qas"]]
        rng = random.Random(f"{source}.{fold}.{seed}")
        questions += [Question(q.question, q.gold, q.title, keywords=True) for q in questions
                      if rng.random() < KEYWORD_SHARE]
        # After the key-word forms, from a generator of their own: the other questions stay as they were.
        asked = unanswerable(told, random.Random(f"unanswerable.{source}.{fold}.{seed}"), share=unanswered)
        questions += [Question(text, [], "", unanswerable=True) for text in asked]
        questions += [Question(text, [], "") for text in junk.generate(seed * 1000 + fold_seed(fold), junk_count)]
        if source == "union":
            questions += follow_ups(told, kb, random.Random(f"follow.{fold}.{seed}"))
        return list(_look(Path(tmp), seeds, questions, curated=None))


def follow_ups(told: Passages, kb: Passages, rng: random.Random) -> list[Question]:
    """The questions of an episode's stories asked as follow-ups (``after`` their story's title), as a
    member asks on after an answer from it: each answered by its story; those of a gutted story's lost
    sentence and those a story leaves open (``unanswerable``), to be refused; and FOLLOW_ANOTHER of the
    answered ones asked after another story instead, to be refused too (the member changed the subject)."""
    kit = score_rc()
    out = []
    for p, whole in zip(told, kb, strict=True):
        for q in p["qas"]:
            if kit.in_one_sentence(p["text"], q["gold"]):
                out.append(Question(q["q"], q["gold"], p["title"], after=p["title"]))
                if len(told) > 1 and rng.random() < FOLLOW_ANOTHER:
                    other = rng.choice([o for o in told if o is not p])
                    out.append(Question(q["q"], q["gold"], "", after=other["title"]))
            elif kit.in_one_sentence(whole["text"], q["gold"]):
                out.append(Question(q["q"], q["gold"], "", gutted=True, after=p["title"]))
        out += [Question(u["q"], [], "", unanswerable=True, after=p["title"]) for u in p.get("unanswerable", [])]
    return out


def keyword_form(query: Any) -> str:
    """A question as key words only ("金华 文明城市 得分"): its KEYWORDS weightiest content words, in
    its order, without question words. Members type these; the kit's questions never are."""
    return " ".join(query.content[i] for i in query.heaviest(KEYWORDS))


def fold_seed(fold: int | None) -> int:
    return 0 if fold is None else fold + 1


def faq_episode(fold: int | None, share_in: float, seed: int) -> list[Question]:
    """Curated pairs of FAQ items (the fold's), asked with members' rewordings of items in and out."""
    rng = random.Random(seed)
    items = [json.loads(line) for line in FAQ.read_text("utf-8").splitlines() if line.strip()]
    items = [i for i in items if fold is None or fold_of(i["id"]) == fold]
    inside = {i["id"] for i in items if rng.random() < share_in}
    questions = [Question(text, [], "", intended=i["id"] if i["id"] in inside else "")
                 for i in items for text in i["paraphrases"]]
    with tempfile.TemporaryDirectory(prefix="fit.") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        curated = faq_knowledge([i for i in items if i["id"] in inside], seeds)
        return list(_look(Path(tmp), seeds, questions, curated=curated))


def faq_knowledge(items: list[dict[str, Any]], seeds: Path) -> str:
    """A seed page with one article per topic (the answers as its paragraphs); the curated file."""
    from bot.core.model import article_id

    topics: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        topics.setdefault(item["topic"], []).append(item)
    page, qa = [], ["version: 1", "qa:"]
    for topic, group in topics.items():
        title = f"{topic}常见问题解答"
        answers = [i["answer"] for i in group]
        page += [title, "", "本报讯 通讯员张三报道 " + answers[0], *(x for a in answers[1:] for x in ("", a)), ""]
        aid = article_id("faq.txt", title)
        for n, item in enumerate(group, 1):
            qa += [f"- id: {item['id']}", f"  question: {json.dumps(item['question'], ensure_ascii=False)}",
                   f"  alternatives: {json.dumps(item['alternatives'], ensure_ascii=False)}",
                   f"  answer: {json.dumps(item['answer'], ensure_ascii=False)}",
                   f"  source: {{article: {aid}, paragraph: {n}}}"]
    (seeds / "faq.txt").write_text("\n".join(page) + "\n", encoding="utf-8")
    return "\n".join(qa) + "\n"


def engine_over(root: Path, seeds: Path, *, curated: str | None = None, model: Any = None) -> Any:
    """An engine over the knowledge built from ``seeds`` in ``root`` (as ``build`` builds it), with the
    operator's ``curated`` pairs file when given; ``model`` None: the package's (or ``UNIONBOT_MODEL``)."""
    from bot.answer.engine import Engine
    from bot.core.cachedir import cache_dirs
    from bot.index.cache import load_built
    from bot.knowledge.build import build_knowledge

    kb = root / "kb"
    report = build_knowledge(seeds, kb)
    if report.errors:
        raise RuntimeError(f"build failed: {report.errors}")
    if curated is not None:
        (kb / "curated").mkdir(exist_ok=True)
        (kb / "curated" / "qa.yaml").write_text(curated, encoding="utf-8")
    return Engine(load_built(kb, "fit", cache_dirs(root / "cache")), model=model)


@contextlib.contextmanager
def engine_of(passages: Passages, *, model: Any = None) -> Iterator[Any]:
    """An engine over a knowledge base built from ``passages`` (written as ``score_rc.py`` writes them),
    for the ``with`` block (the benches' knowledge bases; ``model`` as :func:`engine_over`'s)."""
    with tempfile.TemporaryDirectory(prefix="bench.") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        score_rc().write_seeds(passages, seeds, "byline")
        yield engine_over(Path(tmp), seeds, model=model)


def _look(root: Path, seeds: Path, questions: list[Question], *, curated: str | None) -> Iterator[Question]:
    engine = engine_over(root, seeds, curated=curated, model=stub_model())
    titles = {aid: a.title for aid, a in engine.knowledge.articles.items()}
    ids = {title: aid for aid, title in titles.items()}
    for q in questions:
        if q.keywords:
            q.question = keyword_form(engine.look(q.question).query)
        # A follow-up as Engine.ask reads it: that article's sentences only, by the question's own words.
        look = engine.look_after(q.question, ids[q.after]) if q.after else engine.look(q.question)
        q.asked = look.asked
        q.bm25 = look.bm25
        q.articles = len(engine.knowledge.articles)
        q.candidates = [c for _, c in look.ranked]
        q.titles = {c.unit.article: titles[c.unit.article] for c in q.candidates}
        q.pairs = [(row, engine.knowledge.pairs[unit.pair].id) for row, unit in look.pair_rows]
        yield q


def stub_model() -> Any:
    """A model that scores everything 0: enough to gather candidates before any model is fitted."""
    from bot.answer.features import DECISION, SENTENCE
    from bot.answer.model import Model
    from bot.answer.pairs import PAIR
    from bot.answer.trees import Forest

    def flat(n: int) -> Forest:
        return Forest(feature=[0], threshold=[0.0], left=[0], right=[0], value=[0.0], roots=[0], depth=1,
                      base=0.0, features=n)

    return Model(ranker=flat(len(SENTENCE)), decider=flat(len(DECISION)), pairs=flat(len(PAIR)),
                 follow=flat(len(DECISION)), threshold=0.5,
                 pair_threshold=0.5, second_margin=0.0, fitted={})
