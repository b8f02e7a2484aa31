"""Every Cypher query of the project, as named constants. All values travel as parameters.

A few queries are assembled here from constant fragments at import time (a shared WHERE clause, a
variable-length depth, which Cypher cannot take as a parameter); nothing is ever formatted from input.
Schema lives in `migrations/`; the names below (`claim_text`, `speaker_names`, constraints) are the
ones those files create.
"""

from __future__ import annotations

# --- schema names (created by migrations/) ---------------------------------------------------------

CLAIM_FULLTEXT_INDEX = "claim_text"
SPEAKER_FULLTEXT_INDEX = "speaker_names"

# (label, property) -> constraint name, used to name the constraint in GraphConstraintError.
CONSTRAINTS: dict[tuple[str, str], str] = {
    ("Article", "id"): "article_id",
    ("Speaker", "id"): "speaker_id",
    ("Claim", "id"): "claim_id",
    ("Entity", "id"): "entity_id",
}

MIGRATION_LABEL = "__Neo4jMigration"  # neo4j-python-migrations' chain

# --- maintenance -----------------------------------------------------------------------------------

WIPE_DATA = """
MATCH (n) WHERE NOT n:__Neo4jMigration
DETACH DELETE n
RETURN count(*) AS deleted
"""

SCHEMA_OBJECTS = """
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state
RETURN name, type, labelsOrTypes, properties, state ORDER BY name
"""

CONSTRAINT_NAMES = "SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name"

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# --- writer ----------------------------------------------------------------------------------------

# Cross-article links must point at nodes that exist: MERGE on a mistyped id would invent a node.
MISSING_LINK_TARGETS = """
RETURN [x IN $claim_ids WHERE NOT EXISTS { MATCH (:Claim {id: x}) }] AS missing_claims,
       [x IN $speaker_ids WHERE NOT EXISTS { MATCH (:Speaker {id: x}) }] AS missing_speakers
"""

# ingested_at on the statement clock: under the resolver lock it orders articles as they were resolved
# (the transaction clock would order them by when their transactions began waiting).
MERGE_ARTICLE = """
MERGE (a:Article {id: $row.id})
ON CREATE SET a.ingested_at = datetime.statement()
SET a += $row, a.updated_at = datetime()
"""

# Aliases only grow: a later article's mentions are added, never replace earlier ones. aliases_text is
# the full-text-indexed copy (speaker_names).
MERGE_SPEAKERS = """
UNWIND $rows AS row
MERGE (s:Speaker {id: row.id})
ON CREATE SET s.name = row.name, s.norm = row.norm, s.kind = row.kind, s.aliases = [],
              s.scope_article_id = row.scope_article_id, s.created_at = datetime()
WITH s, row
SET s.aliases = coalesce(s.aliases, [])
    + [x IN row.aliases WHERE x <> s.name AND NOT x IN coalesce(s.aliases, [])],
    s.role = coalesce(s.role, row.role),
    s.affiliation = coalesce(s.affiliation, row.affiliation)
SET s.aliases_text = reduce(t = '', x IN s.aliases | t + CASE t WHEN '' THEN '' ELSE ' | ' END + x)
"""

# A claim's text is fixed by whoever created it; later articles add provenance, not text.
MERGE_CLAIMS = """
UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
ON CREATE SET c.text = row.text, c.normalized = row.normalized, c.lang = row.lang, c.created_at = datetime()
"""

