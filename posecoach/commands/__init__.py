"""The use-cases: each takes a request and returns a result, and prints nothing.

`plan` builds a plan folder's outputs from its inputs, `checkin` records a
check-in and rebuilds, `sheet` writes one week's sheet, `metronome` writes or
plays click tracks, `init` writes a starter profile. The CLI (posecoach.cli)
is one edge over them; they never import it, never name its flags (a message
refers to a request field as `{field}` and the edge words it), and never read
the clock: `today` and `now` come in with the request.
"""
