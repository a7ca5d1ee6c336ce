import type { PlatformInput } from '../../bindings/PlatformInput';
import type { PlatformType } from '../../bindings/PlatformType';
import type { TagDefinition } from '../../bindings/TagDefinition';
import { environmentError, optionalText, requiredText, urlCredentialsError } from '../../validation';
import { settingsValidation, type SettingsFormValues } from '../validation/settingsForm';
import { platformIdentifierError, type ConnectionValues, type DetailsValues, type WizardData } from './wizardModel';

// What makes a step valid. The same rules drive the inputs' messages and the reason
// shown next to a disabled Next; the backend stays the authority and its field
// errors land on the same inputs.

type Errors = Record<string, string>;

const TAG_KEY = /^[a-z0-9][a-z0-9_.-]*$/;

function fullMatch(pattern: string, value: string): boolean | null {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return null;
  }
}

/** Mandatory tags the details do not carry yet, appended as empty rows. */
export function withMandatoryTags(details: DetailsValues, definitions: TagDefinition[]): DetailsValues {
  const missing = definitions.filter((d) => d.mandatory && !details.tags.some((t) => t.key === d.key));
  if (missing.length === 0) return details;
  return { ...details, tags: [...details.tags, ...missing.map((d) => ({ key: d.key, value: '' }))] };
}

export function tagErrors(tags: DetailsValues['tags'], definitions: TagDefinition[]): Errors {
  const errors: Errors = {};
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    const key = tag.key.trim();
    const value = tag.value.trim();
    if (!key) errors[`tags.${i}.key`] = 'Tag key is required';
    else if (!TAG_KEY.test(key) || key.length > 63) {
      errors[`tags.${i}.key`] =
        "Tag keys use lower-case letters, digits, '_', '.', '-' (at most 63, starting with a letter or digit)";
    } else if (seen.has(key)) errors[`tags.${i}.key`] = `Tag '${key}' is given twice`;
    seen.add(key);
    const def = definitions.find((d) => d.key === key);
    if (!def) return;
    if (def.mandatory && !value) errors[`tags.${i}.value`] = `Enter a value for the mandatory tag ${key}`;
    else if (def.allowedValues.length > 0 && !def.allowedValues.includes(value)) {
      errors[`tags.${i}.value`] = `${key} must be one of: ${def.allowedValues.join(', ')}`;
    } else if (def.pattern && fullMatch(def.pattern, value) === false) {
      errors[`tags.${i}.value`] = `${key} must match ${def.pattern}`;
    }
  });
  const missing = definitions.filter((d) => d.mandatory && !tags.some((t) => t.key.trim() === d.key));
  if (missing.length > 0) {
    errors.tags = `Add the mandatory ${missing.length === 1 ? 'tag' : 'tags'} ${missing.map((d) => d.key).join(', ')}`;
  }
  return errors;
}

export function detailsErrors(details: DetailsValues, definitions: TagDefinition[]): Errors {
  const errors: Errors = {};
  const put = (field: string, message: string | null) => {
    if (message) errors[field] = message;
  };
  put('name', requiredText('Name', 80)(details.name));
  put('identifier', platformIdentifierError(details.identifier));
  put('supportUrl', urlCredentialsError(details.supportUrl));
  put('docsUrl', urlCredentialsError(details.docsUrl));
  if ([...details.accessInfo].length > 20000) errors.accessInfo = 'Access information must be at most 20000 characters';
  return { ...errors, ...tagErrors(details.tags, definitions) };
}

function endpointError(value: string): string | null {
  const endpoint = value.trim();
  if (!endpoint) return 'Endpoint URL is required';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'Endpoint URL must be a full URL such as https://api.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'Endpoint URL must be a full URL such as https://api.example.com';
  }
  return urlCredentialsError(endpoint);
}

/** A new instance starts at the type's default endpoint. */
export function withDefaultEndpoint(connection: ConnectionValues, type: PlatformType | null): ConnectionValues {
  if (connection.endpoint || !type?.defaultEndpoint) return connection;
  return { ...connection, endpoint: type.defaultEndpoint };
}

