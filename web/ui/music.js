// Music on hold, made in the browser: a slow, never-quite-repeating piece for the wait before anyone else arrives,
// and the card on the empty stage that offers it.
//
// HoldMusic (WebAudio, no DOM): chords of a major key wander from one to the next by chance (a weighted walk,
// each 7–10 s, four of its five notes each time), played by soft detuned oscillators through a slowly breathing
// low-pass filter, over a quiet bass; now and then a bell-like note of the pentatonic scale steps up or down; two
// cross-fed feedback delays make a gentle room. Everything goes through one master gain (fade in over ~3 s, out
// over ~1.2 s) and an AnalyserNode, whose RMS is `level()`.
//
// HoldCard: shown on the stage while the server says we are alone (no remote participant) and we are in the room:
// "You are the only one here" and a toggle "Play music while you wait" (`aria-pressed`). Someone arrives: the
// music fades out and the card hides. Hooks: [data-testid=hold-card], [data-testid=hold-music] (`aria-pressed`).

import { h } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import('./sounds.js').Sounds} Sounds */
/** @typedef {import('../lib/signalling.js').Signalling} Signalling */
/** @typedef {import('../lib/mesh.js').Mesh} Mesh */

/** Peak gain of the whole piece: background, well under speech. */
const MASTER_GAIN = 0.7;
const FADE_IN_S = 3;
const FADE_OUT_S = 1.2;
/** How far ahead notes are scheduled (a background tab's timers run only once a second). */
const LOOKAHEAD_S = 3;
const TICK_MS = 400;
/** One melody step. */
const BEAT_S = 1.25;

/**
 * Chords of D major as MIDI notes (upper voices, around middle C) and a bass root; `next` are where each may go, with
 * weights. Sixths, sevenths and ninths, the Lydian IV: soft colours, nothing that needs resolving, and no two voices
 * a semitone apart.
 * @type {Record<string, {bass: number, notes: number[], next: Record<string, number>}>}
 */
const CHORDS = {
  I: { bass: 38, notes: [57, 61, 64, 66, 69], next: { IV: 3, vi: 3, ii: 2, iii: 1 } }, // Dmaj7 6/9
  ii: { bass: 40, notes: [55, 59, 62, 64, 66], next: { V: 3, IV: 2, I: 1 } }, // Em9
  iii: { bass: 42, notes: [57, 61, 64, 69, 73], next: { vi: 3, IV: 2 } }, // F#m7
  IV: { bass: 43, notes: [59, 62, 66, 69, 73], next: { I: 3, vi: 2, V: 1, ii: 1 } }, // Gmaj9(#11)
  V: { bass: 45, notes: [57, 59, 61, 64, 66], next: { I: 3, vi: 2, IV: 2 } }, // A6/9
  vi: { bass: 47, notes: [57, 62, 66, 69, 73], next: { IV: 3, ii: 2, I: 2 } }, // Bm9
};
/** D major pentatonic from A4 up: the melody's notes. */
const MELODY = [69, 71, 74, 76, 78, 81, 83, 86];

/** @param {number} midi */
function hz(midi) {
  return 440 * 2 ** ((midi - 69) / 12);
}

/**
 * @template T
 * @param {T[]} items
 */
function pick(items) {
  return items[Math.floor(Math.random() * items.length)];
}

/** @param {Record<string, number>} weights */
function weighted(weights) {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let r = Math.random() * total;
  for (const [key, w] of Object.entries(weights)) {
    r -= w;
    if (r <= 0) return key;
  }
  return Object.keys(weights)[0];
}

export class HoldMusic {
  playing = false;
  /** @type {Set<AudioScheduledSourceNode>} */
  #sources = new Set();
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #timer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #silence;
  #nextChordAt = 0;
  #nextNoteAt = 0;
  #chord = "I";
  /** The chords scheduled, with their start times (the melody follows them). @type {{at: number, notes: number[]}[]} */
  #timeline = [];
  #melodyIndex = 2;
  #restBeats = 0;
  /** @type {Float32Array<ArrayBuffer>} */
  #buffer;

