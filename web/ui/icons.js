// Icons drawn for VROOM as SVG (24×24, stroked with currentColor), built in JS so no icon font or request is needed.

const NS = "http://www.w3.org/2000/svg";

/**
 * Each icon: a list of [element, attributes].
 * @type {Record<string, Array<[string, Record<string, string>]>>}
 */
const ICONS = {
  hand: [
    ["path", { d: "M8 13V5.5a1.5 1.5 0 0 1 3 0V11" }],
    ["path", { d: "M11 10V4a1.5 1.5 0 0 1 3 0v6" }],
    ["path", { d: "M14 10V5.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-.5a6 6 0 0 1-4.6-2.2L2.6 15.6a1.5 1.5 0 0 1 2.2-2L8 16" }],
  ],
  mic: [
    ["rect", { x: "9", y: "3", width: "6", height: "11", rx: "3" }],
    ["path", { d: "M5.5 11a6.5 6.5 0 0 0 13 0" }],
    ["path", { d: "M12 17.5V21" }],
  ],
  "mic-off": [
    ["path", { d: "M15 10.5V6a3 3 0 0 0-5.7-1.3" }],
    ["path", { d: "M9 9v2a3 3 0 0 0 4.6 2.5" }],
    ["path", { d: "M5.5 11a6.5 6.5 0 0 0 10.7 5" }],
    ["path", { d: "M18.4 12.6c.07-.5.1-1 .1-1.6" }],
    ["path", { d: "M12 17.5V21" }],
    ["path", { d: "M3.5 3.5l17 17" }],
  ],
  cam: [
    ["rect", { x: "2.5", y: "6", width: "13", height: "12", rx: "2.5" }],
    ["path", { d: "M15.5 10.2l5.2-3v9.6l-5.2-3z" }],
  ],
  "cam-off": [
    ["path", { d: "M10.5 6h2.5a2.5 2.5 0 0 1 2.5 2.5v2.5l5.2-3.8v9.6l-2.2-1.6" }],
    ["path", { d: "M15.5 15.5A2.5 2.5 0 0 1 13 18H5a2.5 2.5 0 0 1-2.5-2.5v-7A2.5 2.5 0 0 1 5 6" }],
    ["path", { d: "M3.5 3.5l17 17" }],
  ],
  link: [
    ["path", { d: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" }],
    ["path", { d: "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" }],
  ],
  people: [
    ["circle", { cx: "9", cy: "8", r: "3.5" }],
    ["path", { d: "M2.5 20a6.5 6.5 0 0 1 13 0" }],
    ["circle", { cx: "17", cy: "9", r: "2.5" }],
    ["path", { d: "M17 14a4.5 4.5 0 0 1 4.5 4.5" }],
  ],
  leave: [
    [
      "path",
      {
        d: "M3.2 14.6c4.8-4.4 12.8-4.4 17.6 0 .5.5.5 1.2 0 1.7l-1.6 1.5c-.4.4-1 .4-1.5.1l-2.3-1.6c-.3-.2-.5-.6-.4-1l.3-1.6a9.5 9.5 0 0 0-6.6 0l.3 1.6c.1.4-.1.8-.4 1l-2.3 1.6c-.5.3-1.1.3-1.5-.1l-1.6-1.5c-.5-.5-.5-1.2 0-1.7z",
      },
    ],
  ],
  check: [["path", { d: "M5 12.5l4.5 4.5L19 7.5" }]],
  alert: [
    ["circle", { cx: "12", cy: "12", r: "9" }],
    ["path", { d: "M12 7.5v5.5" }],
    ["path", { d: "M12 16.5v.01" }],
  ],
  refresh: [
    ["path", { d: "M20 11a8 8 0 0 0-14.8-3.5" }],
    ["path", { d: "M4.5 3.5v4.5H9" }],
    ["path", { d: "M4 13a8 8 0 0 0 14.8 3.5" }],
    ["path", { d: "M19.5 20.5V16H15" }],
  ],
  settings: [
    ["path", { d: "M4 7h9M17 7h3M4 17h3M11 17h9" }],
    ["circle", { cx: "15", cy: "7", r: "2" }],
    ["circle", { cx: "9", cy: "17", r: "2" }],
  ],
  volume: [
    ["path", { d: "M4 9.5h3.5L12 5.5v13l-4.5-4H4z" }],
    ["path", { d: "M15.5 9a4 4 0 0 1 0 6" }],
    ["path", { d: "M18 6.5a7.5 7.5 0 0 1 0 11" }],
  ],
  close: [["path", { d: "M6 6l12 12M18 6L6 18" }]],
  more: [
    ["circle", { cx: "12", cy: "5.5", r: "1.3" }],
    ["circle", { cx: "12", cy: "12", r: "1.3" }],
    ["circle", { cx: "12", cy: "18.5", r: "1.3" }],
  ],
  lock: [
    ["rect", { x: "5", y: "10.5", width: "14", height: "10", rx: "2.5" }],
    ["path", { d: "M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" }],
    ["path", { d: "M12 14.5v2.5" }],
  ],
  unlock: [
    ["rect", { x: "5", y: "10.5", width: "14", height: "10", rx: "2.5" }],
    ["path", { d: "M8.5 10.5V7.5a3.5 3.5 0 0 1 6.8-1.2" }],
    ["path", { d: "M12 14.5v2.5" }],
  ],
  key: [
    ["circle", { cx: "8", cy: "15", r: "4" }],
    ["path", { d: "M11 12l8.5-8.5M16.5 6.5l2.5 2.5M14.5 8.5l2 2" }],
  ],
  star: [["path", { d: "M12 3.8l2.5 5.2 5.6.8-4 4 1 5.6-5.1-2.7-5.1 2.7 1-5.6-4-4 5.6-.8z" }]],
  remove: [
    ["circle", { cx: "9.5", cy: "8", r: "3.5" }],
    ["path", { d: "M3 20a6.5 6.5 0 0 1 13 0" }],
    ["path", { d: "M17 9.5l4 4M21 9.5l-4 4" }],
  ],
  arrow: [["path", { d: "M5 12h14M13 6l6 6-6 6" }]],
  chat: [
    ["path", { d: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z" }],
    ["path", { d: "M8 8h8M8 11.5h5" }],
  ],
  send: [["path", { d: "M4 12l16-8-6 16-2.5-6.5z" }], ["path", { d: "M11.5 13.5L20 4" }]],
  download: [["path", { d: "M12 4v11M7 10.5l5 5 5-5" }], ["path", { d: "M5 20h14" }]],
  bell: [
    ["path", { d: "M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z" }],
    ["path", { d: "M10 20.5a2 2 0 0 0 4 0" }],
  ],
  screen: [
    ["rect", { x: "3", y: "4", width: "18", height: "12.5", rx: "2" }],
    ["path", { d: "M8.5 20h7M12 16.5V20" }],
    ["path", { d: "M12 13V7.5M9.5 10l2.5-2.5 2.5 2.5" }],
  ],
  "screen-off": [
    ["rect", { x: "3", y: "4", width: "18", height: "12.5", rx: "2" }],
    ["path", { d: "M8.5 20h7M12 16.5V20" }],
    ["path", { d: "M9.5 8l5 5M14.5 8l-5 5" }],
  ],
  pin: [
    ["path", { d: "M9 4h6l-1 5 3.5 3.5v1.5h-11v-1.5L10 9z" }],
    ["path", { d: "M12 14v6" }],
  ],
  fullscreen: [["path", { d: "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" }]],
  "fullscreen-exit": [["path", { d: "M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5" }]],
  signal: [["path", { d: "M5 19v-3M10 19v-7M15 19V8M20 19V4" }]],
  smile: [
    ["circle", { cx: "12", cy: "12", r: "8.5" }],
    ["path", { d: "M8.5 14a4 4 0 0 0 7 0" }],
    ["path", { d: "M9 9.5h.01M15 9.5h.01" }],
  ],
  mail: [
    ["rect", { x: "3", y: "5.5", width: "18", height: "13", rx: "2.5" }],
    ["path", { d: "M3.8 7.2l8.2 6 8.2-6" }],
  ],
  clock: [
    ["circle", { cx: "12", cy: "12", r: "8.5" }],
    ["path", { d: "M12 7.5V12l3 2" }],
  ],
  notes: [
    ["path", { d: "M6 3.5h8.5L19 8v12.5H6z" }],
    ["path", { d: "M14 3.5V8.5h5" }],
    ["path", { d: "M9 12.5h7M9 16h5" }],
  ],
  eraser: [
    ["path", { d: "M4.5 15.5l9-9a2 2 0 0 1 2.8 0l2.2 2.2a2 2 0 0 1 0 2.8L12 18H7z" }],
    ["path", { d: "M9 11l5 5M12 18h8" }],
  ],
  external: [
    ["path", { d: "M13.5 4.5H19.5V10.5M19.5 4.5L11 13" }],
    ["path", { d: "M17 14v4.5a1.5 1.5 0 0 1-1.5 1.5h-10A1.5 1.5 0 0 1 4 18.5v-10A1.5 1.5 0 0 1 5.5 7H10" }],
  ],
  "bell-off": [
    ["path", { d: "M8.3 5.9A6 6 0 0 1 18 11v4" }],
    ["path", { d: "M6 11v5.5L4.5 18H17" }],
    ["path", { d: "M10 20.5a2 2 0 0 0 4 0" }],
    ["path", { d: "M3.5 3.5l17 17" }],
  ],
};

/**
 * An icon as an inline SVG element, hidden from assistive technology (the button around it carries the name).
 * @param {keyof typeof ICONS | string} name
 * @param {string} [extraClass]
 * @returns {SVGSVGElement}
 */
export function icon(name, extraClass) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", extraClass ? `icon ${extraClass}` : "icon");
  for (const [tag, attrs] of ICONS[name] ?? []) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}
