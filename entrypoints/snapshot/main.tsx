import { render } from 'preact';
import { SnapshotView } from '../../components/snapshot/SnapshotView';
import { messageSnapshotSource } from '../../components/snapshot/source';
import { runtimeTransport } from '../../lib/messages/client';
import { channelTransport } from '../../lib/messages/bulk';
import type { Snapshot } from '../../lib/schema/snapshot';

// snapshot.html?url=<page URL>&version=<N> — a stored snapshot, read through the background.
const params = new URLSearchParams(location.search);
const url = params.get('url') ?? '';
const v = Number(params.get('version'));
const version = Number.isInteger(v) && v > 0 ? v : undefined;
const noteId = params.get('note') ?? undefined;

function onVersionChange(next: number): void {
  const p = new URLSearchParams(location.search);
  p.set('version', String(next));
  history.replaceState(null, '', `${location.pathname}?${p.toString()}`);
}

function onLoad(s: Snapshot): void {
  document.title = `${s.title || s.url} — v${s.version} — Pledgemark snapshot`;
}

render(
  <SnapshotView source={messageSnapshotSource(channelTransport(runtimeTransport))} url={url} version={version} onVersionChange={onVersionChange} onLoad={onLoad} noteId={noteId} />,
  document.getElementById('app')!,
);
