"""The commune's charter: the public register of the officials who signed it.

A recall petition (docs/rules.md §3) may target only an official who signed the
charter: the recall is the political commitment they made by signing, not a legal
procedure. The admin keeps the register (name, mandate, date of signature); anyone
reads it at ``/charte/signataires``; the petitions area reads it through
:mod:`civic.charter.services`.
"""
