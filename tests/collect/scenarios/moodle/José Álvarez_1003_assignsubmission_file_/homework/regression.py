"""José's regression."""
