"""The searchable form of the knowledge: BM25, compact tables, the engine's cache."""
