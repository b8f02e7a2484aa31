// Data for V0004's indexes on ASSERTS written before the loaders set it (a separate file: Neo4j does not
// mix schema and data writes in one transaction). Idempotent, a no-op on a graph loaded by this code.
MATCH (s:Speaker)-[r:ASSERTS]->(c:Claim)
WHERE r.claim_id IS NULL OR r.speaker_id IS NULL OR r.in_dispute IS NULL
SET r.speaker_id = s.id, r.claim_id = c.id, r.in_dispute = EXISTS { (c)-[:DISPUTES]-() };
