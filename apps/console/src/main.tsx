import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
// Charts' styles after core's (Mantine Charts: tooltips and colours need them).
import '@mantine/charts/styles.css';
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './app/AppProviders';
import { ConsoleRouter } from './app/ConsoleRouter';
import { createI18n } from './i18n/i18n';

const i18n = createI18n();
document.documentElement.lang = i18n.language;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppProviders i18n={i18n}>
      <ConsoleRouter />
    </AppProviders>
  </StrictMode>,
);
