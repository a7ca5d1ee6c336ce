import { createContext, useContext } from 'react';

/**
 * The platform type whose connector produced the results shown below it (the
 * platform page, an instance, the wizard). Test results, stored runs and reports
 * carry no type, and threading one through every result view would touch them
 * all; a failure that needs the type (an untrusted exec program) reads it here.
 */
export const PlatformTypeScope = createContext<string | null>(null);

/** The platform type of the current view, or null where there is none. */
export function usePlatformTypeScope(): string | null {
  return useContext(PlatformTypeScope);
}
