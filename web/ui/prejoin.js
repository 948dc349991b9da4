// The pre-join screen: camera preview, device choice, mic level meter, display name, join with camera or mic
// off, copy the link, see who is already there. Resolves `done` when the user clicks "Join meeting".
//
// Hooks: [data-testid=prejoin], preview video [data-testid=preview-video], [data-testid=name-input],
// [data-testid=camera-select], [data-testid=mic-select], [data-testid=prejoin-mic-toggle],
// [data-testid=prejoin-cam-toggle] (data-state "on" | "off"), [data-testid=mic-level] (role=meter),
// [data-testid=media-notice] (data-kind = the reason), [data-testid=room-count], [data-testid=copy-link],
// [data-testid=join-button].

import { FORBIDDEN_NAME_CHARS, MAX_DISPLAY_NAME_LEN } from "../lib/rules.gen.js";
import { h, copyText, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { DevicePickers } from "./devices.js";
import { LevelMeter, MediaError } from "../lib/media.js";
import { getRoom } from "../lib/api.js";
import { savePrefs } from "./prefs.js";
import { initials } from "./tile.js";

/** @typedef {import('../lib/media.js').LocalMedia} LocalMedia */
/** @typedef {import('../lib/media.js').MediaResult} MediaResult */
/** @typedef {import('./toast.js').Toaster} Toaster */

const FORBIDDEN = new RegExp(FORBIDDEN_NAME_CHARS, "gu");

/**
 * Trims a display name and drops what the server refuses (control and invisible formatting characters), so
 * that a pasted name never gets the join refused.
 * @param {string} raw
 */
export function cleanName(raw) {
  return [...raw.replace(FORBIDDEN, "").trim()].slice(0, MAX_DISPLAY_NAME_LEN).join("");
}

/**
 * A round toggle button (mic / camera) whose label and icon follow its state.
 * @param {{testid: string, onIcon: string, offIcon: string, onLabel: string, offLabel: string, onClick: () => void, extraClass?: string}} o
 */
export function toggleButton(o) {
  const button = h("button", {
    type: "button",
    class: `round-btn ${o.extraClass ?? ""}`,
    "data-testid": o.testid,
    onclick: () => o.onClick(),
  });
  /** @param {boolean} on */
  const set = (on) => {
    button.dataset.state = on ? "on" : "off";
    button.setAttribute("aria-pressed", String(!on));
    const label = on ? o.onLabel : o.offLabel;
    button.setAttribute("aria-label", label);
    button.title = label;
    replaceChildren(button, icon(on ? o.onIcon : o.offIcon));
  };
  return { button, set };
}

export class PreJoin {
  /** @type {Promise<{name: string}>} */
  done;
  /** @type {(v: {name: string}) => void} */
  #resolve = () => {};
  #meter = new LevelMeter();
  /** @type {MediaStreamTrack | null} */
  #meterTrack = null;
  /** @type {number} */
  #raf = 0;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #countTimer;

  /**
   * @param {{parent: HTMLElement, room: string, media: LocalMedia, toaster: Toaster, name: string}} options
   */
  constructor({ parent, room, media, toaster, name }) {
    this.room = room;
    this.media = media;
    this.toaster = toaster;
    this.done = new Promise((resolve) => (this.#resolve = resolve));

    this.video = h("video", {
      class: "preview-video mirrored",
      "data-testid": "preview-video",
      autoplay: true,
      playsinline: true,
      "aria-label": t("prejoin-preview-label"),
    });
    this.video.muted = true;
    this.video.autoplay = true;
    this.video.playsInline = true;

    this.avatarInitials = h("span", { class: "avatar-initials" });
    this.avatar = h("div", { class: "tile-avatar avatar-c0", "aria-hidden": "true" }, this.avatarInitials);
    this.previewMessage = h("p", { class: "preview-message" });

    this.micToggle = toggleButton({
      testid: "prejoin-mic-toggle",
      onIcon: "mic",
      offIcon: "mic-off",
      onLabel: t("mic-turn-off"),
      offLabel: t("mic-turn-on"),
      onClick: () => this.#toggle("audio"),
    });
    this.camToggle = toggleButton({
      testid: "prejoin-cam-toggle",
      onIcon: "cam",
      offIcon: "cam-off",
      onLabel: t("cam-turn-off"),
      offLabel: t("cam-turn-on"),
      onClick: () => this.#toggle("video"),
    });

    this.levelFill = h("span", { class: "level-fill" });
    this.level = h(
      "div",
      {
        class: "level-meter",
        role: "meter",
        "aria-label": t("prejoin-mic-level"),
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": "0",
        "data-testid": "mic-level",
      },
      icon("mic", "level-icon"),
      h("span", { class: "level-track" }, this.levelFill),
    );

    this.notice = h("div", { class: "notice", "data-testid": "media-notice", hidden: true });

    this.nameInput = h("input", {
      id: "prejoin-name",
      class: "input",
      type: "text",
      maxlength: String(MAX_DISPLAY_NAME_LEN),
      autocomplete: "name",
      placeholder: t("prejoin-name-placeholder"),
      "data-testid": "name-input",
    });
    this.nameInput.value = name;
    this.nameInput.addEventListener("input", () => this.#showInitials());

    this.pickers = new DevicePickers(media, {
      idPrefix: "prejoin",
      onError: (err) => this.#deviceError(err),
    });

    this.count = h("p", { class: "room-count", "data-testid": "room-count", "aria-live": "polite" });
    this.joinButton = h("button", {
      type: "submit",
      class: "btn btn-primary btn-large",
      "data-testid": "join-button",
      text: t("prejoin-join"),
    });
    const copyButton = h(
      "button",
      {
        type: "button",
        class: "btn btn-ghost",
        "data-testid": "copy-link",
        onclick: async () => {
          const ok = await copyText(roomUrl(room));
          toaster.show(ok ? t("link-copied") : t("link-copy-failed", { url: roomUrl(room) }), {
            kind: ok ? "success" : "error",
          });
        },
      },
      icon("link"),
      t("copy-link"),
    );

    const form = h(
      "form",
      {
        class: "prejoin-panel",
        novalidate: true,
        onsubmit: (/** @type {Event} */ ev) => {
          ev.preventDefault();
          this.#join();
        },
      },
      h("h1", { class: "prejoin-title", text: t("prejoin-title") }),
      h("p", { class: "prejoin-room" }, t("prejoin-room-label"), " ", h("strong", { text: room })),
      this.count,
      h(
        "div",
        { class: "field" },
        h("label", { for: this.nameInput.id, text: t("prejoin-name-label") }),
        this.nameInput,
      ),
      this.pickers.el,
      h("div", { class: "prejoin-actions" }, this.joinButton, copyButton),
    );

    this.el = h(
      "section",
      { class: "prejoin", "data-testid": "prejoin", "aria-label": t("prejoin-title") },
      h(
        "div",
        { class: "prejoin-media" },
        h(
          "div",
          { class: "preview-frame" },
          this.video,
          this.avatar,
          this.previewMessage,
          h("div", { class: "preview-controls" }, this.micToggle.button, this.camToggle.button),
          this.level,
        ),
        this.notice,
      ),
      form,
    );
    parent.append(this.el);

    media.addEventListener("change", () => this.#render());
    // The level meter's AudioContext may need a gesture to run.
    this.el.addEventListener("pointerdown", () => this.#meter.resume());
    this.el.addEventListener("keydown", () => this.#meter.resume());
    this.#showInitials();
    this.#render();
  }

  /** Opens the devices and starts the preview, the meter and the room count. */
  async start() {
    this.joinButton.disabled = true;
    this.previewMessage.textContent = t("prejoin-starting");
    const result = await this.media.start();
    this.joinButton.disabled = false;
    this.#showResult(result);
    await this.pickers.refresh();
    this.#render();
    this.#tick();
    this.#refreshCount();
    this.#countTimer = setInterval(() => this.#refreshCount(), 5000);
    if (!this.nameInput.value) this.nameInput.focus();
    else this.joinButton.focus();
  }

  /** @param {MediaResult} result */
  #showResult(result) {
    const { audio, video } = result;
    /** @type {string | null} */
    let kind = null;
    if (audio === "insecure") kind = "insecure";
    else if (audio === "denied" || video === "denied") kind = "denied";
    else if (audio === "busy" || video === "busy") kind = "busy";
    else if (audio === "error" || video === "error") kind = "error";
    else if (audio === "notfound" && video === "notfound") kind = "no-devices";
    else if (audio === "notfound" && video === "off") kind = "no-devices";
    else if (video === "notfound") kind = "no-camera";
    else if (audio === "notfound") kind = "no-microphone";

    if (!kind) {
      this.notice.hidden = true;
      this.notice.removeAttribute("data-kind");
      return;
    }
    const serious = kind === "denied" || kind === "busy" || kind === "error" || kind === "insecure";
    this.notice.hidden = false;
    this.notice.dataset.kind = kind;
    this.notice.className = serious ? "notice notice-warning" : "notice";
    this.notice.setAttribute("role", serious ? "alert" : "status");
    const retry = h(
      "button",
      {
        type: "button",
        class: "btn btn-secondary btn-small",
        "data-testid": "media-retry",
        onclick: async () => {
          this.media.stop();
          this.media.micOn = true;
          this.media.camOn = true;
          const r = await this.media.start();
          this.#showResult(r);
          await this.pickers.refresh();
          this.#render();
        },
      },
      icon("refresh"),
      t("media-retry"),
    );
    replaceChildren(
      this.notice,
      icon(serious ? "alert" : "cam-off", "notice-icon"),
      h(
        "div",
        { class: "notice-body" },
        h("p", { class: "notice-title", text: t(`media-${kind}-title`) }),
        h("p", { text: t(`media-${kind}-body`) }),
        kind === "denied" ? h("p", { class: "notice-hint", text: t("media-denied-how") }) : null,
        serious ? h("p", { class: "notice-hint", text: t("media-join-anyway") }) : null,
        kind === "insecure" ? null : h("div", { class: "notice-actions" }, retry),
      ),
    );
  }

  /** @param {"audio" | "video"} kind */
  async #toggle(kind) {
    const media = this.media;
    try {
      if (kind === "audio") await media.setMicOn(!media.micOn);
      else await media.setCamOn(!media.camOn);
    } catch (err) {
      this.#deviceError(err);
    }
    this.#render();
  }

  /** @param {unknown} err */
  #deviceError(err) {
    const status = err instanceof MediaError ? err.status : "error";
    const kind = err instanceof MediaError ? err.kind : "video";
    this.toaster.show(t(`media-error-${kind}-${status === "denied" || status === "notfound" || status === "busy" ? status : "error"}`), {
      kind: "error",
    });
  }

  #render() {
    const media = this.media;
    const hasMic = !!media.audioTrack;
    const hasCam = !!media.videoTrack;
    this.micToggle.set(media.micOn && hasMic);
    this.camToggle.set(media.camOn && hasCam);
    const showVideo = media.camOn && hasCam;
    this.el.classList.toggle("preview-off", !showVideo);
    this.previewMessage.textContent = showVideo
      ? ""
      : !media.camOn
        ? t("prejoin-camera-off")
        : media.status.video === "denied"
          ? t("prejoin-camera-blocked")
          : t("prejoin-no-camera");
    this.level.hidden = !hasMic;
    const meterTrack = hasMic ? media.audioTrack : null;
    if (this.#meterTrack !== meterTrack) {
      this.#meterTrack = meterTrack;
      this.#meter.setTrack(meterTrack);
    }
    // Attached only while there is a picture: a stream without tracks would hold the page's load event.
    const source = showVideo ? media.stream : null;
    if (this.video.srcObject !== source) this.video.srcObject = source;
    if (showVideo) this.video.play().catch(() => {});
  }

  #showInitials() {
    const text = initials(cleanName(this.nameInput.value));
    this.avatarInitials.textContent = text;
    this.avatar.classList.toggle("avatar-anonymous", !text);
  }

  #tick() {
    const level = this.media.micOn ? this.#meter.level() : 0;
    this.levelFill.style.transform = `scaleX(${level.toFixed(3)})`;
    const pct = String(Math.round(level * 100));
    if (this.level.getAttribute("aria-valuenow") !== pct) this.level.setAttribute("aria-valuenow", pct);
    this.#raf = requestAnimationFrame(() => this.#tick());
  }

  async #refreshCount() {
    try {
      const status = await getRoom(this.room);
      const n = status.participants;
      this.count.textContent = n === 0 ? t("prejoin-count-empty") : t("prejoin-count", { count: n });
      this.count.hidden = false;
    } catch {
      this.count.hidden = true;
    }
  }

  #join() {
    const name = cleanName(this.nameInput.value);
    savePrefs({ name });
    this.#resolve({ name });
  }

  /** Removes the screen (the media keeps running for the meeting). */
  destroy() {
    cancelAnimationFrame(this.#raf);
    clearInterval(this.#countTimer);
    this.#meter.close();
    this.pickers.destroy();
    this.video.srcObject = null;
    this.el.remove();
  }
}

/**
 * The shareable address of a room.
 * @param {string} room
 */
export function roomUrl(room) {
  return `${location.origin}/${encodeURIComponent(room)}`;
}
