// Commands of the change history and of connector versions. Same contract as
// `ipc`: every rejection is an IpcFailure.
import { call } from './ipc';
import type { ChangeRetention } from './bindings/ChangeRetention';
import type { ConnectorVersion } from './bindings/ConnectorVersion';
import type { ConnectorVersionDiff } from './bindings/ConnectorVersionDiff';
import type { HistoryPage } from './bindings/HistoryPage';
import type { HistoryQuery } from './bindings/HistoryQuery';

export const historyIpc = {
  /** One page of the change history, newest first; bad dates are field errors `from` / `to`. */
  listChangeHistory: (query: HistoryQuery) => call<HistoryPage>('list_change_history', { query }),
  /** Every entry the filters match, oldest first, one JSON object per line. */
  exportChangeHistory: (query: HistoryQuery) => call<string>('export_change_history', { query }),
  getChangeRetention: () => call<ChangeRetention>('get_change_retention'),
  setChangeRetention: (retention: ChangeRetention) => call<ChangeRetention>('set_change_retention', { retention }),
  listConnectorVersions: (identifier: string) => call<ConnectorVersion[]>('list_connector_versions', { identifier }),
  getConnectorVersion: (identifier: string, version: number) =>
    call<string>('get_connector_version', { identifier, version }),
  diffConnectorVersions: (identifier: string, from: number, to: number) =>
    call<ConnectorVersionDiff>('diff_connector_versions', { identifier, from, to }),
  /** Saves `version`'s text as a new version; resolves with the new one. */
  rollBackConnector: (identifier: string, version: number) =>
    call<ConnectorVersion>('roll_back_connector', { identifier, version }),
};
