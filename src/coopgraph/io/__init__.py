"""Files at the edges: reading RDF safely into the store, writing files atomically."""
