// The State Forest Service's (VMD) public felling-affirmation service, as a local stand-in:
// GET /api/public/affirmation-geojson/{number} answers the affirmation's GeoJSON (the path of
// https://epak.vmd.gov.lv/api/public/affirmation-geojson/{number}) or 404 for a number it does
// not know. Its ledger lists the requests it answered (kept in SQLite under the data dir).
import { defineSandbox } from '../sdk/factory.js';
import { createSandboxServer } from '../sdk/sandbox-server.js';
import { openSandboxDb } from '../sdk/store.js';
import type Database from 'better-sqlite3';
import { affirmationDocument, affirmationSummary } from './document.js';
import { vmdSandboxOptions } from './options.js';
import { SEED_AFFIRMATIONS } from './seed.js';

export const AFFIRMATION_PATH = '/api/public/affirmation-geojson/';

export const vmdSandbox = defineSandbox({
  name: 'vmd',
  title: 'Latvian State Forest Service (VMD): public felling-affirmation GeoJSON',
  options: vmdSandboxOptions,
  create(options, common) {
    const documents = new Map<string, string>();
    const summaries: Array<Record<string, unknown>> = [];
    if (options.seed) {
      for (const a of SEED_AFFIRMATIONS) {
        documents.set(a.number, JSON.stringify(affirmationDocument(a)));
        summaries.push(affirmationSummary(a));
      }
    }
    for (const [number, doc] of Object.entries(options.affirmations)) {
      documents.set(number, JSON.stringify(doc));
      summaries.push({ number, note: 'added by configuration' });
    }
    let db: Database.Database | undefined;
    const opened = (): Database.Database => {
      if (db === undefined) throw new Error('sandbox vmd is not started');
      return db;
    };
    return createSandboxServer(
      {
        name: 'vmd',
        title: 'VMD felling affirmations',
        routes(app) {
          db = openSandboxDb('vmd', common.dataDir);
          db.exec('CREATE TABLE IF NOT EXISTS requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL, status INTEGER NOT NULL, at TEXT NOT NULL)');
          const log = db.prepare('INSERT INTO requests (number, status, at) VALUES (?, ?, ?)');
          app.get<{ Params: { number: string } }>(`${AFFIRMATION_PATH}:number`, async (req, reply) => {
            const number = req.params.number;
            const doc = documents.get(number);
            log.run(number, doc === undefined ? 404 : 200, new Date().toISOString());
            if (doc === undefined) return reply.code(404).type('application/json; charset=utf-8').send({ error: 'Apliecinājums ar norādīto numuru netika atrasts', number });
            return reply.type('application/geo+json; charset=utf-8').send(doc);
          });
        },
        seed: () => ({ affirmationPath: AFFIRMATION_PATH, affirmations: summaries }),
        ledger: (query) => {
          const limit = Math.min(Number(query.limit ?? 1000) || 1000, 10_000);
          return { requests: opened().prepare('SELECT number, status, at FROM requests ORDER BY seq DESC LIMIT ?').all(limit) };
        },
        close() {
          db?.close();
          db = undefined;
        },
      },
      common,
    );
  },
});

export { SEED_AFFIRMATIONS, type SeedAffirmation } from './seed.js';
export { vmdSandboxOptions, type VmdSandboxOptions } from './options.js';
