"""Running Tian for real (运维): the production server, health checks, backup and restore.

The top floor beside the demo: it knows every table only as Django's registry lists them,
never a domain rule.
"""
