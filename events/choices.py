"""Controlled vocabularies of the events app.

The stored values are the stable codes used by CSV files and the API; the
labels are what editors and readers see.
"""

from django.db import models


class EventType(models.TextChoices):
    MILITARY_EXERCISE = "military_exercise", "Military exercise"
    MILITARY_OPERATION = "military_operation", "Military operation or invasion"
    ARMS_TRANSFER = "arms_transfer", "Arms transfer"
    TROOP_DEPLOYMENT = "troop_deployment", "Troop deployment"
    TREATY_AGREEMENT = "treaty_agreement", "Treaty or agreement"
    SUMMIT_VISIT = "summit_visit", "Summit or visit"
    ECONOMIC_DEAL = "economic_deal", "Economic or trade deal"
    TECHNOLOGY_TRANSFER = "technology_transfer", "Technology transfer"
    SANCTIONS_EVASION = "sanctions_evasion", "Sanctions evasion"
    DIPLOMATIC_STATEMENT = "diplomatic_statement", "Diplomatic statement or vote"
    POLICY_DIRECTIVE = "policy_directive", "Government directive or policy decision"
    WEAPONS_TEST = "weapons_test", "Weapons test"
    CYBER_OPERATION = "cyber_operation", "Cyber operation"
    PROPOSAL = "proposal", "Proposal"


class Domain(models.TextChoices):
    MILITARY = "military", "Military"
    ECONOMIC = "economic", "Economic"
    DIPLOMATIC = "diplomatic", "Diplomatic"
    TECHNOLOGICAL = "technological", "Technological"
    NUCLEAR = "nuclear", "Nuclear"
    CYBER = "cyber", "Cyber"
    ENERGY = "energy", "Energy"
    INFORMATION = "information", "Information"


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    HOST = "host", "Host"
    SUPPLIER = "supplier", "Supplier"
    RECIPIENT = "recipient", "Recipient"
    SIGNATORY = "signatory", "Signatory"
    PROPOSER = "proposer", "Proposer"
    TARGET = "target", "Target"
    OBSERVER = "observer", "Observer"


class RelationshipKind(models.TextChoices):
    """Kinds of standing tie. Directed kinds read "state A <verb> state B"."""

    MILITARY_ALLIANCE = "military_alliance", "Military alliance"
    # The obligations of the ATOP alliance data, one kind each (a treaty can carry several).
    DEFENCE_PACT = "defence_pact", "Defence pact (ATOP: defend each other if attacked)"
    OFFENCE_PACT = "offence_pact", "Offence pact (ATOP: join each other's attacks)"
    NEUTRALITY_PACT = "neutrality_pact", "Neutrality pact (ATOP: stay out of each other's conflicts)"
    NON_AGGRESSION_PACT = "non_aggression_pact", "Non-aggression pact"
    CONSULTATION_PACT = "consultation_pact", "Consultation pact (ATOP: consult each other in a crisis)"
    COMPREHENSIVE_STRATEGIC_PARTNERSHIP = (
        "comprehensive_strategic_partnership",
        "Comprehensive strategic partnership",
    )
    STRATEGIC_PARTNERSHIP = "strategic_partnership", "Strategic partnership"
    DIPLOMATIC_RELATIONS = "diplomatic_relations", "Diplomatic relations"
    ARMS_SUPPLIER = "arms_supplier", "Arms supplier (A supplies arms to B)"
    ENERGY_BUYER = "energy_buyer", "Energy buyer (A buys energy from B)"
    MAIN_TRADING_PARTNER = (
        "main_trading_partner",
        "Main trading partner (A is the main trading partner of B)",
    )
    DIPLOMATIC_BACKING = "diplomatic_backing", "Diplomatic backing (A backs B)"
    TECHNOLOGY_SUPPLIER = (
        "technology_supplier",
        "Technology supplier (A supplies technology to B)",
    )


#: Kinds whose two states play different parts; every other kind is symmetric
#: and stored with its two states in alphabetical order of ISO code.
DIRECTED_RELATIONSHIP_KINDS = frozenset(
    {
        RelationshipKind.ARMS_SUPPLIER,
        RelationshipKind.ENERGY_BUYER,
        RelationshipKind.MAIN_TRADING_PARTNER,
        RelationshipKind.DIPLOMATIC_BACKING,
        RelationshipKind.TECHNOLOGY_SUPPLIER,
    }
)
