import { z } from 'zod';
import { AnnotationKind, NewAnnotationSchema } from '../schema/annotation';
import { ItemFields } from '../schema/item';
import { SnapshotPayload } from './protocol';

/**
 * The channel between the content script and the annotator frame (annotator.html, an extension page framed in
 * the web page, which shows and edits the reader's notes). window.postMessage both ways, so what crosses is seen
 * by others and is checked by each side:
 *
 * - content script → frame: posted to the frame's window with the extension's origin as target, so only our
 *   page gets it. It says WHICH passage (the page's own text and offsets) and never carries a note or a tag:
 *   the frame reads those from the background. Each command carries the nonce the frame was created with (in
 *   its URL, inside the closed shadow root): a page that frames annotator.html itself cannot command it.
 * - frame → content script: posted to the parent window, where the page's scripts see it too. So it says only
 *   that something happened (ready, its size, saved, closed), never what was written. The content script takes
 *   it only from its own frame's window and the extension's origin, which a page cannot forge.
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
