// Sounds of the meeting, all synthesized with WebAudio (no audio file): short cues when someone joins or leaves, a
// chat message arrives or a hand goes up, and the music on hold (music.js) played while one is alone. One
// AudioContext per page, created on first use and resumed from a user gesture (browsers start audio only after
// one: call `unlock()` from a click or a key press).
//
// One setting, "Play sounds" (prefs `soundsOff`), silences the cues (not the music, which only plays when asked).
// `soundsSwitch()` builds its labelled switch; every switch and listener follows changes (event "change").
//
// Hooks for tests (window.vroom.meeting.sounds): `played` counts the cues played by kind ({join, leave, chat,
// hand}; a cue dropped by the setting or the rate limit is not counted), `context` (the AudioContext, null until
// needed), `musicPlaying`, `musicLevel()` (RMS of the music's output, 0 when silent).

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { loadPrefs, savePrefs } from "./prefs.js";
import { HoldMusic } from "./music.js";

/** @typedef {"join" | "leave" | "chat" | "hand"} Cue */

/**
 * A cue asked for less than this long after the previous one of its kind (played or not) is dropped: a burst of
 * joins (a whole team clicking the link at 10:00) makes one sound, not ten.
 * @type {Record<Cue, number>}
 */
const QUIET_MS = { join: 2000, leave: 2000, chat: 1000, hand: 1000 };
/** …but a steady stream still makes a sound this often. */
const AT_LEAST_EVERY_MS = 10_000;
/** Loudness of the cues (peak gain of one note). */
const CUE_GAIN = 0.07;
/** A cue that could not start within this time (the context waits for a gesture) is not played late. */
const LATE_MS = 400;

/**
 * One soft note: a sine (and a quieter octave, for a touch of brightness) with a quick attack and an
 * exponential decay.
 * @typedef {object} Note
 * @property {number} freq Hz
 * @property {number} at seconds after the cue starts
 * @property {number} [dur] seconds (decay length)
 * @property {number} [gain] relative to CUE_GAIN
 * @property {number} [bell] gain of an inharmonic partial (×2.76), for a bell-like hand cue
 */

/** @type {Record<Cue, Note[]>} */
const CUES = {
  // Rising fifth: someone arrives.
  join: [
    { freq: 659.25, at: 0, dur: 0.22 },
    { freq: 987.77, at: 0.1, dur: 0.32 },
  ],
  // The same, falling and a little softer: someone went.
  leave: [
    { freq: 987.77, at: 0, dur: 0.22, gain: 0.8 },
    { freq: 659.25, at: 0.1, dur: 0.32, gain: 0.8 },
  ],
  // The chat's two short notes (as before).
  chat: [
    { freq: 880, at: 0, dur: 0.15 },
    { freq: 1320, at: 0.09, dur: 0.15 },
  ],
  // A small bell, twice: a hand is up.
  hand: [
    { freq: 1046.5, at: 0, dur: 0.5, bell: 0.25 },
    { freq: 1046.5, at: 0.16, dur: 0.6, gain: 0.7, bell: 0.25 },
  ],
};

export class Sounds extends EventTarget {
  /** Cues played, by kind (tests). @type {Record<Cue, number>} */
  played = { join: 0, leave: 0, chat: 0, hand: 0 };
  /** @type {AudioContext | null} */
  #ctx = null;
  /** @type {GainNode | null} */
  #cueBus = null;
  #off = loadPrefs().soundsOff;
  /** When each kind was last asked for and last played (performance.now()). @type {Map<Cue, {asked: number, played: number}>} */
  #last = new Map();
  /** @type {HoldMusic | null} */
  #music = null;

  /** The page's AudioContext, or null if none was needed yet (or WebAudio is missing). */
  get context() {
    return this.#ctx;
  }

  /** Whether the cues are off (the "Play sounds" setting, remembered). */
  get off() {
    return this.#off;
  }

