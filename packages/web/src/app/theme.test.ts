import { DEFAULT_THEME, luminance, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, theme } from './theme.ts';

const contrast = (one: string, other: string) => {
  const [lighter, darker] = [luminance(one), luminance(other)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
};

describe('Dawn’s colours carry words at WCAG AA (4.5:1)', () => {
  const resolved = mergeMantineTheme(DEFAULT_THEME, theme);
  const { light } = cssVariablesResolver(resolved);
  const page = DEFAULT_THEME.colors.gray[1];

  it.each(Object.keys(resolved.colors).filter((name) => name !== 'dark'))('%s', (name) => {
    const colors = resolved.colors[name] ?? DEFAULT_THEME.colors.gray;
    const variable = (suffix: string) => light[`--mantine-color-${name}-${suffix}`] ?? '';
    // White words on the filled colour; the colour's words on white and on a striped row's grey;
    // a light badge's or alert's words on its tint.
    expect(contrast(variable('filled'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(variable('text'), page)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(variable('outline'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(variable('light-color'), colors[1])).toBeGreaterThanOrEqual(4.5);
  });

  it('dimmed words and links', () => {
    expect(contrast(light['--mantine-color-dimmed'] ?? '', page)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(light['--mantine-color-anchor'] ?? '', page)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(light['--mantine-color-error'] ?? '', page)).toBeGreaterThanOrEqual(4.5);
    // Mantine's own would not do: the test is not one that cannot fail.
    expect(contrast(DEFAULT_THEME.colors.gray[6], page)).toBeLessThan(4.5);
  });
});
