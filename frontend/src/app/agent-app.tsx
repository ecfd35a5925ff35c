import '@mantine/core/styles.css';
import { RouterProvider } from 'react-router';
import { AppProvider } from './provider';
import { router } from './router';

/** The people's app: agents, supervisors, administrators, auditors. */
export function AgentApp() {
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