/** Field errors of custom-field values (`fieldValues.<key>`), for the fields form. */
export function fieldValueErrors(errors: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).filter(
      (entry): entry is [string, string] => entry[0].startsWith('fieldValues.') && typeof entry[1] === 'string',
    ),
  );
}

export function connectionErrors(connection: ConnectionValues): Errors {
  const errors: Errors = {};
  const put = (field: string, message: string | null) => {
    if (message) errors[field] = message;
  };
  put('name', requiredText('Instance name', 80)(connection.name));
  put('environment', environmentError(connection.environment));
  put('endpoint', endpointError(connection.endpoint));
  return errors;
}

export function settingsErrors(values: SettingsFormValues): Errors {
  const errors: Errors = {};
  const rules = settingsValidation;
  const put = (field: string, message: string | null) => {
    if (message) errors[field] = message;
  };
  put('naming.template', rules.naming.template(values.naming.template));
  put('naming.pattern', rules.naming.pattern(values.naming.pattern));
  put('naming.prefix', rules.naming.prefix(values.naming.prefix, values));
  values.roleMappings.forEach((m, i) =>
    put(`roleMappings.${i}.platformRole`, rules.roleMappings.platformRole(m.platformRole)),
  );
  values.quotas.forEach((q, i) => {
    put(`quotas.${i}.key`, rules.quotas.key(q.key));
    put(`quotas.${i}.label`, rules.quotas.label(q.label));
    put(`quotas.${i}.min`, rules.quotas.min(q.min));
    put(`quotas.${i}.max`, rules.quotas.max(q.max));
    put(`quotas.${i}.default`, rules.quotas.default(q.default));
  });
  return errors;
}

const FIELD_NAMES: Record<string, string> = {
  name: 'the name',
  identifier: 'the identifier',
  supportUrl: 'the support link',
  docsUrl: 'the documentation link',
  accessInfo: 'the access information',
  environment: 'the environment',
  endpoint: 'the endpoint',
};

function firstProblem(errors: Errors): string | null {
  const [field, message] = Object.entries(errors)[0] ?? [];
  if (!field || !message) return null;
  if (field === 'tags' || field.startsWith('tags.')) return message;
  const what = FIELD_NAMES[field];
  return what ? `Check ${what}: ${message}` : message;
}

export interface BlockerContext {
  tagDefinitions: TagDefinition[] | undefined;
  instanceCount: number | undefined;
  type: PlatformType | null;
  busy: boolean;
}

/** Why Next is disabled on a step, or null when the step is valid. */
export function stepBlocker(step: number, data: WizardData, ctx: BlockerContext): string | null {
  if (ctx.busy) return 'Wait until the running action has finished.';
  switch (step) {
    case 0:
      if (data.typeMode === 'custom') {
        return data.createdTypeId && data.typeId === data.createdTypeId
          ? null
          : 'Create the custom type, or pick a type from the catalogue.';
      }
      return data.typeId ? null : 'Choose a platform type from the catalogue, or create a custom type.';
    case 1:
      if (!ctx.tagDefinitions) return 'Loading the tag definitions…';
      return firstProblem(detailsErrors(withMandatoryTags(data.details, ctx.tagDefinitions), ctx.tagDefinitions));
    case 2:
      return firstProblem(connectionErrors(withDefaultEndpoint(data.connection, ctx.type)));
    case 5:
      if (!data.settings) return 'Loading the validation settings…';
      return firstProblem(settingsErrors(data.settings)) && 'Complete the quotas, role mappings and naming convention.';
    case 8:
      if (ctx.instanceCount === undefined) return 'Loading the instances…';
      return ctx.instanceCount > 0 ? null : 'Register at least one instance.';
    default:
      return null;
  }
}

/** What the details step saves (and Finish sends again, with the status). */
export function platformInput(data: WizardData): PlatformInput {
  const d = data.details;
  return {
    name: d.name.trim(),
    identifier: d.identifier.trim(),
    description: d.description.trim(),
    typeId: data.typeId,
    location: d.location.trim(),
    supportUrl: optionalText(d.supportUrl),
    docsUrl: optionalText(d.docsUrl),
    tags: d.tags.map((t) => ({ key: t.key.trim(), value: t.value.trim() })),
    accessInfo: d.accessInfo,
  };
}
