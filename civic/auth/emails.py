"""Canonical e-mail addresses: one inbox, one account (docs/rules.md §3, abuse)."""

from __future__ import annotations

# Providers that ignore dots in the local part.
_DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}


def canonical_email(address: str) -> str:
    """Lower-case, drop the ``+tag`` sub-address, and dots where the provider ignores them."""
    address = address.strip().lower()
    local, _, domain = address.rpartition("@")
    if not local:
        return address
    local = local.split("+", 1)[0]
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain in _DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"
