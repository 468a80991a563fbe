import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/schema/annotation';
import { citation } from '../../lib/export/citation';
import { currentLang } from '../../lib/i18n';
import type { PopupApi } from './api';

/** "Copy citation" for the rows: the reader's template from the settings (read once), copied through the api. */
export function useCite(api: PopupApi): (a: Annotation) => Promise<void> {
  const [template, setTemplate] = useState('');
  useEffect(() => {
    let live = true;
    void api.send({ type: 'settings/get' }).then((r) => {
      if (live && r.ok) setTemplate(r.data.citationTemplate);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return (a) => api.copy(citation(a, currentLang(), template));
}