  /** @param {boolean} off */
  setOff(off) {
    if (off === this.#off) return;
    this.#off = off;
    savePrefs({ soundsOff: off });
    this.dispatchEvent(new Event("change"));
  }

  /** The AudioContext, created if needed (null without WebAudio). */
  #context() {
    if (this.#ctx && this.#ctx.state !== "closed") return this.#ctx;
    try {
      this.#ctx = new AudioContext();
    } catch {
      this.#ctx = null;
    }
    return this.#ctx;
  }

  /** Lets sound play from now on: call from a user gesture (a click, a key). */
  unlock() {
    if (this.#off && !this.#music) return;
    const ctx = this.#context();
    if (ctx?.state === "suspended") ctx.resume().catch(() => {});
  }

  /**
   * Plays a cue unless the sounds are off or one of its kind was just asked for. Returns whether it plays.
   * @param {Cue} kind
   */
  play(kind) {
    const now = performance.now();
    const last = this.#last.get(kind) ?? { asked: -Infinity, played: -Infinity };
    const quiet = now - last.asked < QUIET_MS[kind] && now - last.played < AT_LEAST_EVERY_MS;
    last.asked = now;
    this.#last.set(kind, last);
    if (this.#off || quiet) return false;
    const ctx = this.#context();
    if (!ctx) return false;
    last.played = now;
    this.played[kind] += 1;
    if (ctx.state === "running") this.#schedule(ctx, CUES[kind]);
    else {
      // Not started yet (no gesture so far, or the tab was in the background): play it if it starts soon.
      ctx
        .resume()
        .then(() => {
          if (performance.now() - now < LATE_MS) this.#schedule(ctx, CUES[kind]);
        })
        .catch(() => {});
    }
    return true;
  }

  /**
   * @param {AudioContext} ctx
   * @param {Note[]} notes
   */
  #schedule(ctx, notes) {
    if (!this.#cueBus) {
      this.#cueBus = ctx.createGain();
      this.#cueBus.gain.value = CUE_GAIN;
      this.#cueBus.connect(ctx.destination);
    }
    const bus = this.#cueBus;
    const start = ctx.currentTime + 0.02;
    for (const note of notes) {
      const at = start + note.at;
      const dur = note.dur ?? 0.2;
      const peak = note.gain ?? 1;
      const env = ctx.createGain();
      env.gain.setValueAtTime(0.0001, at);
      env.gain.exponentialRampToValueAtTime(peak, at + 0.012);
      env.gain.exponentialRampToValueAtTime(0.0001, at + dur);
      env.connect(bus);
      /** @type {[number, number][]} frequency, relative gain */
      const partials = [
        [note.freq, 1],
        [note.freq * 2, 0.12],
      ];
      if (note.bell) partials.push([note.freq * 2.76, note.bell]);
      for (const [freq, gain] of partials) {
        const osc = ctx.createOscillator();
        osc.type = "sine";
        osc.frequency.value = freq;
        const g = ctx.createGain();
        g.gain.value = gain;
        osc.connect(g).connect(env);
        osc.start(at);
        osc.stop(at + dur + 0.05);
        osc.onended = () => g.disconnect();
      }
      setTimeout(() => env.disconnect(), (at - ctx.currentTime + dur + 0.5) * 1000);
    }
  }

  // ---- music on hold

  /** Whether the music on hold is playing (false as soon as it was asked to stop, while it fades out). */
  get musicPlaying() {
    return !!this.#music?.playing;
  }

  /** How loud the music is now: the RMS of its output (0 to 1; 0 when it is not playing). */
  musicLevel() {
    return this.#music?.level() ?? 0;
  }

  /** Starts the music (fading in). Call from a user gesture: it also starts the AudioContext. */
  startMusic() {
    const ctx = this.#context();
    if (!ctx) return false;
    if (ctx.state === "suspended") ctx.resume().catch(() => {});
    this.#music ??= new HoldMusic(ctx);
    this.#music.start();
    this.dispatchEvent(new Event("music"));
    return true;
  }

  /** Stops the music (fading out). */
  stopMusic() {
    if (!this.#music?.playing) return;
    this.#music.stop();
    this.dispatchEvent(new Event("music"));
  }
}

/** The page's sounds (one AudioContext for the page, whatever the meeting). */
export const sounds = new Sounds();

/**
 * The "Play sounds" setting as a labelled switch (a checkbox with role=switch, `data-testid=sounds-setting`), for a
 * settings dialog: put it in the page at once. Switching it on plays the chat cue, as a sample.
 * @param {Sounds} [target]
 * @param {string} [idPrefix]
 * @returns {HTMLElement}
 */
export function soundsSwitch(target = sounds, idPrefix = "settings") {
  const id = `${idPrefix}-sounds`;
  const input = h("input", {
    id,
    type: "checkbox",
    role: "switch",
    class: "check-input",
    "data-testid": "sounds-setting",
    "aria-describedby": `${id}-hint`,
  });
  input.checked = !target.off;
  input.addEventListener("change", () => {
    target.setOff(!input.checked);
    if (input.checked) {
      target.unlock();
      target.play("chat");
    }
  });
  const el = h(
    "div",
    { class: "check sounds-switch" },
    input,
    h(
      "label",
      { for: id },
      h("span", { class: "check-label", text: t("sounds-setting") }),
      h("span", { id: `${id}-hint`, class: "hint", text: t("sounds-setting-hint") }),
    ),
  );
  // Follows the setting while in the page; the first change after it left the page unhooks it.
  const follow = () => {
    if (!el.isConnected) target.removeEventListener("change", follow);
    else input.checked = !target.off;
  };
  target.addEventListener("change", follow);
  return el;
}
