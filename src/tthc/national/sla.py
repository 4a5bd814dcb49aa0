"""National sla rules (being built)."""
