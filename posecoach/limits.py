"""How much of each input posecoach reads, in one place with the reason for each.

Every limit is far above what a real input needs and far below what would make
a command hang or run out of memory; past it, the input is refused with a
clear message before the expensive work starts.
"""

from __future__ import annotations

from datetime import date

# YAML files a person writes (profile, rules, curriculum). The built-in
# curriculum is about 45 kB with some 6,000 values, nested 7 levels deep.
YAML_BYTES = 1024 * 1024
YAML_VALUES = 100_000  # after aliases are expanded: nine levels of ten aliases is 10^9
YAML_DEPTH = 32

# Dates a plan can hold: a plan a few years either side of now. Far dates
# overflow date arithmetic (a 16-week plan from 31 Dec 9999) and mean a typo.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)

# A running cadence a person gives, in steps a minute: a check-in's (typed, on the
# phone's form, or a watch file's mean), the profile's baseline and init's answer.
# Below 100 is walking, or strides of one foot (half the steps: a watch's raw
# 85 is 170 steps); above 230 no one runs for a whole session (sprinters reach
# it for seconds). The phone's form takes its input's min and max from here.
CADENCE_LOWEST = 100
CADENCE_HIGHEST = 230
# Effort (RPE) and pain are scored 0 (none) to 10 (the worst), as physiotherapists ask.
SCORE_HIGHEST = 10

# One set of a drill, by unit, and sets per drill: above any source's dose by
# far (the largest is 3 x 15 reps, 60-second holds, 50 m run-outs), and small
# enough that fitting a session to its minutes stays instant.
DOSE_MOST = {"reps": 500.0, "seconds": 3600.0, "metres": 5000.0, "minutes": 240.0}
DOSE_SETS = 20.0

# Activity files: a day of one-second records is about 10 MB of FIT (more as
# TCX or GPX); the limit holds for a .gz file both as stored and as inflated.
# Files are read as a stream, never whole: memory follows what is kept of them
# (the limits below), not their size.
ACTIVITY_BYTES = 100 * 1024 * 1024

# What is kept of an activity file, each a sample of time, cadence and speed (a
# FIT record, a TCX trackpoint, a GPX track point): a day recorded every second is
# 86,400, a marathon some 15,000. Each kept sample costs some 300 bytes of memory,
# so this is a ceiling of about 30 MB, whatever the file holds; past it, the file
# is refused as it is read (a 60 MB GPX file is some 260,000 points).
ACTIVITY_SAMPLES = 100_000
# Running time one check-in records: one session of up to a day (an ultra at most).
RUNNING_MINUTES = 24 * 60
# Laps (TCX), track segments (GPX), sessions and timer pauses (FIT): a lap a
# kilometre is 42 in a marathon, some 200 in a day-long race.
ACTIVITY_LAPS = 2_000
# FIT messages of every kind, read or not: beside its records a watch writes a few
# hundred others, or one or two a second with heart-rate variability on (a day of
# that is some 250,000 in all). Decoding one takes some 20 microseconds here, so
# this keeps any FIT file's reading to about five seconds.
FIT_MESSAGES = 250_000
# One sample's bytes in XML: a trackpoint with every vendor's extensions is under
# 1 kB. The parser holds a sample whole until it ends, so this bounds that too.
SAMPLE_BYTES = 64 * 1024
# Elements of an XML activity file: a trackpoint is up to a dozen, so a day
# recorded every second is about a million. The parser takes some half a
# microsecond an element: this keeps any XML file's reading to a second or two.
XML_ELEMENTS = 2_000_000
# XML with no element starting in it: a text, a comment or a tag so long is no
# activity's, and the parser would hold all of it.
XML_QUIET_BYTES = 1024 * 1024

# XML nesting: a GPX file nests its elements up to 7 deep (gpx, trk, trkseg, trkpt,
# extensions and a vendor's two), a TCX file 9. The parser holds every open
# element: 21 MB of opening tags, 3 million deep, took 880 MB and 5.6 s to parse.
XML_DEPTH = 64

# A plan folder's check-in log: a check-in read from a watch file is a line of
# about 350 bytes, so a decade of daily ones is about 1.3 MB, and 3 MB were every
# note at its 500-character most. Every command parses every line (1 MB in some
# 0.03 s), so a larger log, more likely another file, is refused, not read whole.
CHECKIN_LOG_BYTES = 4 * 1024 * 1024

# Form clips (posecoach form). The filming guide asks for 10 s of steady running;
# a phone films 10 s of 1080p at 60 fps in about 30-60 MB. Landmarks are found
# at about 25 ms a frame on a laptop core, so 30 s at 60 fps is at most about a
# minute of work; a longer clip is refused before any frame is decoded, and a
# 4K frame (8 million pixels, 25 MB decoded) is refused rather than shrunk.
VIDEO_BYTES = 400 * 1024 * 1024
VIDEO_SECONDS = 30.0
VIDEO_MIN_SECONDS = 3.0  # fewer than about eight steps tell nothing steady
VIDEO_PIXELS = 1920 * 1080  # either way round: a phone held upright films 1080 x 1920
VIDEO_MIN_FPS = 23.5  # 24 fps film and 25 fps PAL count; 5 fps cannot time a step
VIDEO_MAX_FPS = 240.0  # slow motion; frames past 60 a second are skipped, not analysed
VIDEO_ANALYSIS_FPS = 60.0
# A landmark file (--landmarks): 30 s at 240 fps of 33 points is about 7 MB of JSON.
LANDMARK_BYTES = 16 * 1024 * 1024
LANDMARK_FRAMES = round(VIDEO_SECONDS * VIDEO_MAX_FPS)
