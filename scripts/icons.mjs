/**
 * Draws the extension icon at 16, 32, 48 and 128 px into public/icon/<size>.png (WXT lists them in the
 * manifest). Vector shapes rasterised with 4×4 supersampling and written as PNG with node:zlib, so the icon
 * can be redrawn without an image editor or a graphics dependency: `node scripts/icons.mjs`.
 * The design: the toolbar's blue rounded square, a white text line, and the highlighter's orange stroke
 * under a figure — what the extension does to a report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x0b, 0x5c, 0xad], WHITE = [0xff, 0xff, 0xff], ORANGE = [0xe6, 0x9f, 0x00];

/** Shapes in a 0..1 square, painted in order: [inside(x, y), colour]. */
const rounded = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r), cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const SHAPES = [
  [rounded(0.02, 0.02, 0.98, 0.98, 0.2), BLUE],
  [rounded(0.18, 0.22, 0.82, 0.34, 0.05), WHITE],
  [rounded(0.18, 0.44, 0.58, 0.56, 0.05), WHITE],
  [rounded(0.16, 0.64, 0.84, 0.8, 0.06), ORANGE],
];

function pixels(size, ss = 4) {
  const out = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    out[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) {
        const u = (x + (sx + 0.5) / ss) / size, v = (y + (sy + 0.5) / ss) / size;
        let c = null;
        for (const [inside, colour] of SHAPES) if (inside(u, v)) c = colour;
        if (c) { acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 1; }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const n = acc[3];
      out[o] = n ? Math.round(acc[0] / n) : 0;
      out[o + 1] = n ? Math.round(acc[1] / n) : 0;
      out[o + 2] = n ? Math.round(acc[2] / n) : 0;
      out[o + 3] = Math.round((255 * n) / (ss * ss));
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels(size), { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = new URL('../public/icon/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`${size}.png`, dir), png(size));
console.log('public/icon/{16,32,48,128}.png written');
