"""Documents Civic issues for an item's file, shared by every area.

An area generates a document when something obliges one (a petition's threshold
crossed: the acknowledgement of receipt, the draft deliberation; a votation: its
notice, the polling station report template, the proclamation of results and the
draft deliberation on them). The
document is rendered once from ``templates/documents/<kind>.html`` (extending
``documents/_base.html``) in the commune's language, stored as that HTML, served
at ``/documents/<id>`` to print and ``/documents/<id>.pdf`` (WeasyPrint prints the
very same HTML), and linked from the item's history and its API entry.

To add a kind: one line in :data:`services.KINDS` (its code, label and template),
the template, then ``services.generate(...)`` where the act happens (inside its
transaction) and ``services.documents_of(...)`` / ``services.as_open_data(...)``
where the item is shown.
"""
