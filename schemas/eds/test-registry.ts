// A small credential registry for the transformer's tests: two carriers, a shared secret.
import { Secret } from '../../lib/secret.js';
import { compileCredentialRegistry, type CredentialRegistry } from './credentials.js';

export const CARRIER_A = '40009999001';
export const CARRIER_B = '40009999002';

export function testRegistry(): CredentialRegistry {
  return compileCredentialRegistry({
    secrets: { fleet: new Secret('fleet-secret-value'), solo: 'solo-secret-value' },
    clients: [
      { clientId: 'client-a1', carrier: CARRIER_A, personCode: '32000000001', plate: 'TX1001', secret: 'fleet' },
      { clientId: 'client-a2', carrier: CARRIER_A, personCode: '32000000002', plate: 'TX1002', secret: 'fleet' },
      { clientId: 'client-a3', carrier: CARRIER_A, plate: 'TX-1003', secret: 'solo' },
      { clientId: 'client-b1', carrier: CARRIER_B, personCode: '32000000001', secret: 'solo' },
      // Two night-shift drivers sharing one car: the plate alone cannot tell them apart.
      { clientId: 'client-b2', carrier: CARRIER_B, personCode: '32000000003', plate: 'TX2000', secret: 'solo' },
      { clientId: 'client-b3', carrier: CARRIER_B, personCode: '32000000004', plate: 'TX2000', secret: 'solo' },
    ],
  });
}
