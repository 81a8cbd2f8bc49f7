import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ComponentProps } from 'react';

// The charts (recharts) and the virtualised table load with the tab, not with every page.
const ImpactPanel = lazy(() =>
  import('../ImpactPanel/ImpactPanel').then((module) => ({ default: module.ImpactPanel })),
);

/** The Impact tab's content, loaded when first shown (see {@link ImpactPanel}'s props). */
export function ImpactTab(props: ComponentProps<typeof ImpactPanel>) {
  return (
    <Suspense
      fallback={
        <Center mih={120} aria-busy="true">
          <Loader size="sm" />
        </Center>
      }
    >
      <ImpactPanel {...props} />
    </Suspense>
  );
}
