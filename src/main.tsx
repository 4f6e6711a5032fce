import { render } from 'preact';
import { App } from './app/App';
import { startAfterFirstScreen, startApp } from './app/start';
import { whenIdle } from './ui/lazy';

void startApp().finally(() => {
  render(<App />, document.getElementById('app')!);
  whenIdle(startAfterFirstScreen, 1_000);
});
