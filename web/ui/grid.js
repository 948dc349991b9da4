// Grid layout: how many columns and how big the tiles are, for n tiles in a box.

/**
 * The layout that makes the tiles as large as possible. Each tile takes the shape of its cell, kept between
 * `minAspect` and `maxAspect` (width / height; videos are cropped to fit with object-fit: cover).
 * @param {number} count Number of tiles (≥ 1).
 * @param {number} width Available width in px.
 * @param {number} height Available height in px.
 * @param {{minAspect?: number, maxAspect?: number, gap?: number}} [options] Default: exactly 16:9, gap 8 px.
 * @returns {{cols: number, rows: number, tileWidth: number, tileHeight: number}}
 */
export function computeGrid(count, width, height, options = {}) {
  const maxAspect = options.maxAspect ?? 16 / 9;
  const minAspect = Math.min(options.minAspect ?? maxAspect, maxAspect);
  const gap = options.gap ?? 8;
  const n = Math.max(1, Math.floor(count));
  let best = { cols: 1, rows: n, tileWidth: 0, tileHeight: 0 };
  let bestArea = 0;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // A layout whose last row would be entirely empty is the same as one with fewer columns.
    if (cols > 1 && (cols - 1) * rows >= n) continue;
    const cellW = (width - gap * (cols - 1)) / cols;
    const cellH = (height - gap * (rows - 1)) / rows;
    if (cellW <= 0 || cellH <= 0) continue;
    const aspect = Math.min(maxAspect, Math.max(minAspect, cellW / cellH));
    const tileWidth = Math.min(cellW, cellH * aspect);
    const tileHeight = tileWidth / aspect;
    const area = tileWidth * tileHeight;
    if (area > bestArea * 1.001) {
      bestArea = area;
      best = { cols, rows, tileWidth, tileHeight };
    }
  }
  if (bestArea === 0) {
    const w = Math.max(0, width);
    best = { cols: 1, rows: n, tileWidth: w, tileHeight: w / maxAspect };
  }
  return {
    cols: best.cols,
    rows: best.rows,
    tileWidth: Math.floor(best.tileWidth),
    tileHeight: Math.floor(best.tileHeight),
  };
}
