import type { ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/lib/query-client';
import { returnPath } from '@/lib/drafts';
import { cssVariables, theme } from './theme';

const queryClient = createQueryClient(() => {
  if (window.location.pathname === '/login') return;
  returnPath.save();   // the page, and what was typed on it (drafts), come back after signing in again
  window.location.assign('/login');
});

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
