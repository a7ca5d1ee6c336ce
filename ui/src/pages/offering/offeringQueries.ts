import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Availability } from '../../bindings/Availability';
import type { LandingZoneInput } from '../../bindings/LandingZoneInput';
import { offeringIpc } from '../../ipcOffering';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors } from '../../queries';

export const offeringKeys = {
  zones: (platformId: string) => ['landingZones', platformId] as const,
  readiness: (platformId: string) => ['publicationReadiness', platformId] as const,
};

export function useLandingZones(platformId: string) {
  return useQuery({ queryKey: offeringKeys.zones(platformId), queryFn: () => offeringIpc.listLandingZones(platformId) });
}

export function useReadiness(platformId: string) {
  return useQuery({
    queryKey: offeringKeys.readiness(platformId),
    queryFn: () => offeringIpc.getReadiness(platformId),
  });
}

/** After any change: the zones, what publishing needs, the platform and the registry. */
function useRefresh(platformId: string) {
  const qc = useQueryClient();
  return () => {
    for (const key of [offeringKeys.zones(platformId), offeringKeys.readiness(platformId), ['platforms'], ['registry']]) {
      void qc.invalidateQueries({ queryKey: key });
    }
    void qc.invalidateQueries({ queryKey: ['changeHistory'] });
  };
}

export function useSaveLandingZone(platformId: string) {
  const refresh = useRefresh(platformId);
  return useMutation({
    mutationFn: ({ existing, input }: { existing: string | null; input: LandingZoneInput }) =>
      offeringIpc.saveLandingZone(platformId, existing, input),
    onSuccess: (zone) => {
      refresh();
      notifySuccess(`Landing zone ${zone.identifier} saved`);
    },
    onError: notifyUnlessFieldErrors('Could not save the landing zone'),
  });
}

export function useDeleteLandingZone(platformId: string) {
  const refresh = useRefresh(platformId);
  return useMutation({
    mutationFn: (identifier: string) => offeringIpc.deleteLandingZone(identifier),
    onSuccess: refresh,
    onError: notifyUnlessFieldErrors('Could not delete the landing zone'),
  });
}

export function useSetAvailability(platformId: string) {
  const refresh = useRefresh(platformId);
  return useMutation({
    mutationFn: (a: Availability) => offeringIpc.setAvailability(platformId, a),
    onSuccess: (p) => {
      refresh();
      notifySuccess(`${p.name}: ${p.availability.publication}, ${p.availability.restriction}`);
    },
    onError: notifyUnlessFieldErrors('Could not change the availability'),
  });
}
