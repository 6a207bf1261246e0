"""The town hall's counter (/guichet/): a clerk registers a person in person, with or
without an e-mail address, then acts for them with their consent (civic/counter.py)."""
