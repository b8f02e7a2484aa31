// A story's claim network: an article's claims, their speakers, and every dispute touching them
// First set the article (external id, id, or words of the title):  :param article => 'seed-rukban-2021'
MATCH (a:Article)
WHERE a.external_id = $article OR a.id = $article OR toLower(a.title) CONTAINS toLower($article)
MATCH (a)-[r:REPORTS]->(c:Claim)
OPTIONAL MATCH (s:Speaker)-[x:ASSERTS {article_id: a.id}]->(c)
OPTIONAL MATCH (c)-[d:DISPUTES]-(o:Claim)
OPTIONAL MATCH (os:Speaker)-[ox:ASSERTS]->(o)
RETURN a, r, c, s, x, d, o, os, ox
