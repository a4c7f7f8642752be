"""Charles's regression."""
