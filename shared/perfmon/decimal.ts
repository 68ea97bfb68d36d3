// Exact decimal scaling for perfmon's numbers, as XenCenter's System.Decimal does it: 90 % → "0.9",
// 1000 KB/s → "0.9765625" MiB/s, never a binary rounding like 0.30000000000000004 or an exponent.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const MAX_PLACES = 28; // System.Decimal's scale limit

/** `text × mul ÷ div` as decimal text, trailing zeros dropped; undefined when `text` is not a plain decimal. */
export function scaleDecimal(text: string, mul: number, div: number): string | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let num = BigInt(`${m[2]}${frac}`) * BigInt(mul);
  const den = BigInt(div) * 10n ** BigInt(frac.length);
  const neg = m[1] === '-' && num !== 0n;
  const whole = num / den;
  num %= den;
  let digits = '';
  while (num !== 0n && digits.length < MAX_PLACES) {
    num *= 10n;
    digits += String(num / den);
    num %= den;
  }
  digits = digits.replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${digits ? `.${digits}` : ''}`;
}

/** A finite number as plain decimal text (no exponent). */
export function decimalText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a finite number`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}
