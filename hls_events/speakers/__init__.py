"""Speakers: profiles and photos, invitations to speak, the speaker portal, public speaker pages."""
