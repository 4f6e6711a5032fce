import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cpuMeter, cpuSpent, descendantsOf, leastWallMs, processesCpuMs, threadCpuMs } from '../../bench/cpu';

// The ingest bench's CPU accounting (bench/cpu.ts): what it reads from /proc, and the bound it draws from it.
describe('bench CPU accounting', () => {
  // Spins until this process has had `ms` of CPU (not of wall time: on a loaded machine a 60 ms wait may get 13 ms of
  // CPU, and the figures below would fail for the machine's sake), or 20 s have gone by.
  const spin = (ms: number) => {
    const start = process.cpuUsage();
    const until = performance.now() + 20_000;
    let x = 0;
    while (performance.now() < until && process.cpuUsage(start).user / 1000 < ms) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    return x;
  };

  it('reads the CPU time of this thread from schedstat, in ms, at sub-tick resolution', () => {
    const before = threadCpuMs(process.pid)!;
    spin(60);
    const spent = threadCpuMs(process.pid)! - before;
    expect(spent).toBeGreaterThan(20);
    expect(spent).toBeLessThan(60_000);
    expect(Number.isInteger(spent)).toBe(false);
    expect(threadCpuMs(2 ** 22 + 12_345)).toBeUndefined();
  });

  it('splits the process between the main thread and the rest; without a local PostgreSQL it leaves that out', async () => {
    const meter = await cpuMeter();
    expect(meter.countsPostgres).toBe(false);
    const before = meter.sample();
    spin(40);
    const spent = cpuSpent(before, meter.sample());
    expect(spent.server).toBeGreaterThan(10);
    expect(spent.clients).toBeGreaterThanOrEqual(0);
    expect(spent.postgres).toBeUndefined();
  });

  it('bounds the wall time by the CPU spread over the cores and by the one thread', () => {
    expect(leastWallMs(300, 60, 2)).toBe(150);
    expect(leastWallMs(300, 200, 2)).toBe(200);
    expect(leastWallMs(300, 60, 4)).toBe(75);
  });

  it('finds the processes this one started and counts their CPU, every thread, until they are gone', async () => {
    // a child that works until it has taken 200 ms of CPU, says so, and waits
    const child = spawn(process.execPath, ['-e', `
      let x = 0;
      while (process.cpuUsage().user / 1000 < 200) x += Math.sqrt(x + 1);
      console.log('done');
      setTimeout(() => {}, 60_000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(child.stdout!, 'data');
      expect(descendantsOf(process.pid)).toContain(child.pid);
      expect(processesCpuMs([child.pid!])).toBeGreaterThanOrEqual(150);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    expect(processesCpuMs([child.pid!])).toBe(0);
  }, 60_000); // a child's start and 200 ms of CPU: on two loaded cores (a CI beside other work) more than 5 s of wall time
});
