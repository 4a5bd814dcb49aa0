"""National targets rules (being built)."""
