import { Select, createTheme, type CSSVariablesResolver } from '@mantine/core';

// Contrast at WCAG AA (4.5:1) for people reading the screen all day: the darker teal for filled buttons and links,
// dark text on light variants, a darker grey for secondary text.
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'md',
  // Clicking the chosen option again keeps it: no select here has "nothing" as an answer by accident.
  components: { Select: Select.extend({ defaultProps: { allowDeselect: false } }) },
});

export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': '#066649',
    '--mantine-primary-color-light-color': '#066649',
    '--mantine-primary-color-filled-hover': '#066649',
    '--mantine-color-teal-filled-hover': '#066649',
    '--mantine-primary-color-light': 'var(--mantine-color-teal-0)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-teal-1)',
    '--mantine-color-teal-light': 'var(--mantine-color-teal-0)',
    '--mantine-color-teal-light-hover': 'var(--mantine-color-teal-1)',
    '--mantine-color-teal-light-color': '#066649',
    '--mantine-color-red-light-color': 'var(--mantine-color-red-9)',
    '--mantine-color-orange-light-color': '#663c00',
    '--mantine-color-gray-light-color': 'var(--mantine-color-gray-8)',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-color-yellow-light-color': '#663c00',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});
