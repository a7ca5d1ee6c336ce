import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { HistoryQuery } from '../../bindings/HistoryQuery';
import { historyIpc } from '../../ipcHistory';

/** The change history for these filters; refetched whenever it is shown (changes happen everywhere). */
export function useChangeHistory(query: HistoryQuery) {
  return useQuery({
    queryKey: ['changeHistory', query],
    queryFn: () => historyIpc.listChangeHistory(query),
    staleTime: 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useExportChangeHistory() {
  return useMutation({ mutationFn: (query: HistoryQuery) => historyIpc.exportChangeHistory(query) });
}
