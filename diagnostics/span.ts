// Where a diagnostic points: a range of the source text (1-based lines and columns, 0-based offsets).

export interface Pos {
  line: number;
  col: number;
  offset: number;
}

export interface Span {
  start: Pos;
  end: Pos;
}
