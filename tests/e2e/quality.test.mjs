// Node unit tests of web/lib/quality.js: the connection-quality indicator's arithmetic on stats reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, readStats, qualityOf, QualityProbe } from '../../web/lib/quality.js';

const report = ({ rtt = 0.04, received = 1000, lost = 0, fractionLost = null, selected = true } = {}) => [
  { type: 'transport', id: 'T', selectedCandidatePairId: selected ? 'P1' : undefined },
  { type: 'candidate-pair', id: 'P0', state: 'failed', currentRoundTripTime: 9 },
  { type: 'candidate-pair', id: 'P1', state: 'succeeded', nominated: true, currentRoundTripTime: rtt },
  { type: 'inbound-rtp', kind: 'audio', packetsReceived: received / 2, packetsLost: lost / 2 },
  { type: 'inbound-rtp', kind: 'video', packetsReceived: received / 2, packetsLost: lost / 2 },
  ...(fractionLost === null ? [] : [{ type: 'remote-inbound-rtp', kind: 'video', fractionLost }]),
];

test('levels follow round-trip time and loss, the worse of the two wins', () => {
  assert.equal(classify(40, 0), 'good');
  assert.equal(classify(250, 2), 'good');
  assert.equal(classify(300, 0), 'fair');
  assert.equal(classify(40, 5), 'fair');
  assert.equal(classify(40, 12), 'poor');
  assert.equal(classify(900, 0), 'poor');
  assert.equal(classify(null, null), 'good');
});

test('the selected pair gives the round-trip time, loss is counted per interval and both ways', () => {
  const first = readStats(report());
  assert.equal(first.rttMs, 40);
  assert.deepEqual(first.inbound, { received: 1000, lost: 0 });
  // 10 % lost in the next interval, although the total since the start is lower.
  const second = readStats(report({ received: 1900, lost: 100 }));
  const q = qualityOf(second, first.inbound);
  assert.equal(q?.lossPercent, 10);
  assert.equal(q?.quality, 'poor');
  // What the other side loses of ours counts too.
  const theirs = qualityOf(readStats(report({ received: 2000, fractionLost: 0.05 })), { received: 1000, lost: 0 });
  assert.equal(theirs?.quality, 'fair');
  // Without a transport's selected pair, the nominated succeeded one is used.
  assert.equal(readStats(report({ selected: false })).rttMs, 40);
});

test('nothing to judge gives no quality; a connection not connected gives none either', async () => {
  assert.equal(qualityOf({ rttMs: null, inbound: { received: 0, lost: 0 }, remoteFractionLost: null }, null), null);
  const probe = new QualityProbe();
  const pc = { connectionState: 'connecting', getStats: async () => new Map() };
  assert.equal(await probe.measure(/** @type {any} */ (pc)), null);
  const live = { connectionState: 'connected', getStats: async () => new Map(report().map((s, i) => [String(i), s])) };
  assert.equal((await probe.measure(/** @type {any} */ (live)))?.quality, 'good');
});
