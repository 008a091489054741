import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { EdiError } from '../../lib/errors.js';
import { Secret } from '../../lib/secret.js';
import { compileCredentialRegistry } from './credentials.js';
import { CARRIER_A, CARRIER_B, testRegistry } from './test-registry.js';

describe('EDS credential registry', () => {
  const registry = testRegistry();

  it('finds the client named by the routing field ApiClientId first', () => {
    const r = registry.clientFor({ CarriersTaxpayerCode: CARRIER_A, DriversPersonCode: '32000000001', ApiClientId: 'client-a2' });
    expect(r.ok && [r.client.clientId, r.by]).toEqual(['client-a2', 'ApiClientId']);
  });

  it('finds the driver’s client by carrier and person code: one driver, two carriers, two clients', () => {
    const a = registry.clientFor({ CarriersTaxpayerCode: CARRIER_A, DriversPersonCode: '32000000001', NumberPlate: 'ZZ9' });
    const b = registry.clientFor({ CarriersTaxpayerCode: CARRIER_B, DriversPersonCode: '32000000001', NumberPlate: 'ZZ9' });
    expect(a.ok && [a.client.clientId, a.by]).toEqual(['client-a1', 'DriversPersonCode']);
    expect(b.ok && b.client.clientId).toBe('client-b1');
  });

  it('falls back to the plate, compared without dash, space or case', () => {
    const r = registry.clientFor({ CarriersTaxpayerCode: CARRIER_A, DriversPersonCode: '32999999999', NumberPlate: 'tx 1003' });
    expect(r.ok && [r.client.clientId, r.by]).toEqual(['client-a3', 'NumberPlate']);
  });

  it('refuses to guess when a plate belongs to two clients, naming both', () => {
    const r = registry.clientFor({ CarriersTaxpayerCode: CARRIER_B, DriversPersonCode: '32999999999', NumberPlate: 'TX2000' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('EDI_ERR_EDS_CLIENT_UNKNOWN');
    expect(r.error.message).toContain('client-b2, client-b3');
  });

  it('refuses an unknown ApiClientId, or one of another carrier', () => {
    const unknown = registry.clientFor({ CarriersTaxpayerCode: CARRIER_A, ApiClientId: 'nope' });
    const foreign = registry.clientFor({ CarriersTaxpayerCode: CARRIER_A, ApiClientId: 'client-b1' });
    expect(!unknown.ok && unknown.error.message).toMatch(/ApiClientId nope is not in the credential registry/);
    expect(!foreign.ok && foreign.error.message).toMatch(/belongs to carrier 40009999002/);
  });

  it('says which driver had no client without printing the full person code', () => {
    const r = registry.clientFor({ CarriersTaxpayerCode: CARRIER_A, DriversPersonCode: '32123456789', NumberPlate: 'NONE1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('********789');
    expect(r.error.message).not.toContain('32123456789');
    expect(r.error.detail).toMatchObject({ field: 'ApiClientId', rule: 'routing' });
  });

  it('hands out a Secret per client (shared secrets resolve alike) and never prints one', () => {
    expect(registry.secretOf('client-a1')?.reveal()).toBe('fleet-secret-value');
    expect(registry.secretOf('client-a2')?.reveal()).toBe('fleet-secret-value');
    expect(registry.secretOf('nope')).toBeUndefined();
    const shown = [JSON.stringify(registry), JSON.stringify(registry.list()), inspect(registry, { depth: 10 }), String(registry.secretOf('client-a1'))].join('\n');
    expect(shown).not.toContain('fleet-secret-value');
    expect(shown).not.toContain('solo-secret-value');
    expect(registry.list().find((c) => c.clientId === 'client-a1')).toEqual({
      clientId: 'client-a1',
      carrier: CARRIER_A,
      personCode: '32000000001',
      plate: 'TX1001',
      secretName: 'fleet',
      sharesSecretWith: ['client-a2'],
    });
  });

  it('rejects config naming a missing secret, a client twice, a driver twice, or a client with no driver', () => {
    const bad = (input: unknown): string => {
      try {
        compileCredentialRegistry(input as never);
      } catch (err) {
        expect(err).toBeInstanceOf(EdiError);
        return (err as EdiError).message;
      }
      throw new Error('expected an error');
    };
    const s = { s: new Secret('x-secret-x') };
    expect(bad({ secrets: s, clients: [{ clientId: 'a', personCode: '32000000001', secret: 'nope' }] })).toMatch(/clients\.0\.secret: no secret named nope/);
    expect(
      bad({
        secrets: s,
        clients: [
          { clientId: 'a', personCode: '32000000001', secret: 's' },
          { clientId: 'a', personCode: '32000000002', secret: 's' },
        ],
      }),
    ).toMatch(/clients\.1\.clientId: client a is listed twice/);
    expect(
      bad({
        secrets: s,
        clients: [
          { clientId: 'a', carrier: CARRIER_A, personCode: '32000000001', secret: 's' },
          { clientId: 'b', carrier: CARRIER_A, personCode: '32000000001', secret: 's' },
        ],
      }),
    ).toMatch(/clients\.1\.personCode: driver .* already has client a/);
    expect(bad({ secrets: s, clients: [{ clientId: 'a', secret: 's' }] })).toMatch(/needs personCode and\/or plate/);
    const msg = bad({ secrets: { s: 'my-real-secret' }, clients: [{ clientId: 'a', secret: 'nope', personCode: '1' }] });
    expect(msg).not.toContain('my-real-secret');
  });
});
