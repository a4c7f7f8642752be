"""Ada, first's regression."""
