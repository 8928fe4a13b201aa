"""Unit evaluation (考核): the scoring scheme of a session and the office's reviews."""
