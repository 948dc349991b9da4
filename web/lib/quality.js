// Connection quality to one participant, from `RTCPeerConnection.getStats()`: round-trip time of the ICE pair in
// use and packet loss in both directions over the last interval. No DOM.

/**
 * @typedef {"good" | "fair" | "poor"} QualityLevel
 * @typedef {{quality: QualityLevel, rttMs: number | null, lossPercent: number | null}} Quality
 * @typedef {{received: number, lost: number}} LossCounters
 */

/** Thresholds (inclusive upper bounds) of each level: round-trip time in ms, loss in percent. */
export const QUALITY_LIMITS = Object.freeze({
  good: { rttMs: 250, lossPercent: 2 },
  fair: { rttMs: 500, lossPercent: 8 },
});

/**
 * The level for a round-trip time and a loss rate (either may be unknown).
 * @param {number | null} rttMs
 * @param {number | null} lossPercent
 * @returns {QualityLevel}
 */
export function classify(rttMs, lossPercent) {
  const within = (/** @type {{rttMs: number, lossPercent: number}} */ limit) =>
    (rttMs === null || rttMs <= limit.rttMs) && (lossPercent === null || lossPercent <= limit.lossPercent);
  if (within(QUALITY_LIMITS.good)) return "good";
  if (within(QUALITY_LIMITS.fair)) return "fair";
  return "poor";
}

/**
 * Reads one stats report: the round-trip time of the selected candidate pair, packets received and lost by us
 * (inbound-rtp), and the loss the other side reports of what we send (remote-inbound-rtp `fractionLost`).
 * @param {Iterable<any>} report The values of an RTCStatsReport.
 * @returns {{rttMs: number | null, inbound: LossCounters, remoteFractionLost: number | null}}
 */
export function readStats(report) {
  const stats = [...report];
  const transport = stats.find((s) => s.type === "transport" && s.selectedCandidatePairId);
  const pair =
    stats.find((s) => s.type === "candidate-pair" && transport && s.id === transport.selectedCandidatePairId) ??
    stats.find((s) => s.type === "candidate-pair" && s.nominated && s.state === "succeeded");
  const rttMs = pair && typeof pair.currentRoundTripTime === "number" ? pair.currentRoundTripTime * 1000 : null;
  const inbound = { received: 0, lost: 0 };
  let remoteFractionLost = null;
  for (const s of stats) {
    if (s.type === "inbound-rtp") {
      inbound.received += Number(s.packetsReceived) || 0;
      inbound.lost += Math.max(0, Number(s.packetsLost) || 0);
    } else if (s.type === "remote-inbound-rtp" && typeof s.fractionLost === "number") {
      remoteFractionLost = Math.max(remoteFractionLost ?? 0, s.fractionLost);
    }
  }
  return { rttMs, inbound, remoteFractionLost };
}

/**
 * The quality over the interval since `previous` (null the first time: counters since the start).
 * @param {{rttMs: number | null, inbound: LossCounters, remoteFractionLost: number | null}} now
 * @param {LossCounters | null} previous
 * @returns {Quality | null} null when nothing flowed in either direction (nothing to judge).
 */
export function qualityOf(now, previous) {
  const received = now.inbound.received - (previous?.received ?? 0);
  const lost = now.inbound.lost - (previous?.lost ?? 0);
  const expected = received + lost;
  /** @type {number | null} */
  let lossPercent = expected > 0 ? (100 * Math.max(0, lost)) / expected : null;
  if (now.remoteFractionLost !== null) lossPercent = Math.max(lossPercent ?? 0, 100 * now.remoteFractionLost);
  if (now.rttMs === null && lossPercent === null) return null;
  return { quality: classify(now.rttMs, lossPercent), rttMs: now.rttMs, lossPercent };
}

/** Measures one peer connection at a time; keep one per connection. */
export class QualityProbe {
  /** @type {LossCounters | null} */
  #previous = null;

  /**
   * @param {RTCPeerConnection} pc
   * @returns {Promise<Quality | null>}
   */
  async measure(pc) {
    if (pc.connectionState !== "connected") {
      this.#previous = null;
      return null;
    }
    const now = readStats((await pc.getStats()).values());
    const quality = qualityOf(now, this.#previous);
    this.#previous = now.inbound;
    return quality;
  }
}