MERGE_REPORTS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
MATCH (c:Claim {id: row.claim_id})
MERGE (a)-[r:REPORTS {attribution_index: row.attribution_index}]->(c)
SET r += row.props
"""

# speaker_id/claim_id copy the end nodes' ids onto ASSERTS so a speaker's claims page through the
# asserts_speaker_claim index (a hub speaker's page costs its limit, not its degree); in_dispute is true
# whenever the claim has a DISPUTES edge (set here and by MERGE_DISPUTES; may stay true after the dispute
# goes — readers re-check), so opponents start from a speaker's disputed claims only (asserts_in_dispute).
MERGE_ASSERTS = """
UNWIND $rows AS row
MATCH (s:Speaker {id: row.speaker_id})
MATCH (c:Claim {id: row.claim_id})
MERGE (s)-[r:ASSERTS {article_id: row.article_id, attribution_index: row.attribution_index}]->(c)
SET r += row.props, r.speaker_id = s.id, r.claim_id = c.id, r.in_dispute = EXISTS { (c)-[:DISPUTES]-() }
"""

# Flags the ASSERTS of both claims in_dispute (see MERGE_ASSERTS).
MERGE_DISPUTES = """
UNWIND $rows AS row
MATCH (a:Claim {id: row.from_id})
MATCH (b:Claim {id: row.to_id})
MERGE (a)-[d:DISPUTES {id: row.id}]->(b)
SET d += row.props
WITH a, b
UNWIND [a, b] AS x
MATCH (x)<-[y:ASSERTS]-(:Speaker)
SET y.in_dispute = true
"""

MERGE_MENTIONS = """
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
ON CREATE SET e.name = row.name, e.label = row.label, e.norm = row.norm
WITH e, row
MATCH (c:Claim {id: row.claim_id})
MERGE (c)-[:MENTIONS]->(e)
"""

# Two existing Claims found to be one proposition (a new claim matched both): `from` folds into `into`.
# Every relationship moves (MERGE, so one already on `into` is not doubled), a DISPUTES edge between
# the two goes (a claim does not dispute itself), and `into` keeps the old id in merged_ids.
MERGE_CLAIMS_INTO = """
UNWIND $rows AS row
MATCH (old:Claim {id: row.from_id})
MATCH (keep:Claim {id: row.into_id})
WHERE old <> keep
CALL (old, keep) {
  MATCH (a:Article)-[r:REPORTS]->(old)
  MERGE (a)-[r2:REPORTS {attribution_index: r.attribution_index}]->(keep)
  SET r2 += properties(r)
  DELETE r
}
CALL (old, keep) {
  MATCH (s:Speaker)-[r:ASSERTS]->(old)
  MERGE (s)-[r2:ASSERTS {article_id: r.article_id, attribution_index: r.attribution_index}]->(keep)
  SET r2 += properties(r), r2.claim_id = keep.id
  DELETE r
}
CALL (old, keep) {
  MATCH (old)-[d:DISPUTES]->(o:Claim)
  WHERE o <> keep
  MERGE (keep)-[d2:DISPUTES {id: d.id}]->(o)
  SET d2 += properties(d)
}
CALL (old, keep) {
  MATCH (o:Claim)-[d:DISPUTES]->(old)
  WHERE o <> keep
  MERGE (o)-[d2:DISPUTES {id: d.id}]->(keep)
  SET d2 += properties(d)
}
CALL (old, keep) {
  MATCH (old)-[:MENTIONS]->(e:Entity)
  MERGE (keep)-[:MENTIONS]->(e)
}
SET keep.merged_ids = coalesce(keep.merged_ids, []) + [old.id] + coalesce(old.merged_ids, [])
DETACH DELETE old
WITH DISTINCT keep
MATCH (keep)<-[y:ASSERTS]-(:Speaker)
SET y.in_dispute = EXISTS { (keep)-[:DISPUTES]-() }
"""


# Re-loading an article replaces what it said: its relationships that the new load did not write go,
# and nodes left without any provenance go with them.
DELETE_STALE_REPORTS = """
MATCH (a:Article {id: $article_id})-[r:REPORTS]->(c:Claim)
WHERE NOT [r.attribution_index, c.id] IN $keep
DELETE r
RETURN collect(DISTINCT c.id) AS claim_ids
"""

DELETE_STALE_ASSERTS = """
MATCH (s)-[r:ASSERTS]->(c)
WHERE r.article_id = $article_id AND NOT [r.attribution_index, s.id, c.id] IN $keep
DELETE r
RETURN collect(DISTINCT s.id) AS speaker_ids
"""

DELETE_STALE_DISPUTES = """
MATCH (:Claim)-[d:DISPUTES]->(:Claim)
WHERE d.article_id = $article_id AND NOT d.id IN $keep
DELETE d
"""

DELETE_ORPHAN_CLAIMS = """
UNWIND $claim_ids AS cid
MATCH (c:Claim {id: cid})
WHERE NOT EXISTS { MATCH (:Article)-[:REPORTS]->(c) }
OPTIONAL MATCH (c)-[:MENTIONS]->(e:Entity)
WITH c, collect(e) AS entities
DETACH DELETE c
WITH entities
UNWIND entities AS e
WITH DISTINCT e
WHERE NOT EXISTS { MATCH (:Claim)-[:MENTIONS]->(e) }
DELETE e
"""

DELETE_ORPHAN_SPEAKERS = """
UNWIND $speaker_ids AS sid
MATCH (s:Speaker {id: sid})
WHERE NOT EXISTS { MATCH (s)-[:ASSERTS]->() }
DETACH DELETE s
"""

DELETE_ARTICLE_NODE = """
MATCH (a:Article {id: $article_id})
DETACH DELETE a
RETURN count(*) AS deleted
"""

# --- reader: articles ------------------------------------------------------------------------------

_ARTICLE_REF = "{.id, .external_id, .title, .url, .source, .published_at}"
_ARTICLE_SUMMARY = (
    "{.id, .external_id, .url, .title, .source, .published_at, .content_hash, .lang, "
    "ingested_at: toString(a.ingested_at)}"
)
_SPEAKER_REF = "{.id, .name, .kind}"

GET_ARTICLE = f"""
MATCH (a:Article {{id: $id}})
RETURN a {_ARTICLE_SUMMARY} AS article, a.text AS text,
  COLLECT {{
    MATCH (a)-[r:REPORTS]->(c:Claim)
    RETURN {{
      props: properties(r), claim: c {{.id, .text}},
      speakers: COLLECT {{
        MATCH (s:Speaker)-[x:ASSERTS]->(c)
        WHERE x.article_id = a.id AND x.attribution_index = r.attribution_index
        RETURN s {{.id, .name, .kind, primary: x.primary}}
      }}
    }}
  }} AS attributions,
  COLLECT {{
    MATCH (c1:Claim)-[d:DISPUTES]->(c2:Claim) WHERE d.article_id = a.id
    RETURN {{dispute: properties(d), from_claim: c1 {{.id, .text}}, to_claim: c2 {{.id, .text}}}}
  }} AS disputes
