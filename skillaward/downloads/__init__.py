"""Official documents on the web: the Django side of the pure documents library."""
