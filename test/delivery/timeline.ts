import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What happened when, from every side of a delivery test, with long ids shortened to the labels
 * the test gave them, so a failure can be read in order. Bounded: past `max` lines it stops.
 */
export class Timeline {
  private readonly lines: string[] = [];
  private readonly labels = new Map<string, string>();
  private readonly start = performance.now();

  constructor(private readonly max = 200_000) {}

  label(id: string, label: string): void {
    this.labels.set(id, label);
  }

  note = (event: string): void => {
    if (this.lines.length >= this.max) return;
    const text = event.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => this.labels.get(id) ?? id);
    this.lines.push(`${(performance.now() - this.start).toFixed(1).padStart(9)} ${text}`);
  };

  /** Writes the timeline to a file in the temp directory and returns its path. */
  save(name: string): string {
    const path = join(tmpdir(), `${name}-${Date.now()}.log`);
    writeFileSync(path, `${this.lines.join('\n')}\n`);
    return path;
  }
}
