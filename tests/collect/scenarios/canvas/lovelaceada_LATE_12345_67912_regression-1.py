"""Ada, again's regression."""
