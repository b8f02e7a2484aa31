// Who disputes whom: speaker pairs by number of disputes (table)
MATCH (s1:Speaker)-[:ASSERTS]->(:Claim)-[d:DISPUTES]->(:Claim)<-[:ASSERTS]-(s2:Speaker)
WHERE s1 <> s2
RETURN s1.name AS disputer, s2.name AS disputed, count(DISTINCT d) AS disputes
ORDER BY disputes DESC, disputer, disputed
LIMIT 50
