// The pages a person goes through: home, a room that does not exist yet, the pre-join screen (preview,
// devices, level meter, name), joining with the camera off, without a camera, and with permission denied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, createRoom, ready, screenshot, eventually, useServerAndBrowser } from './harness.mjs';
import { join, inbound, myId } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

test('home page: create a named room, meet the 409, and create a random one', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await ready(page);
  await screenshot(page, 'home');
  const input = page.getByTestId('room-name-input');

  await input.fill('weekly sync');
  await page.getByTestId('create-button').click();
  await eventually(() => page.getByTestId('create-error').isVisible(), { what: 'invalid-name message' });
  assert.equal(new URL(page.url()).pathname, '/', 'an invalid name does not navigate');

  await input.fill('Weekly-Sync');
  await page.getByTestId('create-button').click();
  await page.waitForURL('**/weekly-sync');
  await page.getByTestId('prejoin').waitFor();

  await page.goto(server.url);
  await ready(page);
  await page.getByTestId('room-name-input').fill('weekly-sync');
  await page.getByTestId('create-button').click();
  await page.getByTestId('join-existing').waitFor();
  await screenshot(page, 'home-conflict');
  await page.getByTestId('join-existing').click();
  await page.waitForURL('**/weekly-sync');

  await page.goto(server.url);
  await ready(page);
  await page.getByTestId('create-button').click();
  await page.waitForURL(/\/[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  await page.context().close();
});

test("a room that doesn't exist yet offers to create it", async () => {
  const page = await newPage(browser);
  const res = await page.goto(`${server.url}/not-yet`);
  assert.equal(res?.status(), 404);
  await page.getByTestId('room-missing').waitFor();
  await screenshot(page, 'room-missing');
  await ready(page);
  await page.getByTestId('create-room').click();
  await page.getByTestId('prejoin').waitFor();
  const status = await (await fetch(`${server.url}/api/rooms/not-yet`)).json();
  assert.equal(status.exists, true);
  await page.context().close();
});

test('pre-join: camera preview, device choice, level meter, remembered name', async () => {
  const room = await createRoom(server, 'prejoin-check');
  const page = await newPage(browser);
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('prejoin').waitFor();
  await eventually(
    () => page.getByTestId('preview-video').evaluate((v) => v instanceof HTMLVideoElement && v.videoWidth > 0),
    { what: 'a live camera preview' },
  );
  for (const select of ['camera-select', 'mic-select']) {
    const labels = await page.getByTestId(select).locator('option').allTextContents();
    assert.ok(labels.length >= 1 && labels.every((l) => l.trim().length > 0), `${select}: ${labels}`);
  }
  await eventually(async () => Number(await page.getByTestId('mic-level').getAttribute('aria-valuenow')) > 0, {
    what: 'the microphone level meter moving',
  });
  await page.getByTestId('name-input').fill('Grace');
  await screenshot(page, 'prejoin');
  await page.getByTestId('join-button').click();
  await page.waitForSelector('[data-testid=meeting][data-state=joined]');
  await screenshot(page, 'meeting-alone');
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('prejoin').waitFor();
  assert.equal(await page.getByTestId('name-input').inputValue(), 'Grace', 'the name is remembered');

  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/${room}`);
  await phone.getByTestId('prejoin').waitFor();
  await screenshot(phone, 'prejoin-phone');
  await page.context().close();
  await phone.context().close();
});

test('joining with the camera off: the others see it off and still hear', async () => {
  const room = await createRoom(server, 'camera-off');
  // A pasted name with an invisible character (which the server refuses) is cleaned, not refused.
  const quiet = await join(browser, server, room, 'Quiet\u200b', { cam: false });
  const other = await join(browser, server, room, 'Other');
  const quietId = await myId(quiet.page);
  const tile = other.page.locator(`.tile[data-participant-id="${quietId}"]`);
  await eventually(async () => (await tile.getAttribute('data-video')) === 'off', { what: 'camera shown off' });
  assert.equal(await tile.getByTestId('tile-name').textContent(), 'Quiet');
  await eventually(
    async () => {
      const a = (await inbound(other.page))[quietId]?.audioBytes ?? 0;
      await new Promise((r) => setTimeout(r, 500));
      return ((await inbound(other.page))[quietId]?.audioBytes ?? 0) > a;
    },
    { timeout: 15_000, what: "Quiet's audio reaching Other" },
  );
  await screenshot(other.page, 'meeting-camera-off');
  await quiet.page.context().close();
  await other.page.context().close();
});

test('no camera: a clear notice, then an audio-only participant', async () => {
  const room = await createRoom(server, 'no-camera');
  const page = await newPage(browser);
  await page.context().addInitScript(() => {
    const devices = navigator.mediaDevices;
    const enumerate = devices.enumerateDevices.bind(devices);
    const getUserMedia = devices.getUserMedia.bind(devices);
    devices.enumerateDevices = async () => (await enumerate()).filter((d) => d.kind !== 'videoinput');
    devices.getUserMedia = async (constraints) => {
      if (constraints?.video) throw new DOMException('Requested device not found', 'NotFoundError');
      return getUserMedia(constraints);
    };
  });
  await page.goto(`${server.url}/${room}`);
  const notice = page.locator('[data-testid=media-notice][data-kind=no-camera]');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /audio/i);
  await page.getByTestId('name-input').fill('Voice');
  await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  await page.getByTestId('join-button').click();
  await page.waitForSelector('[data-testid=meeting][data-state=joined]');
  const listener = await join(browser, server, room, 'Listener');
  const voiceId = await myId(page);
  await eventually(
    async () => (await listener.page.locator(`.tile[data-participant-id="${voiceId}"]`).getAttribute('data-video')) === 'off',
    { what: 'audio-only participant shown without video' },
  );
  await eventually(async () => ((await inbound(listener.page))[voiceId]?.audioBytes ?? 0) > 0, {
    timeout: 15_000,
    what: 'audio from the participant without a camera',
  });
  await page.context().close();
  await listener.page.context().close();
});

test('permission denied: an explanation, and joining to listen still works', async () => {
  const room = await createRoom(server, 'denied');
  const strict = await launchBrowser(['--deny-permission-prompts'], { fakeUi: false });
  try {
    const page = await newPage(strict);
    await page.goto(`${server.url}/${room}`);
    const notice = page.locator('[data-testid=media-notice][data-kind=denied]');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /allow/i);
    await screenshot(page, 'prejoin-denied');
    await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
    await page.getByTestId('join-button').click();
    await page.waitForSelector('[data-testid=meeting][data-state=joined]');
    const speaker = await join(browser, server, room, 'Speaker');
    const speakerId = await myId(speaker.page);
    await eventually(async () => ((await inbound(page))[speakerId]?.frames ?? 0) > 0, {
      timeout: 15_000,
      what: 'a listener without devices receiving video',
    });
    await speaker.page.context().close();
  } finally {
    await strict.close();
  }
});
