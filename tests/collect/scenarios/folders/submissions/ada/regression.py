"""Ada's regression."""
