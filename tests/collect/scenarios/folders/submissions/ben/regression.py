"""Ben's regression."""
