"""SQLAlchemy models, one module per area; importing this package registers them all."""

from civic.models.accounts import Token, User, UserRole
from civic.models.audit import AuditEntry
from civic.models.commune import CommuneFigure, Neighbourhood, Setting
from civic.models.electoral import ElectoralListImport, ElectorRecord
from civic.models.votations import Ballot, Votation, VotationQuestion, VoterRegister

__all__ = [
    "AuditEntry",
    "Ballot",
    "CommuneFigure",
    "ElectorRecord",
    "ElectoralListImport",
    "Neighbourhood",
    "Setting",
    "Token",
    "User",
    "UserRole",
    "Votation",
    "VotationQuestion",
    "VoterRegister",
]
