"""Petitions: drafts, admission, online and paper signatures, thresholds, consequences."""
