"""Commitments (实施清单) with their progress and the timeline (时间进度条)."""
