import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { basicAuth, databaseUrl, originPattern, serverBase, testConnection, type FetchLike } from '../../lib/sync/connection';
import { ConnectionProblem, ConnectionTestSchema } from '../../lib/schema/notebook';
import { PROBLEM_KEY } from '../../lib/i18n/notebook';
import { t } from '../../lib/i18n';

const CONN = { server: 'https://couch.example.org/', db: 'newsroom', username: 'alice', password: 'pw' };
const GOOD = basicAuth('alice', 'pw');

type Route = (init: RequestInit) => { status: number; body: unknown } | Error;

/** A CouchDB 3 with require_valid_user: alice/pw is a member of `newsroom`, bob/pw a user who is not. */
function couch(over: Record<string, Route> = {}): { fetch: FetchLike; calls: { url: string; init: RequestInit }[] } {
  const users: Record<string, string> = { [GOOD]: 'alice', [basicAuth('bob', 'pw')]: 'bob' };
  const who = (init: RequestInit) => users[(init.headers as Record<string, string>).Authorization] ?? null;
  const unauthorized = { status: 401, body: { error: 'unauthorized', reason: 'Name or password is incorrect.' } };
  const routes: Record<string, Route> = {
    'https://couch.example.org/': (init) => (who(init) ? { status: 200, body: { couchdb: 'Welcome', version: '3.4.2' } } : unauthorized),
    'https://couch.example.org/_session': (init) => (who(init) ? { status: 200, body: { ok: true, userCtx: { name: who(init), roles: [] } } } : unauthorized),
    'https://couch.example.org/newsroom': (init) =>
      who(init) === 'alice' ? { status: 200, body: { db_name: 'newsroom', doc_count: 42 } } : { status: 403, body: { error: 'forbidden', reason: 'You are not allowed to access this db.' } },
    ...over,
  };
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const route = routes[url];
    const r = route ? route(init) : { status: 404, body: { error: 'not_found', reason: 'Database does not exist.' } };
    if (r instanceof Error) throw r;
    return new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), { status: r.status });
  };
  return { fetch, calls };
}

