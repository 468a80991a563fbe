import { z } from 'zod';
import { ItemKind } from './item';

/** A host name as the reader types it: lower-case, no scheme, no path ("www.example.com"). */
export const SiteSchema = z
  .string()
  .min(1)
  .regex(/^[a-z0-9.-]+$/, 'a host name such as www.example.com (no scheme, no path)');

/**
 * The reader's settings (options page), stored by the background and read by the content script
 * through `settings/get`. gov.cn hosts run by default; `enabledSites` adds other hosts,
 * `disabledSites` switches single hosts off (wins over both).
 */
export const SettingsSchema = z.object({
  enabledSites: z.array(SiteSchema),
  disabledSites: z.array(SiteSchema),
  autoHighlight: z.boolean(),
  kinds: z.array(ItemKind),
  /**
   * How many stored versions of a page's text to keep (the first, which the notes were taken on, and the
   * latest ones). A page whose text changes on every visit would otherwise gain a version each time.
   */
  maxVersionsPerPage: z.number().int().min(2).max(100),
  /** The reader's citation template ({clause} {title} {body} {date} {link}); empty: the UI language's default. */
  citationTemplate: z.string().max(400),
  /** The UI language: the browser's (auto), or the reader's choice. */
  language: z.enum(['auto', 'en', 'zh']),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  enabledSites: [],
  disabledSites: [],
  autoHighlight: true,
  kinds: [...ItemKind.options],
  maxVersionsPerPage: 10,
  citationTemplate: '',
  language: 'auto',
};

/** A partial update for `settings/set`: only the keys given change. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
