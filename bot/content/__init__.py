"""The content package: schema, loading, checks and the live store of content/ entries."""
