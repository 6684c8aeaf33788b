"""Text utilities: normalisation, language, numbers and dates."""
