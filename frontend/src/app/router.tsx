import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { Loading } from '@/components/status';
import { AuditTrail } from '@/features/audit/components/audit-trail';
import { Indices } from '@/features/admin/components/indices';
import { Partners } from '@/features/admin/components/partners';
import { Queues } from '@/features/communication/components/queues';
import { Users } from '@/features/admin/components/users';
import { Agencies } from '@/features/escalation/components/agencies';
import { Debtor360 } from '@/features/debtors/components/debtor-360';
import { DataSubject } from '@/features/lgpd/components/data-subject';
import { Settings } from '@/features/supervision/components/settings';
import { Team } from '@/features/supervision/components/team';
import { Dashboard } from '@/features/supervision/components/dashboard';
import { Assignments } from '@/features/supervision/components/assignments';
import { WorkQueue } from '@/features/debtors/components/work-queue';
import { AgreementView } from '@/features/negotiation/components/agreement-view';
import { Approvals } from '@/features/negotiation/components/approvals';
import { AppShellRoute } from './routes/app-shell';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';

// Reports and their charts load only when an auditor opens them.
const ReportsPage = lazy(() => import('@/features/reports/components/reports-page'));
// The second factor's setup (and its QR library) loads only when opened.
const MfaSetup = lazy(() => import('@/features/auth/components/mfa-setup'));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  {
    path: '/',
    element: <AppShellRoute />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: 'devedores/:id', element: <Debtor360 /> },
      { path: 'acordos/:id', element: <AgreementView /> },
      { path: 'aprovacoes', element: <Approvals /> },
      { path: 'ligacoes-e-cartas', element: <Queues /> },
      { path: 'relatorios', element: <Suspense fallback={<Loading />}><ReportsPage /></Suspense> },
      { path: 'auditoria', element: <AuditTrail /> },
      { path: 'lgpd', element: <DataSubject /> },
      { path: 'equipe', element: <Team /> },
      { path: 'painel', element: <Dashboard /> },
      { path: 'atribuicoes', element: <Assignments /> },
      { path: 'fila', element: <WorkQueue /> },
      { path: 'politicas', element: <Settings /> },
      { path: 'usuarios', element: <Users /> },
      { path: 'assessorias', element: <Agencies /> },
      { path: 'credores', element: <Partners /> },
      { path: 'indices', element: <Indices /> },
      { path: 'verificacao-em-duas-etapas', element: <Suspense fallback={<Loading />}><MfaSetup /></Suspense> },
    ],
  },
]);
