// The click track on the phone: clicks scheduled a little ahead on the audio
// clock (not on timers, which drift and stall), one per step.
(() => {
  const box = document.getElementById("metronome");
  const button = document.getElementById("play");
  const input = document.getElementById("bpm");
  if (!box || !button || !input) return;
  const ahead = 0.12; // seconds of clicks scheduled at a time
  let context = null;
  let timer = null;
  let next = 0;
  let beat = 0;

  function click(at, accent) {
    const tone = context.createOscillator();
    const level = context.createGain();
    tone.frequency.value = accent ? 1600 : 1100;
    level.gain.setValueAtTime(0.0001, at);
    level.gain.exponentialRampToValueAtTime(0.9, at + 0.002);
    level.gain.exponentialRampToValueAtTime(0.0001, at + 0.035);
    tone.connect(level).connect(context.destination);
    tone.start(at);
    tone.stop(at + 0.05);
  }

  function schedule() {
    const bpm = Math.min(230, Math.max(100, Number(input.value) || 170));
    while (next < context.currentTime + ahead) {
      click(next, beat % 2 === 0);
      next += 60 / bpm;
      beat += 1;
    }
  }

  button.addEventListener("click", () => {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
      button.textContent = "Start";
      box.dataset.playing = "no";
      return;
    }
    context = context || new AudioContext();
    context.resume();
    next = context.currentTime + 0.05;
    beat = 0;
    schedule();
    timer = setInterval(schedule, 25);
    button.textContent = "Stop";
    box.dataset.playing = "yes";
  });
})();
