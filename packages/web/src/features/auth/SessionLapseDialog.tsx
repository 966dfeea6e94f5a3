import { Button, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { setCsrfToken } from '../../app/api.ts';
import { SESSION_QUERY_KEY, type SessionView } from './auth.api.ts';
import { setSessionLapsed, useSessionLapsed } from './session-lapse.ts';
import { PasswordStep, SecondFactorStep } from './SignInPage.tsx';
import { useSession } from './useSession.ts';

/**
 * Shown over the page when the server ended the session while she was working (idle timeout,
 * signed out elsewhere): the same person signs in again here, password then second factor, and
 * the page underneath keeps what she typed, to be saved again. Only the account that was signed
 * in can come back this way; anyone else signs out and starts from the sign-in page.
 */
export function SessionLapseDialog() {
  const { t } = useTranslation();
  const lapsed = useSessionLapsed();
  const { session, update } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The sign-in steps' own answers: the page's session stays "active" until the last one.
  const [pending, setPending] = useState<SessionView | null>(null);
  if (!lapsed || session?.stage !== 'active') return null;

  const stepDone = (view: SessionView) => {
    if (view.stage === 'two_factor_required') {
      setCsrfToken(view.csrfToken);
      setPending(view);
      return;
    }
    setPending(null);
    setSessionLapsed(false);
    update(view);
    // What failed while signed out is read again; anything other than "active" (a forced
    // password change) goes on on the sign-in page.
    if (view.stage === 'active') void queryClient.invalidateQueries();
  };
  const signOut = () => {
    setPending(null);
    setSessionLapsed(false);
    setCsrfToken(undefined);
    queryClient.clear();
    queryClient.setQueryData(SESSION_QUERY_KEY, null);
    void navigate('/sign-in');
  };

  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={t('auth.lapsed.title')}
      centered
      // The page stays (with what was typed) but is not readable behind the dialog: a screen
      // left alone until the session timed out shows no one's case.
      overlayProps={{ backgroundOpacity: 1, color: '#f1f3f5' }}
    >
      <Stack>
        <Text>{t('auth.lapsed.body')}</Text>
        {pending?.stage === 'two_factor_required' ? (
          <SecondFactorStep onVerified={stepDone} />
        ) : (
          <PasswordStep email={session.user.email} onSignedIn={stepDone} />
        )}
        <Button variant="subtle" onClick={signOut}>
          {t('auth.lapsed.signOut')}
        </Button>
      </Stack>
    </Modal>
  );
}
