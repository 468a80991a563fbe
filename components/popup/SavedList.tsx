import type { Annotation } from '../../lib/schema/annotation';
import { t } from '../../lib/i18n';
import { safeHref } from '../../lib/util/url';
import { SavedRow, type SavedRowProps } from './SavedRow';
import { snapshotHrefFor, type VersionInfo } from './evidence';

export interface PageGroup {
  url: string;
  title: string;
  rows: Annotation[];
}
export interface SiteGroup {
  site: string;
  count: number;
  pages: PageGroup[];
}

/** Groups rows by site, then page, in order of first appearance (rows are newest first). */
export function groupBySiteAndPage(rows: readonly Annotation[]): SiteGroup[] {
  const sites = new Map<string, { site: string; count: number; pages: Map<string, PageGroup> }>();
  for (const a of rows) {
    let s = sites.get(a.site);
    if (!s) sites.set(a.site, (s = { site: a.site, count: 0, pages: new Map() }));
    s.count += 1;
    let p = s.pages.get(a.url);
    if (!p) s.pages.set(a.url, (p = { url: a.url, title: a.title, rows: [] }));
    p.rows.push(a);
  }
  return [...sites.values()].map((s) => ({ site: s.site, count: s.count, pages: [...s.pages.values()] }));
}

export interface SavedListProps extends Pick<SavedRowProps, 'onUpdate' | 'onDelete' | 'onCite' | 'notebooks' | 'onResolve'> {
  /** Already limited by the caller (one page of results); rendering cost follows this length. */
  rows: readonly Annotation[];
  /** The stored snapshot versions of the rows' pages (snapshot/versions); rows of those pages link to theirs. */
  versions?: Record<string, readonly VersionInfo[]>;
}

/** The "All saved" list: site headings, page headings, rows. */
export function SavedList({ rows, onUpdate, onDelete, onCite, versions, notebooks, onResolve }: SavedListProps) {
  const groups = groupBySiteAndPage(rows);
  if (!rows.length) return <p class="empty">{t('noSaved')}</p>;
  return (
    <div class="saved-list" data-testid="saved-list">
      {groups.map((g) => (
        <section class="site-group" key={g.site}>
          <h3 class="site-head">
            <span>{g.site || '—'}</span>
            <span class="count">{g.count}</span>
          </h3>
          {g.pages.map((p) => {
            const href = safeHref(p.url);
            return (
              <div class="page-group" key={p.url}>
                <h4 class="page-head" title={p.url}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {p.title || p.url}
                    </a>
                  ) : (
                    p.title || p.url
                  )}
                </h4>
                <ul class="rows">
                  {p.rows.map((a) => (
                    <SavedRow key={a.id} a={a} onUpdate={onUpdate} onDelete={onDelete} onCite={onCite} snapshotHref={snapshotHrefFor(a, versions)} notebooks={notebooks} onResolve={onResolve} />
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
}
