// Capturing a screen, a window or a browser tab to share (getDisplayMedia). No DOM.

/** Whether this browser can share a screen at all (phones cannot). */
export function screenShareSupported() {
  return typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getDisplayMedia === "function";
}

/**
 * Asks the user what to share; resolves with the stream (a video track, and an audio track when the user shared a
 * tab with its audio), or rejects with the browser's error (`NotAllowedError` when they cancelled).
 * @returns {Promise<MediaStream>}
 */
export async function captureScreen() {
  // The Chromium-only hints are ignored elsewhere: offer tab audio, never the system's, and keep this tab out of
  // the list (sharing the meeting itself shows a mirror hall).
  const options = /** @type {DisplayMediaStreamOptions} */ ({
    video: { frameRate: { ideal: 15, max: 30 }, width: { max: 1920 }, height: { max: 1080 } },
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    selfBrowserSurface: "exclude",
    surfaceSwitching: "include",
    systemAudio: "exclude",
  });
  const stream = await navigator.mediaDevices.getDisplayMedia(options);
  for (const track of stream.getVideoTracks()) {
    // Slides and code: keep them sharp rather than smooth.
    if ("contentHint" in track) track.contentHint = "detail";
  }
  return stream;
}
