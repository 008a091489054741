// The credential registry: which EDS API client sends a driver's trips, and with which secret.
// In EDS the carrier's user-rights manager creates one API client per driver, a
// system-generated client_id with a client_secret that may be shared by several of the
// carrier's drivers; the secret cannot be viewed again (issue 6, "Credentials"). Here:
// named secrets (written `${env:…}` / `${file:…}` in config, resolved to Secret before
// validation) and clients, each naming its driver (person code and/or plate) and a secret by
// name, so shared secrets are written once. Pure: lookups only; secrets leave only through
// secretOf(), as Secret, which prints as [redacted].
import { z } from 'zod';
import type { EdiError } from '../../lib/errors.js';
import { Secret, zSecret } from '../../lib/secret.js';
import { maskPersonCode } from './violation.js';
import { edsCredentialErrors } from './errors.js';

/** The trip's routing field (Carriage.avsc): not an EDS field, never sent. */
export const ROUTING_FIELD = 'ApiClientId';

const SECRET_NAME = /^[A-Za-z0-9._-]{1,64}$/;

const clientSchema = z
  .object({
    clientId: z.string().min(1).max(200).describe('client_id as EDS generated it'),
    carrier: z.string().length(11).optional().describe('CarriersTaxpayerCode of the company that created the client; when set, only its trips match'),
    personCode: z.string().min(11).max(12).optional().describe('the driver, by DriversPersonCode…'),
    plate: z.string().min(2).max(14).optional().describe('…and/or by the NumberPlate of the car (used only when no client names the person code)'),
    secret: z.string().regex(SECRET_NAME, 'a secret name: letters, digits, . _ -').describe('name of an entry of `secrets`'),
  })
  .strict()
  .refine((c) => c.personCode !== undefined || c.plate !== undefined, { message: 'a client needs personCode and/or plate', path: ['personCode'] });

export const edsCredentialsSchema = z
  .object({
    /** A component holding this registry lists `<path>.secrets` among its spec's secrets. */
    secrets: z
      .record(z.string().regex(SECRET_NAME, 'a secret name: letters, digits, . _ -'), zSecret())
      .describe('name → client_secret (`${env:…}` / `${file:…}`); several clients may name the same one'),
    clients: z.array(clientSchema).describe('one API client per driver, each naming its secret'),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    const drivers = new Map<string, string>();
    cfg.clients.forEach((c, i) => {
      if (!Object.hasOwn(cfg.secrets, c.secret)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'secret'], message: `no secret named ${c.secret} in secrets` });
      if (ids.has(c.clientId)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'clientId'], message: `client ${c.clientId} is listed twice` });
      ids.add(c.clientId);
      if (c.personCode !== undefined) {
        const k = `${c.carrier ?? '*'}|${c.personCode}`;
        const other = drivers.get(k);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['clients', i, 'personCode'], message: `driver ${maskPersonCode(c.personCode)} already has client ${other}` });
        drivers.set(k, c.clientId);
      }
    });
  });

export type EdsCredentialsInput = z.input<typeof edsCredentialsSchema>;
export type EdsCredentialsConfig = z.output<typeof edsCredentialsSchema>;

/** A client as the broker knows it: never its secret, only the secret's name. */
export interface ApiClient {
  clientId: string;
  carrier?: string;
  personCode?: string;
  plate?: string;
  secretName: string;
}

/** One line of `edi eds clients`. */
export interface ApiClientView extends ApiClient {
  /** Other clients using the same secret. */
  sharesSecretWith: string[];
}

export type RoutedBy = 'ApiClientId' | 'DriversPersonCode' | 'NumberPlate';

/** What routing needs of a trip (the record as received, before the EDS rules). */
export interface RoutableTrip {
  CarriersTaxpayerCode?: unknown;
  DriversPersonCode?: unknown;
  NumberPlate?: unknown;
  ApiClientId?: unknown;
}

export type ClientLookup = { ok: true; client: ApiClient; by: RoutedBy } | { ok: false; error: EdiError };

