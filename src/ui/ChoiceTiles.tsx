import '@utrecht/form-fieldset-css/dist/index.css';
import '@utrecht/radio-button-css/dist/index.css';
import '@utrecht/custom-checkbox-css/dist/index.css';
import '@utrecht/form-field-error-message-css/dist/index.css';

interface Choice {
  value: string;
  label: string;
}

interface BaseProps {
  id: string;
  legend: string;
  choices: Choice[];
  error?: string;
  description?: string;
}

interface SingleProps extends BaseProps {
  multiple?: false;
  value: string | undefined;
  onChange: (value: string) => void;
}

interface MultipleProps extends BaseProps {
  multiple: true;
  value: string[];
  onChange: (value: string[]) => void;
}

/**
 * A group of large tap tiles: radio buttons (one choice) or checkboxes (several), in a
 * fieldset whose legend names the question. Real inputs, so keyboard and screen readers work.
 */
export function ChoiceTiles(props: SingleProps | MultipleProps) {
  const { id, legend, choices, error, description } = props;
  const describedBy = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const isChecked = (value: string) => (props.multiple ? props.value.includes(value) : props.value === value);
  const toggle = (value: string) => {
    if (props.multiple) {
      props.onChange(props.value.includes(value) ? props.value.filter((v) => v !== value) : [...props.value, value]);
    } else {
      props.onChange(value);
    }
  };
  const inputClass = props.multiple ? 'utrecht-custom-checkbox utrecht-custom-checkbox--html-input' : 'utrecht-radio-button utrecht-radio-button--html-input';
  return (
    <fieldset
      class={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset ido-tiles${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      id={id}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
      tabIndex={-1}
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {description && <p class="ido-tiles__description" id={`${id}-description`}>{description}</p>}
      {error && <p class="utrecht-form-field-error-message" id={`${id}-error`}>{error}</p>}
      <div class="ido-tiles__grid">
        {choices.map((choice) => (
          <label class={`ido-tile${isChecked(choice.value) ? ' ido-tile--checked' : ''}`} key={choice.value}>
            <input
              class={inputClass}
              type={props.multiple ? 'checkbox' : 'radio'}
              name={id}
              value={choice.value}
              checked={isChecked(choice.value)}
              onChange={() => toggle(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
