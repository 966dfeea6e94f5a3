import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_QUERY_KEY, type SessionView } from '../features/auth/auth.api.ts';
import { setSessionLapsed } from '../features/auth/session-lapse.ts';
import { NotFound, RequireSignIn } from '../features/auth/RequireSignIn.tsx';
import { isApiError, setCsrfToken } from './api.ts';
import { AppLayout } from './AppLayout.tsx';
import { lazyPage } from './lazy-page.ts';
import { cssVariablesResolver, themeIn } from './theme.ts';

// Every page is fetched when first opened (see lazy-page.ts); add a new page the same way.
const NetworkPage = lazyPage(() => import('../features/networks/NetworkPage.tsx'), 'NetworkPage');
const RetraffickingPage = lazyPage(
  () => import('../features/retrafficking/RetraffickingPage.tsx'),
  'RetraffickingPage',
);
const AboutPage = lazyPage(() => import('../features/about/AboutPage.tsx'), 'AboutPage');
const AccountPage = lazyPage(() => import('../features/auth/AccountPage.tsx'), 'AccountPage');
const SignInPage = lazyPage(() => import('../features/auth/SignInPage.tsx'), 'SignInPage');
const AuditPage = lazyPage(() => import('../features/audit/AuditPage.tsx'), 'AuditPage');
const ExportsPage = lazyPage(
  () => import('../features/data-exchange/ExportsPage.tsx'),
  'ExportsPage',
);
const WebhooksPage = lazyPage(
  () => import('../features/data-exchange/WebhooksPage.tsx'),
  'WebhooksPage',
);
const CareCasePage = lazyPage(
  () => import('../features/care-cases/CareCasePage.tsx'),
  'CareCasePage',
);
const CareCasesPage = lazyPage(
  () => import('../features/care-cases/CareCasesPage.tsx'),
  'CareCasesPage',
);
const MyWorkPage = lazyPage(() => import('../features/care-cases/MyWorkPage.tsx'), 'MyWorkPage');
const ChosenFewPage = lazyPage(
  () => import('../features/compensation/ChosenFewPage.tsx'),
  'ChosenFewPage',
);
const CompensationPage = lazyPage(
  () => import('../features/compensation/CompensationPage.tsx'),
  'CompensationPage',
);
const AlertsPage = lazyPage(() => import('../features/deadlines/AlertsPage.tsx'), 'AlertsPage');
const DeadlinesPage = lazyPage(
  () => import('../features/deadlines/DeadlinesPage.tsx'),
  'DeadlinesPage',
);
const HearingsPage = lazyPage(
  () => import('../features/hearings/HearingsPage.tsx'),
  'HearingsPage',
);
const LegalCasePage = lazyPage(
  () => import('../features/legal-cases/LegalCasePage.tsx'),
  'LegalCasePage',
);
const LegalCasesPage = lazyPage(
  () => import('../features/legal-cases/LegalCasesPage.tsx'),
  'LegalCasesPage',
);
const NewLegalCasePage = lazyPage(
  () => import('../features/legal-cases/NewLegalCasePage.tsx'),
  'NewLegalCasePage',
);
const PersonPage = lazyPage(() => import('../features/persons/PersonPage.tsx'), 'PersonPage');
const PersonsPage = lazyPage(() => import('../features/persons/PersonsPage.tsx'), 'PersonsPage');
const NewRescueOperationPage = lazyPage(
  () => import('../features/rescue-operations/NewRescueOperationPage.tsx'),
  'NewRescueOperationPage',
);
const RescueOperationPage = lazyPage(
  () => import('../features/rescue-operations/RescueOperationPage.tsx'),
  'RescueOperationPage',
);
const RescueOperationsPage = lazyPage(
  () => import('../features/rescue-operations/RescueOperationsPage.tsx'),
  'RescueOperationsPage',
);
const UsersPage = lazyPage(() => import('../features/users/UsersPage.tsx'), 'UsersPage');
const DashboardPage = lazyPage(
  () => import('../features/dashboard/DashboardPage.tsx'),
  'DashboardPage',
);
const ProgrammePage = lazyPage(
  () => import('../features/trainings/ProgrammePage.tsx'),
  'ProgrammePage',
);
const SessionPage = lazyPage(() => import('../features/trainings/SessionPage.tsx'), 'SessionPage');
const ImportPage = lazyPage(() => import('../features/imports/ImportPage.tsx'), 'ImportPage');
const TrainingsPage = lazyPage(
  () => import('../features/trainings/TrainingsPage.tsx'),
  'TrainingsPage',
);
const VerifyCertificatePage = lazyPage(
  () => import('../features/trainings/VerifyCertificatePage.tsx'),
  'VerifyCertificatePage',
);
const StoriesPage = lazyPage(() => import('../features/stories/StoriesPage.tsx'), 'StoriesPage');
const StoryPage = lazyPage(() => import('../features/stories/StoryPage.tsx'), 'StoryPage');
const NewStoryPage = lazyPage(() => import('../features/stories/StoryPage.tsx'), 'NewStoryPage');
const EditionPage = lazyPage(() => import('../features/stories/EditionPage.tsx'), 'EditionPage');

