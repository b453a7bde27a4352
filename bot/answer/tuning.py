"""The hand-set numbers of the answering path, each with what it does and why it has this value.

Numbers learnt from data are not here: they are in the model file (:mod:`bot.answer.model`,
``model.json``), which ``benchmarks/calibrate.py`` writes. These are chosen by hand, for speed
(measured by ``benchmarks/bench_engine.py``), for what a member sees, or as limits that protect
the bot; changing one changes what the fitted model was fitted on, so refit after (README,
"Confidence"). BM25's own parameters (k1, b) are in :mod:`bot.index.bm25`.
"""

from __future__ import annotations

# --- how many candidates a question looks at (speed against recall; bench_engine.py) ---------------
CANDIDATES = 16  # proposed by the index: the right one is nearly always among them
WEIGHED = 5  # of those, the best by the first look (matcher.first_look) are weighed in full
POSTINGS = 5000  # postings the index may score per question (its commonest terms are left out)

# --- what a member is shown ---------------------------------------------------------------------
SUGGEST_FLOOR = 0.12  # stage-1 confidence a candidate needs to be offered as "did you mean"
CARD_FLOOR = 0.4  # stage-1 confidence for an inline-mode card (several are shown, each cited)
CURATED_BONUS = 0.05  # operators' own pairs win a near tie with generated ones
TRIM_AT = 90  # characters: a longer answer sentence is cut to the clauses that answer

# --- limits that protect the bot ------------------------------------------------------------------
MAX_QUESTION = 4096  # characters of a question that are looked at at all
MAX_ANALYSED = 300  # a longer question is read by its beginning (POS tagging is linear but slow)

# --- reading a question (bot.answer.question) -------------------------------------------------------
# Every candidate is probed for every key word: a longer question (a pasted sentence) is read by its
# weightiest words, which tell its candidates apart as well as all of them would.
MAX_CONTENT = 6
MIN_CONTENT = 12.0  # the weight a question of single characters is judged against (one rare word)
ATTRIBUTE_WEIGHT = 0.3  # share of its weight an attribute noun keeps (职务, 时间: what is asked about)

# --- judging a candidate (bot.answer.matcher) -------------------------------------------------------
WINDOW = 16  # characters each side of an answer slot that count as "near" it
RESIDUAL_MIN = 0.3  # below this share of a question left once the title is counted, judge the plain share
NAME_ELSEWHERE = 0.6  # credit for a name the candidate's article mentions elsewhere: the story is about it
