import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, type ActivatedRouteSnapshot, type RouterStateSnapshot, type UrlTree } from '@angular/router';
import type { User } from '@ycyw/protocol';
import { AuthService } from './auth-service';
import { homeGuard } from './home-guard';

describe('homeGuard', () => {
  function landingFor(user: User | null): Promise<string> {
    const auth = {
      user: signal(user),
      // Resolves later, like GET /api/me: the guard must not need its injection context after awaiting.
      restore: () => new Promise<void>((resolve) => setTimeout(resolve, 1)),
      homePath: (role: string) => (role === 'agent' ? '/queue' : '/conversations'),
    };
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: auth }] });
    const result = TestBed.runInInjectionContext(() =>
      homeGuard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
    ) as Promise<UrlTree>;
    return result.then((tree) => TestBed.inject(Router).serializeUrl(tree));
  }

  it('sends a visitor to the login page', async () => {
    expect(await landingFor(null)).toBe('/login');
  });

  it('sends an agent to the queue', async () => {
    expect(await landingFor({ id: 'a', email: 'a@x.com', displayName: 'A', role: 'agent' })).toBe('/queue');
  });
});
