import { Navigate, useOutletContext } from 'react-router';
import type { User } from '@/features/auth/types';
import { WorkQueue } from '@/features/debtors/components/work-queue';

/** Where each role starts its day: agents at the work queue, supervisors at their dashboard, auditors at the reports. */
export function HomeRoute() {
  const user = useOutletContext<User>();
  if (user.role === 'auditor') return <Navigate to="/relatorios" replace />;
  if (user.role === 'supervisor') return <Navigate to="/painel" replace />;
  return <WorkQueue />;
}
