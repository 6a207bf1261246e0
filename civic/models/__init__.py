"""SQLAlchemy models, one module per area; importing this package registers them all."""

from civic.models.accounts import (
    RecoveryCode,
    SecondFactor,
    Token,
    User,
    UserRole,
    UserSession,
)
from civic.models.audit import AuditEntry
from civic.models.bodies import (
    Body,
    BodyLottery,
    BodyMember,
    BodyOpinion,
    BodySession,
    DocumentRequest,
    Gift,
    LobbyMeeting,
    LotteryPerson,
)
from civic.models.budget import (
    Budget,
    BudgetBallot,
    BudgetChoice,
    BudgetHeading,
    BudgetProposal,
)
from civic.models.charter import CharterSignatory
from civic.models.commune import CommuneFigure, Neighbourhood, NeighbourhoodFigure, Setting
from civic.models.councils import (
    Council,
    CouncilApplication,
    CouncilDraw,
    CouncilMember,
    CouncilMotion,
    CouncilSession,
    DrawCandidate,
    MemberVote,
    SessionAttendance,
)
from civic.models.counter import CounterAct, CounterCheck
from civic.models.deliberations import CouncilDecision
from civic.models.documents import Document
from civic.models.elections import CastCredential, VotationElection, VotationTrustee
from civic.models.electoral import ElectoralListImport, ElectorRecord
from civic.models.identity import IdentityCollision
from civic.models.jobs import Job
from civic.models.limits import LoginFailures, RateLimitCounter
from civic.models.meetings import AgendaItem, Meeting
from civic.models.notifications import Notification, NotificationFollow, NotificationSettings
from civic.models.petitions import (
    Petition,
    PetitionAnswer,
    PetitionEvent,
    PetitionThreshold,
    Signature,
)
from civic.models.providers import ProviderIdentity
from civic.models.questions import Question, QuestionSupport
from civic.models.residence import ResidenceProof
from civic.models.votation_legal import StationReport, VotationDeliberation
from civic.models.votations import (
    Ballot,
    PaperBallotBatch,
    Votation,
    VotationApproval,
    VotationQuestion,
    VoterRegister,
)

__all__ = [
    "Body",
    "BodyLottery",
    "BodyMember",
    "BodyOpinion",
    "BodySession",
    "DocumentRequest",
    "Gift",
    "LobbyMeeting",
    "LotteryPerson",
    "CastCredential",
    "VotationElection",
    "VotationTrustee",
    "CharterSignatory",
    "CounterAct",
    "CounterCheck",
    "CouncilDecision",
    "Document",
    "Budget",
    "BudgetBallot",
    "BudgetChoice",
    "BudgetHeading",
    "BudgetProposal",
    "Council",
    "CouncilApplication",
    "CouncilDraw",
    "CouncilMember",
    "CouncilMotion",
    "CouncilSession",
    "DrawCandidate",
    "MemberVote",
    "SessionAttendance",
    "AgendaItem",
    "Meeting",
    "Notification",
    "NotificationFollow",
    "NotificationSettings",
    "Question",
    "QuestionSupport",
    "Petition",
    "PetitionAnswer",
    "PetitionEvent",
    "PetitionThreshold",
    "ProviderIdentity",
    "Signature",
    "AuditEntry",
    "Ballot",
    "CommuneFigure",
    "ElectorRecord",
    "ElectoralListImport",
    "IdentityCollision",
    "ResidenceProof",
    "Job",
    "LoginFailures",
    "RateLimitCounter",
    "Neighbourhood",
    "NeighbourhoodFigure",
    "Setting",
    "RecoveryCode",
    "SecondFactor",
    "Token",
    "User",
    "UserRole",
    "UserSession",
    "PaperBallotBatch",
    "StationReport",
    "Votation",
    "VotationDeliberation",
    "VotationApproval",
    "VotationQuestion",
    "VoterRegister",
]
