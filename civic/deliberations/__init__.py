"""The council's decision on what Civic put before it, shared by every area (docs/rules.md §9).

Every consequence of the charter track ends in a deliberation of the municipal
council. An area that has one (a petition's threshold, a votation's result) uses:

- :func:`services.record_decision` to record it once, by a clerk, audited;
- :func:`services.decisions_about` to show them, and :class:`forms.DecisionForm`;
- ``templates/deliberations/_decision.html`` (the recorded decision, for pages) and
  ``templates/deliberations/_form.html`` (the form, given its action URL), and
  :func:`services.decision_as_open_data` for the API.

The subject is named by ``subject_type``/``subject_id`` ("petition", "votation"),
the decided point by ``matter`` (a threshold's name, ``"result"``…).
"""
