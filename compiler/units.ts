// Unit annotations as products of named base units with integer or rational powers, e.g. USD/t = {USD:1, t:-1}.
// An expression whose unit is unknown (a literal, an unannotated parameter) is compatible with anything, so
// annotating is opt-in and never produces false alarms.
import type { UnitAnnotation } from '../grammar/ast.ts';

export type Unit = ReadonlyMap<string, number>;

export function unitFromAnnotation(a: UnitAnnotation): Unit {
  const m = new Map<string, number>();
  for (const f of a.factors) m.set(f.name, (m.get(f.name) ?? 0) + f.power);
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}

export function unitMul(a: Unit | undefined, b: Unit | undefined, sign = 1): Unit | undefined {
  if (!a || !b) return undefined;
  const m = new Map(a);
  for (const [k, v] of b) {
    const p = (m.get(k) ?? 0) + sign * v;
    if (Math.abs(p) < 1e-12) m.delete(k);
    else m.set(k, p);
  }
  return m;
}

export function unitPow(a: Unit | undefined, p: number): Unit | undefined {
  if (!a) return undefined;
  const m = new Map<string, number>();
  for (const [k, v] of a) m.set(k, v * p);
  return m;
}

export function unitEqual(a: Unit, b: Unit): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (Math.abs((b.get(k) ?? 0) - v) > 1e-12) return false;
  return true;
}

export function unitText(u: Unit | undefined): string {
  if (!u) return '?';
  if (u.size === 0) return '1';
  const keys = [...u.keys()].sort();
  const num = keys.filter((k) => u.get(k)! > 0).map((k) => (u.get(k) === 1 ? k : `${k}^${u.get(k)}`));
  const den = keys.filter((k) => u.get(k)! < 0).map((k) => (u.get(k) === -1 ? k : `${k}^${-u.get(k)!}`));
  const top = num.length ? num.join('*') : '1';
  return den.length ? `${top}/${den.join('/')}` : top;
}
