// A speaker's claims and who disputes them
// First set the speaker (name or alias):  :param speaker => 'Sergey Lavrov'
MATCH (s:Speaker)
WHERE s.name = $speaker OR $speaker IN coalesce(s.aliases, [])
MATCH (s)-[a:ASSERTS]->(c:Claim)
OPTIONAL MATCH (other:Claim)-[d:DISPUTES]-(c)
OPTIONAL MATCH (opponent:Speaker)-[oa:ASSERTS]->(other)
RETURN s, a, c, d, other, oa, opponent
