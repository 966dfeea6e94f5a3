import type { Permission } from '@dawn/core';
import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Loader,
  Menu,
  NativeSelect,
  NavLink,
  Text,
  Title,
  useMatches,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { authApi } from '../features/auth/auth.api.ts';
import { setSessionLapsed, useSessionLapsed } from '../features/auth/session-lapse.ts';
import { useSession } from '../features/auth/useSession.ts';
import { changeLanguage, LANGUAGES } from '../i18n/i18n.ts';
import {
  digitChoice,
  hasNativeDigits,
  setDigitChoice,
  type DigitChoice,
} from '../i18n/number-system.ts';
import '../features/deadlines/deadlines.i18n.ts';
import { useUnreadAlerts } from '../features/deadlines/useUnreadAlerts.ts';
import { setCsrfToken } from './api.ts';

// Loaded when a session lapses (it brings the sign-in steps), not with every page.
const SessionLapseDialog = lazy(async () => ({
  default: (await import('../features/auth/SessionLapseDialog.tsx')).SessionLapseDialog,
}));

interface NavItem {
  to: string;
  labelKey: string;
  permission?: Permission;
}

/** What the navigation offers a signed-in user; each page only if their roles reach it. */
const SIGNED_IN_ITEMS: NavItem[] = [
  { to: '/alerts', labelKey: 'deadlines:nav.alerts' },
  { to: '/deadlines', labelKey: 'deadlines:nav.deadlines', permission: 'legal_case:read' },
  { to: '/my-work', labelKey: 'careCases.nav.myWork', permission: 'care_case:read' },
  { to: '/care-cases', labelKey: 'careCases.nav.careCases', permission: 'care_case:read' },
  { to: '/legal-cases', labelKey: 'legalCases.nav.legalCases', permission: 'legal_case:read' },
  {
    to: '/rescue-operations',
    labelKey: 'legalCases.nav.rescueOperations',
    permission: 'rescue_operation:read',
  },
  { to: '/hearings', labelKey: 'legalCases.nav.hearings', permission: 'legal_case:read' },
  { to: '/retrafficking', labelKey: 'retrafficking.nav', permission: 'care_case:read' },
  { to: '/networks', labelKey: 'networks.nav', permission: 'legal_case:read' },
  { to: '/compensation', labelKey: 'legalCases.nav.compensation', permission: 'legal_case:read' },
  { to: '/reports/chosen-few', labelKey: 'legalCases.nav.chosenFew', permission: 'report:read' },
  { to: '/dashboard', labelKey: 'dashboard.nav', permission: 'dashboard:read' },
  { to: '/trainings', labelKey: 'trainings.nav.trainings', permission: 'training:read' },
  { to: '/stories', labelKey: 'stories.nav', permission: 'story:read' },
  { to: '/persons', labelKey: 'nav.persons', permission: 'person:read' },
  { to: '/imports', labelKey: 'imports.nav', permission: 'import:run' },
  { to: '/users', labelKey: 'nav.users', permission: 'user:read' },
  { to: '/audit', labelKey: 'nav.audit', permission: 'audit:read' },
  { to: '/exports', labelKey: 'dataExchange.nav.exports', permission: 'data_export:run' },
  { to: '/webhooks', labelKey: 'dataExchange.nav.webhooks', permission: 'webhook:manage' },
  { to: '/account', labelKey: 'nav.account' },
];

/**
 * The application frame: header with the language switch and the account menu, navigation, and
 * the page. Navigation lists only what this user may open.
 */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { session, can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: authApi.signOut,
    onSettled: () => {
      // Nothing read while signed in stays in this browser's memory.
      setSessionLapsed(false);
      setCsrfToken(undefined);
      queryClient.clear();
      queryClient.setQueryData(['auth', 'session'], null);
      void navigate('/sign-in');
    },
  });
  const active = session?.stage === 'active';
  const lapsed = useSessionLapsed();
  const onPhone = useMatches({ base: true, sm: false });
  const unreadAlerts = useUnreadAlerts(active);
  const items: NavItem[] = [
    { to: '/', labelKey: 'nav.about' },
    ...(active
      ? SIGNED_IN_ITEMS.filter((item) => !item.permission || can(item.permission))
      : [{ to: '/sign-in', labelKey: 'nav.signIn' }]),
  ];
  const isCurrent = (to: string) =>
    to === '/' ? location.pathname === '/' : location.pathname.startsWith(to);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('layout.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('layout.toggleNavigation')}
            />
            <Title order={1} size="h3">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="lg">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NativeSelect
              aria-label={t('layout.language')}
              w={{ base: 96, sm: 140 }}
              value={i18n.resolvedLanguage ?? 'en'}
              data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
              onChange={(event) => void changeLanguage(event.currentTarget.value)}
            />
            {hasNativeDigits(i18n.resolvedLanguage) && (
              <NativeSelect
                aria-label={t('numbers.digits')}
                w={{ base: 72, sm: 90 }}
                value={digitChoice()}
                data={[
                  { value: 'latin', label: '123' },
                  { value: 'native', label: t('numbers.nativeSample') },
                ]}
                onChange={(event) => {
                  setDigitChoice(event.currentTarget.value as DigitChoice);
                  // Every formatter reads the choice when rendering: render the app again.
                  void i18n.changeLanguage(i18n.language);
                }}
              />
            )}
            {session && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    variant="light"
                    // What shows (her name, on a phone her initials) is what a screen reader
                    // says first, then what the button is: WCAG 2.5.3, the name a voice
                    // command uses.
                    aria-label={`${onPhone ? initialsOf(session.user.displayName) : session.user.displayName}, ${t('layout.accountMenu')}`}
                    maw={{ base: 48, sm: 320 }}
                    px={{ base: 'xs', sm: 'md' }}
                  >
                    {/* A phone has room for the initials only; the menu names the account. */}
                    <Text span inherit visibleFrom="sm">
                      {session.user.displayName}
                    </Text>
                    <Text span inherit hiddenFrom="sm">
                      {initialsOf(session.user.displayName)}
                    </Text>
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>
                    {session.user.displayName} · {session.user.email}
                  </Menu.Label>
                  <Menu.Item onClick={() => signOut.mutate(false)}>{t('auth.signOut')}</Menu.Item>
                  <Menu.Item onClick={() => signOut.mutate(true)}>
                    {t('auth.signOutEverywhere')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('layout.navigation')}>
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(item.labelKey)}
            rightSection={
              item.to === '/alerts' && unreadAlerts > 0 ? (
                <Badge
                  size="sm"
                  color="red"
                  circle
                  aria-label={t('deadlines:alerts.unreadCount', { count: unreadAlerts })}
                >
                  {unreadAlerts}
                </Badge>
              ) : undefined
            }
            active={isCurrent(item.to)}
            aria-current={isCurrent(item.to) ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main">
        {/* Pages load on first visit; the frame stays while one does. */}
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
        {lapsed && (
          <Suspense fallback={null}>
            <SessionLapseDialog />
          </Suspense>
        )}
      </AppShell.Main>
    </AppShell>
  );
}

function PageLoading() {
  const { t } = useTranslation();
  return (
    <Group>
      <Loader size="sm" />
      <Text>{t('common.loading')}</Text>
    </Group>
  );
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first letters of the first two words of a name ("Demo Programme Manager" → "DP"). */
function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 2)
    // A letter as the reader sees it: a Bengali or Devanagari consonant with its vowel sign.
    .map((word) => graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? '');
  return letters.join('').toLocaleUpperCase();
}
