"""National forms rules (being built)."""