/**
 * A session that ended on the server (idle timeout, signed out elsewhere) while she was working:
 * the page stays, with what she typed, under a dialog that signs her in again. One that was not
 * yet signed in (a sign-in step refused) ends here too.
 */
function endSessionOn401(error: unknown): void {
  if (!(isApiError(error) && error.status === 401)) return;
  if (queryClient.getQueryData<SessionView | null>(SESSION_QUERY_KEY)?.stage === 'active') {
    setSessionLapsed(true);
    return;
  }
  setCsrfToken(undefined);
  queryClient.setQueryData(SESSION_QUERY_KEY, null);
}

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Asking again does not change a refusal (401, 404, 400); it may cure a hiccup.
      retry: (failures, error) =>
        failures < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
  queryCache: new QueryCache({ onError: endSessionOn401 }),
  mutationCache: new MutationCache({ onError: endSessionOn401 }),
});

export function App() {
  const { t } = useTranslation();
  const localTheme = useMemo(
    () =>
      themeIn({
        close: t('common.close'),
        loading: t('common.loading'),
        showPassword: t('common.showPassword'),
      }),
    [t],
  );
  return (
    <MantineProvider
      theme={localTheme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
    >
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<AppLayout />}>
              <Route index element={<AboutPage />} />
              <Route path="sign-in" element={<SignInPage />} />
              <Route
                path="account"
                element={
                  <RequireSignIn>
                    <AccountPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="persons"
                element={
                  <RequireSignIn permission="person:read">
                    <PersonsPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="persons/:personId"
                element={
                  <RequireSignIn permission="person:read">
                    <PersonPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="my-work"
                element={
                  <RequireSignIn permission="care_case:read">
                    <MyWorkPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="care-cases"
                element={
                  <RequireSignIn permission="care_case:read">
                    <CareCasesPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="care-cases/:caseId"
                element={
                  <RequireSignIn permission="care_case:read">
                    <CareCasePage />
                  </RequireSignIn>
                }
              />
              <Route
                path="stories"
                element={
                  <RequireSignIn permission="story:read">
                    <StoriesPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="stories/:storyId"
                element={
                  <RequireSignIn permission="story:read">
                    <StoryPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="care-cases/:caseId/stories/new"
                element={
                  <RequireSignIn permission="story:write">
                    <NewStoryPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="editions/:editionId"
                element={
                  <RequireSignIn permission="edition:manage">
                    <EditionPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="users"
                element={
                  <RequireSignIn permission="user:read">
                    <UsersPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="audit"
                element={
                  <RequireSignIn permission="audit:read">
                    <AuditPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="exports"
                element={
                  <RequireSignIn permission="data_export:run">
                    <ExportsPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="webhooks"
                element={
                  <RequireSignIn permission="webhook:manage">
                    <WebhooksPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="alerts"
                element={
                  <RequireSignIn>
                    <AlertsPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="deadlines"
                element={
                  <RequireSignIn permission="legal_case:read">
                    <DeadlinesPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="legal-cases"
                element={
                  <RequireSignIn permission="legal_case:read">
                    <LegalCasesPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="legal-cases/new"
                element={
                  <RequireSignIn permission="legal_case:write">
                    <NewLegalCasePage />
                  </RequireSignIn>
                }
              />
              <Route
                path="legal-cases/:legalCaseId"
                element={
                  <RequireSignIn permission="legal_case:read">
                    <LegalCasePage />
                  </RequireSignIn>
                }
              />
              <Route
                path="rescue-operations"
                element={
                  <RequireSignIn permission="rescue_operation:read">
                    <RescueOperationsPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="rescue-operations/new"
                element={
                  <RequireSignIn permission="rescue_operation:write">
                    <NewRescueOperationPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="rescue-operations/:operationId"
                element={
                  <RequireSignIn permission="rescue_operation:read">
                    <RescueOperationPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="networks"
                element={
                  <RequireSignIn permission="legal_case:read">
                    <NetworkPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="retrafficking"
                element={
                  <RequireSignIn permission="care_case:read">
                    <RetraffickingPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="hearings"
                element={
                  <RequireSignIn permission="legal_case:read">
                    <HearingsPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="compensation"
                element={
                  <RequireSignIn permission="legal_case:read">
                    <CompensationPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="reports/chosen-few"
                element={
                  <RequireSignIn permission="report:read">
                    <ChosenFewPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="imports"
                element={
                  <RequireSignIn permission="import:run">
                    <ImportPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="trainings"
                element={
                  <RequireSignIn permission="training:read">
                    <TrainingsPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="trainings/programmes/:programmeId"
                element={
                  <RequireSignIn permission="training:read">
                    <ProgrammePage />
                  </RequireSignIn>
                }
              />
              <Route
                path="trainings/sessions/:sessionId"
                element={
                  <RequireSignIn permission="training:read">
                    <SessionPage />
                  </RequireSignIn>
                }
              />
              <Route path="verify" element={<VerifyCertificatePage />} />
              <Route
                path="dashboard"
                element={
                  <RequireSignIn permission="dashboard:read">
                    <DashboardPage />
                  </RequireSignIn>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
