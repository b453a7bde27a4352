"""bot.present.threads: each member's last answered article, for a while, in bounded memory."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.answers import Answer, Citation, Suggestion
from bot.present.threads import FOLLOW_SECONDS, Threads


def answered(article: str) -> Answer:
    return Answer(question="q", answered=True, text="t",
                  source=Citation(title="T", byline="", article=article, paragraph=1, file="f.txt"))


REFUSED = Answer(question="q", answered=False, reason="unsure")


def test_an_answer_starts_a_thread_and_the_next_answer_moves_it() -> None:
    threads: Threads[int] = Threads()
    assert threads.after(1, 0.0) is None
    threads.keep(1, answered("a1"), 0.0)
    assert threads.after(1, 1.0) == "a1"
    assert threads.after(2, 1.0) is None  # another member
    threads.keep(1, answered("a2"), 2.0)
    assert threads.after(1, 3.0) == "a2"


@pytest.mark.parametrize("answer", [REFUSED, None, Answer(question="q", answered=True, text="t")])
def test_a_refusal_or_an_answer_without_a_source_leaves_the_thread(answer: Answer | None) -> None:
    threads: Threads[int] = Threads()
    threads.keep(1, answered("a1"), 0.0)
    threads.keep(1, answer, 1.0)
    assert threads.after(1, 2.0) == "a1"


def test_a_thread_ends_after_follow_seconds() -> None:
    threads: Threads[int] = Threads()
    threads.keep(1, answered("a1"), 0.0)
    assert threads.after(1, FOLLOW_SECONDS) == "a1"
    assert threads.after(1, FOLLOW_SECONDS + 1) is None


BROAD = Answer(question="有多少人参加", answered=False, reason="broad",
               suggestions=(Suggestion(id="s1", question="《A》讲了什么？"),
                            Suggestion(id="s2", question="《B》讲了什么？")))


def test_a_broad_question_is_kept_with_its_choices() -> None:
    threads: Threads[int] = Threads()
    threads.keep(1, answered("a1"), 0.0)
    threads.keep(1, BROAD, 1.0)
    assert threads.chosen(1, "s2", 2.0) == "有多少人参加"
    assert threads.chosen(1, "s3", 2.0) is None  # a button of another reply
    assert threads.chosen(2, "s2", 2.0) is None  # another member
    assert threads.chosen(1, "s2", 1.0 + FOLLOW_SECONDS + 1) is None
    assert threads.after(1, 2.0) == "a1"  # the thread stays where it was
    threads.keep(1, answered("a2"), 3.0)  # an answer (say, to s2) leaves the choice: s1 may be chosen next
    assert threads.chosen(1, "s1", 4.0) == "有多少人参加" and threads.after(1, 4.0) == "a2"
    threads.keep(1, replace(BROAD, question="谁主持", suggestions=(Suggestion(id="s9", question="《C》"),)), 5.0)
    assert threads.chosen(1, "s1", 6.0) is None and threads.chosen(1, "s9", 6.0) == "谁主持"


@pytest.mark.parametrize("answer", [REFUSED, replace(BROAD, suggestions=())])
def test_other_refusals_offer_nothing_to_choose(answer: Answer) -> None:
    threads: Threads[int] = Threads()
    threads.keep(1, answer, 0.0)
    assert threads.chosen(1, "s1", 1.0) is None and len(threads) == 0


def test_the_least_recently_answered_are_forgotten_first() -> None:
    threads: Threads[tuple[int, int]] = Threads(members=2)
    for i in range(3):
        threads.keep((0, i), answered(f"a{i}"), float(i))
    assert len(threads) == 2
    assert threads.after((0, 0), 3.0) is None
    assert threads.after((0, 2), 3.0) == "a2"
