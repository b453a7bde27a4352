"""Model types shared by every stage: articles, Q&A pairs, candidate units, answers, errors; where caches live."""
