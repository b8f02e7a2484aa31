// Speaker-centred reads that cost their page, not the speaker's degree (a much-quoted speaker holds
// tens of thousands of ASSERTS). ASSERTS carries copies of its end nodes' ids (speaker_id, claim_id)
// and an in_dispute flag (graph/queries.py MERGE_ASSERTS, CREATE_ATTRIBUTIONS, MERGE_DISPUTES):
// a speaker's claims page in claim-id order straight off asserts_speaker_claim (keyset pagination,
// LIMIT applied in the index scan), and opponents start from the speaker's disputed claims only.
CREATE INDEX asserts_speaker_claim IF NOT EXISTS FOR ()-[r:ASSERTS]-() ON (r.speaker_id, r.claim_id);
CREATE INDEX asserts_in_dispute IF NOT EXISTS FOR ()-[r:ASSERTS]-() ON (r.speaker_id, r.in_dispute);
