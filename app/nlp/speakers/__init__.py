"""Speaker resolution inside an article: who each attribution's source is.

    from app.nlp.speakers import resolve_speakers
    attributions, speakers = resolve_speakers(doc, attributions)

`resolve_speakers` is the one entry: it returns the attributions with `speaker`, `speaker_kind`
(and `also`) filled, and the article's `Speaker` list. Spans are character offsets into `doc.text`;
the Doc is already parsed, nothing is re-parsed. In the spaCy pipeline it runs as the
`claimgraph_speakers` component (`component.py`), whose config holds the knobs (`config.py`).

The modules, in the order a reader meets them:
- `index.py`: the article's entity index, built once and read-only (people, organisations, names);
- `state.py`, `records.py`: what grows while sources are resolved (known entities, mentions);
- `people.py`: names and organisations (short forms, nicknames, roles and affiliations);
- `references.py`: pronouns and descriptions ('he', 'I', 'who', 'the senator', 'the bureau');
- `documents.py`: documents as sources ('the poll', 'the Trump ad');
- `repair.py`: source spans a few words off, and attributions without a source;
- `resolver.py`: the order of resolution and the output;
- `lexicon.py`: the word lists.
Why the rules are as they are: docs/speakers.md. The guideline: shared/eval/SPEAKERS.md.
"""

from __future__ import annotations

from app.nlp.speakers import component as component  # registers the claimgraph_speakers factory
from app.nlp.speakers.resolver import resolve_speakers

__all__ = ["resolve_speakers"]
