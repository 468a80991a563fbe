import { z } from 'zod';
import { AnnotationKind, NewAnnotationSchema } from '../schema/annotation';
import { ItemFields } from '../schema/item';
import { SnapshotPayload } from './protocol';

/**
 * The channel between the content script and the annotator frame (annotator.html, an extension page framed in
 * the web page, which shows and edits the reader's notes): a MessageChannel of their own.
 *
 * - Opening it: once the frame has loaded, the content script posts `pm:connect` with the nonce the frame was
 *   created with (in its URL, inside the closed shadow root) and one end of the channel, to the frame's window
 *   with the extension's origin as target — so only our page gets it. The frame takes it only from its parent
 *   and with that nonce: a page that frames annotator.html itself cannot connect to it.
 * - Then every command and event goes over the channel, which the page's scripts neither hear (no message
 *   event on the page's window) nor can write to. Even so, a command says only WHICH passage (the page's own
 *   text and offsets) and never carries a note or a tag — the frame reads those from the background — and an
 *   event says only that something happened (ready, its size, saved, closed).
 */

/** A saved annotation (or a new one) as the content script sees it on the page: everything but the note and tags. */
export const FrameTargetSchema = z.object({
  /** The record to save, with an empty note and no tags (the frame fills them in). */
  annotation: NewAnnotationSchema,
  /** Saved already: the frame loads its note and tags by id and updates it. */
  existingId: z.string().min(1).nullable(),
  /** The page's text, stored with the first save of a page. */
  snapshot: SnapshotPayload.optional(),
});
export type FrameTarget = z.infer<typeof FrameTargetSchema>;

/** The tooltip of a saved annotation: its item's parsed fields (the page's text) and, changed, the text now. */
export const FrameViewSchema = z.object({
  id: z.string().min(1),
  kind: AnnotationKind,
  text: z.string(),
  fields: ItemFields,
  approximate: z.boolean().optional(),
  /** The text at its place now, when it differs from the saved quote. */
  now: z.string().nullable(),
});
export type FrameView = z.infer<typeof FrameViewSchema>;

const Nonce = z.string().min(16).max(128);
const Serial = z.number().int().nonnegative();

export const FrameCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pm:edit'), nonce: Nonce, serial: Serial, url: z.string(), target: FrameTargetSchema }),
  z.object({ type: z.literal('pm:view'), nonce: Nonce, serial: Serial, url: z.string(), view: FrameViewSchema }),
  z.object({ type: z.literal('pm:hide'), nonce: Nonce, serial: Serial }),
]);
export type FrameCommand = z.infer<typeof FrameCommandSchema>;
/** A command as the content script writes it (the frame link adds the nonce). */
export type FrameOrder = FrameCommand extends infer C ? (C extends unknown ? Omit<C, 'nonce'> : never) : never;

/** The first message, on the frame's window, carrying the channel's port (event.ports[0]). */
export const FrameConnectSchema = z.object({ type: z.literal('pm:connect'), nonce: Nonce });

export const FrameEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pm:ready') }),
  /** What the frame's content measures for command `serial` (the content script sizes and shows the frame). */
  z.object({ type: z.literal('pm:size'), serial: Serial, width: z.number().nonnegative(), height: z.number().nonnegative() }),
  z.object({ type: z.literal('pm:saved'), serial: Serial }),
  z.object({ type: z.literal('pm:closed'), serial: Serial }),
]);
export type FrameEvent = z.infer<typeof FrameEventSchema>;

/** The annotator page's path in the extension. */
export const ANNOTATOR_PATH = '/annotator.html';
