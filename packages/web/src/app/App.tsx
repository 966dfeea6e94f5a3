import { MantineProvider, createTheme } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AboutPage } from '../features/about/AboutPage.tsx';
import { SESSION_QUERY_KEY } from '../features/auth/auth.api.ts';
import { AccountPage } from '../features/auth/AccountPage.tsx';
import { NotFound, RequireSignIn } from '../features/auth/RequireSignIn.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { CareCasePage } from '../features/care-cases/CareCasePage.tsx';
import { CareCasesPage } from '../features/care-cases/CareCasesPage.tsx';
import { MyWorkPage } from '../features/care-cases/MyWorkPage.tsx';
import { ChosenFewPage } from '../features/compensation/ChosenFewPage.tsx';
import { CompensationPage } from '../features/compensation/CompensationPage.tsx';
import { AlertsPage } from '../features/deadlines/AlertsPage.tsx';
import { DeadlinesPage } from '../features/deadlines/DeadlinesPage.tsx';
import { HearingsPage } from '../features/hearings/HearingsPage.tsx';
import { LegalCasePage } from '../features/legal-cases/LegalCasePage.tsx';
import { LegalCasesPage } from '../features/legal-cases/LegalCasesPage.tsx';
import { NewLegalCasePage } from '../features/legal-cases/NewLegalCasePage.tsx';
import { PersonPage } from '../features/persons/PersonPage.tsx';
import { PersonsPage } from '../features/persons/PersonsPage.tsx';
import { NewRescueOperationPage } from '../features/rescue-operations/NewRescueOperationPage.tsx';
import { RescueOperationPage } from '../features/rescue-operations/RescueOperationPage.tsx';
import { RescueOperationsPage } from '../features/rescue-operations/RescueOperationsPage.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { ProgrammePage } from '../features/trainings/ProgrammePage.tsx';
import { SessionPage } from '../features/trainings/SessionPage.tsx';
import { TrainingsPage } from '../features/trainings/TrainingsPage.tsx';
import { VerifyCertificatePage } from '../features/trainings/VerifyCertificatePage.tsx';
import { isApiError, setCsrfToken } from './api.ts';
import { AppLayout } from './AppLayout.tsx';

const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Bengali", "Noto Sans Devanagari", sans-serif',
});

/** A session that ended on the server (idle timeout, signed out elsewhere) ends here too. */
function endSessionOn401(error: unknown): void {
  if (isApiError(error) && error.status === 401) {
    setCsrfToken(undefined);
    queryClient.setQueryData(SESSION_QUERY_KEY, null);
  }
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
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
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
