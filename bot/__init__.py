"""Union Q&A bot: answers members' questions from the union's own news articles, with citations."""

__version__ = "0.1.0"
