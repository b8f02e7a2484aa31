"""Preloaded by the fork server of `app.services.ingest.prepare_articles`: the models, loaded once.

The fork server is a fresh process that imports this module and then forks the extraction workers
from itself, so each worker starts with the spaCy pipeline, the claims parser and the IDF table
already in memory (shared copy-on-write) and never inherits the caller's threads, open
connections or the ONNX runtime's thread pool once it has run (a fork of a process that ran the
tagger hangs in the child).
"""

from __future__ import annotations

from app.nlp import claims
from app.nlp.pipeline import get_nlp

get_nlp()
claims._nlp()
claims._idf()
