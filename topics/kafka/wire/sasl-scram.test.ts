import { describe, expect, it } from 'vitest';
import { ScramClient } from './sasl-scram.js';

// The SCRAM-SHA-256 exchange printed in RFC 7677 §3.
const rfc7677 = {
  nonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('SCRAM client', () => {
  it('produces the client messages of the RFC 7677 SCRAM-SHA-256 example and accepts its server signature', () => {
    const c = new ScramClient('SCRAM-SHA-256', 'user', 'pencil', rfc7677.nonce);
    expect(c.first()).toBe(rfc7677.clientFirst);
    expect(c.final(rfc7677.serverFirst)).toBe(rfc7677.clientFinal);
    expect(() => c.verify(rfc7677.serverFinal)).not.toThrow();
  });

  it('rejects a server signature made without the password', () => {
    const c = new ScramClient('SCRAM-SHA-256', 'user', 'not-pencil', rfc7677.nonce);
    c.final(rfc7677.serverFirst);
    expect(() => c.verify(rfc7677.serverFinal)).toThrow(/signature does not match/);
  });

  it('rejects a server nonce that does not extend its own', () => {
    const c = new ScramClient('SCRAM-SHA-256', 'user', 'pencil', 'other-nonce');
    expect(() => c.final(rfc7677.serverFirst)).toThrow(/nonce/);
  });

  it('escapes "=" and "," in the user name (RFC 5802 §5.1)', () => {
    expect(new ScramClient('SCRAM-SHA-512', 'a=b,c', 'x', 'n1').first()).toBe('n,,n=a=3Db=2Cc,r=n1');
  });
});
