"""The catalogue's own static search: one normalisation (``normalise.json``) for the index
(Python) and the queries (``theme/assets/javascripts/search.js``), an index sharded by term
prefix (:mod:`.index`), and a Python twin of the browser's ranking for tests (:mod:`.query`)."""
