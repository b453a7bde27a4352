"""The hand-set numbers of the answering path, each with what it does and why it has this value.

Numbers learnt from data are not here: they are in the model file (:mod:`bot.answer.model`,
``model.json``), which ``benchmarks/fit_model.py`` writes. These are chosen by hand, for speed
(measured by ``benchmarks/bench_engine.py``), for what a member sees, or as limits that protect the
bot. Most change what the model sees, so refit after changing one (README, "How it answers").
BM25's own parameters (k1, b) are in :mod:`bot.index.bm25`.
"""

from __future__ import annotations

# --- how many candidates a question looks at (speed against recall: bench_engine.py, recall.py) ----
CANDIDATES = 16  # units proposed by the index: the answer's sentence is among them for 97 % (kit), 87 % (union)
POSTINGS = 5000  # postings the index may score per question (its commonest terms are left out)
NEIGHBOURED = 2  # the likeliest this many sentences bring the sentences before and after them in too

# --- what a member is shown ---------------------------------------------------------------------
TWO_SENTENCES = 220  # characters: a runner-up sentence is quoted too only while the answer stays this short
SUGGEST_FLOOR = 0.12  # probability for "did you mean": a curated pair, or the sentences near a refused answer
CARD_FLOOR = 0.4  # probability for an inline-mode card (several are shown, each cited)
SUGGESTIONS = 3  # "did you mean" questions offered with a refusal (and article choices for a broad one)

# --- follow-up questions (bot.answer.followup; benchmarks/followup.py measures them) --------------
# 3 title words instead of 2 gained nothing on the fresh union stories (the seventeenth session).
FOLLOW_WORDS = 2  # the previous answer's title words a follow-up is read with

# --- limits that protect the bot ------------------------------------------------------------------
MAX_QUESTION = 4096  # characters of a question that are looked at at all
MAX_ANALYSED = 300  # a longer question is read by its beginning (tagging is linear but slow)
