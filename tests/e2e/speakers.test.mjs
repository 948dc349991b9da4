// Node unit tests of web/ui/speakers.js: the active-speaker highlight does not flicker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActiveSpeaker, perceptualLevel } from '../../web/ui/speakers.js';

/** Runs `ticks` ticks of 100 ms from `start` with the given levels; returns the last answer and the next time. */
function run(tracker, start, ticks, levels) {
  let answer = null;
  let now = start;
  for (let i = 0; i < ticks; i++, now += 100) answer = tracker.update(new Map(Object.entries(levels)), now);
  return { answer, now };
}

test('the first to speak long enough becomes the speaker, a cough does not', () => {
  const s = new ActiveSpeaker();
  let r = run(s, 0, 2, { ana: 0, bob: 0.6 }); // 200 ms
  assert.equal(r.answer, null);
  r = run(s, r.now, 10, { ana: 0, bob: 0 });
  r = run(s, r.now, 5, { ana: 0.5, bob: 0 });
  assert.equal(r.answer, 'ana');
});

test('someone talking over the speaker takes over only after a while, and only if louder', () => {
  const s = new ActiveSpeaker();
  let r = run(s, 0, 10, { ana: 0.5, bob: 0 });
  assert.equal(r.answer, 'ana');
  r = run(s, r.now, 10, { ana: 0.5, bob: 0.4 }); // quieter, 1 s
  assert.equal(r.answer, 'ana');
  r = run(s, r.now, 20, { ana: 0.3, bob: 0.8 }); // louder, 2 s
  assert.equal(r.answer, 'bob');
  // When bob falls silent, ana gets it back quickly.
  r = run(s, r.now, 12, { ana: 0.5, bob: 0 });
  assert.equal(r.answer, 'ana');
});

test('a speaker who leaves is forgotten; levels map from dB', () => {
  const s = new ActiveSpeaker();
  let r = run(s, 0, 10, { ana: 0.5 });
  assert.equal(r.answer, 'ana');
  r = run(s, r.now, 1, { bob: 0 });
  assert.equal(r.answer, null);
  assert.equal(perceptualLevel(0), 0);
  assert.equal(perceptualLevel(1), 1);
  assert.ok(Math.abs(perceptualLevel(0.01) - 0.2) < 1e-9); // −40 dBov
});
