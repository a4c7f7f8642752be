"""Anonymous's regression."""
