import type { Routes } from '@angular/router';
import { coreStrings } from './core/core.strings';
import { homeGuard } from './core/home-guard';
import { roleGuard } from './core/role-guard';
import { signedInGuard } from './core/signed-in-guard';
import { signedOutGuard } from './core/signed-out-guard';

export const routes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [homeGuard], children: [] },
  {
    path: 'login',
    title: coreStrings.pageTitles.login,
    canActivate: [signedOutGuard],
    loadComponent: () => import('./auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'register',
    title: coreStrings.pageTitles.register,
    canActivate: [signedOutGuard],
    loadComponent: () => import('./auth/register-page').then((m) => m.RegisterPage),
  },
  {
    path: 'conversations',
    title: coreStrings.pageTitles.conversations,
    canActivate: [signedInGuard],
    loadComponent: () => import('./chat/conversation-list').then((m) => m.ConversationList),
  },
  {
    path: 'conversations/new',
    title: coreStrings.pageTitles.newRequest,
    canActivate: [roleGuard('customer')],
    loadComponent: () => import('./support/new-request-form').then((m) => m.NewRequestForm),
  },
  {
    path: 'conversations/:id',
    title: coreStrings.pageTitles.conversation,
    canActivate: [signedInGuard],
    loadComponent: () => import('./chat/conversation-view').then((m) => m.ConversationView),
  },
  {
    path: 'queue',
    title: coreStrings.pageTitles.queue,
    canActivate: [roleGuard('agent')],
    loadComponent: () => import('./support/agent-queue').then((m) => m.AgentQueue),
  },
  { path: '**', redirectTo: '' },
];
