"""Tian 提案办理平台: proposals and suggestions from intake to the annual report."""
