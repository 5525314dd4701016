"""State changes of Party building, one function each (matters, finance, elections, organizations).
Web views and API actions both call these; each is transactional and audited."""
