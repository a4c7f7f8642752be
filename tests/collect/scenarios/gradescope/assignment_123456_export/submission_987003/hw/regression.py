"""Siobhán's regression."""
