// One node whose write lock serialises cross-article resolution across API workers and CLI runs
// (graph/queries.py TAKE_RESOLVER_LOCK). Uniqueness makes its first MERGE safe when two writers race.
CREATE CONSTRAINT resolver_lock_id IF NOT EXISTS FOR (l:ResolverLock) REQUIRE l.id IS UNIQUE;
