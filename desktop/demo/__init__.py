"""Generated demonstration data: families that look real and are not (never real people)."""
