// Draws the extension icon (images/icon.png, 256x256): a shield over a pod-like hexagon on a
// dark rounded square. No image library: shapes are sampled 4x4 per pixel for anti-aliasing and
// written as an RGBA PNG with zlib. Run: node images/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SS = 4; // samples per axis

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const BG = rgb('#1F2A44');
const SHIELD = rgb('#E8EEF7');
const HEX = rgb('#326CE5');
const CHECK = rgb('#FFFFFF');

// all shapes in unit coordinates (0..1)
const roundedSquare = (x, y) => {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
// shield: flat top with rounded shoulders, sides curving to a point at the bottom
const shield = (x, y) => {
  const top = 0.14,
    bottom = 0.9,
    half = 0.34;
  if (y < top || y > bottom) return false;
  const t = (y - top) / (bottom - top);
  const w = t < 0.45 ? half : half * Math.cos(((t - 0.45) / 0.55) * (Math.PI / 2)) ** 0.8;
  return Math.abs(x - 0.5) <= w;
};
// regular hexagon (a pod, in Kubernetes' own picture language)
const hexagon = (x, y) => {
  const cx = 0.5,
    cy = 0.47,
    r = 0.22;
  const dx = Math.abs(x - cx),
    dy = Math.abs(y - cy);
  return dy <= (r * Math.sqrt(3)) / 2 && Math.sqrt(3) * dx + dy <= Math.sqrt(3) * r;
};
// check mark: two thick segments
const segment = (x, y, [x1, y1], [x2, y2], w) => {
  const vx = x2 - x1,
    vy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * vx + (y - y1) * vy) / (vx * vx + vy * vy)));
  return (x - x1 - t * vx) ** 2 + (y - y1 - t * vy) ** 2 <= w * w;
};
const check = (x, y) => segment(x, y, [0.4, 0.48], [0.47, 0.555], 0.035) || segment(x, y, [0.47, 0.555], [0.61, 0.39], 0.035);

function colorAt(x, y) {
  if (!roundedSquare(x, y)) return null;
  if (check(x, y)) return CHECK;
  if (hexagon(x, y)) return HEX;
  if (shield(x, y)) return SHIELD;
  return BG;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colorAt((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        a++;
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    if (a) {
      raw[o] = Math.round(r / a);
      raw[o + 1] = Math.round(g / a);
      raw[o + 2] = Math.round(b / a);
    }
    raw[o + 3] = Math.round((a / (SS * SS)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8;
ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
