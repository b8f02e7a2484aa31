// Overview: a sample of speakers, their claims and the disputes between them
MATCH p = (:Speaker)-[:ASSERTS]->(:Claim)-[:DISPUTES]->(:Claim)<-[:ASSERTS]-(:Speaker)
RETURN p
LIMIT 100
