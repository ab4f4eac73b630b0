"""Referral intake: the digital "fiche d'orientation", triage and the closed loop with the referrer."""
