import {
  Badge,
  createTheme,
  darken,
  DEFAULT_THEME,
  Loader,
  luminance,
  mergeThemeOverrides,
  Modal,
  PasswordInput,
  TableScrollContainer,
  type CSSVariablesResolver,
} from '@mantine/core';

/**
 * The theme in the reader's language: what Mantine draws without words of ours is named through
 * `labels`: a dialog's close button (`t('common.close')`), and a spinner, an indeterminate
 * progress bar named "Loading…" (`t('common.loading')`; an aria-label on a bare span is not
 * allowed, and was not read), and a password field's eye button (`t('common.showPassword')`:
 * Mantine names it "Toggle password visibility", read out in English in the Bengali UI).
 */
export function themeIn(labels: { close: string; loading: string; showPassword: string }) {
  return mergeThemeOverrides(
    theme,
    createTheme({
      components: {
        Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
        Loader: Loader.extend({
          defaultProps: { role: 'progressbar', 'aria-label': labels.loading },
        }),
        PasswordInput: PasswordInput.extend({
          defaultProps: { visibilityToggleButtonProps: { 'aria-label': labels.showPassword } },
        }),
      },
    }),
  );
}

/**
 * Dawn's look: Mantine's indigo, with every colour that carries text dark enough to read at
 * WCAG 2.1 AA (4.5:1) on what it sits on. Mantine's defaults do not (its grey "dimmed" text is
 * 3.3:1 on white, a red error 3.3:1, a yellow badge's words 2.3:1); the accessibility story
 * (`e2e/accessibility.test.ts`) holds every page of a working day to it.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Filled buttons and links in indigo 8 (5.7:1 with white) rather than 6 (4.3:1).
  primaryShade: 8,
  components: {
    // A status is read whole: in a narrow table column a badge kept shrinking to "AC…".
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
    // A table wider than the screen scrolls sideways: from the keyboard too (WCAG 2.1.1), so its
    // scrolling box takes the focus.
    TableScrollContainer: TableScrollContainer.extend({
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } },
    }),
  },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Bengali", "Noto Sans Devanagari", sans-serif',
});

/** AA for normal text is 4.5:1; a little over it, so rounding in a browser cannot fall under. */
const READABLE = 4.6;

function contrast(one: string, other: string): number {
  const [lighter, darker] = [luminance(one), luminance(other)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}

/** `color`, darkened in steps of 5 % until it reads at {@link READABLE} against `against`. */
export function readableOn(color: string, against: string): string {
  let result = color;
  for (let step = 1; step <= 19 && contrast(result, against) < READABLE; step += 1)
    result = darken(color, step * 0.05);
  return result;
}

/**
 * The light scheme's colour variables, each colour's text made readable: words in a colour on
 * white (`c="red"`, outline buttons, links), white words on a filled colour, and a light badge's
 * or alert's words on its tint. The dark scheme is Mantine's (Dawn does not offer it).
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => {
  const shade = 8;
  // Words in a colour sit on white, or on the light grey of a striped row or a card: read on
  // the grey, they read on white too.
  const page = DEFAULT_THEME.colors.gray[1];
  const light: Record<string, string> = {
    '--mantine-color-dimmed': readableOn(DEFAULT_THEME.colors.gray[6], page),
  };
  for (const [name, colors] of Object.entries(resolved.colors)) {
    if (name === 'dark') continue;
    const filled = readableOn(colors[shade], resolved.white);
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
    const words = readableOn(colors[shade], page);
    light[`--mantine-color-${name}-text`] = words;
    light[`--mantine-color-${name}-outline`] = words;
    light[`--mantine-color-${name}-light-color`] = readableOn(colors[9], colors[1]);
  }
  light['--mantine-color-error'] = light['--mantine-color-red-text'] ?? DEFAULT_THEME.colors.red[9];
  light['--mantine-color-anchor'] = readableOn(
    resolved.colors[resolved.primaryColor]?.[shade] ?? DEFAULT_THEME.colors.indigo[8],
    page,
  );
  return { variables: {}, light, dark: {} };
};
