// EU TRACES (EUDR information system) as a local stand-in (issue 4): DDS V3 (submit, amend,
// withdraw, getDds, getDdsByInternalReference, getDdsByIdentifiers), Verify V3 and echo over
// SOAP 1.1 with WS-Security, the official V3 XSD when ../shared/reference is present (the
// project's reduced copy otherwise), business rules with the official error codes, statements
// that become AVAILABLE with numbers after a delay, fault injection and a ledger, its state
// in SQLite under the data dir.
import { defineSandbox } from '../sdk/factory.js';
import { createSandboxServer, type Sandbox, type SandboxOptions } from '../sdk/sandbox-server.js';
import { openSandboxDb } from '../sdk/store.js';
import { SERVICE_PATH } from '../../schemas/traces/namespaces.js';
import { compileTracesSchemas, projectSchemaSource, tracesSchemaSource } from '../../schemas/traces/v3/schema-files.js';
import { ledgerView } from './ledger.js';
import { tracesSandboxOptions, type TracesSandboxOptions } from './options.js';
import { TRACES_BASE_PATH, registerTracesRoutes } from './routes.js';
import { TracesSandboxService } from './service.js';
import { TracesStore } from './store.js';

export interface TracesSandboxExtras {
  /** The sandbox's clock (tests move it to cross the 72 h window). */
  now?: () => Date;
}

export function createTracesSandbox(options: TracesSandboxOptions, common: SandboxOptions, extras: TracesSandboxExtras = {}): Sandbox {
  // Schemas are compiled once, when the sandbox is created.
  const source = options.schemas === 'project' ? projectSchemaSource() : tracesSchemaSource(options.referenceDir);
  const schemas = compileTracesSchemas(source);
  const now = extras.now ?? (() => new Date());
  let store: TracesStore | undefined;
  let service: TracesSandboxService | undefined;
  const opened = (): { store: TracesStore; service: TracesSandboxService } => {
    if (store === undefined || service === undefined) throw new Error('sandbox traces is not started');
    return { store, service };
  };
  return createSandboxServer(
    {
      name: 'traces',
      title: 'EU TRACES EUDR information system (DDS V3, Verify V3, echo)',
      routes(app, faults) {
        store = new TracesStore(openSandboxDb('traces', common.dataDir));
        service = new TracesSandboxService({ store, schemas, options, now });
        registerTracesRoutes(app, faults, service, source);
      },
      seed: () => ({
        basePath: TRACES_BASE_PATH,
        services: Object.fromEntries(Object.entries(SERVICE_PATH).map(([k, p]) => [k, `${TRACES_BASE_PATH}${p}`])),
        schemas: schemas.source,
        availableAfterMs: options.availableAfterMs,
        rejectWhenCommentContains: options.rejectWhenCommentContains,
        // A local stand-in: its test users' authentication keys are shown on purpose.
        users: options.users.map((u) => ({
          username: u.username,
          authKey: u.authKey,
          webServiceClientId: u.webServiceClientId,
          operator: u.operator,
          roles: u.roles,
          activities: u.activities,
          operatorAccessIdentifiers: u.operatorAccessIdentifiers,
        })),
      }),
      ledger: (query) => {
        const o = opened();
        o.service.promote();
        return ledgerView(o.store, query);
      },
      close() {
        store?.db.close();
        store = undefined;
        service = undefined;
      },
    },
    common,
  );
}

export const tracesSandbox = defineSandbox({
  name: 'traces',
  title: 'EU TRACES EUDR information system (DDS V3, Verify V3, echo)',
  options: tracesSandboxOptions,
  create: (options, common) => createTracesSandbox(options, common),
});

export { tracesSandboxOptions, type TracesSandboxOptions, type TracesUser } from './options.js';
export { DEFAULT_USERS } from './seed-users.js';
