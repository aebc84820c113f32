// Facts for the report: the machine, the fake's commit, and the CPU used by other work.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function machineInfo() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cpus: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    node: process.version,
    kernel: os.release(),
  };
}

/**
 * Returns the commit of the fake's checkout and how many files under its src/ differ from it,
 * because dist/ may have been built from uncommitted changes. A folder made by
 * bench/build-ref.sh is no git checkout: its commit comes from .source-commit.
 */
export function sourceState(root) {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  if (git('rev-parse', '--show-toplevel') === root) {
    const changed = git('status', '--porcelain', '--', 'src');
    return { commit: git('rev-parse', 'HEAD'), srcChangedFiles: changed === null ? null : changed.split('\n').filter(Boolean).length };
  }
  const marker = path.join(root, '.source-commit');
  return { commit: existsSync(marker) ? readFileSync(marker, 'utf8').trim() : null, srcChangedFiles: 0 };
}

export function loadAverage() {
  return os.loadavg().map((value) => Number(value.toFixed(2)));
}

// /proc/stat and /proc/PID/stat count CPU time in clock ticks; Linux reports 100 per second
// to user space (getconf CLK_TCK) on every common architecture.
const TICKS_PER_SECOND = 100;

function busyTicksOfMachine() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

function busyTicksOfProcess(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces, so count fields from the closing bracket.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Starts counting CPU time. `stop()` returns how many cores the whole machine kept busy,
 * how many of them went to processes other than this one and `pids` (other work that
 * competed with a measurement), and the CPU seconds of `serverPid` alone.
 */
export function startCpuWatch(pids, serverPid) {
  const ids = ['self', ...pids];
  const oursNow = () => ids.reduce((sum, pid) => sum + busyTicksOfProcess(pid), 0);
  const start = { at: performance.now(), machine: busyTicksOfMachine(), ours: oursNow(), server: serverPid ? busyTicksOfProcess(serverPid) : 0 };
  return {
    stop() {
      const seconds = (performance.now() - start.at) / 1000;
      const machine = (busyTicksOfMachine() - start.machine) / TICKS_PER_SECOND / seconds;
      const ours = (oursNow() - start.ours) / TICKS_PER_SECOND / seconds;
      const serverCpuSeconds = serverPid ? (busyTicksOfProcess(serverPid) - start.server) / TICKS_PER_SECOND : null;
      return { machineCores: Number(machine.toFixed(2)), otherCores: Number(Math.max(0, machine - ours).toFixed(2)), serverCpuSeconds };
    },
  };
}
