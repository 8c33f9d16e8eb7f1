// Visual constants shared by the Vega-Lite charts, the graph drawer and the HTML page.

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies); yellow dropped for contrast on white. */
export const PALETTE_COLORS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#999999',
];

/** System fonts only: the report must open offline, so no web fonts. */
export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
