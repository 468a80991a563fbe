import type { z } from 'zod';
import { buildExport, parseImport, ImportError } from '../export';
import type { AnnotationRepository } from '../store/repository';
import type { SnapshotRepository } from '../store/snapshots';
import { StoreError, formatZodError } from '../store/errors';
import { RequestSchema, ResponseSchemas, type Envelope, type Request, type ResponseFor } from './protocol';

/** What the handler works on; the background passes the real ones, tests pass fake-indexeddb ones. */
export interface HandlerDeps {
  repo: AnnotationRepository;
  snapshots?: SnapshotRepository;
  now?: () => Date;
}

type AnyResponse = ResponseFor<Request['type']>;

async function answer(req: Request, deps: HandlerDeps): Promise<unknown> {
  const { repo } = deps;
  switch (req.type) {
    case 'annotation/save':
      return repo.save(req.annotation);
    case 'annotation/update':
      return repo.update(req.id, { note: req.note, tags: req.tags });
    case 'annotation/delete':
      return { deleted: await repo.delete(req.id) };
    case 'annotation/forPage':
      return repo.forPage(req.url);
    case 'annotation/list':
      return repo.list(req.query);
    case 'annotation/facets':
      return repo.facets();
    case 'export': {
      const list = req.url !== undefined ? await repo.forPage(req.url) : await repo.all();
      return buildExport(req.format, list, deps.now?.() ?? new Date());
    }
    case 'import':
      return repo.importMany(parseImport(req.json));
    case 'snapshot/get':
      if (!deps.snapshots) throw new StoreError('storage', 'Snapshots are not available here');
      return deps.snapshots.get(req.url, req.version);
    case 'settings/get':
      return repo.getSettings();
    case 'settings/set':
      return repo.setSettings(req.settings);
  }
}

/**
 * The background's one entry point: validates the request, runs it, validates the answer.
 * Never throws: every failure comes back as { ok: false, error } with a message for the reader.
 */
export async function handleMessage(request: unknown, deps: HandlerDeps | AnnotationRepository): Promise<Envelope<AnyResponse>> {
  const d: HandlerDeps = 'repo' in deps ? deps : { repo: deps };
  const parsed = RequestSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: `Invalid request: ${formatZodError(parsed.error)}` };
  const req = parsed.data;
  try {
    const data = await answer(req, d);
    const schema = ResponseSchemas[req.type] as z.ZodType<AnyResponse>;
    const out = schema.safeParse(data);
    if (!out.success) return { ok: false, error: `Invalid response to ${req.type}: ${formatZodError(out.error)}` };
    return { ok: true, data: out.data };
  } catch (e) {
    if (e instanceof StoreError || e instanceof ImportError) return { ok: false, error: e.message };
    return { ok: false, error: `${req.type} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
