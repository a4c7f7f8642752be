"""Grace's regression."""
