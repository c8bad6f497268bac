"""The use-cases: each takes a request and returns a result, and prints nothing.

`plan` builds a plan folder's outputs from its inputs (and keeps its week
sheets and click tracks current: `sheet`, `tracks`), `checkin` records a
check-in and rebuilds, `undo` takes one back, `today` says what a day holds,
`metronome` writes or plays click tracks, `init` writes a starter profile
from answers `answers` checks one at a time, `zone` finds the system's time
zone, and `as_json` turns results into data for scripts. The CLI (posecoach.cli)
is one edge over them; they never import it, never name its flags (a message
refers to a request field as `{field}` and the edge words it), and never read
the clock: `today` and `now` come in with the request.
"""
