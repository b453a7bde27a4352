"""Model types shared by every stage: articles, Q&A pairs, answers, errors."""