"""

LIST_ARTICLES = f"""
MATCH (a:Article)
WHERE a.id > coalesce($cursor, '')
  AND ($source IS NULL OR a.source = $source)
  AND ($since IS NULL OR a.published_at >= $since)
  AND ($until IS NULL OR a.published_at < $until)
WITH a ORDER BY a.id LIMIT $limit
RETURN a {_ARTICLE_SUMMARY} AS article, COUNT {{ (a)-[:REPORTS]->() }} AS attribution_count
"""

LOADED_CONTENT_HASHES = """
UNWIND $hashes AS h
MATCH (a:Article {content_hash: h})
RETURN DISTINCT h AS hash
"""

FIND_ARTICLE_BY_HASH = """
MATCH (a:Article {content_hash: $hash})
RETURN a.id AS id ORDER BY a.id LIMIT 1
"""

FIND_ARTICLE_BY_URL = """
MATCH (a:Article {url: $url})
RETURN a.id AS id ORDER BY a.id LIMIT 1
"""

# What a set of articles put in the graph (idempotency checks, ingest reports).
ARTICLES_FOOTPRINT = """
WITH $article_ids AS aids
RETURN
  size(COLLECT { MATCH (a:Article) WHERE a.id IN aids RETURN a }) AS articles,
  size(COLLECT { MATCH (a:Article)-[:REPORTS]->(c:Claim) WHERE a.id IN aids RETURN DISTINCT c }) AS claims,
  size(COLLECT { MATCH (a:Article)-[r:REPORTS]->(:Claim) WHERE a.id IN aids RETURN r }) AS reports,
  size(COLLECT {
    MATCH (s)-[x:ASSERTS]->() WHERE x.article_id IN aids RETURN DISTINCT s
  }) AS speakers,
  size(COLLECT { MATCH ()-[x:ASSERTS]->() WHERE x.article_id IN aids RETURN x }) AS asserts,
  size(COLLECT { MATCH ()-[d:DISPUTES]->() WHERE d.article_id IN aids RETURN d }) AS disputes,
  size(COLLECT {
    MATCH (a:Article)-[:REPORTS]->(:Claim)-[:MENTIONS]->(e:Entity) WHERE a.id IN aids RETURN DISTINCT e
  }) AS entities,
  size(COLLECT {
    MATCH (a:Article)-[:REPORTS]->(:Claim)-[m:MENTIONS]->(:Entity) WHERE a.id IN aids RETURN DISTINCT m
  }) AS mentions
"""

# --- reader: claims --------------------------------------------------------------------------------

# Filters other than the cursor and the speaker (the speaker-anchored query has both from its index).
_CLAIM_FILTER_REST = """
  ($entity IS NULL OR EXISTS {
        MATCH (c)-[:MENTIONS]->(e:Entity) WHERE e.id = $entity OR e.norm = $entity_norm })
  AND (($since IS NULL AND $until IS NULL) OR EXISTS {
        MATCH (art:Article)-[:REPORTS]->(c)
        WHERE ($since IS NULL OR art.published_at >= $since)
          AND ($until IS NULL OR art.published_at < $until) })
  AND ($disputed IS NULL OR EXISTS { MATCH (c)-[:DISPUTES]-(:Claim) } = $disputed)
