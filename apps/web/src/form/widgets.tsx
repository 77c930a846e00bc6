import { ariaDescribedByIds, descriptionId, getTemplate, type WidgetProps } from '@rjsf/utils';
import { useState } from 'react';

/** What the secret widgets need to know: the config as the server served it (masks in place of secrets). */
export interface FormContext {
  served: Record<string, unknown>;
  /** The id of the text saying why the form is disabled (the key may not write), when it is. */
  disabledReasonId?: string;
}

/**
 * A secret field. When the server holds a value it shows "Configured" and a Replace button, never the
 * value nor its mask; Replace opens an empty input. While that input is empty the field keeps what the
 * server served (its mask), which the API reads as "keep the stored secret".
 */
export function SecretWidget(props: WidgetProps) {
  const context = props.registry.formContext as FormContext | undefined;
  const served = context?.served?.[props.name];
  const stored = typeof served === 'string' && served !== '';
  const [replacing, setReplacing] = useState(!stored);
  const [text, setText] = useState('');
  const statusId = `${props.id}-status`;
  if (!replacing) {
    return (
      <div className="secret">
        <output id={props.id} aria-describedby={statusId}>
          Configured
        </output>
        <span id={statusId} className="visually-hidden">
          A value is stored; it is never shown.
        </span>
        <button
          type="button"
          disabled={props.disabled || props.readonly}
          aria-describedby={[props.id, props.disabled ? context?.disabledReasonId : undefined].filter(Boolean).join(' ')}
          onClick={() => setReplacing(true)}
        >
          Replace
        </button>
      </div>
    );
  }
  return (
    <div className="secret">
      <input
        id={props.id}
        name={props.id}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        value={text}
        required={props.required && !stored}
        disabled={props.disabled || props.readonly}
        autoFocus={stored}
        aria-invalid={props.rawErrors && props.rawErrors.length > 0 ? true : undefined}
        aria-describedby={ariaDescribedByIds(props.id)}
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(event.target.value === '' ? (stored ? served : undefined) : event.target.value);
        }}
        onBlur={() => props.onBlur(props.id, text)}
        onFocus={() => props.onFocus(props.id, text)}
      />
      {stored ? (
        <button
          type="button"
          onClick={() => {
            setText('');
            setReplacing(false);
            props.onChange(served);
          }}
        >
          Keep stored value
        </button>
      ) : null}
    </div>
  );
}

/** Booleans as switches: a checkbox with the switch role inside its label, the description as help below. */
export function SwitchWidget(props: WidgetProps) {
  const DescriptionFieldTemplate = getTemplate('DescriptionFieldTemplate', props.registry, props.options);
  const description = props.options.description ?? props.schema.description;
  return (
    <div className="checkbox">
      <label className="switch-label">
        <input
          id={props.id}
          name={props.htmlName || props.id}
          type="checkbox"
          role="switch"
          className="switch"
          checked={props.value === true}
          disabled={props.disabled || props.readonly}
          aria-describedby={ariaDescribedByIds(props.id)}
          onChange={(event) => props.onChange(event.target.checked)}
          onBlur={(event) => props.onBlur(props.id, event.target.checked)}
          onFocus={(event) => props.onFocus(props.id, event.target.checked)}
        />
        <span>{props.label}</span>
      </label>
      {description ? (
        <DescriptionFieldTemplate
          id={descriptionId(props.id)}
          description={description}
          schema={props.schema}
          uiSchema={props.uiSchema}
          registry={props.registry}
        />
      ) : null}
    </div>
  );
}
