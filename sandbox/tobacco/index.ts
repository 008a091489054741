// The EU tobacco repository router, as a local stand-in (issue 5): token endpoint, message
// endpoint, the broker's own data-dictionary rules and a stateful repository (UIs, where they
// are, aggregation, deactivation, recall codes) in SQLite under the data dir.
import { defineSandbox } from '../sdk/factory.js';
import { createSandboxServer } from '../sdk/sandbox-server.js';
import { openSandboxDb } from '../sdk/store.js';
import { compileValidationOptions } from '../../schemas/tobacco/index.js';
import { ledgerView } from './ledger.js';
import { tobaccoSandboxOptions } from './options.js';
import { registerRouterRoutes } from './routes.js';
import { applySeed, seededUis, seedView } from './seed.js';
import { RouterStore } from './store.js';

export const tobaccoSandbox = defineSandbox({
  name: 'tobacco',
  title: 'EU tobacco traceability repository router (Reg. 2018/574): token, messages, recall',
  options: tobaccoSandboxOptions,
  create(options, common) {
    seededUis(options); // fail at creation, not at start, when uis.F_ID names no facility
    const rules = compileValidationOptions(options.rules);
    let store: RouterStore | undefined;
    const opened = (): RouterStore => {
      if (store === undefined) throw new Error('sandbox tobacco is not started');
      return store;
    };
    return createSandboxServer(
      {
        name: 'tobacco',
        title: 'EU tobacco traceability repository router',
        routes(app, faults) {
          store = new RouterStore(openSandboxDb('tobacco', common.dataDir));
          applySeed(store, options);
          registerRouterRoutes(app, faults, { store, options, rules });
        },
        seed: () => seedView(opened(), options, 100_000),
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

export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, tobaccoSandboxOptions, type TobaccoSandboxOptions } from './options.js';
export { seededUis } from './seed.js';
