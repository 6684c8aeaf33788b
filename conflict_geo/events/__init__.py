"""Events: extraction from text, dataset readers, the shared schema."""