"""

_CLAIM_FILTER = (
    """
  c.id > coalesce($cursor, '')
  AND ($speaker_id IS NULL OR EXISTS { MATCH (:Speaker {id: $speaker_id})-[:ASSERTS]->(c) })
  AND"""
    + _CLAIM_FILTER_REST
)

_CLAIM_SUMMARY_FIELDS = f"""
RETURN c {{.id, .text, .lang}} AS claim,
  COLLECT {{ MATCH (s:Speaker)-[:ASSERTS]->(c) RETURN DISTINCT s {_SPEAKER_REF} }} AS speakers,
  COUNT {{ (:Article)-[:REPORTS]->(c) }} AS report_count,
  COUNT {{ (c)-[:DISPUTES]->(:Claim) }} AS disputes_count,
  COUNT {{ (:Claim)-[:DISPUTES]->(c) }} AS disputed_by_count
"""

_CLAIM_SUMMARY_RETURN = "\nWITH c ORDER BY c.id LIMIT $limit" + _CLAIM_SUMMARY_FIELDS

SEARCH_CLAIMS = "MATCH (c:Claim)\nWHERE" + _CLAIM_FILTER + _CLAIM_SUMMARY_RETURN

# Anchored variants: start from the speaker's / entity's claims instead of walking every Claim in id order.
# A speaker's claims come off the asserts_speaker_claim index (speaker_id, claim_id) already in claim-id
# order from the cursor on, so LIMIT stops the index scan: a page costs its length, not the speaker's
# degree (no Sort over all of a much-quoted speaker's claims). ORDER BY on the index's own keys lets the
# planner see the order is provided; a claim asserted in several articles comes once (ordered distinct).
SEARCH_CLAIMS_BY_SPEAKER = (
    """
MATCH ()-[r:ASSERTS]->(c:Claim)
WHERE r.speaker_id = $speaker_id AND r.claim_id > coalesce($cursor, '')
WITH DISTINCT r.speaker_id AS sid, r.claim_id AS cid, c
WHERE"""
    + _CLAIM_FILTER_REST
    + "WITH c, sid, cid ORDER BY sid, cid LIMIT $limit"
    + _CLAIM_SUMMARY_FIELDS
)

# The API's "a speaker's claims": the page above, or no row at all when the speaker does not exist (a
# speaker without claims gives one row of nulls) — the 404 check and the page in one round trip.
SPEAKER_CLAIMS_PAGE = (
    "MATCH (:Speaker {id: $speaker_id})\nOPTIONAL CALL () {"
    + SEARCH_CLAIMS_BY_SPEAKER
    + "}\nRETURN claim, speakers, report_count, disputes_count, disputed_by_count\n"
)

SEARCH_CLAIMS_BY_ENTITY = (
    "MATCH (c:Claim)-[:MENTIONS]->(e:Entity) WHERE e.id = $entity OR e.norm = $entity_norm\n"
    "WITH DISTINCT c\nWHERE" + _CLAIM_FILTER + _CLAIM_SUMMARY_RETURN
)

SEARCH_CLAIMS_FULLTEXT = (
    "CALL db.index.fulltext.queryNodes('claim_text', $q) YIELD node AS c\nWITH c\nWHERE"
    + _CLAIM_FILTER
    + _CLAIM_SUMMARY_RETURN
)

# `q` alone: Lucene hands over only its $max_hits best matches (the limit is applied inside the index,
# before any node is read), which are then paged in id order. A common word no longer costs a read and a
# sort of every claim holding it; the price is that a search finds at most $max_hits claims.
SEARCH_CLAIMS_FULLTEXT_TOP = (
    "CALL db.index.fulltext.queryNodes('claim_text', $q, {limit: $max_hits}) YIELD node AS c\n"
    "WITH c WHERE c.id > coalesce($cursor, '')" + _CLAIM_SUMMARY_RETURN
)

_DISPUTE_LINK = """{
      dispute: properties(d), claim: o {.id, .text},
      speakers: COLLECT { MATCH (s:Speaker)-[:ASSERTS]->(o) RETURN DISTINCT s {.id, .name, .kind} }
    }"""

GET_CLAIM = f"""
MATCH (c:Claim {{id: $id}})
RETURN c {{.id, .text, .normalized, .lang}} AS claim,
  COLLECT {{
    MATCH (a:Article)-[r:REPORTS]->(c)
    RETURN {{
      article: a {_ARTICLE_REF}, props: properties(r),
      speakers: COLLECT {{
        MATCH (s:Speaker)-[x:ASSERTS]->(c)
        WHERE x.article_id = a.id AND x.attribution_index = r.attribution_index
        RETURN s {{.id, .name, .kind, primary: x.primary}}
      }}
    }}
  }} AS assertions,
  COLLECT {{ MATCH (c)-[d:DISPUTES]->(o:Claim) RETURN {_DISPUTE_LINK} }} AS disputes,
  COLLECT {{ MATCH (o:Claim)-[d:DISPUTES]->(c) RETURN {_DISPUTE_LINK} }} AS disputed_by,
  COLLECT {{ MATCH (c)-[:MENTIONS]->(e:Entity) RETURN e {{.id, .name, .label}} }} AS entities
