import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { configureApi } from './lib/api.ts';
import { loadRuntimeConfig } from './lib/config.ts';
import { startSetupLinkExchange } from './lib/setup-session.ts';
import { takeSetupTokenFromUrl } from './lib/setup-token.ts';
import './styles.css';

// First thing: a setup-link token leaves the address bar before any other code runs.
const pendingToken = takeSetupTokenFromUrl(window.location, window.history);

const config = await loadRuntimeConfig();
configureApi({ baseUrl: config.apiBaseUrl });
// Before the first render rather than from it: the exchange is the first page's longest wait.
const pendingExchange = pendingToken ? startSetupLinkExchange(pendingToken) : null;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App pendingExchange={pendingExchange} />
  </StrictMode>,
);
