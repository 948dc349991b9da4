// Recovery: simultaneous renegotiation from both sides (glare) settles by perfect negotiation, and a
// server restart is followed by automatic reconnection with media flowing again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, createRoom, eventually } from './harness.mjs';
import { join, myId, expectMediaFrom } from './room.mjs';

let server;
let browser;
let room;
let ada;
let bob;

// Not the harness's useServerAndBrowser: a test here replaces the server, and the one to stop at the
// end is whichever runs then.
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  room = await createRoom(server, 'recovery');
  ada = await join(browser, server, room, 'Ada');
  bob = await join(browser, server, room, 'Bob');
  ada.id = await myId(ada.page);
  bob.id = await myId(bob.page);
  await expectMediaFrom(ada.page, [bob.id], 'Ada');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** ICE username fragment of the current local description of `page`'s only connection. */
async function localUfrag(page) {
  return page.evaluate(() => /a=ice-ufrag:(\S+)/.exec(window.vroom.peers()[0].pc.localDescription?.sdp ?? '')?.[1]);
}

test('both sides renegotiating at once (glare) settle and keep media flowing', async () => {
  const before = [await localUfrag(ada.page), await localUfrag(bob.page)];
  // Both offer at the same moment: without perfect negotiation one side would be stuck in have-local-offer.
  await Promise.all([ada.page, bob.page].map((page) => page.evaluate(() => window.vroom.peers()[0].pc.restartIce())));
  for (const person of [ada, bob]) {
    await eventually(
      () =>
        person.page.evaluate(() => {
          const pc = window.vroom.peers()[0].pc;
          return pc.signalingState === 'stable' && pc.connectionState === 'connected';
        }),
      { timeout: 20_000, what: `${person.name}'s connection stable again` },
    );
  }
  const afterwards = [await localUfrag(ada.page), await localUfrag(bob.page)];
  assert.notDeepEqual(afterwards, before, 'ICE was restarted');
  await expectMediaFrom(ada.page, [bob.id], 'Ada after the glare');
  await expectMediaFrom(bob.page, [ada.id], 'Bob after the glare');
});

test('after a server restart everyone reconnects by themselves and media flows again', async () => {
  const address = new URL(server.url).host;
  const dataDir = server.dataDir;
  await server.stop({ keepData: true });
  for (const person of [ada, bob]) {
    await eventually(() => person.page.getByTestId('reconnecting-banner').isVisible(), {
      what: `${person.name} told that the connection is being restored`,
    });
  }
  server = await startServer({}, { dataDir, listen: address });
  for (const person of [ada, bob]) {
    await eventually(() => person.page.evaluate(() => window.vroom.signalling.state === 'joined'), {
      timeout: 20_000,
      what: `${person.name} back in the room`,
    });
  }
  // The server forgot the old places: both got new identities and rebuilt their connections.
  const ids = [await myId(ada.page), await myId(bob.page)];
  assert.notEqual(ids[0], ada.id);
  await expectMediaFrom(ada.page, [ids[1]], 'Ada after the restart');
  await expectMediaFrom(bob.page, [ids[0]], 'Bob after the restart');
  assert.equal(await ada.page.getByTestId('reconnecting-banner').isVisible(), false);
});