  /** @param {AudioContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.master = ctx.createGain();
    this.master.gain.value = 0;
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 2048;
    this.#buffer = new Float32Array(this.analyser.fftSize);
    this.master.connect(this.analyser).connect(ctx.destination);

    // The pad: a low-pass whose cutoff breathes with a slow LFO.
    this.padBus = ctx.createBiquadFilter();
    this.padBus.type = "lowpass";
    this.padBus.frequency.value = 1100;
    this.padBus.Q.value = 0.4;
    const lfo = ctx.createOscillator();
    lfo.frequency.value = 0.045;
    const lfoDepth = ctx.createGain();
    lfoDepth.gain.value = 380;
    lfo.connect(lfoDepth).connect(this.padBus.frequency);
    lfo.start();
    this.padBus.connect(this.master);

    this.melodyBus = ctx.createGain();
    this.melodyBus.gain.value = 1;
    this.melodyBus.connect(this.master);

    // A small room: two cross-fed delays, darker at each pass.
    const send = ctx.createGain();
    send.gain.value = 0.5;
    const wet = ctx.createGain();
    wet.gain.value = 0.45;
    const merge = ctx.createChannelMerger(2);
    /** @type {[DelayNode, DelayNode]} */
    const delays = [ctx.createDelay(2), ctx.createDelay(2)];
    delays[0].delayTime.value = 0.43;
    delays[1].delayTime.value = 0.61;
    delays.forEach((delay, i) => {
      const tone = ctx.createBiquadFilter();
      tone.type = "lowpass";
      tone.frequency.value = 2200;
      const feedback = ctx.createGain();
      feedback.gain.value = 0.42;
      send.connect(delay);
      delay.connect(tone);
      tone.connect(feedback).connect(delays[1 - i]);
      tone.connect(merge, 0, i);
    });
    merge.connect(wet).connect(this.master);
    this.padBus.connect(send);
    const melodySend = ctx.createGain();
    melodySend.gain.value = 1.4;
    this.melodyBus.connect(melodySend).connect(send);
  }

  /** Starts (or resumes a fading-out) piece, fading in. */
  start() {
    if (this.playing) return;
    this.playing = true;
    clearTimeout(this.#silence);
    const ctx = this.ctx;
    const now = ctx.currentTime;
    // From wherever the gain is (silent, or half-way through a fade-out).
    this.master.gain.cancelScheduledValues(now);
    this.master.gain.setTargetAtTime(MASTER_GAIN, now, FADE_IN_S / 3);
    if (this.#sources.size === 0 || this.#nextChordAt < now) {
      this.#timeline = [];
      this.#nextChordAt = now + 0.05;
      this.#nextNoteAt = now + 2 * BEAT_S;
      this.#chord = pick(["I", "IV", "vi"]);
    }
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Fades out, then stops every oscillator. */
  stop() {
    if (!this.playing) return;
    this.playing = false;
    clearInterval(this.#timer);
    const now = this.ctx.currentTime;
    this.master.gain.cancelScheduledValues(now);
    this.master.gain.setTargetAtTime(0, now, FADE_OUT_S / 5);
    clearTimeout(this.#silence);
    this.#silence = setTimeout(() => {
      if (this.playing) return;
      for (const source of this.#sources) {
        try {
          source.stop();
        } catch {
          // not started yet, or already stopped
        }
      }
      this.#sources.clear();
      this.#timeline = [];
    }, (FADE_OUT_S + 0.2) * 1000);
  }

  /** RMS of what the music outputs now (0 to 1). */
  level() {
    this.analyser.getFloatTimeDomainData(this.#buffer);
    let sum = 0;
    for (const v of this.#buffer) sum += v * v;
    return Math.sqrt(sum / this.#buffer.length);
  }

  #tick() {
    const horizon = this.ctx.currentTime + LOOKAHEAD_S;
    while (this.#nextChordAt < horizon) this.#scheduleChord();
    while (this.#nextNoteAt < horizon) this.#scheduleMelody();
    const past = this.ctx.currentTime - 30;
    while (this.#timeline.length > 1 && this.#timeline[1].at < past) this.#timeline.shift();
  }

  #scheduleChord() {
    const ctx = this.ctx;
    const at = this.#nextChordAt;
    const chord = CHORDS[this.#chord];
    const length = pick([7, 8, 8.5, 9, 10]);
    const attack = 2.2 + Math.random();
    const release = 3.5;
    const end = at + length;
    // A new voicing each time: four of the five notes.
    const left = Math.floor(Math.random() * chord.notes.length);
    const notes = chord.notes.filter((_, i) => i !== left);
    this.#timeline.push({ at, notes });

    notes.forEach((note, i) => {
      const env = ctx.createGain();
      env.gain.setValueAtTime(0, at);
      env.gain.linearRampToValueAtTime(0.045, at + attack + i * 0.15);
      env.gain.setValueAtTime(0.045, end);
      env.gain.setTargetAtTime(0, end, release / 4);
      const pan = ctx.createStereoPanner();
      pan.pan.value = (i / (notes.length - 1) - 0.5) * 0.6;
      env.connect(pan).connect(this.padBus);
      // Two oscillators a few cents apart: a slow, warm chorus.
      for (const [type, detune] of /** @type {[OscillatorType, number][]} */ ([
        ["triangle", -6 - Math.random() * 3],
        ["sine", 6 + Math.random() * 3],
      ])) {
        const osc = ctx.createOscillator();
        osc.type = type;
        osc.frequency.value = hz(note);
        osc.detune.value = detune;
        osc.connect(env);
        this.#run(osc, at, end + release * 1.5, [env, pan]);
      }
    });

    // The bass: the root, two octaves below the pad's middle, a plain sine.
    const bass = ctx.createOscillator();
    bass.type = "sine";
    bass.frequency.value = hz(chord.bass);
    const bassEnv = ctx.createGain();
    bassEnv.gain.setValueAtTime(0, at);
    bassEnv.gain.linearRampToValueAtTime(0.06, at + attack);
    bassEnv.gain.setValueAtTime(0.06, end);
    bassEnv.gain.setTargetAtTime(0, end, release / 4);
    bass.connect(bassEnv).connect(this.padBus);
    this.#run(bass, at, end + release * 1.5, [bassEnv]);

    // The next chord comes in while this one lets go.
    this.#nextChordAt = end - 1.5;
    this.#chord = weighted(chord.next);
  }

  #scheduleMelody() {
    const at = this.#nextNoteAt;
    this.#nextNoteAt += BEAT_S * pick([1, 1, 1, 1.5, 2]);
    if (this.#restBeats > 0) {
      this.#restBeats -= 1;
      return;
    }
    // Phrases of a few notes, then a rest.
    if (Math.random() < 0.45) {
      this.#restBeats = Math.floor(2 + Math.random() * 5);
      return;
    }
    const step = pick([-2, -1, -1, 1, 1, 2, 0]);
    this.#melodyIndex = Math.min(MELODY.length - 1, Math.max(0, this.#melodyIndex + step));
    let note = MELODY[this.#melodyIndex];
    // Prefer a note of the chord sounding then (same pitch class), if one is a step away.
    const chord = [...this.#timeline].reverse().find((c) => c.at <= at) ?? this.#timeline[0];
    if (chord && !chord.notes.some((n) => (n - note) % 12 === 0)) {
      const near = MELODY.find((m) => Math.abs(m - note) <= 3 && chord.notes.some((n) => (n - m) % 12 === 0));
      if (near !== undefined && Math.random() < 0.7) note = near;
    }
    const ctx = this.ctx;
    const env = ctx.createGain();
    const peak = 0.03 + Math.random() * 0.015;
    env.gain.setValueAtTime(0, at);
    env.gain.linearRampToValueAtTime(peak, at + 0.03);
    env.gain.setTargetAtTime(0, at + 0.03, 0.7);
    const pan = ctx.createStereoPanner();
    pan.pan.value = Math.random() * 0.8 - 0.4;
    env.connect(pan).connect(this.melodyBus);
    for (const [mult, gain] of [
      [1, 1],
      [2, 0.18],
      [3, 0.05],
    ]) {
      const osc = ctx.createOscillator();
      osc.type = "sine";
      osc.frequency.value = hz(note) * mult;
      const g = ctx.createGain();
      g.gain.value = gain;
      osc.connect(g).connect(env);
      this.#run(osc, at, at + 4, [g]);
    }
    this.#run(null, at, at + 4, [env, pan]);
  }

  /**
   * Starts and stops a source; when it ends, the nodes that were only its own are disconnected.
   * @param {OscillatorNode | null} source
   * @param {number} from
   * @param {number} to
   * @param {AudioNode[]} nodes
   */
  #run(source, from, to, nodes) {
    if (!source) {
      // Nodes shared by several sources: let go of them once all are done.
      setTimeout(() => nodes.forEach((n) => n.disconnect()), (to - this.ctx.currentTime + 0.5) * 1000);
      return;
    }
    this.#sources.add(source);
    source.onended = () => {
      this.#sources.delete(source);
      source.disconnect();
      nodes.forEach((n) => n.disconnect());
    };
    source.start(from);
    source.stop(to);
  }
}

/** The card on the empty stage: "you are the only one here", and the music toggle. */
export class HoldCard {
  /**
   * @param {{sounds: Sounds, signalling: Signalling, mesh: Mesh}} options
   */
  constructor({ sounds, signalling, mesh }) {
    this.sounds = sounds;
    this.signalling = signalling;
    this.mesh = mesh;
    this.button = h(
      "button",
      {
        type: "button",
        class: "hold-toggle",
        "data-testid": "hold-music",
        "aria-pressed": "false",
        onclick: () => this.toggle(),
      },
      musicIcon(),
      h("span", { class: "hold-toggle-label", text: t("hold-music-play") }),
      h("span", { class: "hold-bars", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
    );
    this.el = h(
      "section",
      { class: "hold-card", "data-testid": "hold-card", "aria-labelledby": "hold-title", hidden: true },
      h("p", { id: "hold-title", class: "hold-title", text: t("hold-alone") }),
      h("p", { class: "hold-hint", text: t("hold-alone-hint") }),
      this.button,
    );
    this.#onChange = () => this.update();
    for (const type of ["join", "leave", "reset"]) mesh.addEventListener(type, this.#onChange);
    signalling.addEventListener("state", this.#onChange);
    sounds.addEventListener("music", this.#onChange);
    this.update();
  }

  /** @type {() => void} */
  #onChange;

  /** Whether we are in the room (or getting back in) with nobody else. */
  get alone() {
    const state = this.signalling.state;
    return (state === "joined" || state === "reconnecting") && this.mesh.participants.size === 0;
  }

  toggle() {
    if (this.sounds.musicPlaying) this.sounds.stopMusic();
    else if (this.alone) this.sounds.startMusic();
  }

  update() {
    const alone = this.alone;
    if (!alone && this.sounds.musicPlaying) this.sounds.stopMusic();
    this.el.hidden = !alone;
    const playing = this.sounds.musicPlaying;
    this.button.setAttribute("aria-pressed", String(playing));
    this.el.classList.toggle("is-playing", playing);
  }

  destroy() {
    for (const type of ["join", "leave", "reset"]) this.mesh.removeEventListener(type, this.#onChange);
    this.signalling.removeEventListener("state", this.#onChange);
    this.sounds.removeEventListener("music", this.#onChange);
    this.sounds.stopMusic();
    this.el.remove();
  }
}

/** A music note, drawn like the icons of icons.js (24×24, stroked with currentColor). */
function musicIcon() {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  for (const d of ["M9 18V5.5l11-2V16", "M9 9.5l11-2"]) {
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  for (const [cx, cy] of [
    [6.5, 18],
    [17.5, 16],
  ]) {
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("cx", String(cx));
    c.setAttribute("cy", String(cy));
    c.setAttribute("r", "2.5");
    svg.append(c);
  }
  return svg;
}
