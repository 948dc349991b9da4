// Camera and microphone pickers (<select>s) bound to a LocalMedia: labels appear once permission is granted,
// the lists follow devices being plugged in and out, and a change switches the device at once.

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { listDevices, MediaError } from "../lib/media.js";
import { savePrefs } from "./prefs.js";

/** @typedef {import('../lib/media.js').LocalMedia} LocalMedia */
/** @typedef {import('../lib/media.js').MediaKind} MediaKind */

export class DevicePickers {
  /**
   * @param {LocalMedia} media
   * @param {{onError: (err: unknown, kind: MediaKind) => void, idPrefix: string}} options
   */
  constructor(media, { onError, idPrefix }) {
    this.media = media;
    this.camera = h("select", { id: `${idPrefix}-camera`, "data-testid": "camera-select", class: "select" });
    this.mic = h("select", { id: `${idPrefix}-mic`, "data-testid": "mic-select", class: "select" });
    this.el = h(
      "div",
      { class: "device-pickers" },
      h(
        "div",
        { class: "field" },
        h("label", { for: this.camera.id, text: t("device-camera") }),
        this.camera,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: this.mic.id, text: t("device-microphone") }),
        this.mic,
      ),
    );
    for (const [kind, select] of /** @type {[MediaKind, HTMLSelectElement][]} */ ([
      ["video", this.camera],
      ["audio", this.mic],
    ])) {
      select.addEventListener("change", async () => {
        const id = select.value;
        savePrefs(kind === "audio" ? { audioDeviceId: id } : { videoDeviceId: id });
        select.disabled = true;
        try {
          await media.setDevice(kind, id);
        } catch (err) {
          onError(err instanceof MediaError ? err : new MediaError(kind, "error"), kind);
        } finally {
          await this.refresh();
        }
      });
    }
    this.#onDeviceChange = () => this.refresh();
    navigator.mediaDevices?.addEventListener("devicechange", this.#onDeviceChange);
    media.addEventListener("change", () => this.#select());
  }

  /** @type {() => void} */
  #onDeviceChange;

  /** Reloads the device lists. */
  async refresh() {
    const devices = await listDevices();
    this.#fill(this.camera, devices.videoinput, "device-camera-n", "device-no-camera");
    this.#fill(this.mic, devices.audioinput, "device-microphone-n", "device-no-microphone");
    this.#select();
  }

  /**
   * @param {HTMLSelectElement} select
   * @param {MediaDeviceInfo[]} list
   * @param {string} fallbackKey
   * @param {string} emptyKey
   */
  #fill(select, list, fallbackKey, emptyKey) {
    const usable = list.filter((d) => d.deviceId !== "");
    select.replaceChildren();
    if (usable.length === 0) {
      // Devices without ids: they exist but the browser hides them until access is allowed.
      select.append(h("option", { value: "", text: list.length > 0 ? t("device-needs-permission") : t(emptyKey) }));
      select.disabled = true;
      return;
    }
    usable.forEach((d, i) => {
      // "default" and "communications" are aliases Chrome adds on some systems: keep their own labels.
      select.append(h("option", { value: d.deviceId, text: d.label || t(fallbackKey, { n: i + 1 }) }));
    });
    select.disabled = false;
  }

  #select() {
    const pairs = /** @type {[HTMLSelectElement, MediaStreamTrack | null, string][]} */ ([
      [this.camera, this.media.videoTrack, this.media.videoDeviceId],
      [this.mic, this.media.audioTrack, this.media.audioDeviceId],
    ]);
    for (const [select, track, fallback] of pairs) {
      const id = track?.getSettings().deviceId ?? fallback;
      if (id && [...select.options].some((o) => o.value === id)) select.value = id;
    }
  }

  destroy() {
    navigator.mediaDevices?.removeEventListener("devicechange", this.#onDeviceChange);
    this.el.remove();
  }
}
