import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { appConfig } from './app.config';
import { UnreadTitle } from './chat/unread-title';

describe('appConfig', () => {
  it('builds the router and the services started with the app without a circular dependency', async () => {
    TestBed.configureTestingModule({ providers: appConfig.providers });
    const router = TestBed.inject(Router);
    expect(TestBed.inject(UnreadTitle).unread()).toBe(0);

    // The route's title reaches the tab through the app's title strategy.
    await router.navigateByUrl('/login').catch(() => undefined);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toMatch(/Live Support/);
  });
});
