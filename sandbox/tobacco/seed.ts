// What the sandbox knows before the first message: clients, operators with their facilities
// and machines, and deterministic UIs (so that tests and the default config agree on them).
// Re-applied at every start with INSERT OR IGNORE: a restart never resets a UI's state.
import type { TobaccoSandboxOptions } from './options.js';
import type { RouterStore, UiRow } from './store.js';

export interface SeedUis {
  F_ID: string;
  EO_ID: string;
  unit: string[];
  aggregated: string[];
}

/** The seeded UIs: <prefix>U<9 digits> applied at F_ID, <prefix>A<7 digits> issued for it. */
export function seededUis(options: TobaccoSandboxOptions): SeedUis {
  const first = options.operators[0]!;
  const F_ID = options.uis.F_ID ?? first.facilities[0]!.F_ID;
  const owner = options.operators.find((o) => o.facilities.some((f) => f.F_ID === F_ID));
  if (owner === undefined) throw new Error(`sandbox tobacco: uis.F_ID ${F_ID} is not a facility of any configured operator`);
  const p = options.uis.prefix;
  return {
    F_ID,
    EO_ID: owner.EO_ID,
    unit: Array.from({ length: options.uis.unitCount }, (_, i) => `${p}U${String(i + 1).padStart(9, '0')}`),
    aggregated: Array.from({ length: options.uis.aggregatedCount }, (_, i) => `${p}A${String(i + 1).padStart(7, '0')}`),
  };
}

const blank = { printed: null, in_transit: 0, dispatched_from: null, destination: null, dispatched_at: null, parent: null, disaggregated: 0, deactivated: 0, issued_by: 'seed' } as const;

export function applySeed(store: RouterStore, options: TobaccoSandboxOptions): void {
  const uis = seededUis(options);
  store.transaction(() => {
    for (const c of options.clients) store.putClient(c.clientId, c.clientSecret);
    for (const o of options.operators) {
      store.putOperator(o.EO_ID);
      for (const f of o.facilities) {
        store.putFacility(f.F_ID, o.EO_ID);
        for (const m of f.machines) store.putMachine(m, f.F_ID);
      }
    }
    for (const ui of uis.unit) {
      const row: UiRow = { ...blank, ui, level: 'unit', eo_id: uis.EO_ID, issued_f_id: uis.F_ID, applied: 1, f_id: uis.F_ID };
      store.insertUi(row);
    }
    for (const ui of uis.aggregated) {
      const row: UiRow = { ...blank, ui, level: 'aggregated', eo_id: uis.EO_ID, issued_f_id: uis.F_ID, applied: 0, f_id: null };
      store.insertUi(row);
    }
  });
}

/** GET /_sandbox/seed: what a client needs to be pointed at this sandbox. */
export function seedView(store: RouterStore, options: TobaccoSandboxOptions, limit: number): Record<string, unknown> {
  const rows = store.listUis(limit);
  const where = (r: UiRow) => ({
    ui: r.ui,
    ...(r.printed ? { printed: r.printed } : {}),
    issuedTo: r.eo_id,
    F_ID: r.f_id,
    state: r.deactivated ? 'deactivated' : r.in_transit ? 'in-transit' : r.applied ? 'applied' : 'issued',
    ...(r.parent ? { aggregatedIn: r.parent } : {}),
  });
  return {
    clients: options.clients.map((c) => ({ client_id: c.clientId })),
    clientSecret: 'not served; the default one is documented in sandbox/tobacco/README.md',
    operators: options.operators.map((o) => ({ EO_ID: o.EO_ID, facilities: o.facilities.map((f) => ({ F_ID: f.F_ID, machines: f.machines })) })),
    uis: {
      total: store.countUis(),
      unit: rows.filter((r) => r.level === 'unit').map(where),
      aggregated: rows.filter((r) => r.level === 'aggregated').map(where),
    },
  };
}
