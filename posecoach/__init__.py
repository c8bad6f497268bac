"""posecoach: a Pose Method running-technique coach.

A plan is a pure function of its inputs (curriculum, runner profile,
progression rules, start date); everything else renders or stores it.
"""

__version__ = "0.1.0"
