// Who is asking, for what, with what: everything decided from the request head, before a byte
// of the body is read (an unauthenticated client cannot make the broker buffer its upload).
import { isUtf8 } from 'node:buffer';
import type { FastifyRequest } from 'fastify';
import { nameProblem, displayName, NAME_PROBLEM_TEXT } from '../../sdk/file-names.js';
import { firstInvalidUtf8 } from '../../sdk/utf8.js';
import { httpIntakeErrors } from './errors.js';
import { sha256Hex, type Flow, type HttpIntakeOptions, type Sender } from './options.js';
import { VALID_IDEMPOTENCY_KEY } from './idempotency.js';

export interface IntakeRequest {
  sender: Sender;
  flow: Flow;
  /** Media type without parameters, lower case. */
  mediaType: string;
  idempotencyKey: string | undefined;
  fileName: string | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const k = req.headers['x-api-key'];
  return typeof k === 'string' && k.length > 0 ? k : undefined;
}

export function checkRequestHead(req: FastifyRequest<{ Params: { flow: string } }>, o: HttpIntakeOptions): IntakeRequest {
  const key = presentedKey(req);
  const sender = key === undefined ? undefined : o.sendersByKeyHash.get(sha256Hex(key));
  if (sender === undefined) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_UNAUTHORIZED');
  if (sender.loopbackOnly && !isLoopback(req.socket.remoteAddress)) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_LOOPBACK_ONLY', { sender: sender.id });
  const flow = o.flows.get(req.params.flow);
  if (flow === undefined) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_FLOW_UNKNOWN', { flow: JSON.stringify(displayName(req.params.flow)), known: [...o.flows.keys()].join(', ') });
  if (sender.flows !== 'all' && !sender.flows.has(flow.name)) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_FORBIDDEN_FLOW', { sender: sender.id, flow: flow.name });

  const header = req.headers['content-type'] ?? '';
  const [type = '', ...params] = header.split(';').map((p) => p.trim());
  const mediaType = type.toLowerCase();
  const charset = params.map((p) => /^charset\s*=\s*"?([^"]+)"?$/i.exec(p)?.[1]?.toLowerCase()).find((c) => c !== undefined);
  const refused = (): never => {
    throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_MEDIA_TYPE', { flow: flow.name, contentType: header === '' ? 'a request without Content-Type' : JSON.stringify(header), accepted: flow.contentTypes.join(', ') });
  };
  if (!flow.contentTypes.includes(mediaType)) refused();
  // Text is taken as UTF-8 only (DESIGN.md, "Bad input").
  if (charset !== undefined && isText(mediaType) && charset !== 'utf-8' && charset !== 'utf8') refused();

  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length > flow.maxBodySize) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_TOO_LARGE', { size: length, limit: flow.maxBodySize, flow: flow.name });

  const idem = req.headers['idempotency-key'];
  let idempotencyKey: string | undefined;
  if (idem !== undefined) {
    // RFC 8941 sf-string: the draft's Idempotency-Key is quoted; bare tokens are accepted too.
    const raw = Array.isArray(idem) ? idem.join(',') : idem;
    idempotencyKey = /^"[^"]*"$/.test(raw) ? raw.slice(1, -1) : raw;
    if (!VALID_IDEMPOTENCY_KEY.test(idempotencyKey)) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_BAD_IDEMPOTENCY_KEY');
  }

  const name = req.headers['x-edi-filename'];
  let fileName: string | undefined;
  if (name !== undefined) {
    // Header values arrive as latin1 strings; the bytes are what the client sent.
    const bytes = Buffer.from(Array.isArray(name) ? name.join(',') : name, 'latin1');
    const problem = nameProblem(bytes);
    if (problem !== undefined) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_BAD_FILENAME', { file: JSON.stringify(displayName(bytes)), reason: NAME_PROBLEM_TEXT[problem] });
    fileName = bytes.toString('utf8');
  }
  return { sender, flow, mediaType, idempotencyKey, fileName };
}

export function isText(mediaType: string): boolean {
  return mediaType.startsWith('text/') || /[/+](xml|json)$/.test(mediaType) || mediaType === 'application/geo+json';
}

/** Body checks: present, within the flow's limit (chunked uploads), UTF-8 and JSON where due. */
export function checkBody(body: Buffer | undefined, r: IntakeRequest): Buffer {
  if (body === undefined || body.length === 0) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_EMPTY');
  if (body.length > r.flow.maxBodySize) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_TOO_LARGE', { size: body.length, limit: r.flow.maxBodySize, flow: r.flow.name });
  if (isText(r.mediaType) && !isUtf8(body)) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_NOT_UTF8', { offset: firstInvalidUtf8(body) });
  if (/[/+]json$/.test(r.mediaType)) {
    try {
      JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_BAD_JSON', { reason: (err as Error).message });
    }
  }
  return body;
}