"""

# --- reader: speakers ------------------------------------------------------------------------------

_SPEAKER_SUMMARY_RETURN = """
WITH s ORDER BY s.id LIMIT $limit
RETURN s {.id, .name, .kind, .aliases, .role, .affiliation} AS speaker,
  size(COLLECT { MATCH (s)-[:ASSERTS]->(c:Claim) RETURN DISTINCT c.id }) AS claim_count
"""

_SPEAKER_FILTER = """
  s.id > coalesce($cursor, '') AND ($kind IS NULL OR s.kind = $kind)
"""

SEARCH_SPEAKERS = "MATCH (s:Speaker)\nWHERE" + _SPEAKER_FILTER + _SPEAKER_SUMMARY_RETURN

SEARCH_SPEAKERS_FULLTEXT = (
    "CALL db.index.fulltext.queryNodes('speaker_names', $q) YIELD node AS s\nWITH s\nWHERE"
    + _SPEAKER_FILTER
    + _SPEAKER_SUMMARY_RETURN
)

GET_SPEAKER = """
MATCH (s:Speaker {id: $id})
RETURN s {.id, .name, .kind, .aliases, .role, .affiliation, .scope_article_id} AS speaker,
  size(COLLECT { MATCH (s)-[:ASSERTS]->(c:Claim) RETURN DISTINCT c.id }) AS claim_count,
  size(COLLECT { MATCH (s)-[x:ASSERTS]->(:Claim) RETURN DISTINCT x.article_id }) AS article_count,
  COUNT { (s)-[:ASSERTS]->(:Claim) } AS assertion_count
"""

# Opponents: speakers whose claims dispute this speaker's claims, or whose claims this speaker's dispute.
# Anchored on the speaker's ASSERTS flagged in_dispute (asserts_in_dispute index): only the claims that
# take part in a dispute are visited, not every claim of a much-quoted speaker.
SPEAKER_OPPONENTS = f"""
MATCH ()-[r:ASSERTS]->(mine:Claim)
WHERE r.speaker_id = $id AND r.in_dispute = true
WITH DISTINCT mine
MATCH (mine)-[d:DISPUTES]-(theirs:Claim)<-[:ASSERTS]-(o:Speaker)
WHERE o.id <> $id
WITH o, d, startNode(d) = mine AS outgoing
WITH o,
  count(DISTINCT CASE WHEN outgoing THEN d END) AS disputes_by_speaker,
  count(DISTINCT CASE WHEN NOT outgoing THEN d END) AS disputes_by_opponent
RETURN o {_SPEAKER_REF} AS speaker, disputes_by_speaker, disputes_by_opponent,
  disputes_by_speaker + disputes_by_opponent AS total
ORDER BY total DESC, o.name, o.id
SKIP $skip LIMIT $limit
"""

# SPEAKER_OPPONENTS with the 404 check, as SPEAKER_CLAIMS_PAGE.
SPEAKER_OPPONENTS_PAGE = (
    "MATCH (:Speaker {id: $id})\nOPTIONAL CALL () {"
    + SPEAKER_OPPONENTS
    + "}\nRETURN speaker, disputes_by_speaker, disputes_by_opponent, total\n"
    + "ORDER BY total DESC, speaker.name, speaker.id\n"
)

# --- reader: disputes ------------------------------------------------------------------------------

LIST_DISPUTES = f"""
MATCH (c1:Claim)-[d:DISPUTES]->(c2:Claim)
WHERE d.id > coalesce($cursor, '')
  AND ($speaker_id IS NULL
       OR EXISTS {{ MATCH (:Speaker {{id: $speaker_id}})-[:ASSERTS]->(c1) }}
       OR EXISTS {{ MATCH (:Speaker {{id: $speaker_id}})-[:ASSERTS]->(c2) }})
  AND (($since IS NULL AND $until IS NULL) OR EXISTS {{
        MATCH (art:Article {{id: d.article_id}})
        WHERE ($since IS NULL OR art.published_at >= $since)
          AND ($until IS NULL OR art.published_at < $until) }})
