// Number text of every RRD value xcp-rrdd prints (FORMATS.md 3.3, xapi-rrd Utils.f_to_s): zero is
// "0.0", NaN "NaN", infinities "Infinity"/"-Infinity", anything else C's "%0.15g".

/** C printf "%.15g": 15 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e15. */
export function g15(x: number): string {
  const [mant, expText] = x.toExponential(14).split('e');
  const exp = Number(expText);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 15) return `${trim(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return trim(x.toFixed(14 - exp));
}

export function rrdNumber(x: number): string {
  if (x === 0) return '0.0';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return g15(x);
}
