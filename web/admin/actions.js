// A room's actions, from the list and from the room's page: join as chairman, end the meeting, delete the room.
// The last two ask first, in the site's confirmation dialog ([data-testid=confirm-dialog]), naming the room and
// how many people it will disconnect.

import { confirmDialog } from "../ui/dialogs.js";
import { endMeeting, deleteRoom, joinRoom } from "./api.js";
import { errorText, notify, t } from "./common.js";

/**
 * Makes this browser a chairman of the room, then opens its meeting.
 * @param {string} room
 * @param {HTMLButtonElement} [button] busy while it works
 */
export async function joinAsChairman(room, button) {
  button?.setAttribute("aria-busy", "true");
  if (button) button.disabled = true;
  try {
    const { url } = await joinRoom(room);
    location.assign(url);
  } catch (err) {
    notify(errorText(err), "error");
    button?.removeAttribute("aria-busy");
    if (button) button.disabled = false;
  }
}

/**
 * Asks, then ends the meeting. Resolves with the number of people disconnected, or null (cancelled, failed:
 * the failure is said in the notice strip).
 * @param {string} room
 * @param {number} people
 * @returns {Promise<number | null>}
 */
export async function endWithConfirmation(room, people) {
  const ok = await confirmDialog({
    title: t("admin-end-title", { room }),
    text: t("admin-end-text", { count: people }),
    confirmLabel: t("admin-end-confirm"),
    danger: true,
  });
  if (!ok) return null;
  try {
    const { disconnected } = await endMeeting(room);
    notify(t("admin-ended", { room, count: disconnected }));
    return disconnected;
  } catch (err) {
    notify(errorText(err), "error");
    return null;
  }
}

/**
 * Asks, then deletes the room. Resolves with the number of people disconnected, or null.
 * @param {string} room
 * @param {number} people
 * @returns {Promise<number | null>}
 */
export async function deleteWithConfirmation(room, people) {
  const ok = await confirmDialog({
    title: t("admin-delete-title", { room }),
    text: people > 0 ? t("admin-delete-text-live", { count: people }) : t("admin-delete-text"),
    confirmLabel: t("admin-delete-confirm"),
    danger: true,
  });
  if (!ok) return null;
  try {
    const { disconnected } = await deleteRoom(room);
    return disconnected;
  } catch (err) {
    notify(errorText(err), "error");
    return null;
  }
}
