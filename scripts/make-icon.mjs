// Draws media/icon.png (128×128): a person with a sync arrow on a blue tile. Pure Node (zlib), no image tools.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
const W = 128, H = 128;
const px = new Uint8Array(W * H * 4);
const set = (x, y, [r, g, b, a]) => { const i = (y * W + x) * 4; px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a; };
const bg = [0x1f, 0x5f, 0xbf, 255], fg = [255, 255, 255, 255], accent = [0x7f, 0xe0, 0x9f, 255];
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
  const r = 22, cx = Math.min(Math.max(x, r), W - 1 - r), cy = Math.min(Math.max(y, r), H - 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, bg);
  const head = (x - 52) ** 2 + (y - 44) ** 2 <= 16 * 16;
  const body = y >= 66 && y <= 100 && ((x - 52) ** 2) / (30 * 30) + ((y - 100) ** 2) / (34 * 34) <= 1;
  if (head || body) set(x, y, fg);
  const d = Math.hypot(x - 94, y - 86);
  if (d >= 14 && d <= 21 && !(x > 94 && y < 86)) set(x, y, accent);
  if (x >= 94 && x <= 106 && y >= 62 && y <= 74 && (x - 94) + (74 - y) <= 12) set(x, y, accent);
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6;
const raw = Buffer.alloc(H * (W * 4 + 1));
for (let y = 0; y < H; y++) Buffer.from(px.buffer, y * W * 4, W * 4).copy(raw, y * (W * 4 + 1) + 1);
writeFileSync('media/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
