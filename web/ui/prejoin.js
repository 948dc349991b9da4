// The pre-join screen: camera preview, device choice, mic level meter, display name, join with camera or mic
// off, copy the link, see who is already there, and what the room asks of a newcomer (its password, the owner
// password when it is locked, a name; a removed person is told when they may come back). Resolves `done` when
// the user clicks "Join meeting" and any password given was accepted (POST /api/rooms/{name}/auth).
//
// Hooks: [data-testid=prejoin], preview video [data-testid=preview-video], [data-testid=name-input],
// [data-testid=camera-select], [data-testid=mic-select], [data-testid=prejoin-mic-toggle],
// [data-testid=prejoin-cam-toggle] (data-state "on" | "off"), [data-testid=mic-level] (role=meter),
// [data-testid=media-notice] (data-kind = the reason), [data-testid=room-count], [data-testid=copy-link],
// [data-testid=join-button], [data-testid=access-notice] (data-kind = password / locked / banned / full),
// [data-testid=password-field] with [data-testid=password-input], [data-testid=join-error] (data-code = the
// reason: wrong_password, locked, too_many_attempts, busy, banned, name_required, password_required, room_full,
// …),
// [data-testid=prejoin-role] (shown to a chairman), [data-testid=language-select] (the language choice).

import { FORBIDDEN_NAME_CHARS, MAX_DISPLAY_NAME_LEN } from "../lib/rules.gen.js";
import { h, copyText, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { languageSelect } from "./language.js";
import { DevicePickers } from "./devices.js";
import { LevelMeter, MediaError } from "../lib/media.js";
import { getRoom, authRoom, ApiError } from "../lib/api.js";
import { savePrefs } from "./prefs.js";
import { initials } from "./tile.js";

/** @typedef {import('../lib/media.js').LocalMedia} LocalMedia */
/** @typedef {import('../lib/media.js').MediaResult} MediaResult */
/** @typedef {import('./toast.js').Toaster} Toaster */
/** @typedef {import('../lib/protocol').RoomStatus} RoomStatus */

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
  /** The room as the server last described it to us. @type {RoomStatus | null} */
  status = null;
  #mediaReady = false;
  #busy = false;
  /** What the access notice shows now (to leave it alone when nothing changed). */
  #accessKey = "";
  #mediaStarted;

  /**
   * `refusal`: the error code of a join the server just refused (shown at once). `mediaStarted`: the camera and
   * microphone are already open (coming back from a refused join).
   * @param {{parent: HTMLElement, room: string, media: LocalMedia, toaster: Toaster, name: string, refusal?: string | null, mediaStarted?: boolean}} options
   */
  constructor({ parent, room, media, toaster, name, refusal = null, mediaStarted = false }) {
    this.room = room;
    this.media = media;
    this.toaster = toaster;
    this.#mediaStarted = mediaStarted;
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
    this.nameInput.addEventListener("input", () => {
      this.#showInitials();
      if (this.nameInput.value.trim()) this.nameInput.removeAttribute("aria-invalid");
    });
    this.nameLabel = h("label", { for: this.nameInput.id, text: t("prejoin-name-label") });

    this.access = h("div", { class: "access-notice", "data-testid": "access-notice", role: "status", hidden: true });
    this.passwordInput = h("input", {
      id: "prejoin-password",
      class: "input",
      type: "password",
      autocomplete: "current-password",
      maxlength: "128",
      "data-testid": "password-input",
      "aria-describedby": "prejoin-join-error",
    });
    this.passwordInput.addEventListener("input", () => this.passwordInput.removeAttribute("aria-invalid"));
    this.passwordLabel = h("label", { for: this.passwordInput.id, text: t("prejoin-password") });
    this.passwordField = h(
      "div",
      { class: "field", "data-testid": "password-field", hidden: true },
      this.passwordLabel,
      this.passwordInput,
    );
    this.joinError = h("p", {
      id: "prejoin-join-error",
      class: "form-error",
      role: "alert",
      "data-testid": "join-error",
      hidden: true,
    });
    this.roleNote = h(
      "p",
      { class: "role-note", "data-testid": "prejoin-role", hidden: true },
      icon("star"),
      h("span", { text: t("prejoin-chairman") }),
    );

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
      this.roleNote,
      this.access,
      h("div", { class: "field" }, this.nameLabel, this.nameInput),
      this.passwordField,
      this.pickers.el,
      this.joinError,
      h("div", { class: "prejoin-actions" }, this.joinButton, copyButton),
      h("div", { class: "prejoin-language" }, languageSelect({ id: "prejoin-language" })),
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
    if (refusal) this.#showError(refusal, t(`prejoin-refused-${refusal.replace(/_/g, "-")}`));
  }

  /** Opens the devices and starts the preview, the meter and the room count. */
  async start() {
    this.#mediaReady = false;
    this.#updateJoinButton();
    const status = this.#refreshStatus();
    if (!this.#mediaStarted) {
      this.previewMessage.textContent = t("prejoin-starting");
      this.#showResult(await this.media.start());
    } else {
      this.#showResult(this.media.status);
    }
    this.#mediaReady = true;
    this.#updateJoinButton();
    await this.pickers.refresh();
    this.#render();
    this.#tick();
    await status;
    this.#countTimer = setInterval(() => this.#refreshStatus(), 5000);
    if (this.nameInput.getAttribute("aria-invalid") === "true" || !this.nameInput.value) this.nameInput.focus();
    else if (!this.passwordField.hidden) this.passwordInput.focus();
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

  async #refreshStatus() {
    try {
      this.#applyStatus(await getRoom(this.room));
    } catch {
      this.count.hidden = true;
    }
  }

  /** @param {RoomStatus} status */
  #applyStatus(status) {
    this.status = status;
    const n = status.participants;
    this.count.textContent = n === 0 ? t("prejoin-count-empty") : t("prejoin-count", { count: n });
    this.count.hidden = false;

    const chairman = status.role === "chairman";
    const settings = status.settings;
    const kind =
      status.banned_seconds > 0
        ? "banned"
        : !chairman && !status.invited && settings?.locked
          ? "locked"
          : !chairman && status.password_required
            ? "password"
            : status.full
              ? "full"
              : "";
    const minutes = Math.max(1, Math.ceil(status.banned_seconds / 60));
    const key = `${kind}:${kind === "banned" ? minutes : ""}`;
    if (key !== this.#accessKey) {
      this.#accessKey = key;
      this.access.hidden = kind === "";
      this.access.dataset.kind = kind;
      this.access.className = `access-notice access-${kind || "none"}`;
      /** @type {Record<string, [string, string | null, string]>} icon, title, text */
      const content = {
        banned: ["remove", t("prejoin-banned-title"), t("prejoin-banned", { count: minutes })],
        locked: ["lock", null, t("prejoin-locked")],
        password: ["key", null, t("prejoin-password-required")],
        full: ["people", t("fatal-room-full-title"), t("fatal-room-full-body")],
      };
      const [iconName, title, text] = content[kind] ?? ["alert", null, ""];
      replaceChildren(
        this.access,
        icon(iconName, "access-icon"),
        h("div", {}, title ? h("p", { class: "access-title", text: title }) : null, h("p", { text })),
      );
    }
    const needsPassword = kind === "locked" || kind === "password";
    this.passwordField.hidden = !needsPassword;
    this.passwordLabel.textContent = kind === "locked" ? t("prejoin-owner-password") : t("prejoin-password");
    const nameRequired = !chairman && !!settings?.require_name;
    this.nameLabel.textContent = nameRequired ? t("prejoin-name-label-required") : t("prejoin-name-label");
    this.nameInput.required = nameRequired;
    this.roleNote.hidden = !chairman;
    this.#updateJoinButton();
  }

  #updateJoinButton() {
    const banned = (this.status?.banned_seconds ?? 0) > 0;
    this.joinButton.disabled = !this.#mediaReady || this.#busy || banned;
    this.joinButton.toggleAttribute("aria-busy", this.#busy);
  }

  /**
   * @param {string} code
   * @param {string} text
   */
  #showError(code, text) {
    this.joinError.dataset.code = code;
    this.joinError.textContent = text;
    this.joinError.hidden = false;
    if (code === "name_required" || code === "invalid_name") this.nameInput.setAttribute("aria-invalid", "true");
    if (["wrong_password", "password_required", "locked", "password_empty"].includes(code) && !this.passwordField.hidden) {
      this.passwordInput.setAttribute("aria-invalid", "true");
    }
  }

  #clearError() {
    this.joinError.hidden = true;
    this.joinError.removeAttribute("data-code");
    this.nameInput.removeAttribute("aria-invalid");
    this.passwordInput.removeAttribute("aria-invalid");
  }

  /** Joins as if the button were pressed (a rejoin after the language changed). */
  join() {
    return this.#join();
  }

  async #join() {
    if (this.#busy || this.joinButton.disabled) return;
    this.#clearError();
    const name = cleanName(this.nameInput.value);
    if (this.nameInput.required && !name) {
      this.#showError("name_required", t("prejoin-name-required"));
      this.nameInput.focus();
      return;
    }
    if (!this.passwordField.hidden) {
      const password = this.passwordInput.value;
      if (!password) {
        this.#showError("password_empty", t("password-empty"));
        this.passwordInput.focus();
        return;
      }
      this.#busy = true;
      this.#updateJoinButton();
      try {
        await authRoom(this.room, password);
      } catch (err) {
        this.#busy = false;
        this.#updateJoinButton();
        this.#authFailed(err);
        return;
      }
      this.#busy = false;
      this.#updateJoinButton();
    }
    savePrefs({ name });
    this.#resolve({ name });
  }

  /** @param {unknown} err */
  #authFailed(err) {
    const code = err instanceof ApiError ? err.code : "error";
    if (code === "wrong_password") this.#showError(code, t("password-wrong"));
    else if (code === "locked") this.#showError(code, t("password-locked"));
    else if (code === "too_many_attempts") {
      const seconds = err instanceof ApiError ? err.retryAfter : null;
      this.#showError(code, seconds !== null ? t("password-too-many", { count: seconds }) : t("password-too-many-later"));
    } else if (code === "banned") {
      this.#showError(code, t("prejoin-banned-now"));
      this.#refreshStatus();
    } else if (code === "room_not_found") this.#showError(code, t("fatal-room-not-found-title"));
    else if (code === "network") this.#showError(code, t("error-network"));
    else if (code === "busy") this.#showError(code, t("error-busy"));
    else if (code === "rate_limited") this.#showError(code, t("error-rate-limited"));
    else this.#showError(code, t("error-generic", { code }));
    if (!this.passwordField.hidden) {
      this.passwordInput.focus();
      this.passwordInput.select();
    }
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
