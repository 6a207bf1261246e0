"""Secrets generated once into ``instance/`` when the environment gives none.

A hard-coded key would let anyone forge sessions on every installation, so the
first run writes a random one (mode 0600) and later runs reuse it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create(instance_path: str, filename: str) -> str:
    path = Path(instance_path) / filename
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    # O_EXCL: two workers starting together must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value
