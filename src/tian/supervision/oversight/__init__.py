"""The oversight list (督查督办一览) for the office."""
