import { Loader } from '@mantine/core';
import type { Platform } from '../../bindings/Platform';
import { LandingZonesCard } from '../offering/LandingZonesCard';

/**
 * The wizard's landing-zone step: the templates the platform's tenants are
 * created from, with quota values within the definitions of the step before.
 * Optional here (the step's explanation says so), but publishing needs one.
 */
export function StepLandingZones({ platform }: { platform: Platform | undefined }) {
  if (!platform) return <Loader aria-label="Loading the platform" />;
  return <LandingZonesCard platform={platform} readOnly={false} />;
}
