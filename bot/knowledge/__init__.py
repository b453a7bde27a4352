"""The knowledge files (YAML): load, check, write, and ``build`` from seeds."""
