"""The reader's language and time zone: for the visit, and saved on an account."""
