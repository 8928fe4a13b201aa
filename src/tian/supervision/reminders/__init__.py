"""Reminders (催办) and supervision notices (督办单)."""
