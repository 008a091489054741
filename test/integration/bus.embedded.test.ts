// The bus conformance suite on the embedded log (SQLite), one data dir for the whole file so
// that a reopened bus and the crash test's child process see the same log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { busConformance } from '../conformance/bus-conformance.js';
import { openBus, type BusSpec } from '../conformance/bus-spec.js';

const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'edi-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (): BusSpec => ({
  kind: 'embedded',
  options: { dir, sessionTimeoutMs: 3000, heartbeatMs: 300, pollMs: 50, maxRecordBytes: MAX_RECORD_BYTES },
});

busConformance('embedded', () => openBus(spec()), { childBus: spec, maxRecordBytes: MAX_RECORD_BYTES, settleMs: 5_000 });
