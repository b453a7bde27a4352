"""Normalisation, segmentation (jieba's dictionary in objects we own), the lexicon, organisation mentions."""
