import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { AppLayout } from '../features/layout/AppLayout/AppLayout';
import { setSessionUser, useSessionUser } from '../features/session/session-store';
import { useTRPC } from '../lib/trpc';
import { AdminPage } from '../pages/admin.page';
import { AuditPage } from '../pages/audit.page';
import { DashboardPage } from '../pages/dashboard.page';
import { DecisionPage } from '../pages/decision.page';
import { DecisionsPage } from '../pages/decisions.page';
import { DiffPage } from '../pages/diff.page';
import { DraftPage } from '../pages/draft.page';
import { NotFoundPage } from '../pages/not-found.page';
import { PlaygroundPage } from '../pages/playground.page';
import { PoliciesPage } from '../pages/policies.page';
import { PolicyPage } from '../pages/policy.page';
import { RetentionPage } from '../pages/retention.page';
import { ReviewPage } from '../pages/review.page';
import { ReviewQueuePage } from '../pages/review-queue.page';
import { SignInPage } from '../pages/sign-in.page';
import { SubjectPage } from '../pages/subject.page';
import { SubjectsPage } from '../pages/subjects.page';

/**
 * Sends a signed-out reader to sign in, then back to where they were going. A remembered password
 * session is checked with the server once (`auth.me`); an expired one signs the console out.
 */
function RequireSession({ children }: { children: ReactNode }) {
  const user = useSessionUser();
  const location = useLocation();
  const trpc = useTRPC();
  const me = useQuery({
    ...trpc.auth.me.queryOptions(),
    enabled: user?.method === 'password',
    staleTime: 60_000,
  });
  useEffect(() => {
    if (user?.method === 'password' && me.data && me.data.user === null) setSessionUser(null);
  }, [user, me.data]);
  if (!user) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'policies', element: <PoliciesPage /> },
      { path: 'policies/:key', element: <PolicyPage /> },
      { path: 'policies/:key/versions/:version/edit', element: <DraftPage /> },
      { path: 'policies/:key/diff', element: <DiffPage /> },
      { path: 'review', element: <ReviewQueuePage /> },
      { path: 'review/:key/:version', element: <ReviewPage /> },
      { path: 'playground', element: <PlaygroundPage /> },
      { path: 'subjects', element: <SubjectsPage /> },
      { path: 'subjects/:key', element: <SubjectPage /> },
      { path: 'decisions', element: <DecisionsPage /> },
      { path: 'decisions/:id', element: <DecisionPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'retention', element: <RetentionPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** The console's routes: sign-in outside the frame, every other page inside it behind a session. */
export function ConsoleRouter() {
  return <RouterProvider router={router} />;
}
