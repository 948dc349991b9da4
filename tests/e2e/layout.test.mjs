// The meeting's layout with three people, on a phone (390×844, portrait) and a wide screen (1440×900): every
// control is inside the screen, big enough to touch, not covered by another, and has an accessible name; tiles
// are big enough to read; a screen share takes the large view with the others in a strip. Screenshots go to
// tests/e2e/artifacts/ (look at them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, useServerAndBrowser, createRoom, screenshot } from './harness.mjs';
import { join, myId } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Every visible button of the page: its box, its accessible name, and whether something else covers its centre. */
async function buttons(page) {
  return page.$$eval('button', (els) =>
    els
      .filter((b) => b.checkVisibility() && !b.closest('dialog:not([open])'))
      .map((b) => {
        const r = b.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return {
          id: b.dataset.testid ?? b.className,
          name: b.getAttribute('aria-label') || b.textContent.trim(),
          x: r.x, y: r.y, w: r.width, h: r.height,
          covered: !(top && (top === b || b.contains(top))),
        };
      }),
  );
}

for (const [label, viewport, minTarget] of [
  ['phone', { width: 390, height: 844 }, 40],
  ['wide', { width: 1440, height: 900 }, 32],
]) {
  test(`three people on a ${label} screen (${viewport.width}×${viewport.height})`, async () => {
    const room = await createRoom(server, `layout-${label}-${Date.now()}`);
    const ana = await join(browser, server, room, 'Ana Lovelace', { viewport, mic: false });
    const bob = await join(browser, server, room, 'Bob', { viewport, mic: false });
    const carol = await join(browser, server, room, 'Carol', { viewport, cam: false, mic: false });
    const page = ana.page;
    await eventually(async () => (await page.locator('[data-testid=tile] video').evaluateAll((vs) => vs.filter((v) => v.videoWidth > 0).length)) >= 2, {
      what: 'videos playing',
    });
    await page.waitForTimeout(500);
    await screenshot(page, `layout-${label}-3-people`);

    const all = await buttons(page);
    for (const b of all) {
      assert.ok(b.name, `button ${b.id} has an accessible name`);
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= viewport.width + 0.5 && b.y + b.h <= viewport.height + 0.5, `${b.id} inside the screen: ${JSON.stringify(b)}`);
    }
    const toolbar = all.filter((b) => ['mic-toggle', 'cam-toggle', 'leave', 'chat-toggle', 'participant-count', 'reactions-toggle', 'more-toggle', 'settings', 'hand-toggle', 'screen-toggle'].includes(b.id));
    for (const b of toolbar) {
      assert.ok(b.w >= minTarget && b.h >= minTarget, `${b.id} is at least ${minTarget} px: ${b.w}×${b.h}`);
      assert.ok(!b.covered, `${b.id} is not covered`);
    }
    const ids = toolbar.map((b) => b.id);
    for (const needed of ['mic-toggle', 'cam-toggle', 'leave', 'chat-toggle', 'participant-count']) assert.ok(ids.includes(needed), `${needed} reachable`);
    if (label === 'phone') assert.ok(ids.includes('more-toggle'), 'the others are in the More menu');
    else for (const needed of ['screen-toggle', 'hand-toggle', 'settings']) assert.ok(ids.includes(needed), `${needed} on the toolbar`);

    // Tiles are readable: big enough, names not cut to nothing.
    const tiles = await page.$$eval('[data-testid=tile]', (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      const name = e.querySelector('[data-testid=tile-name]').getBoundingClientRect();
      return { w: r.width, h: r.height, nameW: name.width };
    }));
    assert.equal(tiles.length, 3);
    for (const tile of tiles) {
      assert.ok(tile.w >= 100 && tile.h >= 90, `tile ${tile.w}×${tile.h}`);
      assert.ok(tile.nameW >= 30, `name shown (${tile.nameW} px)`);
    }

    if (label === 'phone') {
      // The More menu offers what is hidden, and works.
      await page.getByTestId('more-toggle').click();
      const menu = page.getByTestId('more-menu');
      await menu.waitFor();
      await screenshot(page, `layout-${label}-more-menu`);
      await menu.locator('[data-action=hand]').click();
      const anaId = await myId(page);
      await eventually(() => bob.page.locator(`[data-testid=tile][data-participant-id="${anaId}"] [data-testid=tile-hand]`).isVisible(), { what: "Ana's hand seen by Bob" });
    }

    // Bob shares his screen: the others see it large, people in a strip.
    await bob.page.evaluate(() => window.vroom.meeting.shares.toggle());
    const bobId = await myId(bob.page);
    await eventually(async () => (await page.getByTestId('stage').getAttribute('data-layout')) === 'spotlight' &&
      (await page.locator(`[data-testid=screen-tile][data-participant-id="${bobId}"] video`).evaluate((v) => v.videoWidth > 0)), { what: 'share in the large view' });
    await page.waitForTimeout(500);
    await screenshot(page, `layout-${label}-screen-share`);
    const main = await page.getByTestId('spotlight').boundingBox();
    assert.ok(main && main.width >= viewport.width * 0.6, `large view wide enough: ${JSON.stringify(main)}`);

    // The settings dialog fits.
    await page.evaluate(() => document.querySelector('[data-testid=settings]').click());
    await page.getByTestId('settings-dialog').waitFor();
    assert.equal(await page.getByTestId('shortcuts').locator('dt').count(), 4, 'shortcuts listed');
    await screenshot(page, `layout-${label}-settings`);
    const dialog = await page.getByTestId('settings-dialog').boundingBox();
    assert.ok(dialog && dialog.x >= 0 && dialog.x + dialog.width <= viewport.width + 0.5, `dialog inside: ${JSON.stringify(dialog)}`);
    for (const p of [ana, bob, carol]) await p.page.context().close();
  });
}
