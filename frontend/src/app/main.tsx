import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const root = createRoot(document.getElementById('root')!);

// The debtor's portal is an entry of its own: a phone loads only its small bundle, never the agents' shell.
if (window.location.pathname === '/portal' || window.location.pathname.startsWith('/portal/')) {
  void import('@/features/portal/portal-app').then(({ PortalApp }) => root.render(<StrictMode><PortalApp /></StrictMode>));
} else {
  void import('./agent-app').then(({ AgentApp }) => root.render(<StrictMode><AgentApp /></StrictMode>));
}
