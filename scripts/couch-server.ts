/**
 * A CouchDB-compatible server on loopback to try shared notebooks with, or for CI:
 *   npm run couch                 → http://127.0.0.1:5984/, database "newsroom", users alice/bob (see below)
 *   npm run couch -- --port 0 --ci → a free port, no demo data; prints PLEDGEMARK_TEST_COUCH=<admin URL>
 * pouchdb-server --in-memory (nothing is written to disk; all is gone when it stops), bound to 127.0.0.1 only.
 * Stops on Ctrl-C or SIGTERM.
 */
import { startPouchdbServer } from '../tests/helpers/couch-server';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 5984;
const ci = args.includes('--ci');

const server = await startPouchdbServer({ port: port || undefined, admin: { username: 'admin', password: ci ? `ci-${process.pid}-${Date.now()}` : 'admin' } });
const auth = `Basic ${Buffer.from(`${server.admin.username}:${server.admin.password}`).toString('base64')}`;
const put = async (path: string, body?: unknown) => {
  const r = await fetch(server.direct + path, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!r.ok) throw new Error(`PUT ${path}: ${r.status} ${await r.text()}`);
};

if (ci) {
  const u = new URL(server.direct);
  u.username = server.admin.username;
  u.password = server.admin.password;
  console.log(`PLEDGEMARK_TEST_COUCH=${u.href}`);
} else {
  for (const [name, password] of [['alice', 'alice-pw'], ['bob', 'bob-pw']]) {
    await put(`_users/org.couchdb.user:${name}`, { name, password, roles: [], type: 'user' });
  }
  await put('newsroom');
  await put('newsroom/_security', { admins: { names: [], roles: [] }, members: { names: ['alice', 'bob'], roles: [] } });
  console.log(`Demo server at ${server.direct} (in memory: everything goes when it stops)
  notebook: server ${server.direct}  database newsroom
  users:    alice / alice-pw, bob / bob-pw (members of newsroom); admin / admin
Ctrl-C stops it.`);
}

const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
