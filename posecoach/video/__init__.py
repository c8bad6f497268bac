"""Running form from a side-view clip: body landmarks per frame, then gait figures.

The rooms, from the clip inwards:

- `clip`: opening a video file and checking it before any frame is decoded
  (format, size, frame rate, length), then its frames one at a time (OpenCV).
- `finder`: the runner's body landmarks in each frame, by MediaPipe's pose
  model (the `video` extra), offline; refuses a clip with two people in it.
- `landmarks`: the landmark record (a frames x points x (x, y, visibility)
  array) and its JSON file, so landmarks can come from elsewhere.
- `signals`: small numpy helpers: gaps, smoothing, minima, crossings.
- `gait`: the figures, in plain numpy on the landmark array: cadence from
  the hips' bounce (cross-checked with the foot strikes), the trunk's lean,
  where each foot lands against the hips, and the bounce.
- `picture`: the PNG of a typical foot strike with the skeleton, the lean line
  and the hip-to-foot distance drawn on it (OpenCV).

Only `clip`, `finder` and `picture` need the extra; `landmarks`, `signals`
and `gait` need numpy alone.
"""
