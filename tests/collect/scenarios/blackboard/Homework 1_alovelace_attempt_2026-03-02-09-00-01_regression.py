"""Ada, second's regression."""
