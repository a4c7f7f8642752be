"""Chen, old's regression."""
