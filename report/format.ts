// Number formatting, significance stars and escaping shared by the Markdown and HTML renderers.
//
// Numbers round exactly as C's printf("%.*f") (and so R's sprintf and Python's '%.*f') do: on the exact binary
// value, ties to even. JavaScript's toFixed breaks exact ties upwards (0.125 → "0.13" where R prints "0.12"),
// so tables would disagree with the reference output in the last digit; hence the BigInt rounding below.
import type { Cell } from './doc.ts';

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
// Little-endian is what every Node platform we support uses; the high word holds sign and exponent.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** x = mant · 2^exp exactly, mant ≥ 0 an integer below 2^53 (x finite, not zero). */
function decompose(x: number): { mant: bigint; exp: number } {
  F64[0] = Math.abs(x);
  const hi = U32[HI]!;
  const lo = U32[1 - HI]!;
  const bexp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp === 0) return { mant: frac, exp: -1074 }; // subnormal
  return { mant: frac | (1n << 52n), exp: bexp - 1075 };
}

/** `x` with exactly `digits` decimals, rounded half-to-even on its exact value (printf '%.Nf'). */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Inf' : '-Inf';
  const d = Math.max(0, Math.min(100, Math.trunc(digits)));
  if (x === 0) return d === 0 ? '0' : '0.' + '0'.repeat(d);
  const { mant, exp } = decompose(x);
  const p10 = 10n ** BigInt(d);
  let n: bigint;
  if (exp >= 0) {
    n = (mant << BigInt(exp)) * p10;
  } else {
    const num = mant * p10;
    const den = 1n << BigInt(-exp);
    n = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && (n & 1n) === 1n)) n += 1n;
  }
  const digitsStr = n.toString().padStart(d + 1, '0');
  const int = digitsStr.slice(0, digitsStr.length - d);
  const frac = digitsStr.slice(digitsStr.length - d);
  // printf keeps the sign of a negative number that rounds to zero ("-0.000"): it says "small and negative".
  return (x < 0 ? '-' : '') + int + (d > 0 ? '.' + frac : '');
}

/** Decimal exponent e with 10^e ≤ |x| < 10^(e+1), robust to log10 rounding at powers of ten. */
function decimalExponent(ax: number): number {
  let e = Math.floor(Math.log10(ax));
  if (10 ** (e + 1) <= ax) e += 1;
  else if (10 ** e > ax) e -= 1;
  return e;
}

/**
 * Default number format when no `digits` is given: integers as they are (no thousands separator, like esttab),
 * other numbers with `sig` significant digits in fixed notation, exponential outside [1e-4, 1e15).
 */
export function formatNumber(x: number, digits?: number, sig = 4): string {
  if (digits !== undefined) return formatFixed(x, digits);
  if (!Number.isFinite(x)) return formatFixed(x, 0);
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return formatFixed(x, 0);
  const ax = Math.abs(x);
  if (ax < 1e-4 || ax >= 1e15) return x.toExponential(sig - 1);
  return formatFixed(x, Math.max(0, sig - 1 - decimalExponent(ax)));
}

/** A decimal exponent e with 10^e ≤ |x| < 10^(e+1). */
function exponentOf(x: number): number {
  let e = Math.floor(Math.log10(Math.abs(x)));
  if (10 ** (e + 1) <= Math.abs(x)) e += 1;
  else if (10 ** e > Math.abs(x)) e -= 1;
  return e;
}

/** `x` with `sig` significant digits in fixed notation (1500.2 → 1500 with 3; 0.000213 → 0.000213). */
export function formatSignificant(x: number, sig: number): string {
  if (x === 0 || !Number.isFinite(x)) return formatFixed(x, Math.max(0, sig - 1));
  return formatFixed(x, Math.max(0, sig - 1 - exponentOf(x)));
}

