// Reference and verification numbers in the shape the information system issues them (no
// algorithm is published): reference = 14 characters, two-digit year + the operator's
// country + 10 upper-case alphanumerics (observed: 26BE7XTVCZAQ2S); verification = 8
// upper-case alphanumerics (observed: SFFCB4Y3).
import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomChars(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return s;
}

export function newReferenceNumber(at: Date, country: string): string {
  return `${String(at.getUTCFullYear() % 100).padStart(2, '0')}${country.toUpperCase()}${randomChars(10)}`;
}

export function newVerificationNumber(): string {
  return randomChars(8);
}

export const REFERENCE_NUMBER_PATTERN = /^\d{2}[A-Z]{2}[A-Z0-9]{10}$/;
export const VERIFICATION_NUMBER_PATTERN = /^[A-Z0-9]{8}$/;