WITH c1, d, c2 ORDER BY d.id LIMIT $limit
RETURN properties(d) AS dispute, c1 {{.id, .text}} AS claim, c2 {{.id, .text}} AS disputed_claim,
  COLLECT {{ MATCH (s:Speaker)-[:ASSERTS]->(c1) RETURN DISTINCT s {_SPEAKER_REF} }} AS speakers,
  COLLECT {{ MATCH (s:Speaker)-[:ASSERTS]->(c2) RETURN DISTINCT s {_SPEAKER_REF} }} AS disputed_speakers,
  COLLECT {{ MATCH (art:Article {{id: d.article_id}}) RETURN art {{.id, .external_id, .title, .url, .source,
                                                                  .published_at}} }} AS articles
"""

# --- reader: neighbourhood, stats ------------------------------------------------------------------


# Neighbourhoods expand hop by hop with a capped fan-out: each node of a hop's frontier contributes at most
# $fanout DISPUTES and $fanout other relationships (LIMIT inside the per-node subquery stops the expansion,
# so a much-quoted speaker or entity costs $fanout, not its degree), and at most $max_frontier new nodes
# of a hop are expanded by the next. Article text and ASSERTS' internal index keys are left out.
_HOP = """
CALL (frontier) {
  UNWIND frontier AS m
  CALL (m) {
    MATCH (m)-[r:DISPUTES]-(x) RETURN r, x LIMIT $fanout
    UNION
    MATCH (m)-[r]-(x) WHERE NOT r:DISPUTES RETURN r, x LIMIT $fanout
  }
  RETURN collect(r) AS hop_rels, collect(DISTINCT x) AS hop_nodes
}
"""


def _neighbourhood(depth: int) -> str:
    # The number of hops is fixed per query (one constant per allowed depth).
    hops = []
    for h in range(1, depth + 1):
        hops.append(_HOP)
        if h < depth:
            hops.append(
                "WITH nodes + hop_nodes AS nodes, rels + hop_rels AS rels,\n"
                "     [x IN hop_nodes WHERE NOT x IN nodes][..$max_frontier] AS frontier\n"
            )
        else:
            hops.append("WITH nodes + hop_nodes AS nodes, rels + hop_rels AS rels\n")
    return (
        "MATCH (c:Claim {id: $id})\nWITH [c] AS frontier, [c] AS nodes, [] AS rels\n"
        + "".join(hops)
        + """CALL (rels) { UNWIND rels AS r RETURN collect(DISTINCT r) AS edges }
UNWIND nodes AS n
WITH DISTINCT n, edges
WITH collect(n) AS nodes, edges
RETURN [n IN nodes | {id: n.id, labels: labels(n),
                      props: CASE WHEN n:Article THEN n {.*, text: null} ELSE properties(n) END}] AS nodes,
       [r IN edges | {type: type(r), source: startNode(r).id, target: endNode(r).id,
                      props: CASE WHEN r:ASSERTS
                                  THEN r {.*, speaker_id: null, claim_id: null, in_dispute: null}
                                  ELSE properties(r) END}] AS edges
"""
    )


NEIGHBOURHOOD: dict[int, str] = {d: _neighbourhood(d) for d in (1, 2, 3)}

STATS = """
CALL { MATCH (n:Article) RETURN count(n) AS articles }
CALL { MATCH (n:Speaker) RETURN count(n) AS speakers }
CALL { MATCH (n:Claim) RETURN count(n) AS claims }
CALL { MATCH (n:Entity) RETURN count(n) AS entities }
CALL { MATCH ()-[r:ASSERTS]->() RETURN count(r) AS asserts }
CALL { MATCH ()-[r:REPORTS]->() RETURN count(r) AS reports }
CALL { MATCH ()-[r:DISPUTES]->() RETURN count(r) AS disputes }
CALL { MATCH ()-[r:MENTIONS]->() RETURN count(r) AS mentions }
RETURN articles, speakers, claims, entities, asserts, reports, disputes, mentions
"""

# --- reader: eval export ---------------------------------------------------------------------------

# One row per article loaded with an external id.
EXPORT_EVAL = """
MATCH (a:Article) WHERE a.external_id IS NOT NULL
WITH a ORDER BY a.external_id
RETURN a.external_id AS id,
  COLLECT {
    MATCH (a)-[r:REPORTS]->(c:Claim)
    OPTIONAL MATCH (s:Speaker)-[x:ASSERTS]->(c)
      WHERE x.article_id = a.id AND x.attribution_index = r.attribution_index AND x.primary
    RETURN {props: properties(r), claim_id: c.id, speaker: s.name, speaker_kind: s.kind}
  } AS attributions,
  COLLECT {
    MATCH (:Claim)-[d:DISPUTES]->(:Claim) WHERE d.article_id = a.id AND d.scope = 'article'
    RETURN [d.i, d.j]
  } AS disputes
