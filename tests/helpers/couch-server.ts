/**
 * A CouchDB-compatible server on loopback for the sync tests, the benchmark and the local demo: pouchdb-server
 * --in-memory (an npm devDependency; pure JavaScript in memory mode, no native build), bound to 127.0.0.1 on a
 * free port, with a server admin and real users so a wrong password is a real 401.
 *
 * In front of it sits a small TCP relay, also on loopback: `offline()` closes it (connections refused, open ones
 * cut) and `online()` opens it again on the same port, so a test can take "the server" away and bring it back
 * without losing what the in-memory server holds.
 *
 * When PLEDGEMARK_TEST_COUCH is set (an admin URL such as http://admin:secret@127.0.0.1:5984/, as .ci/run
 * sets it) that server is used instead of starting one; databases and users get unique names either way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');

export interface CouchServer {
  /** The base URL clients use (through the relay), ending in '/', without credentials. */
  url: string;
  /** The server itself (no relay), for setup and for looking at what arrived. */
  direct: string;
  admin: { username: string; password: string };
  /** Admin request to the server (direct); answers the parsed JSON and the status. */
  request(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  addUser(name: string, password: string): Promise<void>;
  /** Creates a database whose members are exactly `members` (require a valid member, as a newsroom's should). */
  createDb(name: string, members: string[]): Promise<void>;
  /** Closes the relay: the server is unreachable for clients until online(). */
  offline(): Promise<void>;
  online(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`the test server did not answer at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts pouchdb-server in memory on 127.0.0.1 (a free port unless given) with a server admin. */
export async function startPouchdbServer(opts: { port?: number; admin?: { username: string; password: string }; quiet?: boolean } = {}) {
  const port = opts.port ?? (await freePort());
  const admin = opts.admin ?? { username: 'admin', password: `admin-${Math.random().toString(36).slice(2)}` };
  const dir = mkdtempSync(join(tmpdir(), 'pledgemark-couch-'));
  // Its config file (and log) in a folder of its own, never the work tree.
  writeFileSync(join(dir, 'config.json'), '{}');
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--in-memory', '--host', '127.0.0.1', '--port', String(port), '--config', join(dir, 'config.json'), '--no-stdout-logs'],
    { cwd: dir, stdio: ['ignore', opts.quiet === false ? 'inherit' : 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const direct = `http://127.0.0.1:${port}/`;
  try {
    await waitFor(direct, 30_000);
    // The first admin is created in "admin party" mode; from then on the server asks for credentials.
    const r = await fetch(`${direct}_config/admins/${admin.username}`, { method: 'PUT', body: JSON.stringify(admin.password) });
    if (!r.ok) throw new Error(`could not create the server admin: ${r.status}`);
  } catch (e) {
    child.kill();
    throw e;
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { direct, port, admin, stop };
}

/** A TCP relay from a loopback port to `target` that can be closed and opened again on the same port. */
async function relay(targetPort: number) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const open = async () => {
    if (server) return;
    const s = createServer((inbound) => {
      const outbound = connect(targetPort, '127.0.0.1');
      sockets.add(inbound).add(outbound);
      const drop = () => {
        inbound.destroy();
        outbound.destroy();
        sockets.delete(inbound);
        sockets.delete(outbound);
      };
      inbound.on('error', drop).on('close', drop);
      outbound.on('error', drop).on('close', drop);
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((r, j) => s.once('error', j).listen(port, '127.0.0.1', () => r()));
    server = s;
  };
  const close = async () => {
    const s = server;
    server = null;
    if (!s) return;
    for (const so of sockets) so.destroy();
    sockets.clear();
    await new Promise<void>((r) => s.close(() => r()));
  };
  await open();
  return { port, open, close };
}

function parseAdminUrl(u: string) {
  const url = new URL(u);
  const admin = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  return { direct: url.toString().replace(/\/?$/, '/'), port: Number(url.port || 80), admin };
}

/** A server for a test file: the one .ci/run started (PLEDGEMARK_TEST_COUCH), or a new one. */
export async function startCouch(): Promise<CouchServer> {
  const shared = process.env.PLEDGEMARK_TEST_COUCH;
  const base = shared ? { ...parseAdminUrl(shared), stop: async () => undefined } : await startPouchdbServer();
  const r = await relay(base.port);
  const auth = `Basic ${Buffer.from(`${base.admin.username}:${base.admin.password}`).toString('base64')}`;
  const request: CouchServer['request'] = async (path, init = {}) => {
    const res = await fetch(base.direct + path, {
      method: init.method ?? 'GET',
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  };
  const must = async (path: string, init: { method?: string; body?: unknown }) => {
    const res = await request(path, init);
    if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  return {
    url: `http://127.0.0.1:${r.port}/`,
    direct: base.direct,
    admin: base.admin,
    request,
    addUser: async (name, password) => {
      // On a server shared by several test files the user may exist: then its password is set anew.
      const path = `_users/org.couchdb.user:${encodeURIComponent(name)}`;
      const existing = await request(path);
      const rev = existing.status === 200 ? { _rev: existing.body._rev } : {};
      await must(path, { method: 'PUT', body: { ...rev, name, password, roles: [], type: 'user' } });
    },
    createDb: async (name, members) => {
      await must(encodeURIComponent(name), { method: 'PUT' });
      await must(`${encodeURIComponent(name)}/_security`, { method: 'PUT', body: { admins: { names: [], roles: [] }, members: { names: members, roles: [] } } });
    },
    offline: r.close,
    online: r.open,
    stop: async () => {
      await r.close();
      await base.stop();
    },
  };
}
