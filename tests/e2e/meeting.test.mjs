// Three people in one room, in one headless Chromium with fake camera and microphone: each receives
// audio and video from both others; mute, leave and a server-side cut of the WebSocket behave as a person
// expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoom, screenshot, eventually, useServerAndBrowser } from './harness.mjs';
import { join, inbound, audioSent, myId, expectMediaFrom } from './room.mjs';

let server;
let browser;
/** @type {{page: import('playwright-core').Page, name: string, id: string}[]} */
let people = [];
let room;

useServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
  room = await createRoom(server, 'e2e-meeting');
});

test('three participants each receive audio and video from both others', async () => {
  for (const name of ['Ada', 'Bob']) {
    const person = await join(browser, server, room, name);
    people.push({ ...person, id: await myId(person.page) });
  }
  const carol = await join(browser, server, room, 'Carol');
  const firstFrameFromBoth = eventually(
    async () => {
      const stats = Object.values(await inbound(carol.page));
      return stats.length === 2 && stats.every((s) => s.frames > 0);
    },
    { timeout: 20_000, interval: 50, what: "Carol's first remote frames" },
  );
  await firstFrameFromBoth;
  console.log(`join → first remote frame from both others: ${Date.now() - carol.clickedAt} ms`);
  people.push({ ...carol, id: await myId(carol.page) });

  const ids = people.map((p) => p.id);
  assert.equal(new Set(ids).size, 3, 'three distinct participant ids');
  for (const person of people) {
    const others = ids.filter((id) => id !== person.id);
    await expectMediaFrom(person.page, others, person.name);
    const count = await person.page.getByTestId('participant-count').textContent();
    assert.match(count ?? '', /3/, `${person.name} counts 3 people`);
    const names = await person.page.$$eval('[data-testid=tile-name]', (els) => els.map((e) => e.textContent));
    for (const other of people.filter((p) => p !== person)) {
      assert.ok(names.includes(other.name), `${person.name} sees ${other.name}'s name label (${names})`);
    }
  }
  await screenshot(people[0].page, 'meeting-three-people');
});

test('a participant who mutes is shown muted to the others and sends no more audio', async () => {
  const [ada, bob, carol] = people;
  const sentBefore = await audioSent(ada.page);
  assert.ok(sentBefore > 0, 'Ada was sending audio');
  await ada.page.getByTestId('mic-toggle').click();
  for (const other of [bob, carol]) {
    const tile = other.page.locator(`.tile[data-participant-id="${ada.id}"]`);
    await eventually(async () => (await tile.getAttribute('data-audio')) === 'off', {
      timeout: 10_000,
      what: `${other.name} sees Ada muted`,
    });
    assert.ok(await tile.getByTestId('tile-muted').isVisible(), `${other.name} shows the muted icon`);
  }
  // Whatever was in flight when the sender was detached is counted by now.
  await new Promise((r) => setTimeout(r, 500));
  const frozen = await audioSent(ada.page);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await audioSent(ada.page), frozen, 'no audio bytes leave a muted microphone');
  const remoteAudio = await bob.page.evaluate(async (adaId) => {
    const peer = window.vroom.peers().find((p) => p.id === adaId);
    let bytes = 0;
    (await peer.pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += s.bytesReceived;
    });
    return bytes;
  }, ada.id);
  await new Promise((r) => setTimeout(r, 1000));
  const remoteAudioLater = (await inbound(bob.page))[ada.id].audioBytes;
  assert.equal(remoteAudioLater, remoteAudio, "Bob receives no audio from Ada's muted microphone");

  await ada.page.getByTestId('mic-toggle').click();
  await eventually(async () => (await audioSent(ada.page)) > frozen, { what: 'audio after unmute' });
  await eventually(
    async () =>
      (await bob.page.locator(`.tile[data-participant-id="${ada.id}"]`).getAttribute('data-audio')) === 'on',
    { timeout: 10_000, what: 'Bob sees Ada unmuted' },
  );
});

test('a participant who stops the camera is shown with the camera off', async () => {
  const [, bob, carol] = people;
  await bob.page.getByTestId('cam-toggle').click();
  await eventually(
    async () =>
      (await carol.page.locator(`.tile[data-participant-id="${bob.id}"]`).getAttribute('data-video')) === 'off',
    { timeout: 10_000, what: 'Carol sees Bob with the camera off' },
  );
  const cameraLive = await bob.page.evaluate(() => window.vroom.media?.videoTrack?.readyState === 'live');
  assert.equal(cameraLive, false, "Bob's camera is released");
  await bob.page.getByTestId('cam-toggle').click();
  await expectMediaFrom(carol.page, [people[0].id, bob.id], 'Carol after Bob restarted his camera');
});

test('a participant whose WebSocket is cut by the server reconnects and media flows again', async () => {
  const [ada, bob] = people;
  const welcomes = await bob.page.evaluate(() => window.vroom.signalling.welcomes);
  const res = await fetch(`${server.url}/api/debug/drop-connection`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room, participant: bob.id }),
  });
  assert.equal(res.status, 200);
  await eventually(
    () => bob.page.evaluate((n) => window.vroom.signalling.welcomes > n && window.vroom.signalling.state === 'joined', welcomes),
    { timeout: 15_000, what: 'Bob reconnected' },
  );
  assert.equal(await myId(bob.page), bob.id, 'Bob kept his identity');
  await eventually(
    async () =>
      (await ada.page.locator(`.tile[data-participant-id="${bob.id}"]`).getAttribute('data-connected')) === 'true',
    { what: 'Ada sees Bob connected again' },
  );
  await expectMediaFrom(bob.page, [ada.id, people[2].id], 'Bob after reconnecting');
  await expectMediaFrom(ada.page, [bob.id, people[2].id], 'Ada after Bob reconnected');
  // Signalling works again: a state change goes through.
  await bob.page.getByTestId('mic-toggle').click();
  await eventually(
    async () => (await ada.page.locator(`.tile[data-participant-id="${bob.id}"]`).getAttribute('data-audio')) === 'off',
    { timeout: 10_000, what: "Ada sees Bob's mute after the reconnection" },
  );
  await bob.page.getByTestId('mic-toggle').click();
});

test('one who leaves disappears from the others within 2 s', async () => {
  const [ada, bob, carol] = people;
  const leftAt = Date.now();
  await carol.page.getByTestId('leave').click();
  await carol.page.waitForURL(`**/goodbye/${room}`);
  for (const other of [ada, bob]) {
    await eventually(
      async () => (await other.page.locator(`.tile[data-participant-id="${carol.id}"]`).count()) === 0,
      { timeout: 10_000, interval: 50, what: `Carol's tile gone for ${other.name}` },
    );
  }
  console.log(`leave → tile gone for both others: ${Date.now() - leftAt} ms`);
  assert.match((await ada.page.getByTestId('participant-count').textContent()) ?? '', /2/);
  await screenshot(carol.page, 'goodbye');
});
