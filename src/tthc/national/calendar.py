"""National calendar rules (being built)."""
