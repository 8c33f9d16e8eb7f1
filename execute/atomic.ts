// Atomic file output: every file is written to a temporary name in its own directory and renamed into place,
// so a reader never sees half a file and a failed run leaves the previous outputs intact.
import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.abate-tmp-${process.pid}-${path.basename(file)}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write a set of files (relative path → content) under dir; all contents are computed before the first write. */
export function writeAllAtomic(dir: string, files: Map<string, string | Uint8Array>): string[] {
  const written: string[] = [];
  for (const [rel, content] of files) {
    const full = path.join(dir, rel);
    writeFileAtomic(full, content);
    written.push(full);
  }
  return written;
}
