// Who is speaking, and who is *the* speaker: level meters want every voice at once, the highlight wants one person
// that does not flicker between two who talk over each other. No DOM.

/** A level (0–1) at or above this (−30 dBov) counts as speech. */
export const SPEECH_LEVEL = 0.4;
/** How long speech keeps counting after the level drops (syllables, breaths). */
const HOLD_MS = 700;
/** A newcomer takes the highlight after speaking this long while the current speaker is silent… */
const TAKE_OVER_SILENT_MS = 300;
/** …or this long while the current one still talks (then it must also be louder on average). */
const TAKE_OVER_TALKING_MS = 1500;

/**
 * @template K
 * @typedef {{since: number, lastLoud: number, average: number}} Voice
 */

/** @template K */
export class ActiveSpeaker {
  /** @type {Map<K, Voice<K>>} */
  #voices = new Map();
  /** @type {K | null} */
  current = null;

  /**
   * Feeds the levels of one tick and returns the active speaker (null: nobody has spoken yet, or they left).
   * @param {Map<K, number>} levels Each participant's level now (0–1, perceptual).
   * @param {number} now Milliseconds (performance.now()).
   * @returns {K | null}
   */
  update(levels, now) {
    for (const key of [...this.#voices.keys()]) if (!levels.has(key)) this.#voices.delete(key);
    if (this.current !== null && !levels.has(this.current)) this.current = null;
    for (const [key, level] of levels) {
      let voice = this.#voices.get(key);
      if (!voice) {
        voice = { since: -Infinity, lastLoud: -Infinity, average: 0 };
        this.#voices.set(key, voice);
      }
      const wasSpeaking = this.speaking(key, now);
      if (level >= SPEECH_LEVEL) {
        if (!wasSpeaking) voice.since = now;
        voice.lastLoud = now;
      }
      voice.average = voice.average * 0.8 + level * 0.2;
    }
    const current = this.current === null ? null : this.#voices.get(this.current);
    const currentTalking = this.current !== null && this.speaking(this.current, now);
    let best = null;
    let bestAverage = -1;
    for (const [key, voice] of this.#voices) {
      if (key === this.current || !this.speaking(key, now)) continue;
      const talkedFor = now - voice.since;
      const takes = currentTalking
        ? talkedFor >= TAKE_OVER_TALKING_MS && voice.average > (current?.average ?? 0)
        : talkedFor >= TAKE_OVER_SILENT_MS;
      if (takes && voice.average > bestAverage) {
        best = key;
        bestAverage = voice.average;
      }
    }
    if (best !== null) this.current = best;
    return this.current;
  }

  /**
   * Whether someone is speaking now (their level was loud within the hold time).
   * @param {K} key
   * @param {number} now
   */
  speaking(key, now) {
    const voice = this.#voices.get(key);
    return !!voice && now - voice.lastLoud < HOLD_MS;
  }
}

/**
 * Maps an RTP audio level (0–1, linear in sound pressure as the browser reports it) to a perceptual 0–1 scale:
 * −50 dBov and quieter is 0, 0 dBov is 1.
 * @param {number} linear
 */
export function perceptualLevel(linear) {
  if (!(linear > 0)) return 0;
  const db = 20 * Math.log10(linear);
  return Math.min(1, Math.max(0, (db + 50) / 50));
}
