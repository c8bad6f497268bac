"""`python -m posecoach` runs the command-line interface."""

from posecoach.cli import main

main()
