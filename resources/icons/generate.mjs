// Draws the Replenish app icon (a white circular "refill" arrow around a box on a teal rounded
// square) and writes 512x512.png and 256x256.png next to this script. No dependencies: the pixels
// are computed with 4x4 supersampling and the PNG is written with node:zlib.
// Run: node resources/icons/generate.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const teal = [15, 118, 110];
const white = [255, 255, 255];

/** Coverage of the shapes at a point of the unit square (0..1): 0 none, 1 background, 2 glyph. */
function shapeAt(x, y) {
  // Rounded square background with a margin (the OS adds its own shadow).
  const margin = 0.06;
  const radius = 0.2;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return 0;
  const dx = x - 0.5;
  const dy = y - 0.5;
  const distance = Math.hypot(dx, dy);
  // The ring: an arc from 40° past the top, all the way round, with a gap at the top right.
  const angle = (Math.atan2(dx, -dy) * 180) / Math.PI; // 0 at the top, clockwise
  if (distance > 0.26 && distance < 0.33 && !(angle > 0 && angle < 55)) return 2;
  // Arrowhead at the gap's start (top), pointing clockwise.
  const ax = x - 0.5;
  const ay = y - (0.5 - 0.295);
  if (ax >= -0.01 && ax <= 0.11 && Math.abs(ay) <= 0.11 - ax) return 2;
  // A box in the middle: what gets replenished.
  if (Math.abs(dx) < 0.12 && Math.abs(dy - 0.02) < 0.1) return Math.abs(dy + 0.045) < 0.012 ? 1 : 2;
  return 1;
}

function render(size) {
  const samples = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      let background = 0;
      let glyph = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const shape = shapeAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (shape === 1) background++;
          else if (shape === 2) glyph++;
        }
      }
      const covered = background + glyph;
      const alpha = covered / samples ** 2;
      const glyphShare = covered > 0 ? glyph / covered : 0;
      const offset = 1 + px * 4;
      for (let channel = 0; channel < 3; channel++) row[offset + channel] = Math.round(teal[channel] * (1 - glyphShare) + white[channel] * glyphShare);
      row[offset + 3] = Math.round(alpha * 255);
    }
    rows.push(row);
  }
  return png(size, size, Buffer.concat(rows));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(width, height, raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [512, 256]) writeFileSync(join(here, `${size}x${size}.png`), render(size));
