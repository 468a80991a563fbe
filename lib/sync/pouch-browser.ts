import PouchDB from 'pouchdb-core';
import idb from 'pouchdb-adapter-idb';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import type { NotebookConfig } from '../schema/notebook';
import { basicAuth, databaseUrl, serverBase } from './connection';

/**
 * PouchDB as the background uses it: the IndexedDB adapter for the local replicas, HTTP for the servers, and the
 * replicator. The modular packages rather than `pouchdb-browser`: that one also bundles map/reduce, which nothing
 * here queries.
 */
const Pouch = PouchDB.plugin(idb).plugin(http).plugin(replication);

export function browserReplica(name: string): PouchDB.Database {
  return new Pouch(name, { adapter: 'idb' });
}

/**
 * The notebook's database on its server. The password goes as a Basic header, set on each request by our fetch
 * and only when the request is for this server (anything else is refused before it leaves); no cookies. The
 * database is never created from here (skip_setup): the newsroom's admin makes it, with its members.
 */
export function browserRemote(config: NotebookConfig): PouchDB.Database {
  const base = serverBase(config.server);
  const auth = basicAuth(config.username, config.password);
  return new Pouch(databaseUrl(config.server, config.db), {
    adapter: 'http',
    skip_setup: true,
    fetch: (url: string | URL, init: RequestInit = {}) => {
      const target = String(url);
      if (!target.startsWith(base)) return Promise.reject(new Error(`refused: ${new URL(target).origin} is not this notebook's server`));
      const headers = new Headers(init.headers);
      headers.set('Authorization', auth);
      return fetch(target, { ...init, headers, credentials: 'omit' });
    },
  });
}
