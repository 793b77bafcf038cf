"""Controlled vocabularies of the sources app, including the NATO Admiralty
grades (source reliability A-F, claim credibility 1-6)."""

from django.db import models


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    ANALYSIS = "analysis", "Think-tank analysis or commentary"
    GOVERNMENT_REPORT = "government_report", "Government report"
    GOVERNMENT_STATEMENT = "government_statement", "Government statement"
    SPEECH = "speech", "Speech or press conference"
    ACADEMIC_STUDY = "academic_study", "Academic study"
    DATASET = "dataset", "Dataset"


class Reliability(models.TextChoices):
    A = "A", "A - completely reliable"
    B = "B", "B - usually reliable"
    C = "C", "C - fairly reliable"
    D = "D", "D - not usually reliable"
    E = "E", "E - unreliable"
    F = "F", "F - reliability cannot be judged"


class Credibility(models.IntegerChoices):
    CONFIRMED = 1, "1 - confirmed by other sources"
    PROBABLY_TRUE = 2, "2 - probably true"
    POSSIBLY_TRUE = 3, "3 - possibly true"
    DOUBTFUL = 4, "4 - doubtful"
    IMPROBABLE = 5, "5 - improbable"
    CANNOT_BE_JUDGED = 6, "6 - truth cannot be judged"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    DISPUTES = "disputes", "Disputes"
    CONTEXT = "context", "Context"


class Assessment(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CORROBORATED = "corroborated", "Corroborated"
    DISPUTED = "disputed", "Disputed"
    REFUTED = "refuted", "Refuted"
    RETRACTED = "retracted", "Retracted by its claimant"


class Attribution(models.TextChoices):
    """How a source words the claim: its certainty, kept as data instead of lost in a paraphrase."""

    ASSERTS = "asserts", "Asserts (states it as its own finding)"
    REPORTS = "reports", "Reports (someone else said it)"
    ALLEGES = "alleges", "Alleges (an accusation)"
    SUGGESTS = "suggests", "Suggests (a hedge: might, appears to)"
    DENIES = "denies", "Denies"


class LinkKind(models.TextChoices):
    """How one claim bears on another (read: <from> corroborates <to>)."""

    CORROBORATES = "corroborates", "corroborates"
    CONTRADICTS = "contradicts", "contradicts"
    DERIVES_FROM = "derives_from", "derives from (only repeats)"
    SUPERSEDES = "supersedes", "supersedes"
    QUALIFIES = "qualifies", "qualifies"


#: Link kinds that may not form a cycle: a claim cannot, through them, come back to itself.
ACYCLIC_LINK_KINDS = (LinkKind.DERIVES_FROM, LinkKind.SUPERSEDES)
