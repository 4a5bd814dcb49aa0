"""National validation rules (being built)."""
