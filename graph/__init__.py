"""Everything that talks to Neo4j: the driver, Cypher, writes, reads, and the local server launcher."""