"""

# Cross disputes for the whole export in one pass over DISPUTES (per article it would rescan them):
# any DISPUTES edge from a claim one article reports to a claim another article reports.
EXPORT_EVAL_CROSS = """
MATCH (a:Article)-[r1:REPORTS]->(:Claim)-[:DISPUTES]->(:Claim)<-[r2:REPORTS]-(b:Article)
WHERE a <> b AND a.external_id IS NOT NULL AND b.external_id IS NOT NULL
RETURN DISTINCT a.external_id AS id, r1.attribution_index AS i,
                b.external_id AS other, r2.attribution_index AS j
"""

# --- the resolver lock (app.resolution.owner) ------------------------------------------------------

# Serialises cross-article resolution across processes: taken as the first statement of the write
# transaction that reads candidates, decides and writes one article, released by its commit or
# rollback (a crashed client's transaction is rolled back by the server, so the lock never outlives
# it). The uniqueness constraint (migration 0006) makes the first MERGE safe under concurrency.
TAKE_RESOLVER_LOCK = """
MERGE (l:ResolverLock {id: 'resolver'})
SET l.taken_at = datetime()
"""

# --- candidate search for cross-article merging ----------------------------------------------------

# What resolution needs of a candidate claim beside id and text: who asserts it, where, with which cues,
# and the claims it already disputes or is disputed by (one DISPUTES edge per pair).
_CANDIDATE_FIELDS = f"""
  COLLECT {{ MATCH (s:Speaker)-[:ASSERTS]->(c) RETURN DISTINCT s {_SPEAKER_REF} }} AS speakers,
  COLLECT {{ MATCH (a:Article)-[:REPORTS]->(c) RETURN DISTINCT a {_ARTICLE_REF} }} AS articles,
  COLLECT {{ MATCH (:Article)-[r:REPORTS]->(c) WHERE r.cue IS NOT NULL RETURN DISTINCT r.cue }} AS cues,
  COLLECT {{ MATCH (c)-[:DISPUTES]->(o:Claim) RETURN DISTINCT o.id }} AS disputes,
  COLLECT {{ MATCH (o:Claim)-[:DISPUTES]->(c) RETURN DISTINCT o.id }} AS disputed_by
"""

CLAIMS_BY_IDS = f"""
UNWIND $ids AS cid
MATCH (c:Claim {{id: cid}})
RETURN c {{.id, .text, .normalized}} AS claim, 0.0 AS score,{_CANDIDATE_FIELDS}"""

# Cross-article candidates for all of an article's claims in one round trip: one full-text search per
# item ($items: [{key, q}]), each ranked and limited on its own; claims of $exclude_article_id skipped.
# Lucene hands over only its best hits (twice the limit, plus as many as the excluded article reports,
# so the exclusion and ties at the cut still leave the same top $limit in (score, id) order): an OR of
# common words otherwise read, filtered and sorted thousands of claims per item as the graph grew.
CLAIM_CANDIDATES_MANY = f"""
WITH CASE WHEN $exclude_article_id IS NULL THEN 0
          ELSE COUNT {{ (:Article {{id: $exclude_article_id}})-[:REPORTS]->(:Claim) }} END AS own
