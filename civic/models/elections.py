"""Encrypted online votations: the Belenios election of a votation and its trustees
(docs/belenios.md, docs/secrecy.md).

Everything here is public data: the trustees' certificates, polynomials and the
ceremony's verification files, each trustee's decryption key ENCRYPTED for that
trustee alone, the election's parameters and its public credentials. No private key,
no private credential, no choice. The ballot box itself is the election's Belenios
archive (``UUID.bel``), a file in the instance folder: ``belenios-tool`` appends to it
under a file lock and verifies it where it lies; kept in the database, the whole
growing archive would be rewritten at every ballot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.base import Base


class VotationElection(Base):
    """The Belenios election of an online votation: k of n trustees decrypt its result."""

    __tablename__ = "votation_elections"

    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), primary_key=True
    )
    uuid: Mapped[str] = mapped_column(String(64))
    threshold: Mapped[int]  # k: how many trustees together decrypt
    # The member of the polling office who generates the voters' credentials on their
    # own device and uploads only the public ones (never a trustee, never the server).
    credential_authority_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    public_credentials: Mapped[str | None] = mapped_column(Text)  # JSON list
    trustees_json: Mapped[str | None] = mapped_column(Text)  # step 6: trustees.json
    election_json: Mapped[str | None] = mapped_column(Text)  # made when the votation opens
    tallied_at: Mapped[datetime | None]  # the box closed and its encrypted tally made
    # The decrypted online counts, per question id (JSON), read from the archive's result.
    result_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    # Loaded when asked for: a ballot being cast reads the election, never its trustees.
    trustees: Mapped[list[VotationTrustee]] = relationship(
        cascade="all, delete-orphan", order_by="VotationTrustee.position"
    )
    credential_authority = relationship("User", foreign_keys=[credential_authority_id])


class VotationTrustee(Base):
    """One trustee (member of the polling office) and the public parts they uploaded.

    ``position`` is the trustee's number in the ceremony: the order of the certificates
    (Belenios needs the same order at every step)."""

    __tablename__ = "votation_trustees"

    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votation_elections.votation_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    certificate: Mapped[str | None] = mapped_column(Text)  # step 1
    polynomial: Mapped[str | None] = mapped_column(Text)  # step 3
    vinput: Mapped[str | None] = mapped_column(Text)  # step 4 (server), for this trustee
    voutput: Mapped[str | None] = mapped_column(Text)  # step 5
    decryption_key: Mapped[str | None] = mapped_column(Text)  # step 6: encrypted for them
    decrypted_at: Mapped[datetime | None]  # their partial decryption was accepted

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


class CastCredential(Base):
    """The public credential of each ballot in the box (public data: the archive holds it
    too), so a second ballot of a credential is refused without reading the archive.

    ``WITHOUT ROWID`` and keyed by the credential: stored in no order of voting."""

    __tablename__ = "votation_cast_credentials"
    __table_args__ = {"sqlite_with_rowid": False}

    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), primary_key=True
    )
    credential: Mapped[str] = mapped_column(String(700), primary_key=True)
