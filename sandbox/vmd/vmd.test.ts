import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sdk/sandbox-server.js';
import { vmdSandbox } from './index.js';

describe('VMD sandbox over HTTP', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vmd-sandbox-'));
    sandbox = vmdSandbox.create(vmdSandbox.options.parse({ affirmations: { '9990000001': { type: 'FeatureCollection', features: [] } } }), { dataDir });
    await sandbox.start();
  });
  afterAll(async () => {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 200 with the affirmation’s cutting areas, species and planned volumes', async () => {
    const res = await fetch(`${sandbox.url}/api/public/affirmation-geojson/4210000101`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const doc = (await res.json()) as { type: string; crs?: unknown; features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][] } }> };
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.crs).toBeUndefined();
    expect(doc.features).toHaveLength(2);
    const first = doc.features[0]!;
    expect(first.properties).toMatchObject({ apliecinajuma_nr: '4210000101', cirsmas_nr: '1', platiba_ha: 5.2, sugas: expect.arrayContaining([{ kods: '1', kraja_m3: 1610.4 }]) });
    expect(first.geometry.type).toBe('Polygon');
    const [lon, lat] = first.geometry.coordinates[0]![0]!;
    // in Latvia (Kalsnava forest)
    expect(lon).toBeGreaterThan(25.9);
    expect(lat).toBeGreaterThan(56.6);
  });

  it('serves LKS-92 coordinates with a declared CRS', async () => {
    const doc = (await (await fetch(`${sandbox.url}/api/public/affirmation-geojson/4210000102`)).json()) as { crs: { properties: { name: string } }; features: Array<{ geometry: { coordinates: number[][][] } }> };
    expect(doc.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::3059');
    const [easting, northing] = doc.features[0]!.geometry.coordinates[0]![0]!;
    expect(easting).toBeGreaterThan(300_000);
    expect(northing).toBeGreaterThan(150_000);
  });

  it('answers 404 for a number it does not know', async () => {
    const res = await fetch(`${sandbox.url}/api/public/affirmation-geojson/1111111111`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { number: string }).number).toBe('1111111111');
  });

  it('lists its affirmation numbers in /_sandbox/seed, configured ones included', async () => {
    const seed = (await (await fetch(`${sandbox.url}/_sandbox/seed`)).json()) as { affirmations: Array<{ number: string; crs?: string }> };
    const numbers = seed.affirmations.map((a) => a.number);
    expect(numbers).toEqual(expect.arrayContaining(['4210000101', '4210000102', '4210000103', '4210000104', '4210000105', '4210000900', '9990000001']));
    expect(seed.affirmations.find((a) => a.number === '4210000103')!.crs).toBe('urn:ogc:def:crs:EPSG::3059');
  });

  it('keeps a ledger of the requests it answered', async () => {
    const ledger = (await (await fetch(`${sandbox.url}/_sandbox/ledger`)).json()) as { requests: Array<{ number: string; status: number }> };
    expect(ledger.requests).toEqual(expect.arrayContaining([expect.objectContaining({ number: '1111111111', status: 404 }), expect.objectContaining({ number: '4210000101', status: 200 })]));
  });

  it('answers 503 during an injected outage', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outageMs: 60_000 }) });
    expect((await fetch(`${sandbox.url}/api/public/affirmation-geojson/4210000101`)).status).toBe(503);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await fetch(`${sandbox.url}/api/public/affirmation-geojson/4210000101`)).status).toBe(200);
  });
});
