"""Coach mode: a squad folder of athletes, each with a plan folder of their own.

A squad folder holds squad.yaml (the squad's name, its curricula, the defaults
every athlete's profile starts from, an optional public feed address),
athletes/<id>.yaml (each athlete's own profile values, partial) and, once
planned, plans/<id>/ (a plan folder exactly as a single runner's, so every
single-runner command works on it) and squad.html (the coach's overview).
"""
