// Candidate search for cross-article merging and the API's q= search. Claims use the English analyzer
// (stemming, stop words) so paraphrases share terms, and speaker names use the standard analyzer without
// stop words so 'The Washington Post' keeps its words. Speaker.aliases_text is the aliases joined by
// ' | ' (a plain string, indexable by every 5.x full-text index).
CREATE FULLTEXT INDEX claim_text IF NOT EXISTS FOR (c:Claim) ON EACH [c.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE FULLTEXT INDEX speaker_names IF NOT EXISTS FOR (s:Speaker) ON EACH [s.name, s.aliases_text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
