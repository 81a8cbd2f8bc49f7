import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A sober bank blue: the primary colour of buttons, links and the navigation. */
const brand: MantineColorsTuple = [
  '#eaf2fb',
  '#d4e2f3',
  '#a6c2e6',
  '#75a1da',
  '#4d85cf',
  '#3573c9',
  '#2869c7',
  '#1a59b0',
  '#114f9e',
  '#00438b',
];

/**
 * The console's theme: dense but readable (inputs and buttons at `sm`), CJK fonts first so Chinese
 * text never falls back to a serif face, small radii that suit an office tool.
 */
export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand },
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace:
    '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
  headings: {
    fontWeight: '600',
    sizes: {
      h1: { fontSize: '1.5rem', lineHeight: '1.35' },
      h2: { fontSize: '1.25rem', lineHeight: '1.4' },
      h3: { fontSize: '1.075rem', lineHeight: '1.45' },
      h4: { fontSize: '0.95rem', lineHeight: '1.5' },
    },
  },
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm', allowDeselect: false, comboboxProps: { withinPortal: true } } },
    MultiSelect: { defaultProps: { size: 'sm' } },
    TagsInput: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm' } },
    Button: { defaultProps: { size: 'sm' } },
    SegmentedControl: { defaultProps: { size: 'xs' } },
    Badge: { defaultProps: { radius: 'sm' }, styles: { label: { textTransform: 'none' } } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Table: { defaultProps: { verticalSpacing: 6, fz: 'sm' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 200 } },
  },
});

/** Label colours of tinted variants, each at least 4.5:1 on its own light tint. */
const TINT_TEXT: Record<string, string> = {
  brand: '#00438b',
  gray: '#495057',
  dark: '#25262b',
  red: '#b21f1f',
  grape: '#7e2a90',
  violet: '#5b3cc4',
  indigo: '#3b4bc0',
  blue: '#1864ab',
  cyan: '#0b6b7d',
  teal: '#066a4c',
  green: '#1d6b2f',
  lime: '#4b6b08',
  yellow: '#7a5800',
  orange: '#a8400c',
};

/**
 * Colour variables over Mantine's defaults: "dimmed" text darker than Mantine's gray-6 so that
 * secondary text keeps a 4.5:1 contrast on white and on the light page background (WCAG AA).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6c737a',
    // Text of "light", "subtle" and "outline" variants (badges, subtle buttons) at shade 8-9 instead
    // of 6, so coloured labels stay readable (4.5:1) on their tinted backgrounds.
    ...Object.fromEntries(
      Object.entries(TINT_TEXT).flatMap(([color, text]): [string, string][] => [
        [`--mantine-color-${color}-light-color`, text],
        [`--mantine-color-${color}-outline`, text],
        [`--mantine-color-${color}-text`, text],
        ...(color === 'brand' || color === 'gray' || color === 'dark'
          ? []
          : [[`--mantine-color-${color}-filled`, text] as [string, string]]),
      ]),
    ),
  },
  dark: {},
});
