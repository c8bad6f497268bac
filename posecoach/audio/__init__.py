"""The cadence metronome: sample-exact click tracks and a live beat."""
