import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { RegistryQuery } from '../../bindings/RegistryQuery';
import { registryIpc } from '../../ipcRegistry';
import type { RegistryFilters } from './registryStore';

/** Rows per query_registry call: a few screens' worth, well under the backend's 500. */
export const PAGE_SIZE = 200;

export const registryKeys = {
  /** Prefix of everything the registry caches: any change to instances or platforms invalidates it. */
  all: ['registry'] as const,
  facets: ['registry', 'facets'] as const,
  page: (filters: RegistryFilters, index: number) => ['registry', 'page', filters, index] as const,
};

export function toQuery(filters: RegistryFilters, pageIndex: number): RegistryQuery {
  return { ...filters, search: filters.search.trim(), offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE };
}

export function pageQueryOptions(filters: RegistryFilters, index: number) {
  return {
    queryKey: registryKeys.page(filters, index),
    queryFn: () => registryIpc.queryRegistry(toQuery(filters, index)),
  };
}

/**
 * The first page carries the total, which sizes the table. While another query
 * loads, the previous one stays on screen instead of collapsing to a spinner.
 */
export function useFirstRegistryPage(filters: RegistryFilters) {
  return useQuery({ ...pageQueryOptions(filters, 0), placeholderData: keepPreviousData });
}

export function useRegistryFacets() {
  return useQuery({ queryKey: registryKeys.facets, queryFn: registryIpc.registryFacets });
}

export function invalidateRegistry(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: registryKeys.all });
}
