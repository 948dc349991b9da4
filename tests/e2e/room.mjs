// Helpers that act in a room page as a person would, and read what flows through its peer connections.
import { newPage, eventually } from './harness.mjs';

/**
 * Opens the room, types a name, picks mic/camera state on the pre-join screen and joins.
 * Resolves once the signalling says "joined". `page`: an open page to use (its browser context keeps its
 * session cookie, e.g. a room's creator); `password`: typed in the pre-join's password field.
 */
export async function join(browser, server, room, name, { mic = true, cam = true, page: given, password, viewport } = {}) {
  const page = given ?? (await newPage(browser, viewport));
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('name-input').fill(name);
  if (password !== undefined) {
    await page.getByTestId('password-field').waitFor();
    await page.getByTestId('password-input').fill(password);
  }
  if (!mic) await page.getByTestId('prejoin-mic-toggle').click();
  if (!cam) await page.getByTestId('prejoin-cam-toggle').click();
  const button = page.getByTestId('join-button');
  await eventually(() => button.isEnabled(), { what: `${name}'s join button` });
  const clickedAt = Date.now();
  await button.click();
  await page.waitForSelector('[data-testid=meeting][data-state=joined]', { timeout: 15_000 });
  return { page, name, clickedAt };
}

/** Per remote participant: inbound audio/video bytes and decoded frames, summed over its RTP streams. */
export async function inbound(page) {
  return page.evaluate(async () => {
    /** @type {Record<string, {audioBytes: number, videoBytes: number, frames: number}>} */
    const out = {};
    for (const peer of window.vroom.peers()) {
      const r = { audioBytes: 0, videoBytes: 0, frames: 0 };
      (await peer.pc.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') r.audioBytes += s.bytesReceived ?? 0;
        else {
          r.videoBytes += s.bytesReceived ?? 0;
          r.frames += s.framesDecoded ?? 0;
        }
      });
      out[peer.id] = r;
    }
    return out;
  });
}

/** Outbound audio bytes sent to every peer, summed. */
export async function audioSent(page) {
  return page.evaluate(async () => {
    let bytes = 0;
    for (const peer of window.vroom.peers()) {
      (await peer.pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'audio') bytes += s.bytesSent ?? 0;
      });
    }
    return bytes;
  });
}

export async function myId(page) {
  return page.evaluate(() => window.vroom.signalling?.id ?? null);
}

/** Remote tiles' video elements with their intrinsic size. */
export async function remoteVideos(page) {
  return page.$$eval('.tile[data-self=false] video', (videos) =>
    videos.map((v) => ({ width: v.videoWidth, height: v.videoHeight, paused: v.paused })),
  );
}

/**
 * Resolves when, on `page`, media from each of `others` is flowing: audio and video bytes and decoded
 * frames all grew between two samples, and every remote video has real dimensions.
 */
export async function expectMediaFrom(page, others, what) {
  await eventually(
    async () => {
      const before = await inbound(page);
      await new Promise((r) => setTimeout(r, 700));
      const after = await inbound(page);
      return others.every((id) => {
        const a = before[id];
        const b = after[id];
        return a && b && b.audioBytes > a.audioBytes && b.videoBytes > a.videoBytes && b.frames > a.frames;
      });
    },
    { timeout: 20_000, interval: 200, what: `media flowing on ${what}` },
  );
  const videos = await remoteVideos(page);
  if (videos.length !== others.length || videos.some((v) => v.width === 0 || v.height === 0)) {
    throw new Error(`${what}: remote videos ${JSON.stringify(videos)}`);
  }
}

/**
 * Creates a room from inside a browser page (the server's session cookie then makes that browser its chairman).
 * Returns the page, still on the home page.
 */
export async function createRoomAsChairman(browser, server, name, viewport) {
  const page = await newPage(browser, viewport);
  await page.goto(server.url);
  const created = await page.evaluate(async (room) => {
    const res = await fetch('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: room }),
    });
    return { status: res.status, body: await res.json() };
  }, name);
  if (created.status !== 201 || created.body.role !== 'chairman') {
    throw new Error(`create room as chairman: ${JSON.stringify(created)}`);
  }
  return page;
}

/** Opens the people panel if it is closed. */
export async function openPeople(page) {
  const button = page.getByTestId('participant-count');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.getByTestId('people-panel').waitFor();
}

/** A chairman's action on someone from the people panel's actions menu. */
export async function personAction(page, targetId, action) {
  await openPeople(page);
  await page.locator(`[data-testid=person][data-participant-id="${targetId}"] [data-testid=person-actions]`).click();
  await page.locator(`[data-testid=person-menu] [data-action=${action}]`).click();
}

/** The texts of every notice (toast) a page has shown so far. */
export async function notices(page) {
  return page.evaluate(() => window.vroom.notices());
}

/** Outbound audio senders of every connection: whether each has a track, and whether it is enabled. */
export async function audioSenders(page) {
  return page.evaluate(() =>
    window.vroom.peers().flatMap((p) =>
      p.pc
        .getTransceivers()
        .filter((t) => t.receiver.track.kind === 'audio')
        .map((t) => ({ track: !!t.sender.track, enabled: t.sender.track?.enabled ?? false })),
    ),
  );
}
