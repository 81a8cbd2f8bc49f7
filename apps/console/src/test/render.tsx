// The Mantine test render: every component test renders through this, inside the same providers
// as the app (theme, i18n), with Mantine's test environment (no transitions, no portals).
import { MantineProvider } from '@mantine/core';
import { render, type RenderOptions, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n, type Language } from '../i18n/i18n';
import { theme } from '../theme';

/** Options of {@link renderWithProviders}. */
export interface TestRenderOptions extends Omit<RenderOptions, 'wrapper'> {
  language?: Language;
}

/** Renders `ui` inside the theme and i18n providers; returns the render result and a `userEvent` instance. */
export function renderWithProviders(
  ui: ReactElement,
  { language = 'zh-CN', ...options }: TestRenderOptions = {},
): RenderResult & { user: UserEvent } {
  const i18n = createI18n(language);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} env="test">
        {children}
      </MantineProvider>
    </I18nextProvider>
  );
  const user = userEvent.setup();
  return { user, ...render(ui, { wrapper, ...options }) };
}
