import { AppShell, Burger, Group, NativeSelect, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { AboutPage } from '../features/about/AboutPage.tsx';
import { LANGUAGES } from '../i18n/i18n.ts';

/**
 * The application frame: header with the language switch, navigation, and the page. Navigation
 * lists only what this release really has.
 */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle }] = useDisclosure();

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
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
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
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('app.tagline')}
            </Text>
          </Group>
          <NativeSelect
            aria-label={t('layout.language')}
            w={140}
            value={i18n.resolvedLanguage ?? 'en'}
            data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
            onChange={(event) => void i18n.changeLanguage(event.currentTarget.value)}
          />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('layout.navigation')}>
        <NavLink href="/" label={t('nav.about')} active aria-current="page" />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <AboutPage />
      </AppShell.Main>
    </AppShell>
  );
}
