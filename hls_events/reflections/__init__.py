"""Reflections, write-ups and the practice record."""
