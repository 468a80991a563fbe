import type { ConnectionTest, NotebookConfig } from '../schema/notebook';

/**
 * "Test connection": asks a notebook's server, in three requests, each thing the reader can fix, and answers
 * the first that fails as one ConnectionProblem (the options page words it in the reader's language):
 * 1. GET /          — does anything answer (unreachable), and is it CouchDB (not-couchdb)?
 * 2. GET /_session  — does the server take this user name and password (credentials)?
 * 3. GET /{db}      — may this user read the database (forbidden), does it exist (no-database)?
 * Pure: `fetch` is passed in. Credentials go as a Basic header to the notebook's own server only, never in the
 * URL, and no browser cookie is sent with them (credentials: 'omit').
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TestOptions {
  /** How long one request may take before the server counts as unreachable. */
  timeoutMs?: number;
}

type Conn = Pick<NotebookConfig, 'server' | 'db' | 'username' | 'password'>;

/** The server's base URL, ending in '/' (a path prefix, as behind a reverse proxy, is kept). */
export function serverBase(server: string): string {
  const u = new URL(server);
  u.search = '';
  u.hash = '';
  u.username = '';
  u.password = '';
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

/** The database's URL (the name escaped: CouchDB names may hold '/', '+', '$', '(' and ')'). */
export function databaseUrl(server: string, db: string): string {
  return serverBase(server) + encodeURIComponent(db);
}

/**
 * The host permission pattern for the server's origin, without the port: match patterns with a port are not
 * read alike by Chrome and Firefox, and a pattern without one matches every port in both.
 */
export function originPattern(server: string): string {
  const u = new URL(server);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Basic credentials (UTF-8, as CouchDB reads them: a user name may be Chinese). */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

interface Answer {
  status: number;
  json: unknown;
}

class Unreachable extends Error {}

async function get(fetchFn: FetchLike, url: string, conn: Conn, timeoutMs: number): Promise<Answer> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await fetchFn(url, {
      method: 'GET',
      headers: { Accept: 'application/json', Authorization: basicAuth(conn.username, conn.password) },
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: ctl.signal,
    });
    let json: unknown = null;
    try {
      json = JSON.parse(await res.text());
    } catch {
      json = null;
    }
    return { status: res.status, json };
  } catch (e) {
    const aborted = ctl.signal.aborted;
    throw new Unreachable(aborted ? `no answer in ${Math.round(timeoutMs / 1000)} s` : e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
  }
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** CouchDB's error body ({error, reason}) as one line, or the status alone. */
function reasonOf(a: Answer): string {
  const j = obj(a.json);
  const parts = [`HTTP ${a.status}`];
  if (typeof j.error === 'string') parts.push(j.error);
  if (typeof j.reason === 'string' && j.reason !== j.error) parts.push(j.reason);
  return parts.join(': ');
}

/** CouchDB (and Cloudant) greet with {"couchdb":"Welcome"}; PouchDB Server, which speaks the same protocol, with {"express-pouchdb":"Welcome!"}. */
function welcome(json: unknown): { version: string } | null {
  const j = obj(json);
  const version = typeof j.version === 'string' ? j.version : '';
  if (j.couchdb === 'Welcome') return { version: `CouchDB ${version}`.trim() };
  if (typeof j['express-pouchdb'] === 'string' && /^Welcome/.test(j['express-pouchdb'])) return { version: `PouchDB Server ${version}`.trim() };
  return null;
}

/** A 401 as CouchDB sends it (a JSON body naming `unauthorized`), as opposed to any web server's refusal. */
const couchUnauthorized = (a: Answer) => a.status === 401 && obj(a.json).error === 'unauthorized';

export async function testConnection(conn: Conn, fetchFn: FetchLike, opts: TestOptions = {}): Promise<ConnectionTest> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let base: string;
  try {
    base = serverBase(conn.server);
  } catch {
    return { ok: false, problem: 'unreachable', detail: `not a URL: ${conn.server}` };
  }
  try {
    const root = await get(fetchFn, base, conn, timeoutMs);
    // A server with require_valid_user answers even its greeting only to a valid user.
    if (couchUnauthorized(root)) return { ok: false, problem: 'credentials', detail: reasonOf(root) };
    const hello = root.status === 200 ? welcome(root.json) : null;
    if (!hello) return { ok: false, problem: 'not-couchdb', detail: root.json === null ? `HTTP ${root.status}, not JSON` : reasonOf(root) };

    const session = await get(fetchFn, `${base}_session`, conn, timeoutMs);
    if (session.status === 401) return { ok: false, problem: 'credentials', detail: reasonOf(session) };
    const ctx = obj(obj(session.json).userCtx);
    // CouchDB answers _session with a null user when the credentials were not taken (as for an anonymous
    // caller); a server with no admin yet ("admin party", a fresh local demo) makes everyone an admin.
    const adminParty = ctx.name === null && Array.isArray(ctx.roles) && ctx.roles.includes('_admin');
    if (session.status === 200 && ctx.name !== conn.username && !adminParty) {
      return { ok: false, problem: 'credentials', detail: `the server did not sign in ${JSON.stringify(conn.username)}` };
    }

    const db = await get(fetchFn, databaseUrl(base, conn.db), conn, timeoutMs);
    if (db.status === 200) {
      const docCount = obj(db.json).doc_count;
      return { ok: true, serverVersion: hello.version, docCount: typeof docCount === 'number' && docCount >= 0 ? Math.floor(docCount) : 0 };
    }
    // The credentials were taken at _session: a refusal now is about this database. CouchDB 3 says 403 to a
    // signed-in user who is not a member; PouchDB Server says 401.
    if (db.status === 401 || db.status === 403) return { ok: false, problem: 'forbidden', detail: reasonOf(db) };
    if (db.status === 404) return { ok: false, problem: 'no-database', detail: reasonOf(db) };
    return { ok: false, problem: 'unreachable', detail: reasonOf(db) };
  } catch (e) {
    if (e instanceof Unreachable) return { ok: false, problem: 'unreachable', detail: e.message };
    throw e;
  }
}
