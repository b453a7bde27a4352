"""Files → articles: page splitting, layout repairs, file formats."""
