"""Answering: reading a question, weighing candidates, deciding (no ``telegram`` import)."""
