import '@utrecht/alert-css/dist/index.css';
import type { ComponentChildren } from 'preact';

interface AlertProps {
  type: 'info' | 'ok' | 'warning' | 'error';
  children: ComponentChildren;
  /** status for polite news, alert for errors that need attention now; none where the page has a live region of its own */
  role?: 'status' | 'alert' | 'none';
  id?: string;
}

/** An NL Design System alert; screen readers hear it through its live region role. */
export function Alert({ type, children, role = type === 'error' ? 'alert' : 'status', id }: AlertProps) {
  return (
    <div class={`utrecht-alert utrecht-alert--${type}`} role={role === 'none' ? undefined : role} id={id}>
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">{children}</div>
      </div>
    </div>
  );
}