UNWIND $items AS item
CALL (item, own) {{
  CALL db.index.fulltext.queryNodes('claim_text', item.q, {{limit: 2 * $limit + own}}) YIELD node AS c, score
  WHERE $exclude_article_id IS NULL
     OR NOT EXISTS {{ MATCH (:Article {{id: $exclude_article_id}})-[:REPORTS]->(c) }}
  WITH c, score ORDER BY score DESC, c.id LIMIT $limit
  RETURN c, score
}}
RETURN item.key AS key, c {{.id, .text, .normalized}} AS claim, score,{_CANDIDATE_FIELDS}"""

_SPEAKER_CANDIDATE = "s {.id, .name, .kind, .aliases, .role, .affiliation, .norm}"

# Article-scoped GENERIC speakers ("officials" of one article) are never merge candidates.
# Speakers that may be each of an article's speaker names, in one round trip ($items: [{key, norm, q}];
# q may be null when the name has no searchable word): exact norm matches, then full-text hits on
# name + aliases; article-scoped GENERIC speakers never.
SPEAKER_CANDIDATES_MANY = f"""
UNWIND $items AS item
CALL (item) {{
  MATCH (s:Speaker {{norm: item.norm}}) WHERE s.scope_article_id IS NULL
  RETURN s, 0.0 AS score, true AS by_norm
  UNION
  WITH item WHERE item.q IS NOT NULL
  CALL db.index.fulltext.queryNodes('speaker_names', item.q) YIELD node AS s, score
  WITH s, score WHERE s.scope_article_id IS NULL
  WITH s, score ORDER BY score DESC, s.id LIMIT $limit
  RETURN s, score, false AS by_norm
}}
RETURN item.key AS key, {_SPEAKER_CANDIDATE} AS speaker, score, by_norm
"""

# --- bulk loading (benchmarks/loaders.py; issue 6) --------------------------------------------------

# MERGE_ARTICLE for many articles in one round trip: the batched load path writes a whole batch of new
# articles per transaction, one UNWIND query per kind.
MERGE_ARTICLES = """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
ON CREATE SET a.ingested_at = datetime()
SET a += row, a.updated_at = datetime()
"""

# WIPE_DATA in chunks of its own transactions, so a graph of millions of nodes fits the heap (benchmarks
# only; must run in an auto-commit transaction).
WIPE_DATA_IN_BATCHES = """
MATCH (n) WHERE NOT n:__Neo4jMigration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

# One pass per attribution for articles that are NOT yet in the graph (a bulk load after the content-hash
# skip): the Claim is looked up once and REPORTS/ASSERTS are CREATEd (nothing to merge with), instead of
# MERGE_CLAIMS + MERGE_REPORTS + MERGE_ASSERTS each seeking the same nodes. Articles and speakers are
# merged first (MERGE_ARTICLES, MERGE_SPEAKERS). Same nodes, relationships and properties as the writer.
CREATE_ATTRIBUTIONS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
MERGE (c:Claim {id: row.claim_id})
ON CREATE SET c.text = row.claim.text, c.normalized = row.claim.normalized, c.lang = row.claim.lang,
              c.created_at = datetime()
CREATE (a)-[r:REPORTS {attribution_index: row.attribution_index}]->(c)
SET r += row.props
WITH c, row
UNWIND row.asserts AS x
MATCH (s:Speaker {id: x.speaker_id})
CREATE (s)-[y:ASSERTS {article_id: row.article_id, attribution_index: row.attribution_index,
                       speaker_id: x.speaker_id, claim_id: row.claim_id}]->(c)
SET y += x.props, y.in_dispute = EXISTS { (c)-[:DISPUTES]-() }
"""

# Any node but the migration chain: graph.bulk_import only loads into an empty database.
BULK_IMPORT_DATA_NODE = """
MATCH (n) WHERE NOT n:__Neo4jMigration
RETURN elementId(n) AS id LIMIT 1
"""

# Which of these articles are already in the graph (graph.writer.write_new_articles: those are not CREATEd
# again but go the per-article MERGE way).
EXISTING_ARTICLE_IDS = """
UNWIND $ids AS x
MATCH (a:Article {id: x})
RETURN a.id AS id
"""

# neo4j-admin import cannot write an empty array (an empty CSV field is no property), while the writer
# stores [] for a speaker without aliases and for an attribution without a source or cue span; set them
# after the import so both loads give the same graph. Auto-commit (CALL IN TRANSACTIONS).
BULK_IMPORT_EMPTY_ALIASES = """
MATCH (s:Speaker) WHERE s.aliases IS NULL
CALL (s) { SET s.aliases = [] } IN TRANSACTIONS OF 10000 ROWS
"""

BULK_IMPORT_EMPTY_SPANS = """
MATCH ()-[r:REPORTS]->()
WHERE r.source_span IS NULL OR r.cue_span IS NULL OR r.content_span IS NULL
CALL (r) {
  SET r.source_span = coalesce(r.source_span, []), r.cue_span = coalesce(r.cue_span, []),
      r.content_span = coalesce(r.content_span, [])
} IN TRANSACTIONS OF 10000 ROWS
"""
