// The routing table shared by outbound.folder, outbound.sftp and outbound.http: which records a
// destination takes and where they go. Pure: no bus needed to prove the matching rules.
import { describe, expect, it } from 'vitest';
import { compileRoutes, routesSchema } from './routing.js';

const record = (topic: string, headers: Record<string, string> = {}) => ({ topic, headers });

describe('routing table (connectors/sdk/routing.ts)', () => {
  const table = compileRoutes(
    routesSchema.parse([
      { topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'LV40003000001', to: 'kurzeme', fileName: '{name}' },
      { topic: 'papinet.outbound', header: 'edi-receiver-id', equals: ['SE1', 'SE2'], to: 'nordic' },
      { topic: 'papinet.outbound', header: 'edi-buyer-id', equals: 'SE1', to: 'by-buyer' },
      { topic: 'tobacco.outbound' },
    ]),
  );

  it('subscribes to each topic once, in the order the routes name them', () => {
    expect(table.topics).toEqual(['papinet.outbound', 'tobacco.outbound']);
  });

  it('matches by topic and header value, a list of values included', () => {
    expect(table.match(record('papinet.outbound', { 'edi-receiver-id': 'LV40003000001' }))).toMatchObject({ index: 0, to: 'kurzeme', fileName: '{name}' });
    expect(table.match(record('papinet.outbound', { 'edi-receiver-id': 'SE2' }))).toMatchObject({ index: 1, to: 'nordic', fileName: undefined });
  });

  it('lets the first matching route decide when several match', () => {
    expect(table.match(record('papinet.outbound', { 'edi-receiver-id': 'SE1', 'edi-buyer-id': 'SE1' }))!.index).toBe(1);
    expect(table.match(record('papinet.outbound', { 'edi-receiver-id': 'DE9', 'edi-buyer-id': 'SE1' }))!.index).toBe(2);
  });

  it('passes over records of other topics, other header values and without the header (they belong to other destinations)', () => {
    expect(table.match(record('papinet.valid', { 'edi-receiver-id': 'SE1' }))).toBeUndefined();
    expect(table.match(record('papinet.outbound', { 'edi-receiver-id': 'DE999' }))).toBeUndefined();
    expect(table.match(record('papinet.outbound', { 'edi-receiver-id': 'se1' })), 'values match exactly, case included').toBeUndefined();
    expect(table.match(record('papinet.outbound'))).toBeUndefined();
  });

  it('takes every record of a topic for a route without a header', () => {
    expect(table.match(record('tobacco.outbound'))!.index).toBe(3);
    expect(table.match(record('tobacco.outbound', { 'edi-receiver-id': 'anything' }))!.index).toBe(3);
  });

  it('refuses, by path, a route with header but no equals (or the reverse), unknown fields and an empty table', () => {
    const bad = routesSchema.safeParse([{ topic: 'a', header: 'edi-receiver-id' }, { topic: 'b', equals: 'x' }, { topic: 'c', dir: 'typo' }, { topic: '' }]);
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['0.equals', '1.equals', '2', '3.topic']);
    expect(routesSchema.safeParse([]).success).toBe(false);
    expect(routesSchema.safeParse([{ topic: 'a', header: 'h', equals: [] }]).success).toBe(false);
  });
});
