"""The NLP stage: article text in, an `Extraction` out. Never imports `graph`."""
