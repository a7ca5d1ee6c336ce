import { Alert, Loader } from '@mantine/core';
import type { Platform } from '../../bindings/Platform';
import { LandingZonesCard } from '../offering/LandingZonesCard';

/**
 * The wizard's landing-zone step: the templates the platform's tenants are
 * created from, with quota values within the definitions of the step before.
 * Optional here, but publishing the platform needs one.
 */
export function StepLandingZones({ platform }: { platform: Platform | undefined }) {
  if (!platform) return <Loader aria-label="Loading the platform" />;
  return (
    <>
      <Alert color="blue" variant="light" mb="sm" data-testid="wizard-zones-note">
        A landing zone is what a new tenant starts from: its quotas and whether an operator approves it. You can add
        more later on the platform page; the validation suite can run in any of them.
      </Alert>
      <LandingZonesCard platform={platform} readOnly={false} />
    </>
  );
}
