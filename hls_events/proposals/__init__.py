"""The call for events: organisers open it, hosts propose events, organisers decide."""
