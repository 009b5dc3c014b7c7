"""The public programme: current programmes, a programme's schedule, one event."""
