"""Transitional: a proposal's history moved to `tian.proposals.history` (audit sits below the
directory and proposals). `tian.policy` still imports `attach_units` from here until the policy
split points it at `tian.proposals.history`; then delete this module."""

from tian.proposals.history import attach_units

__all__ = ["attach_units"]
