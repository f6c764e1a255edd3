import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** What the suite's order reads from a test file's first comments. */
export interface FileMarks {
  /** The environment the file asks for (`@vitest-environment`, read as vitest reads it), else the project's. */
  environment: string;
  /** `@suite-starts-first`: the file mostly waits (on timers, sockets, restarts), so it should overlap the rest. */
  startsFirst: boolean;
}

export function fileMarks(spec: TestSpecification): FileMarks {
  let content = '';
  try {
    content = readFileSync(spec.moduleId, 'utf8');
  } catch {
    // A file that cannot be read here fails in its worker with vitest's own error.
  }
  return {
    environment: content.match(/@(?:vitest|jest)-environment\s+([\w-]+)\b/)?.[1] ?? spec.project.config.environment,
    startsFirst: /^\s*(?:\/\/|\*|\/\*\*?)\s*@suite-starts-first\b/m.test(content),
  };
}

/**
 * Vitest's order (failed first, then longest or, on a fresh clone, largest first), with the files
 * of each project and environment kept together, and the group of a `@suite-starts-first` file at
 * the head of the queue with that file first.
 *
 * Why the groups: without isolation, a worker that finishes a file is handed the next queued file
 * only if it has the same project and environment; otherwise the worker is stopped and a new one
 * started, which imports socket.io, the server, jsdom and playwright-core again. The 22 jsdom files,
 * spread by size among the others, restarted the workers 34 times in the node project alone
 * (115 CPU-s of the workers' 205; 4 restarts and 66 CPU-s grouped).
 *
 * Why the mark: the chaos test waits for most of its minute. Queued by size it started near the end
 * and ran alone for its last 50 s; started first, the other worker computes meanwhile. Nothing is
 * known of durations on a fresh clone, which is where the suite's time matters.
 * test/suite-setup.test.ts checks the order.
 */
export class EnvironmentSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const marks = new Map(ordered.map((spec) => [spec, fileMarks(spec)]));
    const groupOf = (spec: TestSpecification) => `${spec.project.name} ${marks.get(spec)!.environment}`;
    const projects = [...new Set(ordered.map((spec) => spec.project.name))];
    const sizes = new Map<string, number>();
    const early = new Set<string>();
    for (const spec of ordered) {
      sizes.set(groupOf(spec), (sizes.get(groupOf(spec)) ?? 0) + 1);
      if (marks.get(spec)!.startsFirst) early.add(groupOf(spec));
    }
    const rank = (spec: TestSpecification) => [
      early.has(groupOf(spec)) ? 0 : 1,
      projects.indexOf(spec.project.name),
      // The larger group first, so that the smaller one's files even out the workers' ends.
      -sizes.get(groupOf(spec))!,
    ];
    const compare = (a: TestSpecification, b: TestSpecification) => {
      const [ra, rb] = [rank(a), rank(b)];
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      const [ga, gb] = [groupOf(a), groupOf(b)];
      if (ga !== gb) return ga < gb ? -1 : 1;
      return Number(marks.get(b)!.startsFirst) - Number(marks.get(a)!.startsFirst);
    };
    // Array.prototype.sort is stable: otherwise, vitest's order stands.
    return [...ordered].sort(compare);
  }
}
