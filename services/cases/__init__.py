"""Case follow-up ("accompagnement"): the mediator's case file and its timeline of activities."""
