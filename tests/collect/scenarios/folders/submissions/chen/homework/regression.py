"""Chen's regression."""
