// Commands of the wizard and the registry (issue 5). Same contract as `ipc`:
// every rejection is an IpcFailure; secrets go in once and never come back.
import { call } from './ipc';
import type { ConnectorPreset } from './bindings/ConnectorPreset';
import type { CustomField } from './bindings/CustomField';
import type { Instance } from './bindings/Instance';
import type { OpenApiDocument } from './bindings/OpenApiDocument';
import type { OpenApiSource } from './bindings/OpenApiSource';
import type { PlatformType } from './bindings/PlatformType';
import type { RegistryFacets } from './bindings/RegistryFacets';
import type { RegistryPage } from './bindings/RegistryPage';
import type { RegistryQuery } from './bindings/RegistryQuery';
import type { RenderedRequest } from './bindings/RenderedRequest';
import type { OperationReport } from './bindings/OperationReport';
import type { SandboxInfo } from './bindings/SandboxInfo';
import type { SweepReport } from './bindings/SweepReport';
import type { TenantList } from './bindings/TenantList';
import type { TagDefinition } from './bindings/TagDefinition';
import type { WizardDraft } from './bindings/WizardDraft';
import type { Location } from './bindings/Location';
import type { WizardDraftInput } from './bindings/WizardDraftInput';

export const registryIpc = {
  /** One page of the registry table (at most 500 rows). */
  queryRegistry: (query: RegistryQuery) => call<RegistryPage>('query_registry', { query }),
  /** The values the registry filters offer. */
  registryFacets: () => call<RegistryFacets>('registry_facets'),
  /** Locations already used by platforms ("pick or create"). */
  listLocations: () => call<Location[]>('list_locations'),

  listTagDefinitions: () => call<TagDefinition[]>('list_tag_definitions'),
  saveTagDefinition: (definition: TagDefinition) => call<TagDefinition>('save_tag_definition', { definition }),
  deleteTagDefinition: (key: string) => call<null>('delete_tag_definition', { key }),

  /** Replaces a custom type's custom fields (field errors as `fields.N.<attr>`). */
  setPlatformTypeFields: (identifier: string, fields: CustomField[]) =>
    call<PlatformType>('set_platform_type_fields', { identifier, fields }),
  /** The JSON Schema unsaved fields would be stored as (same field errors as saving). */
  customFieldsSchema: (fields: CustomField[]) => call<unknown>('custom_fields_schema', { fields }),
  /** Stores a secret custom field's value in the keyring; the reply lists it in `secretFields`. */
  setInstanceFieldSecret: (id: string, field: string, secret: string) =>
    call<Instance>('set_instance_field_secret', { id, field, secret }),
  removeInstanceFieldSecret: (id: string, field: string) =>
    call<Instance>('remove_instance_field_secret', { id, field }),
  /** Copies configuration, not secrets. */
  cloneInstance: (id: string, name: string, environment: string) =>
    call<Instance>('clone_instance', { id, name, environment }),

  /** YAML text of a type's connector, or null. */
  getConnector: (identifier: string) => call<string | null>('get_platform_type_connector', { identifier }),
  /** Validates and stores (field error `connector` on a bad definition); null removes it. */
  setConnector: (identifier: string, definition: string | null) =>
    call<null>('set_platform_type_connector', { identifier, definition }),
  listConnectorPresets: () => call<ConnectorPreset[]>('list_connector_presets'),
  /** Renders an operation's requests for a saved instance without sending (secrets masked). */
  dryRunOperation: (id: string, operation: string, values: Record<string, unknown>) =>
    call<RenderedRequest[]>('dry_run_operation', { id, operation, values }),
  /** Runs one operation against a saved instance; exchanges are redacted. */
  runOperation: (id: string, operation: string, values: Record<string, unknown>) =>
    call<OperationReport>('run_operation', { id, operation, values }),
  /** The platform's tenants (list_tenants, every page), validation leftovers marked. */
  listInstanceTenants: (id: string) => call<TenantList>('list_instance_tenants', { id }),
  /**
   * Deletes the confirmed leftovers. The backend lists the platform again and
   * deletes only ids it still lists under a validation-convention name.
   */
  sweepLeftovers: (id: string, tenantIds: string[]) => call<SweepReport>('sweep_leftovers', { id, tenantIds }),
  /** Reads an OpenAPI 3 document from a file path, a URL (10 s timeout) or text. */
  importOpenApi: (source: OpenApiSource) => call<OpenApiDocument>('import_openapi', { source }),

  /** Certificates (public) from a PEM file picked with the native dialog; private keys are refused. */
  readCertificateFile: (path: string) => call<string>('read_certificate_file', { path }),
  /** Reads a client key file in the backend and stores it in the keyring. */
  setInstanceClientKeyFromFile: (id: string, path: string) =>
    call<Instance>('set_instance_client_key_from_file', { id, path }),

  /** Starts the in-process sample platform on 127.0.0.1 (or returns the running one). */
  startSandbox: () => call<SandboxInfo>('start_sandbox'),
  /** Stores the sandbox's API key as the instance's credential (it never reaches the UI). */
  useSandboxCredential: (id: string) => call<Instance>('use_sandbox_credential', { id }),

  listWizardDrafts: () => call<WizardDraft[]>('list_wizard_drafts'),
  getWizardDraft: (id: string) => call<WizardDraft>('get_wizard_draft', { id }),
  /** Refused (field error) when `data` carries a value under a secret-looking name. */
  saveWizardDraft: (draft: WizardDraftInput) => call<WizardDraft>('save_wizard_draft', { draft }),
  /** Also deletes the draft platform named by `data.platformId` (only while it is a draft). */
  discardWizardDraft: (id: string) => call<null>('discard_wizard_draft', { id }),
};