/** Plates are compared without dashes, spaces and case: "ab-1234" finds "AB1234". */
export function plateKey(plate: string): string {
  return plate.replace(/[\s\u002d\u2010-\u2015]/gu, '').toUpperCase();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class CredentialRegistry {
  private readonly byId = new Map<string, ApiClient>();
  private readonly byDriver = new Map<string, ApiClient>();
  private readonly byPlate = new Map<string, ApiClient[]>();
  private readonly secrets: ReadonlyMap<string, Secret>;

  constructor(config: EdsCredentialsConfig) {
    this.secrets = new Map(Object.entries(config.secrets));
    for (const c of config.clients) {
      const client: ApiClient = {
        clientId: c.clientId,
        ...(c.carrier === undefined ? {} : { carrier: c.carrier }),
        ...(c.personCode === undefined ? {} : { personCode: c.personCode }),
        ...(c.plate === undefined ? {} : { plate: c.plate }),
        secretName: c.secret,
      };
      this.byId.set(c.clientId, client);
      if (c.personCode !== undefined) this.byDriver.set(`${c.carrier ?? '*'}|${c.personCode}`, client);
      if (c.plate !== undefined) {
        const k = `${c.carrier ?? '*'}|${plateKey(c.plate)}`;
        const list = this.byPlate.get(k);
        if (list) list.push(client);
        else this.byPlate.set(k, [client]);
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  client(clientId: string): ApiClient | undefined {
    return this.byId.get(clientId);
  }

  /** The secret to authenticate `clientId` with; reveal() it only at the point of use. */
  secretOf(clientId: string): Secret | undefined {
    const c = this.byId.get(clientId);
    return c === undefined ? undefined : this.secrets.get(c.secretName);
  }

  /** Every client, sorted by id, with the clients sharing its secret: never a secret. */
  list(): ApiClientView[] {
    const bySecret = new Map<string, string[]>();
    for (const c of this.byId.values()) bySecret.set(c.secretName, [...(bySecret.get(c.secretName) ?? []), c.clientId]);
    return [...this.byId.values()]
      .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))
      .map((c) => ({ ...c, sharesSecretWith: (bySecret.get(c.secretName) ?? []).filter((id) => id !== c.clientId) }));
  }

  /**
   * The client that sends this trip: the one the routing field names; else the one of the
   * carrier's driver (person code); else the one of the car (plate), when only one client has it.
   */
  clientFor(trip: RoutableTrip, where: { origin?: string; line?: number } = {}): ClientLookup {
    const carrier = str(trip.CarriersTaxpayerCode);
    const driver = str(trip.DriversPersonCode);
    const plate = str(trip.NumberPlate);
    const fail = (reason: string): ClientLookup => ({
      ok: false,
      error: edsCredentialErrors.create(
        'EDI_ERR_EDS_CLIENT_UNKNOWN',
        { origin: where.origin ?? '', carrier: carrier ?? '(none)', driver: driver === undefined ? '(none)' : maskPersonCode(driver), plate: plate ?? '(none)', reason },
        { detail: { path: ROUTING_FIELD, field: ROUTING_FIELD, rule: 'routing', ...(where.line === undefined ? {} : { line: where.line }) } },
      ),
    });
    if (trip.ApiClientId !== undefined && trip.ApiClientId !== null) {
      if (typeof trip.ApiClientId !== 'string' || trip.ApiClientId === '') return fail('ApiClientId must be a non-empty string');
      const named = this.byId.get(trip.ApiClientId);
      if (named === undefined) return fail(`ApiClientId ${trip.ApiClientId} is not in the credential registry`);
      if (named.carrier !== undefined && carrier !== undefined && named.carrier !== carrier) {
        return fail(`ApiClientId ${trip.ApiClientId} belongs to carrier ${named.carrier}`);
      }
      return { ok: true, client: named, by: 'ApiClientId' };
    }
    if (driver !== undefined) {
      const hit = (carrier === undefined ? undefined : this.byDriver.get(`${carrier}|${driver}`)) ?? this.byDriver.get(`*|${driver}`);
      if (hit !== undefined) return { ok: true, client: hit, by: 'DriversPersonCode' };
    }
    if (plate !== undefined) {
      const k = plateKey(plate);
      const hits = (carrier === undefined ? undefined : this.byPlate.get(`${carrier}|${k}`)) ?? this.byPlate.get(`*|${k}`) ?? [];
      if (hits.length === 1) return { ok: true, client: hits[0]!, by: 'NumberPlate' };
      if (hits.length > 1) return fail(`plate ${plate} is shared by clients ${hits.map((h) => h.clientId).join(', ')}; name the driver or set ApiClientId`);
    }
    return fail('no client names this driver or plate');
  }

  toJSON(): unknown {
    return { clients: this.list() };
  }
}

/** Validates registry config (errors name the path) and compiles it once. */
export function compileCredentialRegistry(input: EdsCredentialsInput | EdsCredentialsConfig): CredentialRegistry {
  const parsed = edsCredentialsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw edsCredentialErrors.create('EDI_ERR_EDS_CREDENTIALS_INVALID', { reason: issues });
  }
  return new CredentialRegistry(parsed.data);
}
