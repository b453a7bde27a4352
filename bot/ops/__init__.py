"""Operations: settings, health, the question log and its report."""
