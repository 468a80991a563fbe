import { DEFAULT_CITATION } from '../../lib/export/citation';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ItemKind } from '../../lib/schema/item';
import { SiteSchema, type Settings, type SettingsPatch } from '../../lib/schema/settings';
import { isGovCn, normaliseSite } from '../../lib/settings/sites';
import { currentLang, setLanguage, t } from '../../lib/i18n';
import { readLimited } from '../../lib/evidence/limits';
import { downloadFile, type PopupApi } from '../popup/api';
import { KIND_KEY } from '../popup/SavedRow';
import { NotebooksSection } from './Notebooks';

export type OptionsApi = Pick<PopupApi, 'send' | 'requestHostPermission'> & Partial<Pick<PopupApi, 'download' | 'requestOrigin' | 'dropOrigin'>>;

const KINDS = ItemKind.options;

function SiteList({
  testid,
  sites,
  onAdd,
  onRemove,
}: {
  testid: string;
  sites: string[];
  onAdd: (host: string) => Promise<string | null>;
  onRemove: (host: string) => void;
}) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    const host = normaliseSite(draft);
    if (!SiteSchema.safeParse(host).success) {
      setError(t('invalidSite'));
      return;
    }
    const err = await onAdd(host);
    setError(err);
    if (!err) setDraft('');
  };
  return (
    <div data-testid={testid}>
      {sites.length === 0 ? (
        <p class="empty">{t('none')}</p>
      ) : (
        <ul class="site-list">
          {sites.map((s) => (
            <li key={s}>
              <span>{s}</span>
              <button type="button" class="link" onClick={() => onRemove(s)}>
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="add" onSubmit={add}>
        <input type="text" value={draft} placeholder={t('sitePlaceholder')} onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit">{t('addSite')}</button>
      </form>
      {error && <p class="error">{error}</p>}
    </div>
  );
}

/**
 * "Backup & restore" — one file with everything (backup/export); restore from a file after
 * a confirmation (backup/restore, all or nothing); a rejected file's exact message is shown.
 */
export function BackupSection({ api, onRestored }: { api: OptionsApi; onRestored?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ name: string; json: string } | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const download = async () => {
    setBusy(true);
    setMsg(null);
    const r = await api.send({ type: 'backup/export' });
    setBusy(false);
    if (!r.ok) {
      setMsg({ ok: false, text: r.error });
      return;
    }
    (api.download ?? downloadFile)(r.data);
  };

  const previous = async () => {
    setBusy(true);
    setMsg(null);
    const r = await api.send({ type: 'backup/previous' });
    setBusy(false);
    if (!r.ok) setMsg({ ok: false, text: r.error });
    else if (!r.data) setMsg({ ok: true, text: t('noPrevious') });
    else (api.download ?? downloadFile)(r.data);
  };

  const choose = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setMsg(null);
    try {
      const json = await readLimited(file);
      if (json === null) setMsg({ ok: false, text: t('fileTooLarge') });
      else setPending({ name: file.name, json });
    } catch (err) {
      setMsg({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };

  const restore = async () => {
    if (!pending) return;
    setBusy(true);
    const r = await api.send({ type: 'backup/restore', json: pending.json });
    setBusy(false);
    setPending(null);
    if (!r.ok) {
      setMsg({ ok: false, text: r.error });
      return;
    }
    const d = r.data;
    const kept = d.backupBefore ? `. ${t('backupBeforeKept')} ${t('downloadPrevious')}.` : '';
    setMsg({ ok: true, text: `${t('restored')}: ${d.annotations} ${t('annotationsCount')}, ${d.snapshots} ${t('snapshotsCount')}, ${d.settings} ${t('settingsCount')}${kept}` });
    onRestored?.();
  };

  return (
    <section class="backup" data-testid="backup">
      <h2>{t('backupHeading')}</h2>
      <p class="help">{t('backupHelp')}</p>
      <div class="actions">
        <button type="button" data-testid="backup-download" disabled={busy} onClick={() => void download()}>
          {t('downloadBackup')}
        </button>
        <label class="import">
          {t('restoreFromFile')}{' '}
          <input type="file" accept=".json,application/json" data-testid="backup-file" disabled={busy} onChange={(e) => void choose(e)} />
        </label>
        <button type="button" data-testid="backup-previous" disabled={busy} onClick={() => void previous()}>
          {t('downloadPrevious')}
        </button>
      </div>
      {pending && (
        <div class="confirm" role="alertdialog" data-testid="backup-confirm-box">
          <p>
            {t('restoreConfirm')} <strong>{pending.name}</strong>
          </p>
          <button type="button" class="primary" data-testid="backup-confirm" disabled={busy} onClick={() => void restore()}>
            {t('restore')}
          </button>{' '}
          <button type="button" data-testid="backup-cancel" disabled={busy} onClick={() => setPending(null)}>
            {t('cancel')}
          </button>
        </div>
      )}
      {msg && (
        <p class={msg.ok ? 'message ok' : 'message error'} role="status" data-testid="backup-message">
          {msg.text}
        </p>
      )}
    </section>
  );
}

export function OptionsApp({ api }: { api: OptionsApi }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const notebookApi = useMemo(
    () => (api.requestOrigin && api.dropOrigin ? { send: api.send, requestOrigin: api.requestOrigin, dropOrigin: api.dropOrigin } : null),
    [api],
  );

  const loadSettings = () => void api.send({ type: 'settings/get' }).then((r) => (r.ok ? setSettings(r.data) : setError(r.error)));
  useEffect(loadSettings, [api]);

  const save = async (patch: SettingsPatch): Promise<string | null> => {
    const r = await api.send({ type: 'settings/set', settings: patch });
    if (!r.ok) {
      setError(r.error);
      return r.error;
    }
    setError(null);
    setSettings(r.data);
    setSaved(true);
    return null;
  };

  if (!settings) return <div class="options">{error ? <p class="message error">{error}</p> : <p class="empty">{t('loading')}</p>}</div>;

  const addExtra = async (host: string) => {
    // The permission prompt first, while the click still counts as a user gesture.
    if (!isGovCn(host) && !(await api.requestHostPermission(host))) return t('permissionDenied');
    return save({
      enabledSites: settings.enabledSites.includes(host) ? settings.enabledSites : [...settings.enabledSites, host],
      disabledSites: settings.disabledSites.filter((s) => s !== host),
    });
  };
  const addDisabled = (host: string) =>
    save({ disabledSites: settings.disabledSites.includes(host) ? settings.disabledSites : [...settings.disabledSites, host] });

  return (
    <div class="options">
      <h1>{t('optionsTitle')}</h1>

      <h2>{t('sitesHeading')}</h2>
      <p class="help">{t('sitesHelp')}</p>
      <h3>{t('extraSites')}</h3>
      <SiteList testid="extra-sites" sites={settings.enabledSites} onAdd={addExtra} onRemove={(h) => void save({ enabledSites: settings.enabledSites.filter((s) => s !== h) })} />
      <h3>{t('disabledSites')}</h3>
      <SiteList testid="disabled-sites" sites={settings.disabledSites} onAdd={addDisabled} onRemove={(h) => void save({ disabledSites: settings.disabledSites.filter((s) => s !== h) })} />

      <h2>{t('highlighting')}</h2>
      <label class="check">
        <input type="checkbox" data-testid="auto-highlight" checked={settings.autoHighlight} onChange={(e) => void save({ autoHighlight: (e.currentTarget as HTMLInputElement).checked })} />
        {t('autoHighlight')}
      </label>

      <h2>{t('kindsToShow')}</h2>
      {KINDS.map((k) => (
        <label class="check" key={k}>
          <input
            type="checkbox"
            data-testid={`kind-${k}`}
            checked={settings.kinds.includes(k)}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              void save({ kinds: on ? KINDS.filter((x) => x === k || settings.kinds.includes(x)) : settings.kinds.filter((x) => x !== k) });
            }}
          />
          {t(KIND_KEY[k])}
        </label>
      ))}

      <h2>{t('languageHeading')}</h2>
      <select
        data-testid="language"
        value={settings.language}
        onChange={(e) => {
          const pref = (e.currentTarget as HTMLSelectElement).value as Settings['language'];
          // Switched before the save re-draws the page, so the page redraws in the new language.
          setLanguage(pref);
          document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';
          void save({ language: pref });
        }}
      >
        <option value="auto">{t('languageAuto')}</option>
        <option value="zh">中文</option>
        <option value="en">English</option>
      </select>

      <h2>{t('citationHeading')}</h2>
      <p class="help">{t('citationHelp')}</p>
      <textarea
        class="citation-template"
        data-testid="citation-template"
        rows={2}
        maxLength={400}
        placeholder={DEFAULT_CITATION[currentLang()]}
        value={settings.citationTemplate}
        onChange={(e) => void save({ citationTemplate: (e.currentTarget as HTMLTextAreaElement).value })}
      />

      <h2>{t('versionsHeading')}</h2>
      <label class="check">
        {t('versionsKept')}{' '}
        <input
          type="number"
          min={2}
          max={100}
          data-testid="max-versions"
          value={settings.maxVersionsPerPage}
          onChange={(e) => {
            const n = Math.round(Number((e.currentTarget as HTMLInputElement).value));
            if (Number.isFinite(n)) void save({ maxVersionsPerPage: Math.min(100, Math.max(2, n)) });
          }}
        />
      </label>
      <p class="help">{t('versionsHelp')}</p>

      {notebookApi && <NotebooksSection api={notebookApi} />}

      <BackupSection api={api} onRestored={loadSettings} />

      {error && <p class="message error">{error}</p>}
      {saved && !error && (
        <p class="message ok" role="status" data-testid="options-saved">
          {t('saved')}
        </p>
      )}
    </div>
  );
}
