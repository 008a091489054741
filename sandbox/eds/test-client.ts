// Helpers for tests that talk to the EDS sandbox over HTTP (this folder's and the connector's).
import { localDate, type Carriage } from '../../schemas/eds/index.js';
import type { SandboxOptions, Sandbox } from '../sdk/sandbox-server.js';
import { edsSandbox, edsSandboxOptions, loadDefaultSeed, type EdsSandboxOptions } from './index.js';

export async function startEdsSandbox(options: Partial<EdsSandboxOptions> = {}, common: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = edsSandbox.create(edsSandboxOptions.parse(options), common);
  await sandbox.start();
  return sandbox;
}

/** A seeded client with its secret from sandbox/eds/seed.json. */
export function seededClient(index: number): { clientId: string; carrier: string; personCode: string; plate: string; secret: string } {
  const seed = loadDefaultSeed();
  const c = seed.clients[index];
  if (c === undefined) throw new Error(`the seed has no client #${index}`);
  return { clientId: c.clientId, carrier: c.carrier, personCode: c.personCode ?? '', plate: c.plate ?? '', secret: seed.secrets[c.secret] as string };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function getToken(base: string, clientId: string, secret: string): Promise<string> {
  const a = await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  if (a.status !== 200) throw new Error(`auth of ${clientId} answered ${a.status}: ${a.text}`);
  return (a.json as { access_token: string }).access_token;
}

export async function postCarriage(base: string, token: string, body: unknown): Promise<Answer> {
  return call(`${base}/api/taxi/carriage`, 'POST', body, { authorization: `Bearer ${token}` });
}

let seq = 0;

/** A valid trip of the driver, yesterday (Riga time) so it is never in the future; each call a new one. */
export function tripOf(driver: { carrier: string; personCode: string; plate: string }, over: Partial<Carriage> = {}): Carriage {
  const day = localDate(Date.now() - 86_400_000);
  const n = seq++;
  const start = 8 * 3600 + n * 120; // two minutes apart, from 08:00
  const hhmmss = (s: number) => [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join(':');
  return {
    CarriersTaxpayerCode: driver.carrier,
    DriversPersonCode: driver.personCode,
    NumberPlate: driver.plate,
    StartDateTime: `${day}T${hhmmss(start)}`,
    EndDateTime: `${day}T${hhmmss(start + 90)}`,
    Distance: 3.2,
    ServiceFee: 7.5,
    PaymentType: 'paymentCard',
    ...over,
  };
}
