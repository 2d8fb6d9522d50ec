"""Views (thin: forms in, services called, selectors read)."""
