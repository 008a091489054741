// A batch manifest says which files make a complete batch: empty (a done-file: everything that is
// there), one number (that many files), or one file name per line (exactly those).
export type ManifestVerdict = { ok: true; names: string[] } | { ok: false; reason: string };

export function checkManifest(content: string, present: readonly string[]): ManifestVerdict {
  const lines = content
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  if (lines.length === 0) return { ok: true, names: [...present] };
  if (lines.length === 1 && /^\d+$/.test(lines[0]!)) {
    const expected = Number(lines[0]);
    return present.length === expected ? { ok: true, names: [...present] } : { ok: false, reason: `it announces ${expected} files, ${present.length} are there` };
  }
  const have = new Set(present);
  const missing = lines.filter((n) => !have.has(n));
  if (missing.length > 0) return { ok: false, reason: `${missing.length} listed file(s) missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` };
  return { ok: true, names: [...new Set(lines)] };
}
