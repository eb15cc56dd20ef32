"""A local replica and a durable journal in front of any remote backend (issue 10).

``parts.wrap`` builds the wrapper; ``files`` finds replica files without importing any of
it (for `punch logout` and `punch status`)."""
