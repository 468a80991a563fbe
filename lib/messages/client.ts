import { z } from 'zod';
import { browser } from 'wxt/browser';
import { formatZodError } from '../schema/errors';
import { RequestSchema, ResponseSchemas, type Envelope, type Request, type ResponseFor } from './protocol';
import { TabRequestSchema, TabResponseSchemas, type TabRequest, type TabResponseFor } from './tab';

/** The start of the error when the background did not answer (the service worker stopped, the extension reloaded). */
export const NO_BACKGROUND_ANSWER = 'No answer from the Pledgemark background';

/** Sends one message and resolves with whatever came back (a test passes handleMessage here). */
export type Transport = (message: unknown) => Promise<unknown>;

export const runtimeTransport: Transport = (message) => browser.runtime.sendMessage(message);
export const tabTransport =
  (tabId: number): Transport =>
  (message) =>
    browser.tabs.sendMessage(tabId, message);

const EnvelopeShape = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Sends `req`, checks the answer's shape and the data against `responseSchema`. Never throws. */
async function exchange<T>(
  req: unknown,
  requestSchema: z.ZodType,
  responseSchema: z.ZodType<T>,
  transport: Transport,
  noAnswer: string,
): Promise<Envelope<T>> {
  const r = requestSchema.safeParse(req);
  if (!r.success) return { ok: false, error: `Invalid request: ${formatZodError(r.error)}` };
  let raw: unknown;
  try {
    raw = await transport(r.data);
  } catch (e) {
    return { ok: false, error: `${noAnswer} (${messageOf(e)})` };
  }
  if (raw === undefined) return { ok: false, error: noAnswer };
  const env = EnvelopeShape.safeParse(raw);
  if (!env.success) return { ok: false, error: `Malformed answer: ${formatZodError(env.error)}` };
  if (!env.data.ok) return { ok: false, error: env.data.error };
  const data = responseSchema.safeParse(env.data.data);
  if (!data.success) return { ok: false, error: `Invalid answer: ${formatZodError(data.error)}` };
  return { ok: true, data: data.data };
}

/** Content script / popup → background. Resolves with an Envelope; the data is validated. */
export function sendMessage<T extends Request>(req: T, transport: Transport = runtimeTransport): Promise<Envelope<ResponseFor<T['type']>>> {
  const schema = ResponseSchemas[req.type] as unknown as z.ZodType<ResponseFor<T['type']>>;
  return exchange(req, RequestSchema, schema, transport, NO_BACKGROUND_ANSWER);
}

/** Popup / background → the content script of tab `tabId`. */
export function sendToTab<T extends TabRequest>(
  tabId: number,
  req: T,
  transport: Transport = tabTransport(tabId),
): Promise<Envelope<TabResponseFor<T['type']>>> {
  const schema = TabResponseSchemas[req.type] as unknown as z.ZodType<TabResponseFor<T['type']>>;
  return exchange(req, TabRequestSchema, schema, transport, 'Pledgemark is not running on this page');
}

/** Like sendMessage, but resolves with the data and rejects with Error(error). */
export async function call<T extends Request>(req: T, transport?: Transport): Promise<ResponseFor<T['type']>> {
  const env = await sendMessage(req, transport);
  if (!env.ok) throw new Error(env.error);
  return env.data;
}
