import { createBrowserRouter } from 'react-router';
import { AppShellRoute } from './routes/app-shell';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  { path: '/', element: <AppShellRoute />, children: [{ index: true, element: <HomeRoute /> }] },
]);
