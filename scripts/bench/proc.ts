import { readFile, readdir } from "node:fs/promises";

// Process-tree accounting from /proc (Linux): CPU time of a process and the
// children it has waited for, and the summed resident memory of a tree.

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
async function statFields(pid: number | "self"): Promise<string[]> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** utime + stime + cutime + cstime of this process, in ms: its own CPU and that of every child it reaped. */
export async function readTreeCpuMs(): Promise<number> {
  const f = await statFields("self");
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
  return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time (ms) of the children this process has reaped so far. */
export async function readChildrenCpuMs(): Promise<number> {
  const f = await statFields("self");
  return ((Number(f[13]) + Number(f[14])) * 1000) / TICKS_PER_SECOND;
}

/** Direct children of a process (threads' children included). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  try {
    for (const task of await readdir(`/proc/${pid}/task`)) {
      const list = await readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "");
      children.push(...list.split(" ").filter(Boolean).map(Number));
    }
  } catch {
    // the process ended while we looked
  }
  return children;
}

async function rssKb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Proportional set size (kB): private pages plus each shared page divided by the processes sharing it. */
async function pssKb(pid: number): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8");
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export type TreeMemory = { rssKb: number; pssKb: number };

/**
 * Memory (kB) of a process and all its descendants, right now: RSS summed
 * (counts shared pages, e.g. libraries, once per process) and PSS summed
 * (shared pages divided among their sharers: the tree's real footprint).
 */
export async function readTreeMemory(root: number): Promise<TreeMemory> {
  const total = { rssKb: 0, pssKb: 0 };
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total.rssKb += await rssKb(pid);
    total.pssKb += await pssKb(pid);
    stack.push(...(await childrenOf(pid)));
  }
  return total;
}

/** Samples a tree's RSS and PSS every `everyMs` until stopped; returns the peak of each in kB. */
export function samplePeakMemory(root: number, everyMs = 20): { stop: () => Promise<TreeMemory> } {
  const peak = { rssKb: 0, pssKb: 0 };
  let isRunning = true;
  const loop = (async () => {
    while (isRunning) {
      const now = await readTreeMemory(root);
      peak.rssKb = Math.max(peak.rssKb, now.rssKb);
      peak.pssKb = Math.max(peak.pssKb, now.pssKb);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      isRunning = false;
      await loop;
      return peak;
    },
  };
}
