"""Articles → generated Q&A pairs."""
