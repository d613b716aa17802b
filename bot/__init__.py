"""Multilingual assistant for Taiwan's international cooperation programs."""
