// Lookups the API and the ingest path make by something other than id.
CREATE INDEX article_external_id IF NOT EXISTS FOR (a:Article) ON (a.external_id);
CREATE INDEX article_content_hash IF NOT EXISTS FOR (a:Article) ON (a.content_hash);
CREATE INDEX article_url IF NOT EXISTS FOR (a:Article) ON (a.url);
CREATE INDEX article_published_at IF NOT EXISTS FOR (a:Article) ON (a.published_at);
CREATE INDEX article_source IF NOT EXISTS FOR (a:Article) ON (a.source);
CREATE INDEX speaker_name IF NOT EXISTS FOR (s:Speaker) ON (s.name);
CREATE INDEX speaker_norm IF NOT EXISTS FOR (s:Speaker) ON (s.norm);
CREATE INDEX entity_norm IF NOT EXISTS FOR (e:Entity) ON (e.norm);
// Relationship property indexes: re-loading an article finds its own relationships without a scan,
// and dispute lists page by DISPUTES.id.
CREATE INDEX asserts_article_id IF NOT EXISTS FOR ()-[r:ASSERTS]-() ON (r.article_id);
CREATE INDEX disputes_article_id IF NOT EXISTS FOR ()-[r:DISPUTES]-() ON (r.article_id);
CREATE INDEX disputes_id IF NOT EXISTS FOR ()-[r:DISPUTES]-() ON (r.id);
