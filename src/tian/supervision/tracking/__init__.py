"""Cross-year tracking (跨年度跟踪): earlier proposals still in progress, followed this year."""
