// XSD decimals as TRACES takes them: no exponent, at most N fraction digits
// (DecimalSixteenTotalSixPrecType: 6; DecimalThreePrecType: 3), trailing zeros dropped.

export function formatDecimal(value: number, fractionDigits: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const fixed = value.toFixed(fractionDigits);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : undefined;
}
