// VID EDS "Taksometri" as a local stand-in (issue 6): token endpoint, trip endpoint with the
// broker's own EDS rules (schemas/eds) answering in Latvian ModelState, 409 on identical data,
// 429 above a per-client rate, a client registry with admin routes, the ledger and the
// reconciliation report (JSON and XML), state in SQLite under the data dir.
import { defineSandbox } from '../sdk/factory.js';
import { createSandboxServer } from '../sdk/sandbox-server.js';
import { openSandboxDb } from '../sdk/store.js';
import { assertTimeZone } from '../../schemas/eds/index.js';
import { registerAdminRoutes } from './admin.js';
import { ledgerView } from './ledger.js';
import { edsSandboxOptions, loadDefaultSeed } from './options.js';
import { PerClientRateLimit } from './rate-limit.js';
import { registerEdsRoutes } from './routes.js';
import { EdsCallStats } from './stats.js';
import { applySeed, seedView } from './seed.js';
import { EdsStore } from './store.js';

export const edsSandbox = defineSandbox({
  name: 'eds',
  title: 'VID EDS "Taksometri" API (taxi trips, Cabinet Regulations No. 541 and 405): token, carriage, reconciliation report',
  options: edsSandboxOptions,
  create(options, common) {
    assertTimeZone(options.timeZone); // fail at creation, not at the first trip
    const seed = options.seed ?? loadDefaultSeed();
    let store: EdsStore | undefined;
    const opened = (): EdsStore => {
      if (store === undefined) throw new Error('sandbox eds is not started');
      return store;
    };
    return createSandboxServer(
      {
        name: 'eds',
        title: 'VID EDS "Taksometri"',
        routes(app, faults) {
          store = new EdsStore(openSandboxDb('eds', common.dataDir));
          applySeed(store, seed);
          const stats = new EdsCallStats();
          registerEdsRoutes(app, faults, { store, options, rateLimit: new PerClientRateLimit(), stats });
          registerAdminRoutes(app, store, options);
          app.get('/_sandbox/stats', async () => stats.view());
        },
        seed: () => seedView(opened()),
        ledger: (query) => ledgerView(opened(), query),
        close() {
          store?.db.close();
          store = undefined;
        },
      },
      common,
    );
  },
});

export { DEFAULT_SEED_FILE, edsSandboxOptions, edsSeedSchema, loadDefaultSeed, type EdsSandboxOptions, type EdsSeed } from './options.js';