/** A p-value with `digits` decimals; below 10^-digits it is `< 0.001`, never 0. */
export function formatP(p: number, digits: number): string {
  const floor = 10 ** -digits;
  if (p < floor) return `< ${formatFixed(floor, digits)}`;
  return formatFixed(p, digits);
}

/** A table cell as text: numbers via formatNumber (a p-value column via formatP), booleans yes/no, null empty. */
export function formatCell(v: Cell | undefined, digits?: number, format?: 'p'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return format === 'p' ? formatP(v, digits ?? 3) : formatNumber(v, digits);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/** esttab/Stata convention: *** p < 0.01, ** p < 0.05, * p < 0.1 (strict). */
export function stars(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '';
  if (p < 0.01) return '***';
  if (p < 0.05) return '**';
  if (p < 0.1) return '*';
  return '';
}

export const STAR_NOTE = '* p < 0.1, ** p < 0.05, *** p < 0.01';

/** Regression statistic: integers as is (N), other numbers with `digits` decimals, strings verbatim. */
export function formatStat(v: number | string, digits = 3): string {
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? formatFixed(v, 0) : formatFixed(v, digits);
}

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values (also valid XML, so used for SVG). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESC[c]!);
}

export const escapeXml = escapeHtml;

/** Collapse line breaks: titles and cells are single-line in Markdown. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Escape plain text for inline Markdown (GFM): emphasis, code, links, raw HTML, table pipes, strikethrough
 * and entities all become literal. Backslash escapes, and only where needed, keep the raw file readable.
 * Not for line starts ('#', '>', '-', '1.'): callers always put a prefix ('| ', '**', '- Key: ') before it.
 */
export function escapeMarkdown(s: string): string {
  return oneLine(s)
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<') // could open a tag or autolink; '<' before a space or digit is text
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&'); // would be read as an entity
}

/** As escapeMarkdown, plus '#' (a trailing run would be read as a closing heading sequence). */
export function escapeMarkdownHeading(s: string): string {
  return escapeMarkdown(s).replace(/#/g, '\\#');
}

/**
 * Make raw HTML in author-written Markdown literal, matching the HTML renderer (markdown-it, `html: false`):
 * '<' that would open a tag, comment or declaration gets a backslash, except inside fenced code, indented code
 * and code spans, where Markdown already shows it literally.
 */
export function neutraliseRawHtml(md: string): string {
  const lines = md.split('\n');
  let fence: string | null = null;
  let prevBlank = true;
  let inIndented = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (
        fenceMatch &&
        fenceMatch[1]![0] === fence[0] &&
        fenceMatch[1]!.length >= fence.length &&
        /^ {0,3}[`~]+\s*$/.test(line)
      )
        fence = null;
      prevBlank = false;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      prevBlank = false;
      continue;
    }
    const blank = line.trim() === '';
    if (/^( {4}|\t)/.test(line) && !blank && (prevBlank || inIndented)) {
      inIndented = true;
      prevBlank = false;
      continue;
    }
    if (!blank) inIndented = false;
    prevBlank = blank;
    lines[i] = neutraliseLine(line);
  }
  return lines.join('\n');
}

function neutraliseLine(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '`') {
      let j = i;
      while (j < line.length && line[j] === '`') j++;
      const run = line.slice(i, j);
      const close = findClosingRun(line, j, run.length);
      if (close >= 0) {
        out += line.slice(i, close + run.length);
        i = close + run.length;
      } else {
        out += run;
        i = j;
      }
      continue;
    }
    if (c === '<' && /[A-Za-z/!?]/.test(line[i + 1] ?? '')) {
      out += '\\<';
      i += 1;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

function findClosingRun(line: string, from: number, n: number): number {
  let k = from;
  while (k < line.length) {
    if (line[k] === '`') {
      let j = k;
      while (j < line.length && line[j] === '`') j++;
      if (j - k === n) return k;
      k = j;
    } else {
      k++;
    }
  }
  return -1;
}
