// A tiny client of the router sandbox for its own tests (token, signed POST, ledger), kept
// beside them. The broker's real router client is connectors/outbound/tobacco.
import { createHash } from 'node:crypto';
import type { Sandbox } from '../sdk/sandbox-server.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, tobaccoSandbox, tobaccoSandboxOptions } from './index.js';

export interface RouterAnswer {
  status: number;
  body: {
    Code: string | null;
    Message_Type: string | null;
    Error: 0 | 1;
    Errors: Array<{ Error_Code: string; Error_Descr: string; Error_Data: string | null }> | null;
    Checksum: string | null;
    [extra: string]: unknown;
  };
}

export const md5Hex = (body: string | Buffer): string => createHash('md5').update(body).digest('hex');

export async function startRouter(options: unknown = {}, dataDir?: string): Promise<Sandbox> {
  const sandbox = tobaccoSandbox.create(tobaccoSandboxOptions.parse(options), dataDir === undefined ? {} : { dataDir });
  await sandbox.start();
  return sandbox;
}

export async function getToken(url: string, clientId = DEFAULT_CLIENT_ID, secret = DEFAULT_CLIENT_SECRET): Promise<string> {
  const res = await fetch(`${url}/token?grant_type=client_credentials`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
  });
  if (res.status !== 200) throw new Error(`token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface PostOptions {
  /** Send these bytes instead of JSON.stringify(message). */
  body?: string | Buffer;
  /** X-OriginalHash to send instead of the MD5 of the body. */
  hash?: string;
  contentType?: string;
  path?: string;
}

export async function postMessage(url: string, token: string, message: unknown, opts: PostOptions = {}): Promise<RouterAnswer> {
  const body = opts.body ?? JSON.stringify(message);
  const res = await fetch(`${url}${opts.path ?? '/v1'}`, {
    method: 'POST',
    headers: { authorization: token, 'content-type': opts.contentType ?? 'application/json; charset=utf-8', 'x-originalhash': opts.hash ?? md5Hex(body) },
    body,
  });
  return { status: res.status, body: (await res.json()) as RouterAnswer['body'] };
}

export async function ledger(url: string, query = ''): Promise<Array<{ Code: string; Message_Type: string; status: number; recalledBy: string | null; message: Record<string, unknown> }>> {
  const res = await fetch(`${url}/_sandbox/ledger${query}`);
  return ((await res.json()) as { messages: [] }).messages;
}

export function errorCodes(a: RouterAnswer): string[] {
  return (a.body.Errors ?? []).map((e) => e.Error_Code);
}
