// The routing table of an outbound connector: which records it delivers, and where. A route
// matches a topic and, optionally, a header value (the receiving party's id); the first route a
// record matches decides its destination. Records that match no route belong to another
// destination and are passed over (startDelivery's `accept`).
import { z } from 'zod';
import type { BusRecord } from '../../topics/record.js';

export const routeSchema = z
  .object({
    topic: z.string().min(1).describe('Topic the records come from.'),
    header: z.string().min(1).optional().describe('Record header to match, e.g. `edi-receiver-id`; without it every record of the topic matches.'),
    equals: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('The header value(s) that select this route.'),
    to: z.string().min(1).optional().describe('Where this route delivers, instead of the connector\'s own destination: a sub-directory (folder), a remote directory (SFTP) or a URL (HTTP).'),
    fileName: z.string().min(1).optional().describe('File name template for this route (see fileName).'),
  })
  .strict()
  .refine((r) => (r.header === undefined) === (r.equals === undefined), { message: 'give header and equals together', path: ['equals'] });

export const routesSchema = z
  .array(routeSchema)
  .min(1)
  .describe('The routing table: the first route a record matches decides where it goes; records matching none are left to other destinations.');

export type RouteConfig = z.output<typeof routeSchema>;

export interface Route {
  index: number;
  topic: string;
  header: string | undefined;
  values: ReadonlySet<string> | undefined;
  to: string | undefined;
  fileName: string | undefined;
}

export interface RoutingTable {
  /** Topics to subscribe to. */
  topics: string[];
  match(record: Pick<BusRecord, 'topic' | 'headers'>): Route | undefined;
}

export function compileRoutes(routes: readonly RouteConfig[]): RoutingTable {
  const compiled: Route[] = routes.map((r, index) => ({
    index,
    topic: r.topic,
    header: r.header,
    values: r.equals === undefined ? undefined : new Set(Array.isArray(r.equals) ? r.equals : [r.equals]),
    to: r.to,
    fileName: r.fileName,
  }));
  return {
    topics: [...new Set(compiled.map((r) => r.topic))],
    match(record) {
      for (const r of compiled) {
        if (r.topic !== record.topic) continue;
        if (r.header === undefined) return r;
        const v = record.headers[r.header];
        if (v !== undefined && r.values!.has(v)) return r;
      }
      return undefined;
    },
  };
}
