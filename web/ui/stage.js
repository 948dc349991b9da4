// The stage: where the tiles are and how big. Two layouts:
// - grid: every tile as large as the space allows (with two people, the other fills the stage and we float in a
//   corner);
// - spotlight: one tile large (the pinned one; else the newest screen share of someone else) and the others in a
//   filmstrip, on the right on a wide screen, below on a tall one.
// Order in the grid and the filmstrip: screen shares, then the others in arrival order, then us.
//
// Hooks: [data-testid=stage] with `data-layout` ("grid" | "spotlight"), [data-testid=spotlight] (the large view).

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { computeGrid } from "./grid.js";

/** @typedef {import('./tile.js').Tile} Tile */

const GAP = 10;

export class Stage {
  /** Tiles in display order, without the self tile (kept last). @type {Tile[]} */
  #tiles = [];
  /** The tile the user pinned. @type {Tile | null} */
  #pinned = null;
  /** Screen tiles the user unpinned: they do not come back to the large view by themselves. @type {WeakSet<Tile>} */
  #declined = new WeakSet();
  /** The tile in the large view now. @type {Tile | null} */
  #featured = null;

  /** @param {Tile} selfTile */
  constructor(selfTile) {
    this.selfTile = selfTile;
    this.grid = h("div", { class: "grid", "data-testid": "grid", role: "list", "aria-label": t("meeting-grid-label") });
    this.main = h("div", { class: "spotlight-main", "data-testid": "spotlight", hidden: true });
    this.el = h("div", { class: "stage", "data-testid": "stage", "data-layout": "grid" }, this.main, this.grid);
    selfTile.el.setAttribute("role", "listitem");
    this.grid.append(selfTile.el);
    new ResizeObserver(() => this.layout()).observe(this.el);
  }

  /** The tile in the large view, if any. */
  get featured() {
    return this.#featured;
  }

  /**
   * Adds a tile: screen shares first, people after them (before us).
   * @param {Tile} tile
   */
  add(tile) {
    tile.el.setAttribute("role", "listitem");
    if (tile.screen) {
      const firstPerson = this.#tiles.findIndex((x) => !x.screen);
      this.#tiles.splice(firstPerson === -1 ? this.#tiles.length : firstPerson, 0, tile);
    } else {
      this.#tiles.push(tile);
    }
    this.layout();
  }

  /** @param {Tile} tile */
  remove(tile) {
    this.#tiles = this.#tiles.filter((x) => x !== tile);
    if (this.#pinned === tile) this.#pinned = null;
    if (this.#featured === tile) this.#featured = null;
    tile.el.remove();
    this.layout();
  }

  /**
   * Pins a tile to the large view, or unpins it if it is there.
   * @param {Tile} tile
   */
  togglePin(tile) {
    if (this.#featured === tile) {
      this.#pinned = null;
      this.#declined.add(tile);
    } else {
      this.#pinned = tile;
      this.#declined.delete(tile);
    }
    this.layout();
  }

  /** @returns {Tile | null} */
  #choose() {
    if (this.#pinned && (this.#pinned === this.selfTile || this.#tiles.includes(this.#pinned))) return this.#pinned;
    // The newest share of someone else (ours would only show us what we see already).
    for (const tile of this.#tiles) if (tile.screen && !tile.self && !this.#declined.has(tile)) return tile;
    return null;
  }

  /** Puts the tiles in their places and sizes them for the space available. */
  layout() {
    const featured = this.#choose();
    this.#featured = featured;
    const all = [...this.#tiles, this.selfTile];
    for (const tile of all) tile.setPinned(tile === featured);
    // Place the elements (moving a playing video element within the page does not stop it).
    if (featured && featured.el.parentElement !== this.main) this.main.replaceChildren(featured.el);
    if (!featured) this.main.replaceChildren();
    const strip = all.filter((tile) => tile !== featured);
    strip.forEach((tile, i) => {
      if (this.grid.children[i] !== tile.el) this.grid.insertBefore(tile.el, this.grid.children[i] ?? null);
    });
    this.main.hidden = !featured;
    this.el.dataset.layout = featured ? "spotlight" : "grid";

    const rect = this.el.getBoundingClientRect();
    const width = rect.width - 2 * GAP;
    const height = rect.height - 2 * GAP;
    if (featured) this.#spotlight(strip.length, width, height);
    else this.#grid(width, height);
  }

  /**
   * @param {number} width
   * @param {number} height
   */
  #grid(width, height) {
    const others = this.#tiles.length;
    const pip = others === 1 && width > 0;
    this.el.classList.toggle("layout-pip", pip);
    this.el.classList.remove("strip-side", "strip-bottom");
    const count = pip ? 1 : others + 1;
    const landscape = width >= height;
    // Tiles take the shape of the space (videos are cropped, object-fit: cover), within sensible bounds: one
    // person fills the stage; several get 4:3 to 16:9 tiles on a wide screen, 3:4 to 16:9 on a tall one.
    const g = computeGrid(count, width, height, {
      minAspect: count === 1 ? 9 / 16 : landscape ? 4 / 3 : 3 / 4,
      maxAspect: count === 1 ? 21 / 9 : 16 / 9,
      gap: GAP,
    });
    this.#setGrid(others + 1, g.cols, g.tileWidth, g.tileHeight, g.cols * g.tileWidth + (g.cols - 1) * GAP);
  }

  /**
   * @param {number} count Tiles in the filmstrip.
   * @param {number} width
   * @param {number} height
   */
  #spotlight(count, width, height) {
    this.el.classList.remove("layout-pip");
    const side = width >= height * 1.2;
    this.el.classList.toggle("strip-side", side);
    this.el.classList.toggle("strip-bottom", !side);
    this.grid.hidden = count === 0;
    if (side) {
      const tileW = Math.round(Math.min(260, Math.max(140, width * 0.18)));
      this.#setGrid(count, 1, tileW, Math.round((tileW * 9) / 16), tileW);
    } else {
      const tileH = Math.round(Math.min(150, Math.max(84, height * 0.17)));
      this.#setGrid(count, count, Math.round((tileH * 4) / 3), tileH, width);
    }
  }

  /**
   * @param {number} count
   * @param {number} cols
   * @param {number} tileW
   * @param {number} tileH
   * @param {number} gridW
   */
  #setGrid(count, cols, tileW, tileH, gridW) {
    if (this.grid.hidden && this.el.dataset.layout === "grid") this.grid.hidden = false;
    this.grid.dataset.count = String(count);
    this.grid.style.setProperty("--cols", String(cols));
    this.grid.style.setProperty("--tile-w", `${tileW}px`);
    this.grid.style.setProperty("--tile-h", `${tileH}px`);
    this.grid.style.setProperty("--grid-w", `${gridW}px`);
  }
}
