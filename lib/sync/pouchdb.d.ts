/**
 * The few PouchDB types this project uses. (The DefinitelyTyped packages declare a global `Buffer` interface that
 * clashes with Node's own, so the parts used are declared here.)
 */
declare namespace PouchDB {
  interface Response {
    ok?: boolean;
    id: string;
    rev: string;
  }
  interface ErrorResult {
    error: string | boolean;
    reason?: string;
    message?: string;
    status?: number;
    id?: string;
  }
  interface ChangesResult<T> {
    results: Array<{ id: string; seq: number | string; deleted?: boolean; changes: Array<{ rev: string }>; doc?: T & { _id: string; _rev: string } }>;
    last_seq: number | string;
  }
  interface ReplicationHandle extends Promise<unknown> {
    on(event: string, listener: (...args: any[]) => void): this;
    cancel(): void;
  }
  interface Database<T extends object = Record<string, unknown>> {
    readonly name: string;
    get(id: string, opts?: { conflicts?: boolean; rev?: string; revs?: boolean }): Promise<T & { _id: string; _rev: string; _conflicts?: string[] }>;
    put(doc: T & { _id: string; _rev?: string }, opts?: object): Promise<Response>;
    bulkDocs(docs: Array<Record<string, unknown>>, opts?: { new_edits?: boolean }): Promise<Array<Response | ErrorResult>>;
    changes(opts: { since?: number | string; limit?: number; include_docs?: boolean; conflicts?: boolean }): Promise<ChangesResult<T>>;
    allDocs(opts?: { include_docs?: boolean; keys?: string[]; limit?: number }): Promise<{ total_rows: number; rows: Array<{ id: string; value: { rev: string; deleted?: boolean }; doc?: T }> }>;
    info(): Promise<{ doc_count: number; update_seq: number | string; db_name: string }>;
    destroy(): Promise<unknown>;
    close(): Promise<void>;
    replicate: {
      to(target: Database<any> | string, opts?: object): ReplicationHandle;
      from(source: Database<any> | string, opts?: object): ReplicationHandle;
    };
    sync(other: Database<any> | string, opts?: object): ReplicationHandle;
  }
  interface Static {
    new <T extends object = Record<string, unknown>>(name: string, opts?: object): Database<T>;
    plugin(plugin: unknown): Static;
    defaults(opts: object): Static;
  }
}

declare module 'pouchdb-core' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
