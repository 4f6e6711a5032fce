import '@utrecht/button-css/dist/index.css';
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Appearance = 'primary' | 'secondary' | 'subtle';

interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  appearance?: Appearance;
  type?: 'button' | 'submit';
  danger?: boolean;
  children: ComponentChildren;
}

/** An NL Design System (Utrecht) button, at least 48 px high through the theme's tokens. */
export function Button({ appearance = 'secondary', type = 'button', danger, class: extra, children, ...rest }: ButtonProps) {
  const classes = ['utrecht-button', `utrecht-button--${appearance === 'subtle' ? 'subtle' : `${appearance}-action`}`];
  if (danger) classes.push('utrecht-button--danger');
  if (extra) classes.push(String(extra));
  return (
    <button type={type} class={classes.join(' ')} {...rest}>
      {children}
    </button>
  );
}
