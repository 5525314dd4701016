"""Compliance findings arrive with the branches issue (first rule that opens one)."""