describe('testConnection', () => {
  it('a member with the right password: ok, with the server version and the document count', async () => {
    const { fetch, calls } = couch();
    expect(await testConnection(CONN, fetch)).toEqual({ ok: true, serverVersion: 'CouchDB 3.4.2', docCount: 42 });
    expect(calls.map((c) => c.url)).toEqual(['https://couch.example.org/', 'https://couch.example.org/_session', 'https://couch.example.org/newsroom']);
  });

  it('sends the credentials as a Basic header only, never in the URL, and no cookies', async () => {
    const { fetch, calls } = couch();
    await testConnection(CONN, fetch);
    for (const c of calls) {
      expect(c.url).not.toContain('pw');
      expect(new URL(c.url).origin).toBe('https://couch.example.org');
      expect(c.init.credentials).toBe('omit');
      expect((c.init.headers as Record<string, string>).Authorization).toBe(GOOD);
    }
  });

  it('unreachable: the request fails (no DNS, refused) or does not answer in time', async () => {
    const down = couch({ 'https://couch.example.org/': () => new TypeError('Failed to fetch') });
    expect(await testConnection(CONN, down.fetch)).toEqual({ ok: false, problem: 'unreachable', detail: 'Failed to fetch' });
    const silent: FetchLike = (_url, init) =>
      new Promise((_ok, fail) => init.signal!.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))));
    const r = await testConnection(CONN, silent, { timeoutMs: 30 });
    expect(r).toEqual({ ok: false, problem: 'unreachable', detail: 'no answer in 0 s' });
  });

  it('wrong credentials: a 401 at the greeting (require_valid_user) or at _session', async () => {
    const { fetch } = couch();
    const r = await testConnection({ ...CONN, password: 'nope' }, fetch);
    expect(r).toMatchObject({ ok: false, problem: 'credentials' });
    expect(!r.ok && r.detail).toContain('Name or password is incorrect');
    // A server whose greeting is public: the 401 comes from _session.
    const open = couch({ 'https://couch.example.org/': () => ({ status: 200, body: { couchdb: 'Welcome', version: '3.3.3' } }) });
    expect(await testConnection({ ...CONN, password: 'nope' }, open.fetch)).toMatchObject({ ok: false, problem: 'credentials' });
  });

  it('wrong credentials: _session answers, but not for this user (the credentials were not taken)', async () => {
    const anon = couch({ 'https://couch.example.org/_session': () => ({ status: 200, body: { ok: true, userCtx: { name: null, roles: [] } } }) });
    expect(await testConnection(CONN, anon.fetch)).toMatchObject({ ok: false, problem: 'credentials' });
  });

  it('a server with no admin yet (admin party) is accepted', async () => {
    const party = couch({ 'https://couch.example.org/_session': () => ({ status: 200, body: { ok: true, userCtx: { name: null, roles: ['_admin'] } } }) });
    expect(await testConnection(CONN, party.fetch)).toMatchObject({ ok: true });
  });

  it('no access: signed in, but not a member of the database (403 from CouchDB, 401 from PouchDB Server)', async () => {
    const { fetch } = couch();
    expect(await testConnection({ ...CONN, username: 'bob' }, fetch)).toEqual({ ok: false, problem: 'forbidden', detail: 'HTTP 403: forbidden: You are not allowed to access this db.' });
    const pouch = couch({ 'https://couch.example.org/newsroom': () => ({ status: 401, body: { error: 'unauthorized', reason: 'You are not authorized to access this db.' } }) });
    expect(await testConnection(CONN, pouch.fetch)).toMatchObject({ ok: false, problem: 'forbidden' });
  });

  it('not CouchDB: a web page, a JSON API without the greeting, an error page, or a 401 that is not CouchDB’s', async () => {
    for (const body of [{ status: 200, body: '<!doctype html><title>Intranet</title>' }, { status: 200, body: { hello: 'world' } }, { status: 500, body: 'oops' }, { status: 401, body: 'Authorization Required' }]) {
      const { fetch, calls } = couch({ 'https://couch.example.org/': () => body });
      const r = await testConnection(CONN, fetch);
      expect(r, JSON.stringify(body)).toMatchObject({ ok: false, problem: 'not-couchdb' });
      expect(calls).toHaveLength(1); // nothing more is asked of a server that is not CouchDB
    }
  });

  it('PouchDB Server counts as CouchDB (same protocol; the local test server)', async () => {
    const { fetch } = couch({ 'https://couch.example.org/': () => ({ status: 200, body: { 'express-pouchdb': 'Welcome!', version: '4.2.0' } }) });
    expect(await testConnection(CONN, fetch)).toMatchObject({ ok: true, serverVersion: 'PouchDB Server 4.2.0' });
  });

  it('database missing: 404 on the database', async () => {
    const { fetch } = couch();
    expect(await testConnection({ ...CONN, db: 'elsewhere' }, fetch)).toMatchObject({ ok: false, problem: 'no-database' });
  });

  it('every answer, whatever the server says, is a valid ConnectionTest and never throws', async () => {
    const answer = fc.oneof(
      fc.record({ status: fc.constantFrom(200, 401, 403, 404, 500, 302), body: fc.oneof(fc.string(), fc.jsonValue()) }),
      fc.constant(new TypeError('network')),
    );
    await fc.assert(
      fc.asyncProperty(answer, answer, answer, async (a, b, c) => {
        const seq = [a, b, c];
        let i = 0;
        const fetch: FetchLike = async () => {
          const r = seq[i++ % 3];
          if (r instanceof Error) throw r;
          return new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), { status: r.status === 302 ? 200 : r.status });
        };
        expect(ConnectionTestSchema.safeParse(await testConnection(CONN, fetch)).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('URLs and patterns', () => {
  it('the database name is escaped, the server path kept, the credentials in a URL dropped', () => {
    expect(databaseUrl('http://127.0.0.1:5984', 'team/notes+2')).toBe('http://127.0.0.1:5984/team%2Fnotes%2B2');
    expect(serverBase('https://x.org/couch?x=1#y')).toBe('https://x.org/couch/');
    expect(serverBase('https://u:p@x.org/')).toBe('https://x.org/');
  });

  it('the permission pattern is the origin without its port', () => {
    expect(originPattern('http://127.0.0.1:5984/')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://couch.example.org/db/')).toBe('https://couch.example.org/*');
  });

  it('Basic credentials are UTF-8', () => {
    expect(basicAuth('张三', '密码')).toBe(`Basic ${Buffer.from('张三:密码', 'utf8').toString('base64')}`);
  });
});

describe('problem messages', () => {
  it('each problem has its own message, in zh and in en', () => {
    for (const lang of ['zh', 'en'] as const) {
      const texts = ConnectionProblem.options.map((p) => t(PROBLEM_KEY[p], lang));
      expect(new Set(texts).size).toBe(ConnectionProblem.options.length);
    }
    expect(t(PROBLEM_KEY.credentials, 'zh')).toMatch(/用户名和密码/);
    expect(t(PROBLEM_KEY['not-couchdb'], 'en')).toMatch(/not CouchDB/);
  });
});

describe('notebook/test in the background', () => {
  it('tests with the typed password, or the stored one when the form leaves it out; never throws for a server', async () => {
    const { handleMessage } = await import('../../lib/messages/handler');
    const { PledgemarkDB } = await import('../../lib/store/db');
    const { AnnotationRepository } = await import('../../lib/store/repository');
    const repo = new AnnotationRepository(new PledgemarkDB(`conn-${Math.random()}`));
    const { fetch, calls } = couch();
    const sync = { storedPassword: async (id: string) => (id === 'nb1' ? 'pw' : undefined) } as never;
    const nb = { id: 'nb1', server: 'https://couch.example.org/', db: 'newsroom', username: 'alice', author: 'A', shareByDefault: false };
    expect(await handleMessage({ type: 'notebook/test', notebook: nb }, { repo, sync, fetch })).toEqual({ ok: true, data: { ok: true, serverVersion: 'CouchDB 3.4.2', docCount: 42 } });
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe(GOOD);
    expect(await handleMessage({ type: 'notebook/test', notebook: { ...nb, password: 'nope' } }, { repo, sync, fetch })).toMatchObject({ ok: true, data: { ok: false, problem: 'credentials' } });
    expect(await handleMessage({ type: 'notebook/test', notebook: { ...nb, id: 'new' } }, { repo, sync, fetch })).toEqual({ ok: false, error: 'Type the password to test this notebook' });
  });
});
