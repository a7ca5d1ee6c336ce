import { useEffect, useState } from 'react';
import { Button, Checkbox, Group, MultiSelect, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import type { RegistryFacets } from '../../bindings/RegistryFacets';
import type { Tag } from '../../bindings/Tag';
import { usePlatformTypes } from '../../queries';
import { outcomeLabel } from '../platforms/InstanceStatus';
import { PUBLICATION_LABELS } from '../offering/PublicationBadge';
import type { Publication } from '../../bindings/Publication';
import {
  clearRegistryFilters,
  hasActiveFilters,
  onRegistryFiltersCleared,
  updateRegistryFilters,
  type RegistryFilters,
} from './registryStore';

const SEARCH_DELAY_MS = 200;
const EMPTY_FACETS: RegistryFacets = {
  typeIds: [],
  environments: [],
  locations: [],
  publications: [],
  statuses: [],
  tags: [],
};

// Tag keys cannot contain '=', so the first one separates key and value.
const tagValue = (tag: Tag) => `${tag.key}=${tag.value}`;
function parseTag(value: string): Tag {
  const at = value.indexOf('=');
  return { key: value.slice(0, at), value: value.slice(at + 1) };
}

export function statusFilterLabel(status: string): string {
  return status === 'untested' ? 'Untested' : outcomeLabel(status);
}

/** A chosen value the facets no longer list (e.g. its last instance was deleted) stays visible and removable. */
function options(values: string[], chosen: string[], label: (value: string) => string = (v) => v) {
  return [...new Set([...values, ...chosen])].map((value) => ({ value, label: label(value) }));
}

interface FacetFilterProps {
  label: string;
  /** The placeholder while nothing is chosen. */
  any: string;
  values: string[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  labelOf?: (value: string) => string;
  searchable?: boolean;
  w: number;
  testId: string;
}

/** One filter over a facet's values: any of the chosen ones matches. */
function FacetFilter({ label, any, values, chosen, onChange, labelOf, searchable = true, w, testId }: FacetFilterProps) {
  return (
    <MultiSelect
      label={label}
      placeholder={chosen.length ? undefined : any}
      data={options(values, chosen, labelOf)}
      value={chosen}
      onChange={onChange}
      searchable={searchable}
      clearable
      w={w}
      data-testid={testId}
    />
  );
}

interface RegistryFilterBarProps {
  filters: RegistryFilters;
  facets: RegistryFacets | undefined;
}

export function RegistryFilterBar({ filters, facets = EMPTY_FACETS }: RegistryFilterBarProps) {
  const types = usePlatformTypes();
  const typeLabel = (id: string) => types.data?.find((t) => t.identifier === id)?.displayName ?? id;

  // The input answers every key at once; the query follows once typing pauses.
  const [search, setSearch] = useState(filters.search);
  const [appliedSearch, setAppliedSearch] = useState(filters.search);
  if (filters.search !== appliedSearch) {
    // Cleared (or changed) outside the input: show what is applied.
    setAppliedSearch(filters.search);
    setSearch(filters.search);
  }
  const applySearch = useDebouncedCallback((value: string) => {
    setAppliedSearch(value);
    updateRegistryFilters({ search: value });
  }, { delay: SEARCH_DELAY_MS, flushOnUnmount: true });

  useEffect(() => onRegistryFiltersCleared(() => applySearch.cancel()), [applySearch]);

  return (
    <Group align="flex-end" gap="sm" data-testid="registry-filters">
      <TextInput
        label="Search"
        placeholder="Name, endpoint, type, location or tag"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          applySearch(event.currentTarget.value);
        }}
        maxLength={200}
        w={280}
        data-testid="registry-search"
      />
      <FacetFilter
        label="Type"
        any="Any type"
        values={facets.typeIds}
        chosen={filters.typeIds}
        onChange={(typeIds) => updateRegistryFilters({ typeIds })}
        labelOf={typeLabel}
        w={220}
        testId="registry-filter-type"
      />
      <FacetFilter
        label="Environment"
        any="Any environment"
        values={facets.environments}
        chosen={filters.environments}
        onChange={(environments) => updateRegistryFilters({ environments })}
        w={200}
        testId="registry-filter-environment"
      />
      <FacetFilter
        label="Location"
        any="Any location"
        values={facets.locations}
        chosen={filters.locations}
        onChange={(locations) => updateRegistryFilters({ locations })}
        w={200}
        testId="registry-filter-location"
      />
      <FacetFilter
        label="Offered"
        any="Any publication"
        values={facets.publications}
        chosen={filters.publications}
        onChange={(publications) => updateRegistryFilters({ publications })}
        labelOf={(p) => PUBLICATION_LABELS[p as Publication] ?? p}
        searchable={false}
        w={180}
        testId="registry-filter-publication"
      />
      <FacetFilter
        label="Status"
        any="Any status"
        values={facets.statuses}
        chosen={filters.statuses}
        onChange={(statuses) => updateRegistryFilters({ statuses })}
        labelOf={statusFilterLabel}
        searchable={false}
        w={180}
        testId="registry-filter-status"
      />
      <MultiSelect
        label="Tag"
        placeholder={filters.tags.length ? undefined : 'Any tag'}
        data={options(facets.tags.map(tagValue), filters.tags.map(tagValue))}
        value={filters.tags.map(tagValue)}
        onChange={(values) => updateRegistryFilters({ tags: values.map(parseTag) })}
        searchable
        clearable
        w={220}
        data-testid="registry-filter-tag"
      />
      <Checkbox
        label="Connector changed since validation"
        checked={filters.connectorChanged}
        onChange={(e) => updateRegistryFilters({ connectorChanged: e.currentTarget.checked })}
        mb={8}
        data-testid="registry-filter-connector-changed"
      />
      <Button
        variant="subtle"
        leftSection={<IconFilterOff size={16} />}
        onClick={clearRegistryFilters}
        disabled={!hasActiveFilters(filters) && search === ''}
        data-testid="registry-clear-filters"
      >
        Clear filters
      </Button>
    </Group>
  );
}
