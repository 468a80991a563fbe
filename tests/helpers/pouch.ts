/** PouchDB for Node tests and the benchmark: the in-memory adapter for local replicas, HTTP for the server. */
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';

export const NodePouch: PouchDB.Static = PouchDB.plugin(memory).plugin(http).plugin(replication);

/** A fresh in-memory replica with a unique name. */
export function memoryReplica(prefix = 'replica'): PouchDB.Database {
  return new NodePouch(`${prefix}-${Math.random().toString(36).slice(2)}`, { adapter: 'memory' });
}
