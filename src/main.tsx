import { render } from 'preact';
import { App } from './app/App';
import { startApp } from './app/start';

void startApp().finally(() => render(<App />, document.getElementById('app')!));
