"""Reporting: indicators computed only from events. Holds no name, birth date or address."""
