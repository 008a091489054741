// Sizes in config are written for people ("50MB", "512KB", 1048576) and compiled to bytes once,
// like durations (lib/duration.ts). Binary multiples: 1 KB = 1024 bytes.
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

export function parseSize(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0) throw new Error(`size must be a non-negative whole number of bytes, got ${input}`);
    return input;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$/i.exec(input);
  if (!match) throw new Error(`"${input}" is not a size (examples: 512KB, 50MB, 1GB)`);
  const unit = (match[2] ?? 'b').toLowerCase().replace('i', '');
  return Math.floor(Number(match[1]) * UNIT_BYTES[unit]!);
}
