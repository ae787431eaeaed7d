/**
 * Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector writes it) into
 * the frames that spent the most self time, and the same time summed per package (the
 * node_modules folder a frame's file is in; the project's own sources; Node's internals).
 */
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time the process did nothing (waiting for the network or Postgres). */
  idleMs: number;
  frames: SelfTime[];
  packages: SelfTime[];
  /** Time spent in each stage of a request, callees included (STAGES). */
  stages: SelfTime[];
}

/**
 * The stages of a request that issue 20 asks about, each as the frames that start it: a
 * sample counts for a stage when one of its stack's frames matches (callees included).
 */
const STAGES: ReadonlyArray<[string, (url: string, functionName: string) => boolean]> = [
  ['request log (pino-http, pino, sonic-boom)', (url) => /\/node_modules\/(pino-http|pino|sonic-boom|nestjs-pino)\//.test(url)],
  ['validation and transformation (class-validator, class-transformer)', (url) => /\/node_modules\/(class-validator|class-transformer)\//.test(url)],
  ['guards (AuthGuard: the access token)', (url, fn) => fn === 'tryActivate' && url.includes('/guards-consumer')],
  ['pool checkout (pg-pool)', (url, fn) => url.includes('/node_modules/pg-pool/') && fn !== 'query'],
  ['sending queries to Postgres (pg: prepare, write)', (url, fn) => fn === 'submit' && url.includes('/node_modules/pg/lib/query')],
  ['reading results (pg-protocol parser, pg rows and types)', (url) => /\/node_modules\/(pg-types|postgres-date|postgres-array)\/|\/node_modules\/pg-protocol\/dist\/parser|\/node_modules\/pg\/lib\/result/.test(url)],
  ['TypeORM (query runners)', (url) => url.includes('/node_modules/typeorm/')],
  ['JSON serialization of the answer (fastify)', (url, fn) => fn === 'serialize' && url.includes('/node_modules/fastify/lib/reply')],
  ['writing the answer (node:_http_outgoing)', (url, fn) => fn === 'end' && url === 'node:_http_outgoing'],
  ['parsing and routing the request (node:_http_server, find-my-way)', (url, fn) => (fn === 'parserOnHeadersComplete' && url === 'node:_http_common') || url.includes('/node_modules/find-my-way/')],
  ['garbage collection', (_url, fn) => fn === '(garbage collector)'],
];

/** Where a frame's file is: `pino`, `@nestjs/core`, `app` (the project's sources), `node` (internals), `(gc)`… */
function packageOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node';
  const path = url.replace(/^file:\/\//, '');
  const at = path.lastIndexOf('/node_modules/');
  if (at >= 0) {
    const [scope, name] = path.slice(at + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  return path.startsWith(root) ? 'app' : path;
}

function frameName(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName || '(anonymous)';
  const path = url.replace(/^file:\/\//, '');
  const at = path.lastIndexOf('/node_modules/');
  const where = at >= 0 ? path.slice(at + '/node_modules/'.length) : path.startsWith(root) ? relative(root, path) : path;
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
}

export function summarizeProfile(profile: CpuProfile, root: string, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // Each sample's time is the delta to the next sample (the last one gets the mean).
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? (profile.endTime - profile.startTime) / profile.samples.length;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
  }
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    totalUs += us;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = frameName(node, root);
    frames.set(name, (frames.get(name) ?? 0) + us);
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName, root);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stageUs = new Map<string, number>(STAGES.map(([name]) => [name, 0]));
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const hit = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { url, functionName } = byId.get(at)!.callFrame;
      for (const [name, matches] of STAGES) if (matches(url, functionName)) hit.add(name);
    }
    for (const name of hit) stageUs.set(name, stageUs.get(name)! + us);
  }
  const busyUs = totalUs - idleUs;
  const ranked = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busyUs }));
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    frames: ranked(frames, top),
    packages: ranked(packages, top),
    stages: STAGES.map(([name]) => ({ name, ms: stageUs.get(name)! / 1000, share: stageUs.get(name)! / busyUs })),
  };
}
