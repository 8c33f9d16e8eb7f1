import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownHeading,
  formatCell,
  formatFixed,
  formatNumber,
  formatStat,
  neutraliseRawHtml,
  stars,
} from '../../report/format.ts';
import { createRng } from '../../solvers/random.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../spec/conformance/report/format_fixed.json', import.meta.url), 'utf8'),
) as {
  cases: Array<{ value: number; digits: number; expected: string }>;
};

describe('formatFixed', () => {
  it('matches C printf "%.*f" (Python and R sprintf agree) on every fixture case', () => {
    expect(fixture.cases.length).toBeGreaterThan(900);
    const bad = fixture.cases.filter((c) => formatFixed(c.value, c.digits) !== c.expected);
    expect(bad.map((c) => [c.value, c.digits, c.expected, formatFixed(c.value, c.digits)])).toEqual([]);
  });

  it('rounds exact ties to even, unlike toFixed', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(1.005, 2)).toBe('1.00'); // 1.00499999999999989… in binary
  });

  it('prints zero without sign and keeps the sign of small negatives as printf does', () => {
    expect(formatFixed(-0, 3)).toBe('0.000');
    expect(formatFixed(0, 0)).toBe('0');
    expect(formatFixed(-0.0001, 3)).toBe('-0.000');
    expect(formatFixed(5e-324, 2)).toBe('0.00');
  });
});

describe('formatNumber / formatCell / formatStat', () => {
  it('prints integers whole and other numbers with 4 significant digits', () => {
    expect(formatNumber(300)).toBe('300');
    expect(formatNumber(-12345678)).toBe('-12345678');
    expect(formatNumber(3.14159265)).toBe('3.142');
    expect(formatNumber(0.012345678)).toBe('0.01235');
    expect(formatNumber(1000.4)).toBe('1000');
    expect(formatNumber(999.95)).toBe('1000.0'); // 999.950000000000045… is above the tie: rounds up
    expect(formatNumber(0.1)).toBe('0.1000');
    expect(formatNumber(1.5e-7)).toBe('1.500e-7');
    expect(formatNumber(2.5e16 + 0.5)).toBe('25000000000000000');
    expect(formatNumber(1.23456, 2)).toBe('1.23');
  });

  it('formats cells: null empty, booleans yes/no, strings verbatim', () => {
    expect(formatCell(null)).toBe('');
    expect(formatCell(undefined)).toBe('');
    expect(formatCell(true)).toBe('yes');
    expect(formatCell(false)).toBe('no');
    expect(formatCell('a|b')).toBe('a|b');
    expect(formatCell(2.345, 1)).toBe('2.3');
  });

  it('formats regression statistics: integers whole, others with the table digits', () => {
    expect(formatStat(300)).toBe('300');
    expect(formatStat(0.8125)).toBe('0.812'); // exact tie, to even
    expect(formatStat(0.6125)).toBe('0.613'); // 0.61250000000000004…
    expect(formatStat(-120.35, 2)).toBe('-120.35');
    expect(formatStat('region')).toBe('region');
  });
});

describe('stars', () => {
  it('uses strict thresholds 0.01 / 0.05 / 0.1', () => {
    expect(stars(0.0099)).toBe('***');
    expect(stars(0.01)).toBe('**');
    expect(stars(0.0499)).toBe('**');
    expect(stars(0.05)).toBe('*');
    expect(stars(0.0999)).toBe('*');
    expect(stars(0.1)).toBe('');
    expect(stars(0.8)).toBe('');
    expect(stars(undefined)).toBe('');
  });
});

describe('escaping', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });

  const mdi = new MarkdownIt({ html: true, linkify: false });
  // Text of rendered inline Markdown, entities decoded: what a reader sees.
  const seen = (src: string) => {
    const html = mdi.renderInline(src);
    expect(html).not.toMatch(/<(?!\/?(p)\b)[a-z]/i); // no element at all: no em, code, a, html
    return html
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  };

  it('escapeMarkdown makes any text read back literally (fixed cases)', () => {
    const cases = [
      '<script>alert(1)</script>',
      '*emph* and **strong** and _under_ and __u__',
      'a `code` span',
      '[link](http://x) and ![img](y.png)',
      'pipe | inside ~~strike~~',
      'entity &amp; &#60; &lt;',
      'W*gdp*x',
      'p < 0.05 and a > b',
      'back\\slash \\* already',
      '<http://autolink.example>',
    ];
    for (const s of cases) expect(seen(escapeMarkdown(s))).toBe(s);
  });

  it('escapeMarkdown round-trips random strings of special characters', () => {
    const rng = createRng(7);
    const alphabet = 'ab 1<>&*_`[]()!|~#\\/;:."\'-';
    for (let k = 0; k < 500; k++) {
      let s = '';
      const len = 1 + rng.int(14);
      for (let i = 0; i < len; i++) s += alphabet[rng.int(alphabet.length)];
      s = s.trim();
      if (s === '') continue;
      expect(seen(escapeMarkdown(s)), JSON.stringify(s)).toBe(s);
    }
  });

  it('escapeMarkdownHeading keeps trailing hashes in a heading', () => {
    const html = mdi.render(`## ${escapeMarkdownHeading('Cost #2 ##')}`);
    expect(html).toBe('<h2>Cost #2 ##</h2>\n');
  });

  it('neutraliseRawHtml leaves no raw HTML token but keeps code literal', () => {
    const src = [
      'Hello <script>alert(1)</script> and <img src=x onerror=alert(2)>',
      '',
      '<div>block</div>',
      '',
      'Inline `<b>code</b>` stays, and \\<i> stays escaped. 3 < 4.',
      '',
      '```',
      '<pre-in-fence>',
      '```',
      '',
      '    <indented-code>',
    ].join('\n');
    const out = neutraliseRawHtml(src);
    const tokens = mdi.parse(out, {});
    const flat = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
    expect(flat.filter((t) => t.type === 'html_inline' || t.type === 'html_block')).toEqual([]);
    const html = mdi.render(out);
    expect(html).toContain('<code>&lt;b&gt;code&lt;/b&gt;</code>');
    expect(html).toContain('&lt;pre-in-fence&gt;');
    expect(html).toContain('&lt;indented-code&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('3 &lt; 4.');
    expect(html).not.toMatch(/<script|<img|<div/);
  });
});
