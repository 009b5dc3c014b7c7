"""Accounts: signing in and out, and the people behind every role."""
