"""Renderers: a plan in, bytes out. Pure, so the same plan gives the same bytes."""
