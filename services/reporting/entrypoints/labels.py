"""What the reporting pages show besides the indicators (their labels: domain/catalogue.py)."""

# the monthly charts of the dashboard and the report
CHARTS = (
    "persons_accompanied",
    "individual_appointments",
    "physical_accompaniments",
    "persons_received",
    "orientations_proposed",
    "referrals_received",
)

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
