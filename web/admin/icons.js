// The admin area's extra icons (pager arrows, sort arrows, a bin…), drawn like the site's (24×24, stroked with
// currentColor); any other name comes from ui/icons.js.

import { icon as siteIcon } from "../ui/icons.js";

const NS = "http://www.w3.org/2000/svg";

/** @type {Record<string, Array<[string, Record<string, string>]>>} */
const ICONS = {
  first: [["path", { d: "M17 6l-6 6 6 6M7 6v12" }]],
  prev: [["path", { d: "M15 6l-6 6 6 6" }]],
  next: [["path", { d: "M9 6l6 6-6 6" }]],
  last: [["path", { d: "M7 6l6 6-6 6M17 6v12" }]],
  sort: [["path", { d: "M8 9.5l4-4 4 4M8 14.5l4 4 4-4" }]],
  "sort-up": [["path", { d: "M12 19V5M6.5 10.5L12 5l5.5 5.5" }]],
  "sort-down": [["path", { d: "M12 5v14M6.5 13.5L12 19l5.5-5.5" }]],
  trash: [
    ["path", { d: "M4.5 7h15M10 4h4M6.5 7l1 12.5a1.5 1.5 0 0 0 1.5 1.5h6a1.5 1.5 0 0 0 1.5-1.5l1-12.5" }],
    ["path", { d: "M10 11v6M14 11v6" }],
  ],
  stop: [["rect", { x: "6", y: "6", width: "12", height: "12", rx: "2.5" }]],
  enter: [["path", { d: "M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4M4 12h11M11 8l4 4-4 4" }]],
  search: [
    ["circle", { cx: "11", cy: "11", r: "6.5" }],
    ["path", { d: "M16 16l4.5 4.5" }],
  ],
  "screen-share": [
    ["rect", { x: "3", y: "4.5", width: "18", height: "12", rx: "2" }],
    ["path", { d: "M8.5 20h7M12 16.5V20" }],
  ],
  "door-empty": [
    ["rect", { x: "4.5", y: "5", width: "15", height: "14", rx: "2.5" }],
    ["path", { d: "M8.5 10h7M8.5 14h4" }],
  ],
};

/**
 * @param {string} name
 * @param {string} [extraClass]
 * @returns {SVGSVGElement}
 */
export function icon(name, extraClass) {
  const shape = ICONS[name];
  if (!shape) return siteIcon(name, extraClass);
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", extraClass ? `icon ${extraClass}` : "icon");
  for (const [tag, attrs] of shape) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}
