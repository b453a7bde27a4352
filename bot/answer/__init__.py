"""Answering: reading a question, weighing candidates, deciding with the fitted model (no ``telegram`` import)."""
