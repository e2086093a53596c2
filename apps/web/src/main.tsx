import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { configureApi } from './lib/api.ts';
import { loadRuntimeConfig } from './lib/config.ts';
import { takeSetupTokenFromUrl } from './lib/setup-token.ts';
import './styles.css';

// First thing: a setup-link token leaves the address bar before any other code runs.
const pendingToken = takeSetupTokenFromUrl(window.location, window.history);

const config = await loadRuntimeConfig();
configureApi({ baseUrl: config.apiBaseUrl });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App pendingToken={pendingToken} />
  </StrictMode>,
);
