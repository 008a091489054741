// A real OpenSSH sshd for the SFTP tests: throw-away host and user keys in a temp dir, a free
// port on 127.0.0.1, `sshd -D -e` in the foreground, stopped by its pid. Nothing else on the
// machine is touched except /run/sshd, which sshd's privilege separation requires.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { requireServer } from './env.js';

export const SSHD_BIN = process.env.EDI_SSHD ?? '/usr/sbin/sshd';

/** describe() when sshd and ssh-keygen are there; skips loudly outside CI, fails in CI. */
export function describeSshd(): ReturnType<typeof requireServer> {
  const keygen = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  const available = existsSync(SSHD_BIN) && keygen.error === undefined;
  return requireServer('OpenSSH sshd', available, `${SSHD_BIN} or ssh-keygen not found (apt-get install openssh-server openssh-client)`);
}

export interface Sshd {
  port: number;
  host: '127.0.0.1';
  username: string;
  /** The directory the tests put remote files in (an absolute path on the "remote" side). */
  root: string;
  /** Client private key (OpenSSH format) the server accepts. */
  userKey: string;
  userKeyPath: string;
  /** The server's host key fingerprint as OpenSSH prints it: SHA256:base64. */
  hostKeyFingerprint: string;
  /** A fingerprint of another, unrelated key (for the "wrong host key" test). */
  otherFingerprint: string;
  /** Kills the per-connection sshd processes: every open SFTP session drops at once. */
  dropSessions(): number;
  /** Stops the daemon and its sessions; start() brings it back on the same port and keys. */
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  /** A position in sshd's log (VERBOSE): what it logs after this is logSince(mark). */
  logMark(): number;
  /** What sshd logged since a mark, e.g. to prove no login was attempted. */
  logSince(mark: number): string;
  /** Stops it for good and removes the temp dir. */
  close(): Promise<void>;
}

function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'edi-test', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** SHA256 fingerprint of an OpenSSH public key line ("ssh-ed25519 AAAA… comment"). */
export function fingerprintOfPublicKey(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1]!, 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

/** Direct and indirect children of a pid, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the ppid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'edi-sshd-'));
  const root = join(dir, 'remote');
  mkdirSync(root);
  const hostKey = join(dir, 'host_ed25519');
  const userKeyPath = join(dir, 'user_ed25519');
  const otherKey = join(dir, 'other_ed25519');
  keygen(hostKey);
  keygen(userKeyPath);
  keygen(otherKey);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${userKeyPath}.pub`));
  chmodSync(authorized, 0o600);
  // Privilege separation needs this directory; it is root's to create.
  if (!existsSync('/run/sshd')) {
    try {
      mkdirSync('/run/sshd', { mode: 0o755 });
    } catch (err) {
      throw new Error(`sshd needs /run/sshd and it could not be created (${(err as Error).message}); create it as root`);
    }
  }
  const port = await freePort();
  const username = userInfo().username;
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The temp dir is world-readable under /tmp; the keys in it are throw-away.
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${username}`,
      'Subsystem sftp internal-sftp',
      'MaxStartups 100',
      'MaxSessions 100',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let stderr = '';
  // The log kept from `logged - log.length` on: marks count from the very start.
  let log = '';
  let logged = 0;
  const keepLog = 4_000_000;

  const start = async (): Promise<void> => {
    const c = spawn(SSHD_BIN, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    stderr = '';
    c.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr = (stderr + text).slice(-4000);
      logged += text.length;
      log = (log + text).slice(-keepLog);
    });
    child = c;
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (c.exitCode !== null) throw new Error(`sshd exited with ${c.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port} within 10 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const dropSessions = (): number => {
    if (child?.pid === undefined) return 0;
    let n = 0;
    for (const pid of descendants(child.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
        n++;
      } catch {
        // gone already
      }
    }
    return n;
  };

  const stop = async (): Promise<void> => {
    const c = child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    // Sessions first (sshd leaves them running when the daemon stops), then the daemon.
    dropSessions();
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    await exited;
    child = undefined;
  };

  await start();
  return {
    port,
    host: '127.0.0.1',
    username,
    root,
    userKey: readFileSync(userKeyPath, 'utf8'),
    userKeyPath,
    hostKeyFingerprint: fingerprintOfPublicKey(readFileSync(`${hostKey}.pub`, 'utf8')),
    otherFingerprint: fingerprintOfPublicKey(readFileSync(`${otherKey}.pub`, 'utf8')),
    dropSessions,
    stop,
    start,
    running: () => child !== undefined && child.exitCode === null,
    logMark: () => logged,
    logSince: (mark) => log.slice(Math.max(0, log.length - (logged - mark))),
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
