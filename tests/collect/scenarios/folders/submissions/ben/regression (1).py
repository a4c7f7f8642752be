"""Ben, a copy's regression."""
