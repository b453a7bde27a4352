"""Normalisation, segmentation, the knowledge base's lexicon."""
