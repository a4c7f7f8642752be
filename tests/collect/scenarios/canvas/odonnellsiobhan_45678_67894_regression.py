"""Siobhan's regression."""
