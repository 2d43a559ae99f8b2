// A minimal streaming POSIX tar (ustar + pax 'path' records for long names): enough to write and read the backup
// archives without holding an entry, let alone the archive, in memory. Entries are regular files only.
import { Buffer } from 'node:buffer';

const BLOCK = 512;
const ZERO_BLOCK = Buffer.alloc(BLOCK);

export interface TarEntryHeader {
  readonly name: string;
  readonly size: number;
  readonly mtime: Date;
}

function octal(value: number, width: number): string {
  // width includes the terminating NUL.
  const text = Math.floor(value).toString(8);
  if (text.length > width - 1) throw new Error(`tar: value ${value} does not fit a ${width}-byte field`);
  return text.padStart(width - 1, '0') + '\0';
}

function writeString(block: Buffer, offset: number, width: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > width) throw new Error(`tar: "${value}" is longer than ${width} bytes`);
  bytes.copy(block, offset);
}

function headerBlock(name: string, size: number, mtime: Date, type: '0' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, name);
  writeString(block, 100, 8, octal(0o644, 8));
  writeString(block, 108, 8, octal(0, 8));
  writeString(block, 116, 8, octal(0, 8));
  writeString(block, 124, 12, octal(size, 12));
  writeString(block, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
  block.fill(0x20, 148, 156); // checksum counted as spaces
  writeString(block, 156, 1, type);
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return Buffer.from(`${length}${body}`, 'utf8');
}

/** The header block(s) of one regular file: a pax header first when the name is longer than 100 bytes. */
export function tarHeader(entry: TarEntryHeader): Buffer {
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new Error(`tar: bad size ${entry.size}`);
  if (Buffer.byteLength(entry.name) <= 100) return headerBlock(entry.name, entry.size, entry.mtime, '0');
  const pax = paxRecord('path', entry.name);
  const short = `PaxHeader/${Buffer.from(entry.name)
    .subarray(-80)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '_')}`;
  return Buffer.concat([
    headerBlock(short, pax.length, entry.mtime, 'x'),
    pax,
    padding(pax.length),
    headerBlock(entry.name.slice(0, 50).replace(/[^\x20-\x7e]/g, '_'), entry.size, entry.mtime, '0'),
  ]);
}

/** Zero bytes after an entry's body of `size` bytes, up to the next block. */
export function tarPadding(size: number): Buffer {
  return padding(size);
}

/** The end-of-archive marker: two zero blocks. */
export function tarEnd(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}

/** Exact-length reads from a stream of chunks. */
class ByteReader {
  readonly #source: AsyncIterator<Buffer>;
  #buffered: Buffer[] = [];
  #length = 0;
  #done = false;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>) {
    const iterator = source[Symbol.asyncIterator]();
    this.#source = {
      async next() {
        const r = await iterator.next();
        if (r.done) return { done: true, value: undefined };
        const v = r.value;
        return {
          done: false,
          value: typeof v === 'string' ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength),
        };
      },
    };
  }

  async #fill(n: number): Promise<void> {
    while (this.#length < n && !this.#done) {
      const r = await this.#source.next();
      if (r.done) this.#done = true;
      else if (r.value.length > 0) {
        this.#buffered.push(r.value);
        this.#length += r.value.length;
      }
    }
  }

  #take(n: number): Buffer {
    const all =
      this.#buffered.length === 1 ? this.#buffered[0]! : Buffer.concat(this.#buffered, this.#length);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.#buffered = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    return head;
  }

  /** Exactly n bytes, or fewer at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    await this.#fill(n);
    return this.#take(Math.min(n, this.#length));
  }

  /** The next n bytes as chunks (no copy of the whole); throws when the stream ends early. */
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.#length === 0) await this.#fill(1);
      if (this.#length === 0) throw new TarFormatError('archive ends in the middle of an entry (truncated)');
      const first = this.#buffered[0]!;
      if (first.length <= left) {
        this.#buffered.shift();
        this.#length -= first.length;
        left -= first.length;
        yield first;
      } else {
        this.#buffered[0] = first.subarray(left);
        this.#length -= left;
        const part = first.subarray(0, left);
        left = 0;
        yield part;
      }
    }
  }
}

/** Every chunk of a (small) stream. */
export async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return out;
}

export class TarFormatError extends Error {
  constructor(message: string) {
    super(`Not a valid backup archive: ${message}`);
    this.name = 'TarFormatError';
  }
}

function field(block: Buffer, offset: number, width: number): string {
  const raw = block.subarray(offset, offset + width);
  const nul = raw.indexOf(0);
  return (nul === -1 ? raw : raw.subarray(0, nul)).toString('utf8');
}

function parseOctal(block: Buffer, offset: number, width: number): number {
  const text = field(block, offset, width).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad number field "${text}"`);
  return parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = parseOctal(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const length = Number(data.subarray(i, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) throw new TarFormatError('bad pax record');
    const record = data.subarray(space + 1, i + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += length;
  }
  return out;
}

export interface TarEntry extends TarEntryHeader {
  /** The body; read it fully (or not at all: it is skipped when the next entry is requested). */
  readonly body: AsyncGenerator<Buffer>;
}

/** Reads regular-file entries one after the other from an uncompressed tar stream. */
export async function* readTar(
  source: AsyncIterable<Buffer | Uint8Array | string>,
): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source);
  let paxPath: string | undefined;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block.length === 0) throw new TarFormatError('archive ends without the end-of-archive marker');
    if (block.length < BLOCK) throw new TarFormatError('archive ends in the middle of a header (truncated)');
    if (block.equals(ZERO_BLOCK)) return;
    if (!checksumOk(block)) throw new TarFormatError('header checksum mismatch (corrupted)');
    const type = field(block, 156, 1) || '0';
    const size = parseOctal(block, 124, 12);
    const mtime = new Date(parseOctal(block, 136, 12) * 1000);
    const prefix = field(block, 345, 155);
    let name = field(block, 0, 100);
    if (prefix && field(block, 257, 6) === 'ustar') name = `${prefix}/${name}`;
    if (type === 'x' || type === 'g') {
      const data = Buffer.concat(await collect(reader.chunks(size)));
      for await (const chunk of reader.chunks(padding(size).length)) void chunk;
      if (type === 'x') paxPath = parsePax(data).path ?? paxPath;
      continue;
    }
    if (paxPath !== undefined) {
      name = paxPath;
      paxPath = undefined;
    }
    let consumed = 0;
    const inner = reader.chunks(size);
    const body = (async function* () {
      for await (const chunk of inner) {
        consumed += chunk.length;
        yield chunk;
      }
    })();
    if (type === '0' || type === '\0') yield { name, size, mtime, body };
    // Skip what the consumer left unread, then the padding.
    await body.return(undefined);
    for await (const chunk of reader.chunks(size - consumed + padding(size).length)) void chunk;
  }
}
