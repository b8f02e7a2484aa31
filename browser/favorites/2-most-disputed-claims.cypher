// The most disputed claims (table: claim, how often disputed, who asserts it, who disputes it)
MATCH (c:Claim)<-[d:DISPUTES]-(reply:Claim)
WITH c, count(DISTINCT d) AS disputed_by, collect(DISTINCT reply) AS replies
RETURN c.text AS claim,
       disputed_by,
       COLLECT { MATCH (s:Speaker)-[:ASSERTS]->(c) RETURN DISTINCT s.name } AS asserted_by,
       COLLECT { UNWIND replies AS r MATCH (s:Speaker)-[:ASSERTS]->(r) RETURN DISTINCT s.name } AS disputed_by_speakers,
       c.id AS claim_id
ORDER BY disputed_by DESC, claim
LIMIT 25
