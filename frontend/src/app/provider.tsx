import type { ReactNode } from 'react';
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/lib/query-client';

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' });

const queryClient = createQueryClient(() => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
});

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
